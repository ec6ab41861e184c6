"""Real history from real browsers: headless Chromium and Firefox ESR visit a site on 127.0.0.1
(the portal) and on localhost (another site). The probe finds the portal's visits from a private
copy while the browser runs; forgetting is refused while it runs and done once it is closed;
the other site's history and the database stay intact."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from safe_session.actions import forget_history
from safe_session.data import load_catalog
from safe_session.engine import Engine
from safe_session.model import Result, Status
from safe_session.probes.base import ProbeContext
from safe_session.probes.browsers import history
from safe_session.probes.browsers.profiles import find_profiles, in_use
from tests.browsers import (
    CHROMIUM_FLAGS,
    Site,
    chromium,
    firefox,
    running,
    stop,
    wait_for,
    write_firefox_prefs,
)
from tests.conftest import need

PORTAL, OTHER = "127.0.0.1", "localhost"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private HOME: the probe finds the browsers' profiles there, as it would in ~."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home


@pytest.fixture
def site() -> Site:
    with Site() as s:
        yield s  # type: ignore[misc]


def ctx() -> ProbeContext:
    return ProbeContext(
        os_name="linux", since=datetime.now(UTC) - timedelta(minutes=5), domains=(PORTAL, OTHER)
    )


def counts(fact: history.HistoryFact) -> dict[str, int]:
    """Visits per domain over every profile found."""
    out: dict[str, int] = {}
    for profile in fact.profiles:
        for d in profile.domains:
            out[d.domain] = out.get(d.domain, 0) + d.visits
    return out


def history_result() -> Result:
    spec = load_catalog().get("after.browser_history")
    assert spec is not None
    [result] = Engine(ctx()).run([spec])
    return result


def portal_plan(result: Result) -> forget_history.ActionPlan:
    plans = [p for p in forget_history.plan(result, ctx()) if p.payload["domain"] == PORTAL]
    assert len(plans) == 1
    return plans[0]


def what_goes(message: str) -> str:
    """The counts in an outcome: "2 visits and 1 page of …" (and its other traces)."""
    found = re.search(r"(?:Would remove|Removed) (.+?) from ", message)
    assert found, message
    return found.group(1)


def integrity(db: Path) -> str:
    with closing(sqlite3.connect(db)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def test_chromium_history_found_refused_while_open_then_forgotten(home: Path, site: Site) -> None:
    exe = chromium()
    need(exe, "chromium is not installed")
    assert exe
    data = home / ".config" / "chromium"
    argv = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={data}", site.url(PORTAL, "a")]
    with running(argv, home) as proc:
        # Chromium commits history every few seconds; read it from copies until it is there.
        wait_for(
            lambda: (
                counts(history.gather(ctx())) == {PORTAL: 2, OTHER: 1}
                if find_profiles("linux")
                else False
            ),
            60,
            "Chromium to write its history",
            every=1.0,
        )
        fact = history.gather(ctx())
        [profile] = [p for p in fact.profiles if p.domains and p.domains[0].visits]
        assert profile.browser == "Chromium" and profile.open_reason, fact
        result = history_result()
        assert result.status is Status.WARN
        entry = next(e for e in result.details["entries"] if e["domain"] == PORTAL)
        assert entry["visits"] == 2 and entry["pages"] == 2 and entry["browser_open"] is True
        assert entry["visits_in_window"] == 2 and entry["last_visit"]
        refused = forget_history.perform(portal_plan(result))
        assert not refused.ok and "still open" in refused.message, refused.message
        stop(proc)

    db = data / "Default" / "History"
    [chromium_profile] = [p for p in find_profiles("linux") if p.path.name == "Default"]
    assert in_use(chromium_profile) is None  # the stale SingletonLock names a dead process
    _add_chromium_traces(db.parent, site)
    before = _chromium_rows(db)
    result = history_result()
    plan = portal_plan(result)

    dry = forget_history.perform(plan, dry_run=True)
    assert dry.ok and dry.dry_run and "Would remove 2 visits and 2 pages" in dry.message, (
        dry.message
    )
    assert _chromium_rows(db) == before  # the dry run worked on a copy

    done = forget_history.perform(plan)
    assert done.ok, done.message
    assert what_goes(dry.message) == what_goes(done.message)  # the dry run said what went
    after = _chromium_rows(db)
    assert [u for u in after["urls"] if PORTAL in u] == []
    assert [u for u in before["urls"] if OTHER in u] == [u for u in after["urls"] if OTHER in u]
    assert len(after["visits"]) == 1 and after["visits"] == [
        v for v in before["visits"] if v[1] in after["url_ids"]
    ]
    # No table still points at a removed page or visit.
    assert after["dangling"] == 0
    assert integrity(db) == "ok"
    # Its icon, top-site tile and address-bar shortcut went too; the other site's stayed.
    assert _chromium_traces(db.parent) == {
        "icon_mapping": [site.url(OTHER, "b")],
        "favicons": [site.url(OTHER, "favicon.ico")],
        "top_sites": [site.url(OTHER, "b")],
        "omni_box_shortcuts": [site.url(OTHER, "b")],
    }
    for name in ("Favicons", "Top Sites", "Shortcuts"):
        assert integrity(db.parent / name) == "ok"
    assert counts(history.gather(ctx())) == {PORTAL: 0, OTHER: 1}
    assert history_result().details["entries"][0]["domain"] == OTHER


def _add_chromium_traces(profile: Path, site: Site) -> None:
    """Rows in Chromium's own Favicons, Top Sites and Shortcuts databases (created by the
    browser) for both sites, as a longer visit would leave them."""
    with closing(sqlite3.connect(profile / "Favicons")) as conn, conn:
        for i, host in enumerate((PORTAL, OTHER), start=1):
            conn.execute(
                "INSERT INTO favicons (id, url) VALUES (?, ?)",
                (100 + i, site.url(host, "favicon.ico")),
            )
            conn.execute(
                "INSERT INTO favicon_bitmaps (icon_id, image_data) VALUES (?, x'89504e47')",
                (100 + i,),
            )
            page = site.url(host, "a" if host == PORTAL else "b")
            conn.execute(
                "INSERT INTO icon_mapping (page_url, icon_id) VALUES (?, ?)", (page, 100 + i)
            )
    with closing(sqlite3.connect(profile / "Top Sites")) as conn, conn:
        conn.execute("DELETE FROM top_sites")
        for rank, page in enumerate((site.url(PORTAL, "c"), site.url(OTHER, "b"))):
            conn.execute(
                "INSERT INTO top_sites (url, url_rank, title) VALUES (?, ?, 't')", (page, rank)
            )
    shortcuts = profile / "Shortcuts"
    with closing(sqlite3.connect(shortcuts)) as conn, conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS omni_box_shortcuts(id VARCHAR PRIMARY KEY, text VARCHAR, "
            "fill_into_edit VARCHAR, url VARCHAR, contents VARCHAR, last_access_time INTEGER, "
            "number_of_hits INTEGER)"
        )
        for i, page in enumerate((site.url(PORTAL, "a"), site.url(OTHER, "b"))):
            conn.execute(
                "INSERT INTO omni_box_shortcuts (id, text, fill_into_edit, url, contents, "
                "last_access_time, number_of_hits) VALUES (?, 'po', ?, ?, ?, 0, 1)",
                (f"id{i}", page, page, page),
            )


def _chromium_traces(profile: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, table, column in (
        ("Favicons", "icon_mapping", "page_url"),
        ("Favicons", "favicons", "url"),
        ("Top Sites", "top_sites", "url"),
        ("Shortcuts", "omni_box_shortcuts", "url"),
    ):
        with closing(sqlite3.connect(f"file:{profile / name}?mode=ro", uri=True)) as conn:
            out[table] = [r[0] for r in conn.execute(f"SELECT {column} FROM {table} ORDER BY 1")]
    return out


def _chromium_rows(db: Path) -> dict[str, object]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        urls = [r[0] for r in conn.execute("SELECT url FROM urls ORDER BY id")]
        url_ids = {r[0] for r in conn.execute("SELECT id FROM urls")}
        visits = conn.execute("SELECT id, url, visit_time FROM visits ORDER BY id").fetchall()
        visit_ids = {v[0] for v in visits}
        dangling = 0
        for table, column, ids in (
            ("segments", "url_id", url_ids),
            ("content_annotations", "visit_id", visit_ids),
            ("context_annotations", "visit_id", visit_ids),
            ("visited_links", "link_url_id", url_ids),
            ("keyword_search_terms", "url_id", url_ids),
        ):
            dangling += sum(
                1 for (i,) in conn.execute(f"SELECT {column} FROM {table}") if i not in ids
            )
        return {"urls": urls, "url_ids": url_ids, "visits": visits, "dangling": dangling}


def test_firefox_history_found_refused_while_open_then_forgotten_bookmark_kept(
    home: Path, site: Site, tmp_path: Path
) -> None:
    exe = firefox()
    need(exe, "firefox-esr is not installed")
    assert exe
    profiles = home / ".mozilla" / "firefox"
    profile_dir = profiles / "test.default"
    profile_dir.mkdir(parents=True)
    (profiles / "profiles.ini").write_text(
        "[General]\nStartWithLastProfile=1\n\n"
        "[Profile0]\nName=default\nIsRelative=1\nPath=test.default\nDefault=1\n"
    )
    write_firefox_prefs(profile_dir)
    argv = [exe, "--headless", "--profile", str(profile_dir), site.url(PORTAL, "a")]
    with running(argv, home) as proc:
        wait_for(
            lambda: (
                (profile_dir / "places.sqlite").exists()
                and counts(history.gather(ctx())) == {PORTAL: 2, OTHER: 1}
            ),
            60,
            "Firefox to write its history",
        )
        fact = history.gather(ctx())
        [profile] = fact.profiles
        assert profile.browser == "Firefox" and profile.profile == "default"
        assert profile.open_reason  # lock and process both say so
        result = history_result()
        refused = forget_history.perform(portal_plan(result))
        assert not refused.ok and "still open" in refused.message
        stop(proc)

    db = profile_dir / "places.sqlite"
    [ff] = find_profiles("linux")
    assert in_use(ff) is None
    bookmarks_before = _bookmark_portal_page(db, site.url(PORTAL, "a"))
    _add_firefox_icons(profile_dir / "favicons.sqlite", site)
    before = _firefox_rows(db)

    plan = portal_plan(history_result())
    dry = forget_history.perform(plan, dry_run=True)
    assert dry.ok, dry.message
    assert _firefox_rows(db) == before
    done = forget_history.perform(plan)
    assert done.ok, done.message
    assert what_goes(dry.message) == what_goes(done.message)  # the dry run said what went
    after = _firefox_rows(db)

    # The portal's visits are gone; its bookmarked page stays (no visits), the other page goes.
    assert [v for v in after["visits"] if PORTAL in v[1]] == []
    assert [p for p in after["places"] if PORTAL in p[0]] == [(site.url(PORTAL, "a"), 0, None)]
    assert [v for v in after["visits"] if OTHER in v[1]] == [
        v for v in before["visits"] if OTHER in v[1]
    ]
    assert [p for p in after["places"] if OTHER in p[0]] == [
        p for p in before["places"] if OTHER in p[0]
    ]
    assert after["bookmarks"] == bookmarks_before
    assert not any(o.startswith(PORTAL) for o in after["origins"]) or any(
        PORTAL in p[0] for p in after["places"]
    )
    assert any(o.startswith(OTHER) for o in after["origins"])
    assert integrity(db) == "ok"
    with closing(sqlite3.connect(profile_dir / "favicons.sqlite")) as conn:
        pages = [r[0] for r in conn.execute("SELECT page_url FROM moz_pages_w_icons")]
        icons = [r[0] for r in conn.execute("SELECT icon_url FROM moz_icons")]
    ours = f":{site.port}/"
    assert [u for u in pages if ours in u] == [site.url(OTHER, "b")]
    assert [u for u in icons if ours in u] == [site.url(OTHER, "favicon.ico")]
    assert len(pages) > 1  # Firefox's own default pages keep their icons
    assert integrity(profile_dir / "favicons.sqlite") == "ok"
    assert not Path(str(db) + "-wal").exists() or Path(str(db) + "-wal").stat().st_size == 0

    # Firefox itself still opens the database and keeps adding to it.
    shot = tmp_path / "shot.png"
    argv = [exe, "--headless", "--profile", str(profile_dir), "--screenshot", str(shot)]
    with running([*argv, site.url(OTHER, "d")], home) as proc:
        proc.wait(timeout=60)
    assert shot.exists()
    final = history.gather(ctx())
    assert counts(final) == {PORTAL: 0, OTHER: 2}
    assert integrity(db) == "ok"


def _add_firefox_icons(db: Path, site: Site) -> None:
    with closing(sqlite3.connect(db)) as conn, conn:
        for i, host in enumerate((PORTAL, OTHER), start=1):
            conn.execute(
                "INSERT INTO moz_icons (id, icon_url, fixed_icon_url_hash, width) VALUES (?, ?, 0, 16)",
                (100 + i, site.url(host, "favicon.ico")),
            )
            page = site.url(host, "a" if host == PORTAL else "b")
            conn.execute(
                "INSERT INTO moz_pages_w_icons (id, page_url, page_url_hash) VALUES (?, ?, 0)",
                (100 + i, page),
            )
            conn.execute(
                "INSERT INTO moz_icons_to_pages (page_id, icon_id) VALUES (?, ?)",
                (100 + i, 100 + i),
            )


def _bookmark_portal_page(db: Path, url: str) -> list[tuple[object, ...]]:
    """Bookmark the portal's first page, as a person might have done: it must survive."""
    with closing(sqlite3.connect(db)) as conn:
        (place,) = conn.execute("SELECT id FROM moz_places WHERE url = ?", (url,)).fetchone()
        (menu,) = conn.execute(
            "SELECT id FROM moz_bookmarks WHERE guid = 'menu________'"
        ).fetchone()
        now = int(datetime.now(UTC).timestamp() * 1_000_000)
        with conn:
            conn.execute(
                "INSERT INTO moz_bookmarks (type, fk, parent, position, title, dateAdded, "
                "lastModified, guid) VALUES (1, ?, ?, 99, 'My portal', ?, ?, 'ssTestBkmk01')",
                (place, menu, now, now),
            )
            conn.execute(
                "UPDATE moz_places SET foreign_count = foreign_count + 1 WHERE id = ?", (place,)
            )
        return conn.execute("SELECT * FROM moz_bookmarks ORDER BY id").fetchall()


def _firefox_rows(db: Path) -> dict[str, list[tuple[object, ...]] | list[str]]:
    with closing(sqlite3.connect(db)) as conn:
        return {
            "places": conn.execute(
                "SELECT url, visit_count, last_visit_date FROM moz_places ORDER BY id"
            ).fetchall(),
            "visits": conn.execute(
                "SELECT v.id, p.url, v.visit_date FROM moz_historyvisits v "
                "JOIN moz_places p ON p.id = v.place_id ORDER BY v.id"
            ).fetchall(),
            "bookmarks": conn.execute("SELECT * FROM moz_bookmarks ORDER BY id").fetchall(),
            "origins": [r[0] for r in conn.execute("SELECT host FROM moz_origins ORDER BY id")],
        }
