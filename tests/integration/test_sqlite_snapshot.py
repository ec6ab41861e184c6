"""The history is read from memory: the database and its -wal file are read as bytes and the
log's committed frames applied, as SQLite does. Rows that only the log holds are seen, frames
after the last commit or with a broken checksum are not, and nothing is written anywhere."""

from __future__ import annotations

import hashlib
import sqlite3
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safe_session.probes.browsers.sqlite_snapshot import memory_snapshot
from safe_session.probes.browsers.sqlite_wal import WAL_HEADER, apply_wal


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() + str(path.stat().st_mtime_ns)


def live_database(tmp_path: Path, rows_in_log: int = 1) -> tuple[Path, sqlite3.Connection]:
    live = tmp_path / "places.sqlite"
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    writer.execute("INSERT INTO moz_places (url) VALUES ('https://other.example/')")
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for i in range(rows_in_log):
        writer.execute("INSERT INTO moz_places (url) VALUES (?)", (f"https://clientsecure.me/{i}",))
    return live, writer


def urls(conn: sqlite3.Connection) -> list[str]:
    return [u for (u,) in conn.execute("SELECT url FROM moz_places ORDER BY id")]


def test_rows_only_in_the_log_are_seen_and_the_live_files_untouched(tmp_path: Path) -> None:
    live, writer = live_database(tmp_path, rows_in_log=3)
    wal = tmp_path / "places.sqlite-wal"
    assert wal.stat().st_size > 0  # the new rows live only in the log, as in a running Firefox
    before = {p.name: digest(p) for p in tmp_path.iterdir()}
    with memory_snapshot(live) as conn:
        assert urls(conn) == ["https://other.example/"] + [
            f"https://clientsecure.me/{i}" for i in range(3)
        ]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.execute("DELETE FROM moz_places")  # a dry run changes memory only
        assert urls(conn) == []
    assert {p.name: digest(p) for p in tmp_path.iterdir()} == before
    writer.close()


def test_frames_after_the_last_commit_and_torn_frames_are_ignored(tmp_path: Path) -> None:
    live, writer = live_database(tmp_path, rows_in_log=2)
    db, wal = live.read_bytes(), (tmp_path / "places.sqlite-wal").read_bytes()
    page_size = struct.unpack(">I", wal[8:12])[0]
    frame = 24 + page_size
    frames = (len(wal) - WAL_HEADER) // frame
    assert frames >= 2
    # cut the log inside its last frame: the last commit is lost, the earlier one kept
    torn = wal[: WAL_HEADER + (frames - 1) * frame + 100]
    conn = sqlite3.connect(":memory:")
    image = bytearray(apply_wal(db, torn))
    image[18:20] = b"\x01\x01"
    conn.deserialize(bytes(image))
    assert urls(conn) == ["https://other.example/", "https://clientsecure.me/0"]
    # flip one byte in the first frame's page: its checksum fails, nothing from the log counts
    broken = bytearray(wal)
    broken[WAL_HEADER + 24 + 10] ^= 0xFF
    assert apply_wal(db, bytes(broken)) == db
    writer.close()


def test_no_log_or_a_foreign_log_leaves_the_database_as_it_is(tmp_path: Path) -> None:
    live, writer = live_database(tmp_path, rows_in_log=0)
    db = live.read_bytes()
    assert apply_wal(db, b"") == db
    assert apply_wal(db, b"\x37\x7f\x06\x82" + b"\0" * 60) == db
    writer.close()


def test_a_database_grown_only_in_its_log_reads_whole(tmp_path: Path) -> None:
    """A browser appends pages to its log before the file: pages past the file's end, and a
    first page (the database's size) that only the log has, are read from the log."""
    live, writer = live_database(tmp_path, rows_in_log=0)
    before = live.stat().st_size
    writer.executemany(
        "INSERT INTO moz_places (url) VALUES (?)",
        ((f"https://clientsecure.me/{i}/" + "x" * 200,) for i in range(3000)),
    )
    assert live.stat().st_size == before  # every new page is in the log only
    with memory_snapshot(live) as conn:
        assert conn.execute("SELECT COUNT(*) FROM moz_places").fetchone() == (3001,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        last = conn.execute("SELECT url FROM moz_places ORDER BY id DESC LIMIT 1").fetchone()
        assert last == ("https://clientsecure.me/2999/" + "x" * 200,)
    assert live.stat().st_size == before
    writer.close()


def test_garbage_in_the_file_is_a_database_error_not_a_crash(tmp_path: Path) -> None:
    broken = tmp_path / "History"
    broken.write_bytes(b"SQLite format 3\0" + bytes(range(256)) * 64)
    with pytest.raises(sqlite3.DatabaseError), memory_snapshot(broken) as conn:
        conn.execute("SELECT name FROM sqlite_master").fetchall()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4096), st.binary(max_size=4096))
def test_garbage_never_raises(db: bytes, wal: bytes) -> None:
    assert isinstance(apply_wal(db, wal), bytes)
