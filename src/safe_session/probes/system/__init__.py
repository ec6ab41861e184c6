"""The system around the session: who else is logged in (`sessions`), and whether the
clipboard still holds something afterwards (`clipboard`).

Sessions come from psutil on every system. The clipboard is asked with a few lines per system
(wl-paste or xclip, osascript, user32); its Linux answers are read from the exit code and the
error output as well as the output, so its commands stay beside its readers in one module.
"""
