"""The data files under `checks/`, built into Python ahead of time by `shipped_build`: a run
imports these instead of parsing and validating TOML on every start."""
