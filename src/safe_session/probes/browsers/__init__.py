"""Browsers: which are open and how many tabs they hold (`tabs`); before the session, what a
browser on a computer others use could give away: an account that copies history and tabs
(`sync`), a saved login for the portal (`saved_logins`), extensions that read every page
(`extensions`); and what the session left in them afterwards: history of the portal's domains
(`history`) and portal tabs a browser would open again (`portal_tabs`).

Every browser is found through its profiles (`profiles`); Chromium's session logs are read by
`chromium_session`, SQLite databases in memory by `sqlite_snapshot`, small JSON and `prefs.js`
files within bounds by `browser_files`, and each kind of file by its pure parser
(`account_formats`, `login_formats`, `extension_formats`). Browsers are read from their files,
never through a tool, so this family has no table of tools.
"""
