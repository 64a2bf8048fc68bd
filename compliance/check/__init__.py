"""Checking: a unit's firings turned into findings, waivers and history applied, the pipeline over a bundle."""
