"""Browsers: which are open and how many tabs they hold (`tabs`), and what the session left in
them afterwards: history of the portal's domains (`history`) and portal tabs a browser would
open again (`portal_tabs`).

Every browser is found through its profiles (`profiles`); Chromium's session logs are read by
`chromium_session`, SQLite databases in memory by `sqlite_snapshot`. Browsers are read from
their files, never through a tool, so this family has no table of tools.
"""
