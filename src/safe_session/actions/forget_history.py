"""Forget the portal's domain in one browser profile's history.

Only with that browser closed: its lock and its processes are checked first, and the database is
then changed inside one transaction that removes exactly the domain's visits and pages (and its
subdomains'), plus the rows in other tables that still name them. Bookmarks stay. The integrity
check runs before the transaction is committed (a failure rolls everything back) and again after.
Deleted rows are overwritten (`secure_delete`) and a Firefox write-ahead log is emptied, so the
removed addresses do not linger in free pages.

The dry run does all of this on a snapshot of the database (`sqlite_snapshot`), whose changes
stay in memory, and reports what would go.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path
from typing import Any

from safe_session.actions.base import ActionPlan, ActionResult
from safe_session.actions.history_traces import COMPANIONS, Cleaner
from safe_session.domains import host_matches, normalize_domain, url_matches
from safe_session.model import Result
from safe_session.platforms import current_os
from safe_session.probes.base import ProbeContext
from safe_session.probes.browsers.database import Database
from safe_session.probes.browsers.history import (
    chromium_url_ids,
    firefox_kept_ids,
    firefox_place_ids,
    open_database,
    tables,
)
from safe_session.probes.browsers.profiles import BrowserProfile, find_profiles, in_use
from safe_session.probes.browsers.sqlite_snapshot import memory_snapshot
from safe_session.text import inert
from safe_session.words import plural

NAME = "forget_history"


def plan(result: Result, ctx: ProbeContext) -> list[ActionPlan]:
    plans: list[ActionPlan] = []
    for entry in result.details.get("entries", []):
        domain = normalize_domain(str(entry.get("domain", "")))
        if not domain:
            continue
        browser, profile = str(entry.get("browser", "")), str(entry.get("profile", ""))
        where = f"{inert(browser)} ({inert(profile)})"
        plans.append(
            ActionPlan(
                action=NAME,
                check_id=result.id,
                label=f"Forget {domain} in {where}",
                doing=f"Forgetting {domain} in {where}…",
                description=(
                    f"Removes every visit to {domain} and its subdomains from {where}'s "
                    f"history ({plural(int(entry.get('visits', 0)), 'visit')}), with the "
                    "pages, searches and download-list entries that name it. Other sites and "
                    f"bookmarks stay. {browser} must be closed first."
                ),
                targets=(domain, str(entry.get("profile_path", ""))),
                payload={
                    "browser": browser,
                    "profile": profile,
                    "profile_path": str(entry.get("profile_path", "")),
                    "domain": domain,
                },
            )
        )
    return plans


def _find(payload: dict[str, Any]) -> BrowserProfile | None:
    """The profile named by the plan, found again where browsers keep them (never a path
    taken on trust)."""
    wanted = Path(str(payload.get("profile_path", "")))
    try:
        wanted = wanted.resolve()
    except OSError:
        return None
    for profile in find_profiles(current_os()):
        if profile.browser == payload.get("browser") and profile.path.resolve() == wanted:
            return profile
    return None


def perform(plan: ActionPlan, dry_run: bool = False) -> ActionResult:
    domain = normalize_domain(str(plan.payload.get("domain", "")))
    profile = _find(plan.payload)
    if domain is None or profile is None:
        return ActionResult(
            False,
            "That browser profile was not found any more. Nothing was changed.",
            dry_run=dry_run,
        )
    where = f"{profile.browser} ({inert(profile.name)})"
    reason = in_use(profile)
    if reason:
        return ActionResult(
            False,
            f"{where} is still open ({reason}). Close every {profile.browser} window, wait a "
            "moment, then try again (if it keeps running in the background, quit it from its "
            "menu or its icon near the clock). Nothing was changed.",
            failed=(domain,),
            dry_run=dry_run,
        )
    try:
        if dry_run:
            with memory_snapshot(profile.database) as conn:
                removed = _forget_in_transaction(conn, profile, domain)
        else:
            with closing(open_database(profile.database)) as conn:
                removed = _forget_in_transaction(conn, profile, domain)
                _checkpoint(conn)
                problem = _integrity_problem(conn)
                if problem:
                    return ActionResult(
                        False,
                        f"{domain} was removed from {where}, but the database check afterwards "
                        f"said: {problem}",
                        failed=(domain,),
                    )
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return ActionResult(
                False,
                f"{where} is busy: {profile.browser} may have just started. Close it and try "
                "again. Nothing was changed.",
                failed=(domain,),
                dry_run=dry_run,
            )
        return _failed(where, domain, exc, dry_run)
    except (OSError, sqlite3.Error, IntegrityError) as exc:
        return _failed(where, domain, exc, dry_run)
    traces, missed = _forget_traces(profile, domain, dry_run)
    visits = removed.get("visits", 0) + removed.get("moz_historyvisits", 0)
    pages = removed.get("urls", 0) + removed.get("moz_places", 0)
    what = f"{plural(visits, 'visit')} and {plural(pages, 'page')} of {domain}"
    if traces:
        what += f", and {plural(traces, 'other trace')} of it (icons, shortcuts, top sites)"
    note = (
        f" Some of its traces ({', '.join(missed)}) could not be changed; the browser's own "
        "history page can clear them."
        if missed
        else ""
    )
    if dry_run:
        return ActionResult(
            True, f"Would remove {what} from {where}.{note}", (domain,), dry_run=True
        )
    return ActionResult(
        True, f"Removed {what} from {where}. Other sites were left as they were.{note}", (domain,)
    )


def _failed(where: str, domain: str, exc: BaseException, dry_run: bool) -> ActionResult:
    return ActionResult(
        False,
        f"The history of {where} could not be changed ({inert(exc)}). Nothing was changed.",
        failed=(domain,),
        dry_run=dry_run,
    )


class IntegrityError(Exception):
    """The database check failed inside the transaction; everything was rolled back."""


def _integrity_problem(conn: Database) -> str | None:
    """SQLite's check of every page of the database: its structure, every record's format, the
    columns' constraints. Its full `integrity_check` also looks up every row in every index,
    which took 11 s per check on a 230 MB history; the removal itself is plain SQL, so SQLite
    keeps the indexes in step, and the page check (1.4 s there) is what can find damage."""
    rows = [r[0] for r in conn.execute("PRAGMA quick_check")]
    return None if rows == ["ok"] else "; ".join(str(r) for r in rows[:3])


def _checkpoint(conn: Database) -> None:
    """Empty a write-ahead log so removed rows do not linger in it."""
    (mode,) = conn.execute("PRAGMA journal_mode").fetchone()
    if str(mode).lower() == "wal":
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _forget_in_transaction(conn: Database, profile: BrowserProfile, domain: str) -> Counter[str]:
    cleaner = forget_chromium if profile.family == "chromium" else forget_firefox
    return _in_transaction(conn, cleaner, domain)


def _in_transaction(conn: Database, cleaner: Cleaner, domain: str) -> Counter[str]:
    """Run `cleaner` in one transaction; commit only when the integrity check passes."""
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("BEGIN IMMEDIATE")
    try:
        removed = cleaner(conn, domain)
        problem = _integrity_problem(conn)
        if problem:
            raise IntegrityError(problem)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return removed


def _forget_traces(profile: BrowserProfile, domain: str, dry_run: bool) -> tuple[int, list[str]]:
    """The site's icons, top-site tile, shortcuts and predictions: (rows removed, databases
    that could not be changed)."""
    removed = 0
    missed: list[str] = []
    for name, cleaner in COMPANIONS[profile.family]:
        path = profile.path / name
        if not path.is_file():
            continue
        try:
            if dry_run:
                with memory_snapshot(path) as conn:
                    removed += sum(_in_transaction(conn, cleaner, domain).values())
            else:
                with closing(open_database(path)) as conn:
                    removed += sum(_in_transaction(conn, cleaner, domain).values())
                    _checkpoint(conn)
        except (OSError, sqlite3.Error, IntegrityError):
            missed.append(name)
    return removed, missed


# --- What goes, per browser family -----------------------------------------------------------


def _temp(conn: Database, name: str, ids: Iterable[int]) -> None:
    conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
    conn.execute(f"CREATE TEMP TABLE {name} (id INTEGER PRIMARY KEY)")
    conn.executemany(f"INSERT OR IGNORE INTO temp.{name} (id) VALUES (?)", ((i,) for i in ids))


def _run(conn: Database, removed: Counter[str], table: str, sql: str) -> None:
    removed[table] += conn.execute(sql).rowcount


def _hosts_match(values: Iterable[object], domain: str) -> bool:
    return any(isinstance(v, str) and v and url_matches(v, domain) for v in values)


def forget_chromium(conn: Database, domain: str) -> Counter[str]:
    """Chromium's History: urls and visits, and every table that points at them."""
    known = tables(conn)

    def has(table: str, column: str) -> bool:
        return column in known.get(table, set())

    removed: Counter[str] = Counter()
    _temp(conn, "ss_urls", chromium_url_ids(conn, domain))
    conn.execute("DROP TABLE IF EXISTS temp.ss_visits")
    conn.execute("CREATE TEMP TABLE ss_visits (id INTEGER PRIMARY KEY, t INTEGER)")
    conn.execute(
        "INSERT INTO temp.ss_visits SELECT id, visit_time FROM visits "
        "WHERE url IN (SELECT id FROM temp.ss_urls)"
    )
    in_visits = "(SELECT id FROM temp.ss_visits)"
    in_urls = "(SELECT id FROM temp.ss_urls)"
    # Clusters that hold these visits: emptied ones go too.
    clusters: list[int] = []
    if has("clusters_and_visits", "visit_id"):
        clusters = [
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT cluster_id FROM clusters_and_visits WHERE visit_id IN {in_visits}"
            )
        ]
    for table, column in (
        ("visit_source", "id"),
        ("content_annotations", "visit_id"),
        ("context_annotations", "visit_id"),
        ("clusters_and_visits", "visit_id"),
        ("cluster_visit_duplicates", "visit_id"),
        ("cluster_visit_duplicates", "duplicate_visit_id"),
    ):
        if has(table, column):
            _run(conn, removed, table, f"DELETE FROM {table} WHERE {column} IN {in_visits}")
    for column in ("from_visit", "opener_visit"):
        if has("visits", column):
            conn.execute(f"UPDATE visits SET {column} = 0 WHERE {column} IN {in_visits}")
    if has("history_sync_metadata", "storage_key"):
        _run(
            conn,
            removed,
            "history_sync_metadata",
            "DELETE FROM history_sync_metadata WHERE storage_key IN (SELECT t FROM temp.ss_visits)",
        )
    if has("journey_history_entries", "visit_timestamp_micros"):
        _run(
            conn,
            removed,
            "journey_history_entries",
            "DELETE FROM journey_history_entries "
            "WHERE visit_timestamp_micros IN (SELECT t FROM temp.ss_visits)",
        )
    _run(conn, removed, "visits", f"DELETE FROM visits WHERE id IN {in_visits}")
    if has("segments", "url_id"):
        _temp(
            conn,
            "ss_segments",
            [r[0] for r in conn.execute(f"SELECT id FROM segments WHERE url_id IN {in_urls}")],
        )
        if has("segment_usage", "segment_id"):
            _run(
                conn,
                removed,
                "segment_usage",
                "DELETE FROM segment_usage WHERE segment_id IN (SELECT id FROM temp.ss_segments)",
            )
        _run(conn, removed, "segments", f"DELETE FROM segments WHERE url_id IN {in_urls}")
    for table, column in (
        ("keyword_search_terms", "url_id"),
        ("visited_links", "link_url_id"),
        ("typed_url_sync_metadata", "storage_key"),
    ):
        if has(table, column):
            _run(conn, removed, table, f"DELETE FROM {table} WHERE {column} IN {in_urls}")
    if has("visited_links", "top_level_url"):
        rows = conn.execute("SELECT id, top_level_url, frame_url FROM visited_links").fetchall()
        _temp(conn, "ss_links", [r[0] for r in rows if _hosts_match(r[1:], domain)])
        _run(
            conn,
            removed,
            "visited_links",
            "DELETE FROM visited_links WHERE id IN (SELECT id FROM temp.ss_links)",
        )
    _run(conn, removed, "urls", f"DELETE FROM urls WHERE id IN {in_urls}")
    if clusters:
        _temp(conn, "ss_clusters", clusters)
        empty = (
            "(SELECT id FROM temp.ss_clusters WHERE id NOT IN "
            "(SELECT cluster_id FROM clusters_and_visits))"
        )
        if has("cluster_keywords", "cluster_id"):
            _run(
                conn,
                removed,
                "cluster_keywords",
                f"DELETE FROM cluster_keywords WHERE cluster_id IN {empty}",
            )
        if has("clusters", "cluster_id"):
            _run(conn, removed, "clusters", f"DELETE FROM clusters WHERE cluster_id IN {empty}")
    _forget_chromium_downloads(conn, known, domain, removed)
    return removed


