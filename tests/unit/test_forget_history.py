"""What forgetting removes from a history database, and what its dry run says it would.

Small databases in the browsers' own table and column names, with the portal's pages among a
look-alike's and another site's, and rows in every table that points at them. The dry run must
count exactly what the removal deletes, table by table, and change nothing: it reads a snapshot
and asks only questions, so its memory never holds the pages a removal would change.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from safe_session.actions.forget_history import forget_chromium, forget_firefox
from safe_session.actions.history_traces import chromium_favicons, firefox_favicons
from safe_session.probes.browsers.database import Database
from safe_session.probes.browsers.sqlite_snapshot import memory_snapshot

PORTAL = "portal.example"
Forget = Callable[..., Counter[str]]

FIREFOX = """
CREATE TABLE moz_origins (id INTEGER PRIMARY KEY, prefix TEXT, host TEXT, UNIQUE (prefix, host));
CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, rev_host TEXT,
    visit_count INTEGER DEFAULT 0, last_visit_date INTEGER, foreign_count INTEGER DEFAULT 0,
    origin_id INTEGER, recalc_frecency INTEGER DEFAULT 0);
CREATE INDEX moz_places_hostindex ON moz_places (rev_host);
CREATE INDEX moz_places_originidindex ON moz_places (origin_id);
CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, from_visit INTEGER, place_id INTEGER,
    visit_date INTEGER, triggeringPlaceId INTEGER);
CREATE INDEX moz_historyvisits_placedateindex ON moz_historyvisits (place_id, visit_date);
CREATE TABLE moz_historyvisits_extra (visit_id INTEGER PRIMARY KEY, sync_json TEXT);
CREATE TABLE moz_inputhistory (place_id INTEGER, input TEXT, PRIMARY KEY (place_id, input));
CREATE TABLE moz_places_metadata (id INTEGER PRIMARY KEY, place_id INTEGER,
    referrer_place_id INTEGER);
CREATE TABLE moz_annos (id INTEGER PRIMARY KEY, place_id INTEGER, content TEXT);
CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, fk INTEGER, title TEXT);
CREATE TABLE moz_keywords (id INTEGER PRIMARY KEY, keyword TEXT, place_id INTEGER);
"""

CHROMIUM = """
CREATE TABLE urls (id INTEGER PRIMARY KEY, url TEXT);
CREATE TABLE visits (id INTEGER PRIMARY KEY, url INTEGER, visit_time INTEGER,
    from_visit INTEGER, opener_visit INTEGER);
CREATE INDEX visits_url_index ON visits (url);
CREATE TABLE visit_source (id INTEGER PRIMARY KEY, source INTEGER);
CREATE TABLE content_annotations (visit_id INTEGER PRIMARY KEY, model TEXT);
CREATE TABLE context_annotations (visit_id INTEGER PRIMARY KEY, context TEXT);
CREATE TABLE clusters (cluster_id INTEGER PRIMARY KEY, label TEXT);
CREATE TABLE clusters_and_visits (cluster_id INTEGER, visit_id INTEGER,
    PRIMARY KEY (cluster_id, visit_id));
CREATE TABLE cluster_keywords (cluster_id INTEGER, keyword TEXT);
CREATE TABLE cluster_visit_duplicates (visit_id INTEGER, duplicate_visit_id INTEGER);
CREATE TABLE segments (id INTEGER PRIMARY KEY, name TEXT, url_id INTEGER);
CREATE TABLE segment_usage (id INTEGER PRIMARY KEY, segment_id INTEGER);
CREATE TABLE keyword_search_terms (keyword_id INTEGER, url_id INTEGER, term TEXT);
CREATE TABLE visited_links (id INTEGER PRIMARY KEY, link_url_id INTEGER, top_level_url TEXT,
    frame_url TEXT);
CREATE TABLE history_sync_metadata (storage_key INTEGER PRIMARY KEY, value BLOB);
CREATE TABLE downloads (id INTEGER PRIMARY KEY, referrer TEXT, site_url TEXT, tab_url TEXT,
    tab_referrer_url TEXT);
