"""Reading an `strace -f` log: which sockets were made, where they connected, what was written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_SOCKET = re.compile(r"\bsocket\((AF_[A-Z0-9]+|\d+),")
_ADDRESSED = re.compile(r"\b(connect|sendto|sendmsg|bind)\(\d+,.*?sa_family=(AF_[A-Z0-9]+)")
_OPEN = re.compile(r'\bopen(?:at|at2)?\((?:AT_FDCWD|\d+), "((?:[^"\\]|\\.)*)", ([A-Z_|]+)')
_PATHCALL = re.compile(
    r'\b(mkdir|mkdirat|rename|renameat2?|unlink|unlinkat|rmdir|truncate|symlink|link)\((?:AT_FDCWD, |\d+, )?"((?:[^"\\]|\\.)*)"'
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
            if (m := _OPEN.search(line)) and any(f in m.group(2) for f in _WRITE_FLAGS):
                trace.written.append(_unescape(m.group(1)))
            elif m := _PATHCALL.search(line):
                trace.written.append(_unescape(m.group(2)))
    return trace
