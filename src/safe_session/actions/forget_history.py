"""Forget the portal's domain in one browser profile's history.

Only with that browser closed: its lock and its processes are checked first, and the database is
then changed inside one transaction that removes exactly the domain's visits and pages (and its
subdomains'), plus the rows in other tables that still name them. Bookmarks stay. The integrity
check runs before the transaction is committed, on the database as it will be: a failure rolls
everything back. It reads every page, most of the time on a large history, so it runs once: the
commit and the checkpoint write the pages it checked. Deleted rows are overwritten
(`secure_delete`) and a Firefox write-ahead log is emptied, so the removed addresses do not
linger in free pages.

The dry run chooses the same rows on a snapshot of the database (`sqlite_snapshot`) and counts
them instead of deleting them: it changes no page, so its memory does not grow with what the
portal left, and it runs the same check. The site's traces in the browser's smaller databases
(icons, shortcuts) are removed on snapshots of those, whose changes stay in memory.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
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
    containing,
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
    emptied = True
    try:
        if dry_run:
            with memory_snapshot(profile.database) as conn:
                removed = _forget_in_transaction(conn, profile, domain, dry_run=True)
        else:
            with closing(open_database(profile.database)) as conn:
                removed = _forget_in_transaction(conn, profile, domain)
                emptied = _checkpoint(conn)
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
    traces, missed, lingering = _forget_traces(profile, domain, dry_run)
    if not dry_run and not emptied:
        lingering.insert(0, profile.database.name)
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
    if lingering:
        note += (
            f" One thing is left: another program was reading this history, so the log file "
            f"beside {' and '.join(lingering)} still holds an older copy. It goes the next time "
            f"{profile.browser} opens and closes, or when you do this again."
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


def _checkpoint(conn: Database) -> bool:
    """Empty a write-ahead log so removed rows do not linger in it. False when it could not be
    emptied (another program was still reading the database): the log then still holds copies
    of pages from before the removal, until the browser next empties it."""
    (mode,) = conn.execute("PRAGMA journal_mode").fetchone()
    if str(mode).lower() != "wal":
        return True
    busy, _log, _moved = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def _forget_in_transaction(
    conn: Database, profile: BrowserProfile, domain: str, dry_run: bool = False
) -> Counter[str]:
    forget = forget_chromium if profile.family == "chromium" else forget_firefox
    return _in_transaction(conn, lambda c, d: forget(c, d, dry_run), domain)


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


def _forget_traces(
    profile: BrowserProfile, domain: str, dry_run: bool
) -> tuple[int, list[str], list[str]]:
    """The site's icons, top-site tile, shortcuts and predictions: (rows removed, databases
    that could not be changed, databases whose log could not be emptied)."""
    removed = 0
    missed: list[str] = []
    lingering: list[str] = []
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
                    if not _checkpoint(conn):
                        lingering.append(name)
        except (OSError, sqlite3.Error, IntegrityError):
            missed.append(name)
    return removed, missed, lingering


# --- What goes, per browser family -----------------------------------------------------------
#
# Every row that goes is chosen first, into temporary tables of ids, before anything changes;
# then each table loses the rows a fixed statement over those ids names. So a dry run counts
# exactly what the removal would delete without changing a page (a snapshot would have to hold
# every page it changed: thousands of 32 KB pages of Firefox's indexes for a portal spread over
# a large history), and each table is named once, so nothing is counted twice.


@dataclass(frozen=True)
class _Delete:
    table: str
    where: str  # over the temporary tables of ids only


@dataclass(frozen=True)
class _Unlink:
    sql: str  # an UPDATE that stops a row that stays from pointing at one that goes


_Step = _Delete | _Unlink


def _carry_out(conn: Database, steps: Iterable[_Step], dry_run: bool) -> Counter[str]:
    """Run the steps in order; a dry run only counts the rows each deletion names."""
    removed: Counter[str] = Counter()
    for step in steps:
        if isinstance(step, _Unlink):
            if not dry_run:
                conn.execute(step.sql)
        elif dry_run:
            (count,) = conn.execute(
                f"SELECT COUNT(*) FROM {step.table} WHERE {step.where}"
            ).fetchone()
            removed[step.table] += int(count)
        else:
            removed[step.table] += conn.execute(
                f"DELETE FROM {step.table} WHERE {step.where}"
            ).rowcount
    return removed


def _temp(conn: Database, name: str, ids: Iterable[int]) -> None:
    conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
    conn.execute(f"CREATE TEMP TABLE {name} (id INTEGER PRIMARY KEY)")
    conn.executemany(f"INSERT OR IGNORE INTO temp.{name} (id) VALUES (?)", ((i,) for i in ids))


def _hosts_match(values: Iterable[object], domain: str) -> bool:
    return any(isinstance(v, str) and v and url_matches(v, domain) for v in values)


def _naming(columns: Iterable[str], domain: str) -> tuple[str, tuple[str, ...]]:
    """A WHERE clause that keeps only rows where one of the columns holds the domain's name,
    so the rows read are the few that may match (each still checked by its host)."""
    names = list(columns)
    like = containing(domain)
    return " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in names), tuple(like for _ in names)


def forget_chromium(conn: Database, domain: str, dry_run: bool = False) -> Counter[str]:
    """Chromium's History: urls and visits, and every table that points at them."""
    return _carry_out(conn, _chromium_steps(conn, domain), dry_run)


