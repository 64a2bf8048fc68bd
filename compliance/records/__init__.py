"""Record models: what a bundle's files hold (the public input contract, docs/records.md), the catalog, unit kinds."""
