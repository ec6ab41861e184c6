"""Apps: which known apps are running (`processes`), and which of them can pop messages onto the
screen while Do Not Disturb is off (`notifications`).

One process-table snapshot serves every apps check. Do Not Disturb is read where each system
keeps it: `linux` (desktop tools, with its table of tools), `macos` and `windows` (files and
the registry).
"""