def _chromium_steps(conn: Database, domain: str) -> list[_Step]:
    known = tables(conn)

    def has(table: str, column: str) -> bool:
        return column in known.get(table, set())

    _temp(conn, "ss_urls", chromium_url_ids(conn, domain))
    conn.execute("DROP TABLE IF EXISTS temp.ss_visits")
    conn.execute("CREATE TEMP TABLE ss_visits (id INTEGER PRIMARY KEY, t INTEGER)")
    conn.execute(
        "INSERT INTO temp.ss_visits SELECT id, visit_time FROM visits "
        "WHERE url IN (SELECT id FROM temp.ss_urls)"
    )
    in_visits = "(SELECT id FROM temp.ss_visits)"
    in_urls = "(SELECT id FROM temp.ss_urls)"
    steps: list[_Step] = []
    for table, column in (
        ("visit_source", "id"),
        ("content_annotations", "visit_id"),
        ("context_annotations", "visit_id"),
        ("clusters_and_visits", "visit_id"),
    ):
        if has(table, column):
            steps.append(_Delete(table, f"{column} IN {in_visits}"))
    duplicates = [
        f"{c} IN {in_visits}"
        for c in ("visit_id", "duplicate_visit_id")
        if has("cluster_visit_duplicates", c)
    ]
    if duplicates:
        steps.append(_Delete("cluster_visit_duplicates", " OR ".join(duplicates)))
    for column in ("from_visit", "opener_visit"):
        if has("visits", column):
            steps.append(_Unlink(f"UPDATE visits SET {column} = 0 WHERE {column} IN {in_visits}"))
    if has("history_sync_metadata", "storage_key"):
        steps.append(
            _Delete("history_sync_metadata", "storage_key IN (SELECT t FROM temp.ss_visits)")
        )
    if has("journey_history_entries", "visit_timestamp_micros"):
        steps.append(
            _Delete(
                "journey_history_entries",
                "visit_timestamp_micros IN (SELECT t FROM temp.ss_visits)",
            )
        )
    steps.append(_Delete("visits", f"id IN {in_visits}"))
    if has("segments", "url_id"):
        _temp(
            conn,
            "ss_segments",
            [r[0] for r in conn.execute(f"SELECT id FROM segments WHERE url_id IN {in_urls}")],
        )
        if has("segment_usage", "segment_id"):
            steps.append(
                _Delete("segment_usage", "segment_id IN (SELECT id FROM temp.ss_segments)")
            )
        steps.append(_Delete("segments", "id IN (SELECT id FROM temp.ss_segments)"))
    for table, column in (
        ("keyword_search_terms", "url_id"),
        ("typed_url_sync_metadata", "storage_key"),
    ):
        if has(table, column):
            steps.append(_Delete(table, f"{column} IN {in_urls}"))
    if "visited_links" in known:
        links: set[int] = set()
        if has("visited_links", "link_url_id"):
            links.update(
                r[0]
                for r in conn.execute(
                    f"SELECT id FROM visited_links WHERE link_url_id IN {in_urls}"
                )
            )
        if has("visited_links", "top_level_url") and has("visited_links", "frame_url"):
            where, args = _naming(("top_level_url", "frame_url"), domain)
            links.update(
                r[0]
                for r in conn.execute(
                    f"SELECT id, top_level_url, frame_url FROM visited_links WHERE {where}", args
                )
                if _hosts_match(r[1:], domain)
            )
        _temp(conn, "ss_links", links)
        steps.append(_Delete("visited_links", "id IN (SELECT id FROM temp.ss_links)"))
    steps.append(_Delete("urls", f"id IN {in_urls}"))
    if has("clusters_and_visits", "visit_id") and has("clusters_and_visits", "cluster_id"):
        # Clusters left empty once these visits go.
        _temp(
            conn,
            "ss_clusters",
            [
                r[0]
                for r in conn.execute(
                    "SELECT DISTINCT cluster_id FROM clusters_and_visits AS c "
                    f"WHERE visit_id IN {in_visits} AND NOT EXISTS (SELECT 1 FROM "
                    "clusters_and_visits AS o WHERE o.cluster_id = c.cluster_id "
                    f"AND o.visit_id NOT IN {in_visits})"
                )
            ],
        )
        for table in ("cluster_keywords", "clusters"):
            if has(table, "cluster_id"):
                steps.append(_Delete(table, "cluster_id IN (SELECT id FROM temp.ss_clusters)"))
    steps.extend(_chromium_download_steps(conn, known, domain))
    return steps


