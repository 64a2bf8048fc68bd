"""Facts: flat dicts the engine matches, with their types beside the code that fills them from records."""
