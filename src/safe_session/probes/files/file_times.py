"""When a file came to be here: its birth time where the system keeps one.

macOS and Windows report it in `st_birthtime`; Linux keeps it on most file systems (ext4, btrfs,
xfs, tmpfs) and hands it out through `statx`, which Python's `os.stat` does not use before 3.14.
Without a birth time, the later of the change and modification times would make an old file
that was only renamed or had its permissions changed look new; the earlier of the two is used
instead, so an old file is never taken for a new one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

TimeSource = Literal["birth", "changed"]

_AT_FDCWD = -100
_AT_SYMLINK_NOFOLLOW = 0x100
_STATX_BTIME = 0x800
_BTIME_OFFSET = 80  # struct statx: stx_btime {s64 tv_sec; u32 tv_nsec; s32 reserved}


@dataclass(frozen=True)
class Arrival:
    when: float  # seconds since the epoch
    source: TimeSource


@cache
def _statx() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.statx
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_uint, ctypes.c_void_p]
    fn.restype = ctypes.c_int
    return fn  # type: ignore[no-any-return]


def linux_birth_time(path: Path) -> float | None:
    """The birth time from `statx`, without following a symlink; None where it is not kept."""
    fn = _statx()
    if fn is None:
        return None
    buf = ctypes.create_string_buffer(256)
    if fn(_AT_FDCWD, os.fsencode(path), _AT_SYMLINK_NOFOLLOW, _STATX_BTIME, buf) != 0:
        return None
    mask = int.from_bytes(buf.raw[0:4], sys.byteorder)
    if not mask & _STATX_BTIME:
        return None
    sec = int.from_bytes(buf.raw[_BTIME_OFFSET : _BTIME_OFFSET + 8], sys.byteorder, signed=True)
    nsec = int.from_bytes(buf.raw[_BTIME_OFFSET + 8 : _BTIME_OFFSET + 12], sys.byteorder)
    if sec == 0 and nsec == 0:
        return None
    return sec + nsec / 1e9


def arrival(path: Path, st: os.stat_result | None = None) -> Arrival:
    """When `path` (not what a symlink points to) appeared: birth time, else the earlier of
    its change and modification times."""
    st = st if st is not None else os.lstat(path)
    birth = getattr(st, "st_birthtime", None)
    if isinstance(birth, int | float) and birth > 0:
        return Arrival(float(birth), "birth")
    born = linux_birth_time(path)
    if born is not None:
        return Arrival(born, "birth")
    return Arrival(min(st.st_ctime, st.st_mtime), "changed")
