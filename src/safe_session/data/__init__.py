"""The data safe-session ships under `checks/`: its schema types, and reading it from TOML."""
