"""The system around the session: who else is logged in (`sessions`), the system's own remote
access (`remote_login`), the battery (`power`), updates waiting for a restart
(`pending_restart`), and whether the clipboard still holds something afterwards (`clipboard`).

Sessions and the battery (on macOS and Windows) come from psutil. Remote access and restarts are
read per system (`linux`, `macos`, `windows`: files, the registry, and each one's `TOOLS`
table), with the facts they share in `facts` and the open ports in `sockets`. The clipboard is
asked with a few lines per system (wl-paste or xclip, osascript, user32); its Linux answers are
read from the exit code and the error output as well as the output, so its commands stay beside
its readers in one module.
"""
