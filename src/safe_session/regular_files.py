"""Reading a file that a profile, the command line or whatever is on disk points at: only a
regular file, opened without waiting, read up to a bound.

A named pipe, a device (`/dev/zero`, `/dev/tty`), a folder or, for files found on disk, a
link to somewhere else can stand where a profile, a browser's history or session file or the
recent-files list should be. Opening a pipe or reading a device waits forever (or fills
memory), so such a path is refused at once: it is checked before opening, opened non-blocking
(and, for files found on disk, without following a link), checked again on the open file, and
read with the non-blocking flag still set, never past the size the file had when opened.
The kernel's own files (`/proc`, `/sys`) claim to be regular and empty, then produce data as
they are read, and reading some of them takes it away (`/proc/kmsg`): they are refused too.
Every refusal is an `OSError` with a plain `strerror`, so the callers' existing handling turns
it into "could not read, because ...".
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from functools import cache

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a pipe opens at once; a device read cannot wait
    | getattr(os, "O_NOCTTY", 0)  # a terminal never becomes ours
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)  # Windows: bytes as they are
)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CHUNK = 1024 * 1024


class NotRegularFile(OSError):
    """The path is there but is not an ordinary file (a pipe, a device, a folder, a link)."""

    def __init__(self, path: str | os.PathLike[str], what: str) -> None:
        super().__init__(errno.EINVAL, what, os.fspath(path))


def kind_of(info: os.stat_result) -> str | None:
    """What the file is, in words, when it is not a regular file; None when it is."""
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return "it is made up by the system as it is read, not a file" if _kernels(info) else None
    if stat.S_ISDIR(mode):
        return "it is a folder, not a file"
    if stat.S_ISLNK(mode):
        return "it is a link to somewhere else, not a file"
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return "it is a pipe, not a file"
    return "it is a device, not a file"


def _kernels(info: os.stat_result) -> bool:
    return info.st_dev in _kernel_devices()


@cache
def _kernel_devices() -> frozenset[int]:
    """The devices of the kernel's file systems (Linux's /proc and /sys)."""
    if not sys.platform.startswith("linux"):
        return frozenset()
    found: set[int] = set()
    for folder in ("/proc", "/sys"):
        with contextlib.suppress(OSError):
            found.add(os.stat(folder).st_dev)
    return frozenset(found)


def check_regular(path: str | os.PathLike[str], *, follow_symlinks: bool = True) -> None:
    """Raise NotRegularFile unless `path` is a regular file now (FileNotFoundError and other
    OSErrors pass through). Nothing is opened: for code that hands the path to a library."""
    info = os.stat(path, follow_symlinks=follow_symlinks)
    what = kind_of(info)
    if what is not None:
        raise NotRegularFile(path, what)


def open_regular(path: str | os.PathLike[str], *, follow_symlinks: bool = True) -> int:
    """A read-only descriptor of the regular file at `path`; NotRegularFile otherwise."""
    check_regular(path, follow_symlinks=follow_symlinks)
    try:
        fd = os.open(path, _OPEN_FLAGS | (0 if follow_symlinks else _NOFOLLOW))
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK) and not follow_symlinks:
            raise NotRegularFile(path, "it is a link to somewhere else, not a file") from None
        raise
    try:
        what = kind_of(os.fstat(fd))  # it may have been swapped since the check
        if what is not None:
            raise NotRegularFile(path, what)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(
    path: str | os.PathLike[str], at_most: int, *, follow_symlinks: bool = True
) -> bytes:
    """At most `at_most` bytes of the regular file at `path` (ask for one more than a limit
    to tell a file over it), and no more than its size when opened. NotRegularFile when it is
    not one, or would make the read wait.

    `follow_symlinks=False` for files found on disk, whose names no person chose: a link
    there is refused, whatever it points at."""
    fd = open_regular(path, follow_symlinks=follow_symlinks)
    try:
        want = min(at_most, os.fstat(fd).st_size)  # never more than it held when opened
        chunks: list[bytes] = []
        got = 0
        while got < want:
            try:
                chunk = os.read(fd, min(_CHUNK, want - got))
            except BlockingIOError:
                raise NotRegularFile(path, "it waits for data, as no file does") from None
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_regular_text(
    path: str | os.PathLike[str], at_most: int, *, follow_symlinks: bool = True
) -> str:
    """`read_regular` decoded as UTF-8, anything undecodable replaced."""
    raw = read_regular(path, at_most, follow_symlinks=follow_symlinks)
    return raw.decode("utf-8", errors="replace")