CREATE TABLE downloads_url_chains (id INTEGER, chain_index INTEGER, url TEXT);
CREATE TABLE downloads_slices (download_id INTEGER, offset INTEGER);
"""


def firefox_history(path: Path) -> Path:
    """Pages: 1 the portal, bookmarked (stays, loses its visits); 2 a subdomain (goes); 3 a
    look-alike and 4 another site (both stay); 5 the portal with a keyword (stays)."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executescript(FIREFOX)
        origins = [
            (1, PORTAL),
            (2, f"www.{PORTAL}"),
            (3, f"not{PORTAL}"),
            (4, "other.example"),
            (5, f"old.{PORTAL}:8443"),  # used by no page any more
        ]
        conn.executemany("INSERT INTO moz_origins VALUES (?, 'https://', ?)", origins)
        pages = [
            (1, f"https://{PORTAL}/login", PORTAL, 1, 1),
            (2, f"https://www.{PORTAL}/session", f"www.{PORTAL}", 0, 2),
            (3, f"https://not{PORTAL}/", f"not{PORTAL}", 0, 3),
            (4, "https://other.example/", "other.example", 0, 4),
            (5, f"https://{PORTAL}/search", PORTAL, 0, 1),
        ]
        conn.executemany(
            "INSERT INTO moz_places (id, url, rev_host, visit_count, last_visit_date, "
            "foreign_count, origin_id) VALUES (?, ?, ?, 1, 100, ?, ?)",
            [(i, url, host[::-1] + ".", fc, o) for i, url, host, fc, o in pages],
        )
        visits = [
            (1, 0, 1, None),
            (2, 1, 2, None),
            (3, 2, 4, 2),  # came from the portal, and was triggered by its page
            (4, 0, 3, None),
            (5, 0, 5, None),
            (6, 0, 2, None),
        ]
        conn.executemany(
            "INSERT INTO moz_historyvisits VALUES (?, ?, ?, 100, ?)",
            visits,
        )
        conn.executemany("INSERT INTO moz_historyvisits_extra VALUES (?, '{}')", [(2,), (3,), (6,)])
        conn.executemany("INSERT INTO moz_inputhistory VALUES (?, 'po')", [(1,), (2,), (4,)])
        conn.executemany(
            "INSERT INTO moz_places_metadata VALUES (?, ?, ?)",
            [(1, 2, None), (2, 4, 2), (3, 1, 4)],
        )
        conn.executemany("INSERT INTO moz_annos VALUES (?, ?, 'x')", [(1, 1), (2, 2), (3, 4)])
        conn.execute("INSERT INTO moz_bookmarks VALUES (1, 1, 'My portal')")
        conn.execute("INSERT INTO moz_keywords VALUES (1, 'p', 5)")
    return path