def _forget_chromium_downloads(
    conn: Database, known: dict[str, set[str]], domain: str, removed: Counter[str]
) -> None:
    """Entries in the browser's download list that came from the domain (files stay)."""
    if "downloads" not in known:
        return
    columns = [
        c
        for c in ("referrer", "site_url", "tab_url", "tab_referrer_url")
        if c in known["downloads"]
    ]
    ids: set[int] = set()
    if columns:
        for row in conn.execute(f"SELECT id, {', '.join(columns)} FROM downloads"):
            if _hosts_match(row[1:], domain):
                ids.add(row[0])
    if "url" in known.get("downloads_url_chains", set()):
        for download_id, url in conn.execute("SELECT id, url FROM downloads_url_chains"):
            if _hosts_match((url,), domain):
                ids.add(download_id)
    if not ids:
        return
    _temp(conn, "ss_downloads", ids)
    in_downloads = "(SELECT id FROM temp.ss_downloads)"
    if "downloads_url_chains" in known:
        _run(
            conn,
            removed,
            "downloads_url_chains",
            f"DELETE FROM downloads_url_chains WHERE id IN {in_downloads}",
        )
    if "download_id" in known.get("downloads_slices", set()):
        _run(
            conn,
            removed,
            "downloads_slices",
            f"DELETE FROM downloads_slices WHERE download_id IN {in_downloads}",
        )
    _run(conn, removed, "downloads", f"DELETE FROM downloads WHERE id IN {in_downloads}")


