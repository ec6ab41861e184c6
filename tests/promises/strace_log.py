"""Reading an `strace -f` log: which sockets were made, where they connected, what was written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_SOCKET = re.compile(r"\bsocket\((AF_[A-Z0-9]+|\d+),")
# `\d+` and then `,` or, with `strace -y`, the socket's description (`3<UNIX:[1->2]>,`)
_ADDRESSED = re.compile(r"\b(connect|sendto|sendmsg|bind)\(\d+.*?sa_family=(AF_[A-Z0-9]+)")
# A directory argument: AT_FDCWD or a descriptor, which `strace -y` follows with its path.
_DIR = r"(?:AT_FDCWD|\d+)(?:<((?:[^>\\]|\\.)*)>)?"
_STR = r'"((?:[^"\\]|\\.)*)"'
_OPEN = re.compile(rf"\bopen(?:at|at2)?\((?:{_DIR}, )?{_STR}, ([A-Z_|]+)")
_PATHCALL = re.compile(
    r"\b(mkdir|mkdirat|rename|renameat2?|unlink|unlinkat|rmdir|truncate|symlink|link)"
    rf"\((?:{_DIR}, )?{_STR}(?:, (?:{_DIR}, )?{_STR})?"
)
_WRITE_FLAGS = ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND")


@dataclass
class Trace:
    socket_families: set[str] = field(default_factory=set)
    addressed: list[tuple[str, str]] = field(default_factory=list)  # (call, family)
    written: list[str] = field(default_factory=list)  # paths opened for writing or changed
    lines: int = 0


def _unescape(path: str) -> str:
    return path.encode("latin-1", "backslashreplace").decode("unicode_escape", "replace")


def _joined(folder: str | None, path: str) -> str:
    """A path named relative to a directory descriptor, made whole (`strace -y` shows the
    descriptor's path); without one it stays as named."""
    path = _unescape(path)
    if folder and not path.startswith("/"):
        return _unescape(folder).rstrip("/") + "/" + path
    return path


def read_trace(path: Path) -> Trace:
    """Read every `strace -o path.PID` file or a single log."""
    trace = Trace()
    files = sorted(path.parent.glob(path.name + "*"))
    for file in files:
        for line in file.read_text(errors="replace").splitlines():
            trace.lines += 1
            if "= -1" in line and ("ENOENT" in line or "EACCES" in line or "EROFS" in line):
                continue  # a failed call changed nothing
            if m := _SOCKET.search(line):
                trace.socket_families.add(m.group(1))
            if m := _ADDRESSED.search(line):
                trace.addressed.append((m.group(1), m.group(2)))
            if (m := _OPEN.search(line)) and any(f in m.group(3) for f in _WRITE_FLAGS):
                trace.written.append(_joined(m.group(1), m.group(2)))
            elif m := _PATHCALL.search(line):
                trace.written.append(_joined(m.group(2), m.group(3)))
                if m.group(1).startswith("rename") and m.group(5) is not None:
                    trace.written.append(_joined(m.group(4), m.group(5)))
    return trace
