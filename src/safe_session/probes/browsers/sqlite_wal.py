"""Which pages of a SQLite database its write-ahead log holds newer copies of (pure).

A running browser writes its newest visits into the `-wal` file first. The log is a header and
then frames, each a page number, the database's size at a commit, salts that tie it to this
log, a running checksum, and the page itself. Frames count only while their salts match the
header and their checksums hold, and only up to the last commit frame: exactly what SQLite
itself would take. Only where each page's newest committed copy lies is kept, never the pages,
so a log of any size costs one small index. Format: https://www.sqlite.org/fileformat2.html
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass, field

WAL_MAGIC_LE, WAL_MAGIC_BE = 0x377F0682, 0x377F0683
WAL_HEADER, FRAME_HEADER = 32, 24

Reader = Callable[[int, int], bytes]  # (offset, length) -> bytes, short at the end of the file


@dataclass(frozen=True)
class WalIndex:
    """Where the newest committed copy of each page lies in the log, and the database's size
    (in pages) as of the last commit."""

    page_size: int
    size_in_pages: int
    frames: dict[int, int] = field(default_factory=dict)  # page number -> offset of its data


def _checksum(data: bytes, s1: int, s2: int, big_endian: bool) -> tuple[int, int]:
    """SQLite's cumulative WAL checksum over `data` (a multiple of 8 bytes)."""
    words = struct.unpack((">" if big_endian else "<") + f"{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    it = iter(words)
    for a, b in zip(it, it, strict=True):
        s1 = (s1 + a + s2) & mask
        s2 = (s2 + b + s1) & mask
    return s1, s2


def read_index(read: Reader) -> WalIndex | None:
    """The log's committed frames, read one frame at a time; None when nothing is committed
    (no log, an empty or foreign one, or a first frame that does not hold)."""
    header = read(0, WAL_HEADER)
    if len(header) < WAL_HEADER:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", header)
    if magic not in (WAL_MAGIC_LE, WAL_MAGIC_BE) or page_size < 512 or page_size & (page_size - 1):
        return None
    big = magic == WAL_MAGIC_BE
    s1, s2 = _checksum(header[:24], 0, 0, big)
    if (s1, s2) != (c1, c2):
        return None
    pending: dict[int, int] = {}
    committed: dict[int, int] = {}
    size_in_pages: int | None = None
    offset = WAL_HEADER
    step = FRAME_HEADER + page_size
    while True:
        frame = read(offset, step)
        if len(frame) < step:
            break
        page_no, commit_size, f_salt1, f_salt2, f_c1, f_c2 = struct.unpack(">6I", frame[:24])
        if (f_salt1, f_salt2) != (salt1, salt2) or page_no == 0:
            break
        s1, s2 = _checksum(frame[:8], s1, s2, big)
        s1, s2 = _checksum(frame[FRAME_HEADER:], s1, s2, big)
        if (s1, s2) != (f_c1, f_c2):
            break
        pending[page_no] = offset + FRAME_HEADER
        if commit_size:
            committed.update(pending)
            pending.clear()
            size_in_pages = commit_size
        offset += step
    if not committed or size_in_pages is None:
        return None
    return WalIndex(page_size, size_in_pages, committed)


def bytes_reader(data: bytes) -> Reader:
    return lambda offset, length: data[offset : offset + length]


def apply_wal(db: bytes, wal: bytes) -> bytes:
    """The whole database as it reads once the log's committed frames are applied (pure; for
    tests and small files: the snapshot itself never builds the whole image)."""
    index = read_index(bytes_reader(wal))
    if index is None:
        return db
    size = index.size_in_pages * index.page_size
    out = bytearray(db[:size])
    out.extend(b"\0" * (size - len(out)))
    for page_no, at in index.frames.items():
        if page_no <= index.size_in_pages:
            start = (page_no - 1) * index.page_size
            out[start : start + index.page_size] = wal[at : at + index.page_size]
    return bytes(out)