def forget_firefox(conn: Database, domain: str) -> Counter[str]:
    """Firefox's places.sqlite: visits and pages, never bookmarks. A bookmarked page keeps its
    row (the bookmark needs it) and loses its visits."""
    known = tables(conn)

    def has(table: str, column: str) -> bool:
        return column in known.get(table, set())

    removed: Counter[str] = Counter()
    ids = firefox_place_ids(conn, domain)
    kept = firefox_kept_ids(conn, ids)
    _temp(conn, "ss_places", ids)
    if has("moz_places", "foreign_count"):
        kept.update(
            r[0]
            for r in conn.execute(
                "SELECT id FROM moz_places "
                "WHERE foreign_count > 0 AND id IN (SELECT id FROM temp.ss_places)"
            )
        )
    _temp(conn, "ss_gone", [i for i in ids if i not in kept])
    _temp(conn, "ss_kept", kept)
    in_places = "(SELECT id FROM temp.ss_places)"
    in_gone = "(SELECT id FROM temp.ss_gone)"
    _temp(
        conn,
        "ss_visits",
        [
            r[0]
            for r in conn.execute(f"SELECT id FROM moz_historyvisits WHERE place_id IN {in_places}")
        ],
    )
    in_visits = "(SELECT id FROM temp.ss_visits)"
    if has("moz_historyvisits_extra", "visit_id"):
        _run(
            conn,
            removed,
            "moz_historyvisits_extra",
            f"DELETE FROM moz_historyvisits_extra WHERE visit_id IN {in_visits}",
        )
    conn.execute(f"UPDATE moz_historyvisits SET from_visit = 0 WHERE from_visit IN {in_visits}")
    if has("moz_historyvisits", "triggeringPlaceId"):
        conn.execute(
            f"UPDATE moz_historyvisits SET triggeringPlaceId = NULL "
            f"WHERE triggeringPlaceId IN {in_gone}"
        )
    _run(
        conn, removed, "moz_historyvisits", f"DELETE FROM moz_historyvisits WHERE id IN {in_visits}"
    )
    # History-only tables: gone for every matching page, bookmarked or not.
    for table in ("moz_inputhistory", "moz_places_metadata"):
        if has(table, "place_id"):
            _run(conn, removed, table, f"DELETE FROM {table} WHERE place_id IN {in_places}")
    if has("moz_places_metadata", "referrer_place_id"):
        conn.execute(
            "UPDATE moz_places_metadata SET referrer_place_id = NULL "
            f"WHERE referrer_place_id IN {in_places}"
        )
    # Everything else that points at a page that goes.
    keep_tables = {"moz_bookmarks", "moz_keywords", "moz_places", "moz_historyvisits"}
    for table, columns in known.items():
        if table in keep_tables or table.startswith("sqlite_") or "place_id" not in columns:
            continue
        if table in ("moz_inputhistory", "moz_places_metadata"):
            continue
        _run(conn, removed, table, f"DELETE FROM {table} WHERE place_id IN {in_gone}")
    _run(conn, removed, "moz_places", f"DELETE FROM moz_places WHERE id IN {in_gone}")
    sets = ["visit_count = 0", "last_visit_date = NULL"]
    if has("moz_places", "recalc_frecency"):
        sets.append("recalc_frecency = 1")
    conn.execute(
        f"UPDATE moz_places SET {', '.join(sets)} WHERE id IN (SELECT id FROM temp.ss_kept)"
    )
    if has("moz_origins", "host"):
        used = "(SELECT origin_id FROM moz_places WHERE origin_id IS NOT NULL)"
        rows = conn.execute(f"SELECT id, host FROM moz_origins WHERE id NOT IN {used}").fetchall()
        _temp(
            conn,
            "ss_origins",
            [
                i
                for i, host in rows
                if isinstance(host, str) and host_matches(_strip_port(host), domain)
            ],
        )
        _run(
            conn,
            removed,
            "moz_origins",
            "DELETE FROM moz_origins WHERE id IN (SELECT id FROM temp.ss_origins)",
        )
    return removed


def _strip_port(host: str) -> str:
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
