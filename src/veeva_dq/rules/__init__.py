"""Rules: schema, loader, built-in packs, identifier algorithms."""
