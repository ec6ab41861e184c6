"""Large browser histories for the scale tests and benchmarks, grown from real ones.

A real headless Firefox (or Chromium) first makes its own profile and visits the test site, so
the database has the browser's real schema, indexes and pages. Rows are then added with sqlite3
in that schema (every column the browser declares: values for the ones that matter, defaults
for the rest) until the file reaches the size asked for: about 575 bytes per page and visit,
as in a real places.sqlite of 230 MB with 400,000 of each. Every 997th added page is on the
portal's host with its visits, so the exact counts the probe must find are known.
"""

from __future__ import annotations

import sqlite3
import string
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from safe_session.probes.browsers.sqlite_snapshot import memory_snapshot
from tests.browsers import (
    CHROMIUM_FLAGS,
    Site,
    chromium,
    firefox,
    running,
    wait_for,
    write_firefox_prefs,
)

PORTAL, OTHER = "127.0.0.1", "localhost"
PORTAL_EVERY = 997
BATCH = 5000
CHROMIUM_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)


@dataclass
class Grown:
    database: Path
    portal_pages: int  # pages of the portal's host in the database, the browser's own included
    portal_visits: int


def _portal_counts(db: Path, family: str) -> tuple[int, int]:
    """(pages, visits) of the portal's host, read from a snapshot: a running browser locks its
    database."""
    with memory_snapshot(db) as conn:
        if family == "firefox":
            pages = conn.execute(
                "SELECT COUNT(*) FROM moz_places WHERE rev_host = ?", (PORTAL[::-1] + ".",)
            ).fetchone()[0]
            visits = conn.execute(
                "SELECT COUNT(*) FROM moz_historyvisits WHERE place_id IN "
                "(SELECT id FROM moz_places WHERE rev_host = ?)",
                (PORTAL[::-1] + ".",),
            ).fetchone()[0]
        else:
            like = f"http://{PORTAL}:%"
            pages = conn.execute("SELECT COUNT(*) FROM urls WHERE url LIKE ?", (like,)).fetchone()[
                0
            ]
            visits = conn.execute(
                "SELECT COUNT(*) FROM visits WHERE url IN (SELECT id FROM urls WHERE url LIKE ?)",
                (like,),
            ).fetchone()[0]
    return int(pages), int(visits)


def _visits_so_far(db: Path, family: str) -> int:
    """The portal's visits in a database a browser is still writing (0 until it has them)."""
    try:
        return _portal_counts(db, family)[1] if db.exists() else 0
    except sqlite3.Error:
        return 0  # its tables are not there yet


def make_firefox_profile(home: Path, site: Site, name: str = "test.default") -> Path:
    """A Firefox profile folder in `home` with the real places.sqlite Firefox wrote after
    visiting the portal; Firefox is closed again."""
    exe = firefox()
    if exe is None:
        raise RuntimeError("firefox-esr is not installed")
    profiles = home / ".mozilla" / "firefox"
    folder = profiles / name
    folder.mkdir(parents=True)
    write_firefox_prefs(folder)
    argv = [exe, "--headless", "--profile", str(folder), site.url(PORTAL, "a")]
    with running(argv, home):
        wait_for(
            lambda: _visits_so_far(folder / "places.sqlite", "firefox") >= 2,
            90,
            "Firefox to write its history",
        )
    return folder


def list_firefox_profiles(home: Path, names: list[str]) -> None:
    """profiles.ini naming each profile folder, the first the default."""
    text = "[General]\nStartWithLastProfile=1\n\n"
    for i, name in enumerate(names):
        text += f"[Profile{i}]\nName={name}\nIsRelative=1\nPath={name}\n"
        text += "Default=1\n\n" if i == 0 else "\n"
    (home / ".mozilla" / "firefox" / "profiles.ini").write_text(text)


def make_chromium_profile(home: Path, site: Site) -> Path:
    """Chromium's `Default` profile folder with the History it wrote; Chromium is closed."""
    exe = chromium()
    if exe is None:
        raise RuntimeError("chromium is not installed")
    data = home / ".config" / "chromium"
    argv = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={data}", site.url(PORTAL, "a")]
    history = data / "Default" / "History"
    with running(argv, home):
        wait_for(
            lambda: _visits_so_far(history, "chromium") >= 2,
            90,
            "Chromium to write its history",
            every=1.0,
        )
    return history.parent


def _filler(conn: sqlite3.Connection, table: str, given: dict[str, object]) -> list[str]:
    """The columns to insert into: those given, plus any NOT NULL one without a default."""
    columns = []
    for _cid, name, _type, notnull, default, pk in conn.execute(f'PRAGMA table_info("{table}")'):
        if name in given or (notnull and default is None and not pk):
            columns.append(name)
    return columns


def _value(column: str, given: dict[str, object]) -> object:
    return given.get(column, 0)


def _guid(n: int) -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    out = ""
    for _ in range(12):
        n, r = divmod(n, len(alphabet))
        out += alphabet[r]
    return out


def _size(conn: sqlite3.Connection) -> int:
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    return int(pages) * int(conn.execute("PRAGMA page_size").fetchone()[0])


