"""The data files under `checks/`, built into Python ahead of time by `safe_session.data.build`:
a run imports these instead of parsing and validating TOML on every start."""
