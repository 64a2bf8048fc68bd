"""Rule packs: the pack model, the condition language, parameters and profiles."""