def grow_firefox(db: Path, target_bytes: int) -> Grown:
    """Add pages (one visit each) to a real places.sqlite until it is `target_bytes` big."""
    now = datetime.now(UTC)
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        origins: dict[str, int] = {}
        start = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM moz_places").fetchone()[0])
        n = start
        while _size(conn) < target_bytes:
            conn.execute("BEGIN")
            places, visits = [], []
            for _ in range(BATCH):
                n += 1
                host = PORTAL if n % PORTAL_EVERY == 0 else f"site{n % 4000}.example.org"
                if host not in origins:
                    conn.execute(
                        "INSERT OR IGNORE INTO moz_origins (prefix, host, frecency) "
                        "VALUES ('https://', ?, 100)",
                        (host,),
                    )
                    origins[host] = conn.execute(
                        "SELECT id FROM moz_origins WHERE prefix = 'https://' AND host = ?",
                        (host,),
                    ).fetchone()[0]
                when = int((now - timedelta(minutes=n)).timestamp() * 1_000_000)
                url = f"https://{host}/articles/{n}/a-page-with-a-longer-address?ref=feed&n={n}"
                given: dict[str, object] = {
                    "id": n,
                    "url": url,
                    "title": f"Page {n}: an article someone read, with a title of usual length",
                    "rev_host": host[::-1] + ".",
                    "visit_count": 1,
                    "frecency": 100,
                    "last_visit_date": when,
                    "guid": _guid(n),
                    "url_hash": (n * 2654435761) % (1 << 47),
                    "origin_id": origins[host],
                    "description": "A short description of the page, as sites give one.",
                }
                places.append(given)
                visits.append({"place_id": n, "visit_date": when, "visit_type": 1, "from_visit": 0})
            _insert(conn, "moz_places", places)
            _insert(conn, "moz_historyvisits", visits)
            conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages, visit_count = _portal_counts(db, "firefox")
    return Grown(db, pages, visit_count)


def grow_chromium(db: Path, target_bytes: int) -> Grown:
    """Add urls (one visit each) to a real Chromium History until it is `target_bytes` big."""
    now = datetime.now(UTC)
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        n = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM urls").fetchone()[0])
        while _size(conn) < target_bytes:
            conn.execute("BEGIN")
            urls, visits = [], []
            for _ in range(BATCH):
                n += 1
                host = f"{PORTAL}:8000" if n % PORTAL_EVERY == 0 else f"site{n % 4000}.example.org"
                scheme = "http" if host.startswith(PORTAL) else "https"
                when = int((now - timedelta(minutes=n) - CHROMIUM_EPOCH).total_seconds() * 1e6)
                urls.append(
                    {
                        "id": n,
                        "url": f"{scheme}://{host}/articles/{n}/a-page-with-a-longer-address?n={n}",
                        "title": f"Page {n}: an article someone read, with a title of usual length",
                        "visit_count": 1,
                        "last_visit_time": when,
                    }
                )
                visits.append({"url": n, "visit_time": when, "transition": 805306368})
            _insert(conn, "urls", urls)
            _insert(conn, "visits", visits)
            conn.execute("COMMIT")
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() == "wal":
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages, visit_count = _portal_counts(db, "chromium")
    return Grown(db, pages, visit_count)


def grow_icons(history: Path, family: str) -> Path:
    """Give every page of a grown history its icon in the browser's icon database beside it
    (favicons.sqlite, or Chromium's Favicons), in the browser's own schema: one icon per site,
    and a row tying each page's address to it, as a browser that showed every page keeps."""
    firefox_family = family == "firefox"
    icons_db = history.with_name("favicons.sqlite" if firefox_family else "Favicons")
    with closing(sqlite3.connect(f"file:{history}?mode=ro", uri=True)) as source:
        table = "moz_places" if firefox_family else "urls"
        pages = source.execute(f"SELECT url FROM {table} ORDER BY id").fetchall()
    with closing(sqlite3.connect(icons_db, isolation_level=None)) as conn:
        icons: dict[str, int] = {}
        ties: list[dict[str, object]] = []
        mapped: list[dict[str, object]] = []
        mapping = "moz_pages_w_icons" if firefox_family else "icon_mapping"
        page = int(conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {mapping}").fetchone()[0])
        conn.execute("BEGIN")
        for (url,) in pages:
            site = "/".join(str(url).split("/", 3)[:3])
            if site not in icons:
                icon = f"{site}/favicon.ico"
                if firefox_family:
                    _insert(conn, "moz_icons", [{"icon_url": icon, "fixed_icon_url_hash": 0}])
                else:
                    _insert(conn, "favicons", [{"url": icon}])
                icons[site] = int(conn.execute("SELECT last_insert_rowid()").fetchone()[0])
                if not firefox_family:
                    _insert(
                        conn, "favicon_bitmaps", [{"icon_id": icons[site], "image_data": b"png"}]
                    )
            page += 1
            if firefox_family:
                mapped.append({"id": page, "page_url": url, "page_url_hash": 0})
                ties.append({"page_id": page, "icon_id": icons[site]})
            else:
                mapped.append({"id": page, "page_url": url, "icon_id": icons[site]})
        _insert(conn, mapping, mapped)
        if ties:
            _insert(conn, "moz_icons_to_pages", ties)
        conn.execute("COMMIT")
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() == "wal":
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return icons_db


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, object]]) -> None:
    columns = _filler(conn, table, rows[0])
    marks = ",".join("?" * len(columns))
    names = ",".join(f'"{c}"' for c in columns)
    conn.executemany(
        f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
        ([_value(c, row) for c in columns] for row in rows),
    )
