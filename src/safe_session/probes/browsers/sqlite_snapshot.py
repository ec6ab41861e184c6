"""A browser's SQLite database read into memory, with what its write-ahead log holds applied.

The history check must not open a browser's live database (the browser may be writing it) and
must not write a copy anywhere either (nothing is written outside the state folder). So the
database file and its `-wal` file are read as bytes, the log's committed frames are applied to
the pages in memory, exactly as SQLite would on opening, and the result is handed to SQLite
with `deserialize`. The WAL format: https://www.sqlite.org/fileformat2.html#walformat
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from safe_session.regular_files import read_regular

WAL_MAGIC_LE, WAL_MAGIC_BE = 0x377F0682, 0x377F0683
WAL_HEADER, FRAME_HEADER = 32, 24
MAX_BYTES = 512 * 1024 * 1024  # a history database larger than this is not read


def _checksum(data: bytes, s1: int, s2: int, big_endian: bool) -> tuple[int, int]:
    """SQLite's cumulative WAL checksum over `data` (a multiple of 8 bytes)."""
    words = struct.unpack((">" if big_endian else "<") + f"{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    it = iter(words)
    for a, b in zip(it, it, strict=True):
        s1 = (s1 + a + s2) & mask
        s2 = (s2 + b + s1) & mask
    return s1, s2


def apply_wal(db: bytes, wal: bytes) -> bytes:
    """The database as it reads once the log's committed frames are applied (pure).

    Frames count only while their salts match the log's header and their checksums hold, and
    only up to the last commit frame: exactly what SQLite itself would take.
    """
    if len(wal) < WAL_HEADER:
        return db
    magic, _version, page_size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", wal[:32])
    if magic not in (WAL_MAGIC_LE, WAL_MAGIC_BE) or page_size < 512 or page_size & (page_size - 1):
        return db
    big = magic == WAL_MAGIC_BE
    s1, s2 = _checksum(wal[:24], 0, 0, big)
    if (s1, s2) != (c1, c2):
        return db
    pages: dict[int, bytes] = {}
    committed: dict[int, bytes] = {}
    size_in_pages: int | None = None
    offset = WAL_HEADER
    step = FRAME_HEADER + page_size
    while offset + step <= len(wal):
        header = wal[offset : offset + FRAME_HEADER]
        page_no, commit_size, f_salt1, f_salt2, f_c1, f_c2 = struct.unpack(">6I", header)
        if (f_salt1, f_salt2) != (salt1, salt2) or page_no == 0:
            break
        data = wal[offset + FRAME_HEADER : offset + step]
        s1, s2 = _checksum(header[:8], s1, s2, big)
        s1, s2 = _checksum(data, s1, s2, big)
        if (s1, s2) != (f_c1, f_c2):
            break
        pages[page_no] = data
        if commit_size:
            committed.update(pages)
            pages.clear()
            size_in_pages = commit_size
        offset += step
    if not committed or size_in_pages is None:
        return db
    out = bytearray(db[: size_in_pages * page_size])
    if len(out) < size_in_pages * page_size:
        out.extend(b"\0" * (size_in_pages * page_size - len(out)))
    for page_no, data in committed.items():
        if page_no <= size_in_pages:
            out[(page_no - 1) * page_size : page_no * page_size] = data
    return bytes(out)


def _read(path: Path) -> bytes:
    """The file's bytes: a regular file only, never waiting (`regular_files`)."""
    data = read_regular(path, MAX_BYTES + 1, follow_symlinks=False)
    if len(data) > MAX_BYTES:
        raise OSError(f"{path.name} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


@contextmanager
def memory_snapshot(database: Path) -> Iterator[sqlite3.Connection]:
    """An in-memory connection to `database` as it stands, log included; nothing is written.

    Changes made through it (a dry run) stay in memory and vanish when it closes.
    """
    db = _read(database)
    try:
        wal = _read(database.with_name(database.name + "-wal"))
    except FileNotFoundError:
        wal = b""
    image = bytearray(apply_wal(db, wal))
    if len(image) >= 20 and image[:16] == b"SQLite format 3\0":
        image[18:20] = b"\x01\x01"  # WAL mode means nothing for a database held in memory
    with closing(sqlite3.connect(":memory:", isolation_level=None)) as conn:
        if image:
            conn.deserialize(bytes(image))
        conn.execute("PRAGMA query_only = 0")
        yield conn
