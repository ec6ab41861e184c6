"""The history is read from a private copy taken with its -wal file: rows that only the
write-ahead log holds are seen, the live files are not touched, and the copy is gone after."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

from safe_session.probes.history import open_database, private_copy


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() + str(path.stat().st_mtime_ns)


def test_copy_includes_the_write_ahead_log_and_leaves_the_live_file_alone(tmp_path: Path) -> None:
    live = tmp_path / "places.sqlite"
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    writer.execute("INSERT INTO moz_places (url) VALUES ('https://clientsecure.me/')")
    wal = tmp_path / "places.sqlite-wal"
    assert wal.stat().st_size > 0  # the new row lives only in the log, as in a running Firefox
    before = {p.name: digest(p) for p in tmp_path.iterdir()}
    with private_copy(live) as copy, closing(open_database(copy)) as conn:
        folder = copy.parent
        assert folder != tmp_path and (folder.stat().st_mode & 0o777) == 0o700
        assert conn.execute("SELECT url FROM moz_places").fetchall() == [
            ("https://clientsecure.me/",)
        ]
    assert not folder.exists()
    assert {p.name: digest(p) for p in tmp_path.iterdir()} == before
    writer.close()