def _chromium_download_steps(
    conn: Database, known: dict[str, set[str]], domain: str
) -> list[_Step]:
    """Entries in the browser's download list that came from the domain (files stay)."""
    if "downloads" not in known:
        return []
    columns = [
        c
        for c in ("referrer", "site_url", "tab_url", "tab_referrer_url")
        if c in known["downloads"]
    ]
    ids: set[int] = set()
    if columns:
        where, args = _naming(columns, domain)
        for row in conn.execute(
            f"SELECT id, {', '.join(columns)} FROM downloads WHERE {where}", args
        ):
            if _hosts_match(row[1:], domain):
                ids.add(row[0])
    if "url" in known.get("downloads_url_chains", set()):
        where, args = _naming(("url",), domain)
        for download_id, url in conn.execute(
            f"SELECT id, url FROM downloads_url_chains WHERE {where}", args
        ):
            if _hosts_match((url,), domain):
                ids.add(download_id)
    if not ids:
        return []
    _temp(conn, "ss_downloads", ids)
    in_downloads = "(SELECT id FROM temp.ss_downloads)"
    steps: list[_Step] = []
    if "id" in known.get("downloads_url_chains", set()):
        steps.append(_Delete("downloads_url_chains", f"id IN {in_downloads}"))
    if "download_id" in known.get("downloads_slices", set()):
        steps.append(_Delete("downloads_slices", f"download_id IN {in_downloads}"))
    steps.append(_Delete("downloads", f"id IN {in_downloads}"))
    return steps


def forget_firefox(conn: Database, domain: str, dry_run: bool = False) -> Counter[str]:
    """Firefox's places.sqlite: visits and pages, never bookmarks. A bookmarked page keeps its
    row (the bookmark needs it) and loses its visits."""
    return _carry_out(conn, _firefox_steps(conn, domain), dry_run)


def _firefox_steps(conn: Database, domain: str) -> list[_Step]:
    known = tables(conn)

    def has(table: str, column: str) -> bool:
        return column in known.get(table, set())

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
    steps: list[_Step] = []
    if has("moz_historyvisits_extra", "visit_id"):
        steps.append(_Delete("moz_historyvisits_extra", f"visit_id IN {in_visits}"))
    steps.append(
        _Unlink(f"UPDATE moz_historyvisits SET from_visit = 0 WHERE from_visit IN {in_visits}")
    )
    if has("moz_historyvisits", "triggeringPlaceId"):
        steps.append(
            _Unlink(
                "UPDATE moz_historyvisits SET triggeringPlaceId = NULL "
                f"WHERE triggeringPlaceId IN {in_gone}"
            )
        )
    steps.append(_Delete("moz_historyvisits", f"id IN {in_visits}"))
    # History-only tables: gone for every matching page, bookmarked or not.
    for table in ("moz_inputhistory", "moz_places_metadata"):
        if has(table, "place_id"):
            steps.append(_Delete(table, f"place_id IN {in_places}"))
    if has("moz_places_metadata", "referrer_place_id"):
        steps.append(
            _Unlink(
                "UPDATE moz_places_metadata SET referrer_place_id = NULL "
                f"WHERE referrer_place_id IN {in_places}"
            )
        )
    # Everything else that points at a page that goes.
    keep_tables = {"moz_bookmarks", "moz_keywords", "moz_places", "moz_historyvisits"}
    for table, columns in known.items():
        if table in keep_tables or table.startswith("sqlite_") or "place_id" not in columns:
            continue
        if table in ("moz_inputhistory", "moz_places_metadata"):
            continue
        steps.append(_Delete(table, f"place_id IN {in_gone}"))
    steps.append(_Delete("moz_places", f"id IN {in_gone}"))
    sets = ["visit_count = 0", "last_visit_date = NULL"]
    if has("moz_places", "recalc_frecency"):
        sets.append("recalc_frecency = 1")
    steps.append(
        _Unlink(
            f"UPDATE moz_places SET {', '.join(sets)} WHERE id IN (SELECT id FROM temp.ss_kept)"
        )
    )
    if has("moz_origins", "host"):
        _temp(conn, "ss_origins", _firefox_emptied_origins(conn, known, domain))
        steps.append(_Delete("moz_origins", "id IN (SELECT id FROM temp.ss_origins)"))
    return steps


def _firefox_emptied_origins(conn: Database, known: dict[str, set[str]], domain: str) -> list[int]:
    """The domain's origins that no page will use once the pages that go are gone. Origins are
    few (one per site and scheme); each one's pages are looked up through Firefox's index on
    `origin_id` rather than every page read."""
    origins = [
        i
        for i, host in conn.execute("SELECT id, host FROM moz_origins")
        if isinstance(host, str) and host_matches(_strip_port(host), domain)
    ]
    if "origin_id" not in known.get("moz_places", set()):
        return origins
    return [
        i
        for i in origins
        if conn.execute(
            "SELECT 1 FROM moz_places WHERE origin_id = ? "
            "AND id NOT IN (SELECT id FROM temp.ss_gone) LIMIT 1",
            (i,),
        ).fetchone()
        is None
    ]


def _strip_port(host: str) -> str:
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