def chromium_history(path: Path) -> Path:
    """Urls 1 and 2 on the portal (a subdomain), 3 a look-alike, 4 another site."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executescript(CHROMIUM)
        urls = [
            (1, f"https://{PORTAL}/login"),
            (2, f"https://app.{PORTAL}/session"),
            (3, f"https://not{PORTAL}/"),
            (4, "https://other.example/"),
        ]
        conn.executemany("INSERT INTO urls VALUES (?, ?)", urls)
        # (id, url, time, from, opener): visit 3 came from the portal, 4 was opened by it.
        visits = [(1, 1, 11, 0, 0), (2, 2, 12, 1, 0), (3, 4, 13, 2, 0), (4, 3, 14, 0, 1)]
        conn.executemany("INSERT INTO visits VALUES (?, ?, ?, ?, ?)", visits)
        conn.executemany("INSERT INTO visit_source VALUES (?, 0)", [(1,), (3,)])
        conn.executemany("INSERT INTO content_annotations VALUES (?, 'm')", [(1,), (2,), (3,)])
        conn.executemany("INSERT INTO context_annotations VALUES (?, 'c')", [(2,), (4,)])
        conn.executemany("INSERT INTO clusters VALUES (?, 'c')", [(1,), (2,)])
        # Cluster 1 holds only the portal's visits (it goes); cluster 2 also another site's.
        conn.executemany(
            "INSERT INTO clusters_and_visits VALUES (?, ?)", [(1, 1), (1, 2), (2, 2), (2, 3)]
        )
        conn.executemany("INSERT INTO cluster_keywords VALUES (?, 'k')", [(1,), (1,), (2,)])
        conn.executemany(
            "INSERT INTO cluster_visit_duplicates VALUES (?, ?)", [(1, 2), (3, 1), (3, 4)]
        )
        conn.executemany("INSERT INTO segments VALUES (?, 's', ?)", [(1, 1), (2, 4)])
        conn.executemany("INSERT INTO segment_usage VALUES (?, ?)", [(1, 1), (2, 1), (3, 2)])
        conn.executemany("INSERT INTO keyword_search_terms VALUES (1, ?, 't')", [(2,), (4,)])
        links = [
            (1, 1, f"https://{PORTAL}/", f"https://{PORTAL}/"),  # names it twice: one row
            (2, 4, f"https://app.{PORTAL}/", ""),  # shown on the portal
            (3, 4, "https://other.example/", f"https://not{PORTAL}/"),
        ]
        conn.executemany("INSERT INTO visited_links VALUES (?, ?, ?, ?)", links)
        conn.executemany("INSERT INTO history_sync_metadata VALUES (?, x'00')", [(12,), (13,)])
        downloads = [
            (1, f"https://{PORTAL}/files", "", "", ""),
            (2, "", "", "", ""),  # only its chain of redirects names the portal
            (3, "https://other.example/", "", "", f"https://not{PORTAL}/"),
        ]
        conn.executemany("INSERT INTO downloads VALUES (?, ?, ?, ?, ?)", downloads)
        chains = [(2, 0, "https://other.example/get"), (2, 1, f"https://cdn.{PORTAL}/f")]
        conn.executemany("INSERT INTO downloads_url_chains VALUES (?, ?, ?)", chains)
        conn.executemany("INSERT INTO downloads_slices VALUES (?, 0)", [(1,), (2,), (3,)])
    return path


def dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


def run(path: Path, forget: Forget, dry_run: bool) -> Counter[str]:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        removed = forget(conn, PORTAL, dry_run)
        conn.execute("COMMIT")
    return removed


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


FIREFOX_REMOVED = {
    "moz_historyvisits": 4,  # the visits of pages 1, 2 and 5
    "moz_places": 1,  # page 2; 1 is bookmarked and 5 has a keyword
    "moz_historyvisits_extra": 2,
    "moz_inputhistory": 2,
    "moz_places_metadata": 2,
    "moz_annos": 1,
    "moz_origins": 2,  # the subdomain's, and the portal's that no page used
}
CHROMIUM_REMOVED = {
    "visits": 2,
    "urls": 2,
    "visit_source": 1,
    "content_annotations": 2,
    "context_annotations": 1,
    "clusters_and_visits": 3,
    "cluster_visit_duplicates": 2,
    "clusters": 1,
    "cluster_keywords": 2,
    "segments": 1,
    "segment_usage": 2,
    "keyword_search_terms": 1,
    "visited_links": 2,
    "history_sync_metadata": 1,
    "downloads": 2,
    "downloads_url_chains": 2,
    "downloads_slices": 2,
}


@pytest.mark.parametrize(
    ("make", "forget", "expected"),
    [
        (firefox_history, forget_firefox, FIREFOX_REMOVED),
        (chromium_history, forget_chromium, CHROMIUM_REMOVED),
    ],
    ids=["firefox", "chromium"],
)
def test_the_dry_run_counts_exactly_what_goes_and_changes_nothing(
    tmp_path: Path,
    make: Callable[[Path], Path],
    forget: Forget,
    expected: dict[str, int],
) -> None:
    db = make(tmp_path / "history.sqlite")
    copy = tmp_path / "copy.sqlite"
    shutil.copy(db, copy)
    before = dump(db)
    dry = run(db, forget, dry_run=True)
    assert dump(db) == before
    done = run(copy, forget, dry_run=False)
    assert +done == expected
    assert +dry == +done
    with memory_snapshot(db) as snapshot:
        asked: list[str] = []
        snapshot.set_trace_callback(asked.append)
        conn: Database = snapshot
        assert +forget(conn, PORTAL, True) == expected
    changes = [s for s in asked if s.lstrip().upper().startswith(("DELETE", "UPDATE"))]
    assert changes == []  # only questions: no page of the snapshot is changed


def test_firefox_keeps_bookmarked_pages_and_unlinks_what_stays(tmp_path: Path) -> None:
    db = firefox_history(tmp_path / "places.sqlite")
    run(db, forget_firefox, dry_run=False)
    assert rows(db, "SELECT id, visit_count, last_visit_date, recalc_frecency FROM moz_places") == [
        (1, 0, None, 1),
        (3, 1, 100, 0),
        (4, 1, 100, 0),
        (5, 0, None, 1),
    ]
    assert rows(db, "SELECT id, from_visit, triggeringPlaceId FROM moz_historyvisits") == [
        (3, 0, None),
        (4, 0, None),
    ]
    assert rows(db, "SELECT host FROM moz_origins ORDER BY id") == [
        (PORTAL,),
        (f"not{PORTAL}",),
        ("other.example",),
    ]
    assert rows(db, "SELECT * FROM moz_places_metadata") == [(2, 4, None)]
    assert rows(db, "SELECT * FROM moz_bookmarks") == [(1, 1, "My portal")]


def test_chromium_leaves_other_sites_and_no_row_pointing_at_what_went(tmp_path: Path) -> None:
    db = chromium_history(tmp_path / "History")
    run(db, forget_chromium, dry_run=False)
    assert rows(db, "SELECT id FROM urls") == [(3,), (4,)]
    assert rows(db, "SELECT id, from_visit, opener_visit FROM visits") == [(3, 0, 0), (4, 0, 0)]
    assert rows(db, "SELECT cluster_id FROM clusters") == [(2,)]
    assert rows(db, "SELECT * FROM clusters_and_visits") == [(2, 3)]
    assert rows(db, "SELECT * FROM cluster_visit_duplicates") == [(3, 4)]
    assert rows(db, "SELECT id FROM visited_links") == [(3,)]
    assert rows(db, "SELECT id FROM downloads") == [(3,)]
    assert rows(db, "SELECT id FROM segments") == [(2,)]
    assert rows(db, "SELECT storage_key FROM history_sync_metadata") == [(13,)]


def test_icons_go_with_the_portal_pages_and_shared_ones_stay(tmp_path: Path) -> None:
    firefox = tmp_path / "favicons.sqlite"
    with closing(sqlite3.connect(firefox)) as conn, conn:
        conn.executescript(
            "CREATE TABLE moz_icons (id INTEGER PRIMARY KEY, icon_url TEXT);"
            "CREATE TABLE moz_pages_w_icons (id INTEGER PRIMARY KEY, page_url TEXT);"
            "CREATE TABLE moz_icons_to_pages (page_id INTEGER, icon_id INTEGER,"
            " PRIMARY KEY (page_id, icon_id)) WITHOUT ROWID;"
        )
        icons = [
            (1, f"https://{PORTAL}/favicon.ico"),
            (2, "https://cdn.other.example/shared.ico"),  # also the other site's icon
            (3, f"https://not{PORTAL}/favicon.ico"),
            (4, "https://cdn.other.example/portal-only.ico"),
        ]
        conn.executemany("INSERT INTO moz_icons VALUES (?, ?)", icons)
        pages = [
            (1, f"https://WWW.{PORTAL.upper()}/login"),  # addresses' hosts in any case
            (2, "https://other.example/"),
            (3, f"https://not{PORTAL}/"),
        ]
        conn.executemany("INSERT INTO moz_pages_w_icons VALUES (?, ?)", pages)
        ties = [(1, 1), (1, 2), (1, 4), (2, 2), (3, 3)]
        conn.executemany("INSERT INTO moz_icons_to_pages VALUES (?, ?)", ties)
    removed = run(firefox, lambda c, d, _dry: firefox_favicons(c, d), dry_run=False)
    assert +removed == {"moz_pages_w_icons": 1, "moz_icons_to_pages": 3, "moz_icons": 2}
    assert rows(firefox, "SELECT id FROM moz_icons") == [(2,), (3,)]
    assert rows(firefox, "SELECT id FROM moz_pages_w_icons") == [(2,), (3,)]

    chromium = tmp_path / "Favicons"
    with closing(sqlite3.connect(chromium)) as conn, conn:
        conn.executescript(
            "CREATE TABLE favicons (id INTEGER PRIMARY KEY, url TEXT);"
            "CREATE TABLE favicon_bitmaps (id INTEGER PRIMARY KEY, icon_id INTEGER);"
            "CREATE TABLE icon_mapping (id INTEGER PRIMARY KEY, page_url TEXT, icon_id INTEGER);"
        )
        conn.executemany("INSERT INTO favicons VALUES (?, 'https://x/i.ico')", [(1,), (2,)])
        conn.executemany("INSERT INTO favicon_bitmaps VALUES (?, ?)", [(1, 1), (2, 2)])
        mapping = [
            (1, f"https://{PORTAL}/a", 1),
            (2, f"https://{PORTAL}/b", 2),
            (3, "https://other.example/", 2),  # shares icon 2
            (4, f"https://not{PORTAL}/", 2),
        ]
        conn.executemany("INSERT INTO icon_mapping VALUES (?, ?, ?)", mapping)
    removed = run(chromium, lambda c, d, _dry: chromium_favicons(c, d), dry_run=False)
    assert +removed == {"icon_mapping": 2, "favicon_bitmaps": 1, "favicons": 1}
    assert rows(chromium, "SELECT id FROM icon_mapping") == [(3,), (4,)]
    assert rows(chromium, "SELECT id FROM favicons") == [(2,)]


# --- the write-ahead log, emptied or said to be still there ----------------------------------


def test_a_log_that_could_not_be_emptied_is_said_and_emptied_the_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forgetting empties the database's log so no copy of the removed pages stays in it. When
    another program is reading the database the log cannot be emptied: the person is told,
    not told "removed" alone; doing it again once that program is gone empties it."""
    from safe_session.actions import forget_history
    from safe_session.actions.base import ActionPlan
    from safe_session.probes.browsers.profiles import BrowserProfile

    folder = tmp_path / "test.default"
    folder.mkdir()
    db = firefox_history(folder / "places.sqlite")
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
        conn.execute("UPDATE moz_places SET visit_count = 2")  # pages in the log
        conn.execute("PRAGMA wal_autocheckpoint = 0")
    profile = BrowserProfile("Firefox", "firefox", "default", folder, tmp_path)
    monkeypatch.setattr(forget_history, "_find", lambda payload: profile)
    monkeypatch.setattr(forget_history, "in_use", lambda profile: None)
    plan = ActionPlan(
        "forget_history", "after.browser_history", "Forget", "", payload={"domain": PORTAL}
    )
    wal = Path(f"{db}-wal")

    reader = sqlite3.connect(db, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM moz_places").fetchone()  # holds its snapshot
        held = forget_history.perform(plan)
        assert wal.stat().st_size > 0
        reader.execute("COMMIT")  # the other program reads no more, but keeps it open
        assert held.ok and held.message.startswith("Removed 4 visits")
        assert "the log file beside places.sqlite still holds an older copy" in held.message

        again = forget_history.perform(plan)
        assert again.ok and "log file" not in again.message
        assert wal.stat().st_size == 0  # emptied: no copy of the removed pages left
    finally:
        reader.close()
