"""Files the session left behind: new files in Downloads (`downloads`) and the recently-used
list's new entries (`recent_files`), with when each file arrived (`file_times`).

Everything here is read from folders and files, never through a tool, so this family has no
table of tools.
"""
