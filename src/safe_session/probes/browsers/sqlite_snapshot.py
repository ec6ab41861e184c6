"""A browser's SQLite database as it stands, its write-ahead log included, read page by page.

The history check must not open a browser's live database (the browser may be writing it, and
Firefox locks it while it runs), must not write a copy anywhere (nothing is written outside the
state folder), and must not hold a history of hundreds of megabytes in memory either. So SQLite
(apsw's copy of it) reads the database through a file system of our own making (a VFS): each
page it asks for is the log's newest committed copy of that page (`sqlite_wal`) or else the
page read from the database file, with plain reads that take none of the browser's locks (both
files regular ones, never a link, a pipe or a device: `regular_files`). Only
SQLite's small page cache and an index of the log's frames are held: memory stays the same
however large the history, and time grows with what the queries read.

Anything SQLite writes through a snapshot (a dry run's changes, temporary tables) goes to
memory, only the pages it touched, and vanishes when the snapshot closes: this file system has
no way to write to disk at all. A snapshot keeps no journal: it is thrown away after use, so
nothing needs undoing, and the originals of changed pages would only double a dry run's memory
(after a ROLLBACK through it, close it).
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import apsw

from safe_session.probes.browsers.sqlite_wal import WalIndex, read_index
from safe_session.regular_files import open_regular

VFS_NAME = "safe-session-snapshot"
HEADER = b"SQLite format 3\0"
CACHE_KIB = 8192  # SQLite's page cache for one snapshot


def _page_size(header: bytes) -> int:
    if len(header) < 18 or header[:16] != HEADER:
        return 4096
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size if size >= 512 and not size & (size - 1) else 4096


class _Pages:
    """The database as it reads now: pages a dry run wrote, else the log's newest committed
    copy, else the file's. Reads of the two files are plain positioned reads."""

    def __init__(self, db: IO[bytes], wal: IO[bytes] | None) -> None:
        self._db, self._wal = db, wal
        self.index: WalIndex | None = read_index(self._reader(wal)) if wal else None
        file_size = db.seek(0, 2)
        if self.index is not None:
            self.page_size = self.index.page_size
            self.size = self.index.size_in_pages * self.page_size
        else:
            self.page_size = _page_size(self._read(db, 0, 18))
            self.size = file_size
        self.written: dict[int, bytes] = {}

    def _reader(self, fh: IO[bytes]) -> Any:
        return lambda offset, length: self._read(fh, offset, length)

    def _read(self, fh: IO[bytes], offset: int, length: int) -> bytes:
        """Up to `length` bytes at `offset`: positioned reads, which share no file position, so
        they need no lock and no seek (a history's check reads every page once)."""
        out = b""
        while len(out) < length:
            got = os.pread(fh.fileno(), length - len(out), offset + len(out))
            if not got:
                break
            out += got
        return out

    def page(self, number: int) -> bytes:
        if number in self.written:
            return self.written[number]
        size = self.page_size
        if self.index is not None and self._wal is not None and number in self.index.frames:
            data = self._read(self._wal, self.index.frames[number], size)
        else:
            data = self._read(self._db, (number - 1) * size, size)
        if number == 1 and data[:16] == HEADER and len(data) >= 20:
            # a database held here has no log of its own: WAL mode would send SQLite looking
            data = data[:18] + b"\x01\x01" + data[20:]
        return data if len(data) == size else data.ljust(size, b"\0")

    def read(self, amount: int, offset: int) -> bytes:
        if amount == self.page_size and offset % amount == 0 and offset + amount <= self.size:
            return self.page(offset // amount + 1)  # what SQLite asks nearly every time
        end = min(offset + amount, self.size)
        out = bytearray()
        pos = offset
        while pos < end:
            number, within = divmod(pos, self.page_size)
            take = min(self.page_size - within, end - pos)
            out += self.page(number + 1)[within : within + take]
            pos += take
        return bytes(out)

    def write(self, data: bytes, offset: int) -> None:
        pos, end = offset, offset + len(data)
        while pos < end:
            number, within = divmod(pos, self.page_size)
            take = min(self.page_size - within, end - pos)
            page = bytearray(self.page(number + 1))
            page[within : within + take] = data[pos - offset : pos - offset + take]
            self.written[number + 1] = bytes(page)
            pos += take
        self.size = max(self.size, end)

    def truncate(self, size: int) -> None:
        self.size = size
        last = -(-size // self.page_size)
        for number in [n for n in self.written if n > last]:
            del self.written[number]


class _File:
    """What SQLite asks of any open file, where nothing needs doing: nobody else opens these."""

    def xSync(self, flags: int) -> None:
        return None

    def xLock(self, level: int) -> None:
        return None

    def xUnlock(self, level: int) -> None:
        return None

    def xCheckReservedLock(self) -> bool:
        return False

    def xSectorSize(self) -> int:
        return 4096

    def xDeviceCharacteristics(self) -> int:
        return 0

    def xFileControl(self, op: int, ptr: int) -> bool:
        return False

    def xClose(self) -> None:
        return None


class _SnapshotFile(_File):
    """The main database file, as SQLite sees it through the snapshot."""

    def __init__(self, pages: _Pages) -> None:
        self.pages = pages

    def xRead(self, amount: int, offset: int) -> bytes:
        return self.pages.read(amount, offset)

    def xWrite(self, data: bytes, offset: int) -> None:
        self.pages.write(bytes(data), offset)

    def xTruncate(self, newsize: int) -> None:
        self.pages.truncate(newsize)

    def xFileSize(self) -> int:
        return self.pages.size


class _MemoryFile(_File):
    """A journal or temporary file: memory only."""

    def __init__(self) -> None:
        self.data = bytearray()

    def xRead(self, amount: int, offset: int) -> bytes:
        return bytes(self.data[offset : offset + amount])

    def xWrite(self, data: bytes, offset: int) -> None:
        if len(self.data) < offset:
            self.data.extend(b"\0" * (offset - len(self.data)))
        self.data[offset : offset + len(data)] = data

    def xTruncate(self, newsize: int) -> None:
        del self.data[newsize:]

    def xFileSize(self) -> int:
        return len(self.data)


class _SnapshotVFS(apsw.VFS):
    """Serves the snapshots open right now, by their made-up names; writes go to memory."""

    def __init__(self) -> None:
        super().__init__(VFS_NAME, "")
        self.open: dict[str, _Pages] = {}
        self.lock = threading.Lock()

    def xOpen(self, name: str | apsw.URIFilename | None, flags: list[int]) -> Any:
        key = name.filename() if isinstance(name, apsw.URIFilename) else name
        with self.lock:
            pages = self.open.get(key or "")
        if pages is not None and flags[0] & apsw.SQLITE_OPEN_MAIN_DB:
            return _SnapshotFile(pages)
        return _MemoryFile()

    def xAccess(self, pathname: str, flags: int) -> bool:
        with self.lock:
            return pathname in self.open  # no journal, no log: only the snapshot itself

    def xFullPathname(self, name: str) -> str:
        return name

    def xDelete(self, filename: str, syncdir: bool) -> None:
        return None


_vfs: _SnapshotVFS | None = None
_vfs_lock = threading.Lock()
_numbers = itertools.count(1)


def _the_vfs() -> _SnapshotVFS:
    global _vfs
    with _vfs_lock:
        if _vfs is None:
            _vfs = _SnapshotVFS()
        return _vfs


def _as_sqlite_error(exc: apsw.Error) -> sqlite3.Error:
    """apsw's errors as the standard library's, so callers handle both alike."""
    text = str(exc)
    if isinstance(exc, apsw.BusyError | apsw.LockedError):
        return sqlite3.OperationalError(f"database is locked ({text})")
    if isinstance(exc, apsw.CorruptError | apsw.NotADBError | apsw.FormatError):
        return sqlite3.DatabaseError(text)
    return sqlite3.OperationalError(text)


class _Rows:
    """A statement's rows; its statement is finished once they are read (or the first one)."""

    def __init__(self, cursor: apsw.Cursor, rowcount: int) -> None:
        self._cursor = cursor
        self.rowcount = rowcount

    def __iter__(self) -> Generator[Any, None, None]:
        try:
            yield from self._cursor
        except apsw.Error as exc:
            raise _as_sqlite_error(exc) from exc
        finally:
            self._cursor.close()

    def fetchone(self) -> Any:
        rows = iter(self)
        try:
            return next(rows, None)
        finally:
            rows.close()

    def fetchall(self) -> list[Any]:
        return list(self)


class Snapshot:
    """A connection to a snapshot, asked the way `sqlite3` is asked (see `database.Database`)."""

    def __init__(self, conn: apsw.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, parameters: Any = (), /) -> _Rows:
        try:
            cursor = self._conn.execute(sql, parameters)
        except apsw.Error as exc:
            raise _as_sqlite_error(exc) from exc
        return _Rows(cursor, self._conn.changes())

    def set_progress_handler(self, handler: Callable[[], int | None] | None, n: int, /) -> None:
        if handler is None:
            self._conn.set_progress_handler(None, n)
        else:
            stop = handler
            self._conn.set_progress_handler(lambda: bool(stop()), n)

    def set_trace_callback(self, trace: Callable[[str], object] | None, /) -> None:
        """`trace(sql)` for every statement run from now on (tests read what was asked)."""
        if trace is None:
            self._conn.set_exec_trace(None)
        else:
            see = trace

            def traced(_cursor: apsw.Cursor, sql: str, _bindings: object) -> bool:
                see(sql)
                return True  # and run it

            self._conn.set_exec_trace(traced)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> _Rows:
        try:
            cursor = self._conn.executemany(sql, parameters)
        except apsw.Error as exc:
            raise _as_sqlite_error(exc) from exc
        return _Rows(cursor, self._conn.changes())


def _open(path: Path) -> IO[bytes]:
    """A regular file found on disk, for reading: never a link, a pipe or a device."""
    return os.fdopen(open_regular(path, follow_symlinks=False), "rb")


@contextmanager
def memory_snapshot(database: Path) -> Iterator[Snapshot]:
    """A connection to `database` as it stands, log included. Nothing is written anywhere:
    changes made through it (a dry run) stay in memory and vanish when it closes."""
    wal_path = database.with_name(database.name + "-wal")
    with _open(database) as db:
        try:
            wal: IO[bytes] | None = _open(wal_path)
        except FileNotFoundError:
            wal = None
        try:
            pages = _Pages(db, wal)
            vfs = _the_vfs()
            name = f"/{VFS_NAME}/{next(_numbers)}/{database.name}"
            with vfs.lock:
                vfs.open[name] = pages
            try:
                conn = apsw.Connection(name, flags=apsw.SQLITE_OPEN_READWRITE, vfs=VFS_NAME)
            except apsw.Error as exc:
                with vfs.lock:
                    del vfs.open[name]
                raise _as_sqlite_error(exc) from exc
            try:
                snapshot = Snapshot(conn)
                for pragma in ("journal_mode = OFF", "temp_store = MEMORY"):
                    snapshot.execute(f"PRAGMA {pragma}").fetchall()
                snapshot.execute(f"PRAGMA cache_size = -{CACHE_KIB}").fetchall()
                yield snapshot
            finally:
                conn.close()
                with vfs.lock:
                    del vfs.open[name]
        finally:
            if wal is not None:
                wal.close()
