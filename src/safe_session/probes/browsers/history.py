"""Browser history for the portal's domains, in every profile of every browser we know.

The live database is never opened as a database: a running browser may be writing to it (and
Firefox locks it). It is read page by page with its write-ahead log applied (`sqlite_snapshot`),
in memory that stays small however large the history, and nothing is copied anywhere. What it
holds is counted per domain (the domain and its subdomains); no other site's address leaves
this module.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from safe_session.domains import url_matches
from safe_session.probes.base import ProbeContext
from safe_session.probes.browsers.database import Database
from safe_session.probes.browsers.profiles import (
    BrowserProfile,
    Family,
    browser_processes,
    find_profiles,
    in_use,
)
from safe_session.probes.sources import Missing
from safe_session.regular_files import NotRegularFile, check_regular
from safe_session.state import window_start

CHROMIUM_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class DomainVisits:
    domain: str
    visits: int  # visit rows
    pages: int  # page rows that would be forgotten (Firefox: bookmarked pages stay)
    visits_in_window: int
    last_visit: datetime | None


@dataclass(frozen=True)
class ProfileHistory:
    browser: str
    family: Family
    profile: str
    path: str
    open_reason: str | None  # why the browser seems to hold the profile now; None: closed
    domains: tuple[DomainVisits, ...] = ()
    error: str | None = None  # why this profile could not be read


@dataclass(frozen=True)
class HistoryFact:
    domains: tuple[str, ...]
    since: datetime
    profiles: tuple[ProfileHistory, ...]
    unknown: str | None = None  # why nothing could be looked for
    situation: str = "unknown"
    missing: tuple[Missing, ...] = ()  # browser folders that could not be opened


def chromium_time(value: int | None) -> datetime | None:
    """Chromium stores microseconds since 1601-01-01 UTC; 0 means never."""
    if not value or value <= 0:
        return None
    try:
        return CHROMIUM_EPOCH + timedelta(microseconds=int(value))
    except OverflowError:
        return None


def chromium_micros(when: datetime) -> int:
    return int((when - CHROMIUM_EPOCH) / timedelta(microseconds=1))


def firefox_time(value: int | None) -> datetime | None:
    """Firefox stores microseconds since the Unix epoch."""
    if not value or value <= 0:
        return None
    try:
        return UNIX_EPOCH + timedelta(microseconds=int(value))
    except OverflowError:
        return None


def firefox_micros(when: datetime) -> int:
    return int((when - UNIX_EPOCH) / timedelta(microseconds=1))


def open_database(path: Path) -> sqlite3.Connection:
    """Open an existing database (never create one) in autocommit mode: transactions are
    begun and ended explicitly. The database and the files SQLite keeps beside it must be
    regular files: SQLite would wait on a pipe, or write through a link."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        beside = path.with_name(path.name + suffix)
        if suffix == "" or os.path.lexists(beside):
            check_regular(beside, follow_symlinks=False)
    uri = path.absolute().as_uri() + "?mode=rw"
    conn = sqlite3.connect(uri, uri=True, timeout=0.5, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 500")
    conn.execute("PRAGMA cache_size = -16384")  # 16 MB: the checks read every page once
    return conn


def tables(conn: Database) -> dict[str, set[str]]:
    """{table: {columns}} for every table, so queries adapt to each browser version."""
    out: dict[str, set[str]] = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        out[name] = {row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')}
    return out


def chromium_url_ids(conn: Database, domain: str) -> list[int]:
    """Ids of `urls` rows whose host is the domain or a subdomain of it."""
    rows = conn.execute(
        "SELECT id, url FROM urls WHERE url LIKE ? ESCAPE '\\'", (containing(domain),)
    )
    return [i for i, url in rows if isinstance(url, str) and url_matches(url, domain)]


def firefox_place_ids(conn: Database, domain: str) -> list[int]:
    """Ids of `moz_places` rows whose host is the domain or a subdomain of it. `rev_host` is
    the host reversed plus a dot, so a prefix match finds subdomains and never look-alikes;
    asked as a range too, it is read from Firefox's index on `rev_host` instead of every row."""
    rev = domain[::-1] + "."
    after = rev[:-1] + "/"  # "." + 1: the first text past every one that starts with `rev`
    rows = conn.execute(
        "SELECT id, url FROM moz_places WHERE rev_host >= ? AND rev_host < ? "
        "AND substr(rev_host, 1, ?) = ?",
        (rev, after, len(rev), rev),
    )
    return [i for i, url in rows if isinstance(url, str) and url_matches(url, domain)]


def firefox_kept_ids(conn: Database, ids: list[int]) -> set[int]:
    """Pages that a bookmark or keyword points to: their row stays, only visits go."""
    known = tables(conn)
    kept: set[int] = set()
    for table, column in (("moz_bookmarks", "fk"), ("moz_keywords", "place_id")):
        if column in known.get(table, set()):
            kept.update(
                r[0]
                for r in _in_batches(
                    conn, f"SELECT DISTINCT {column} FROM {table} WHERE {column} IN ({{}})", ids
                )
            )
    return kept


def _in_batches(conn: Database, sql: str, ids: list[int]) -> list[tuple[int, ...]]:
    out: list[tuple[int, ...]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        out.extend(conn.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall())
    return out


def containing(text: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') for values that contain `text` anywhere."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def count_visits(conn: Database, family: Family, domain: str, since: datetime) -> DomainVisits:
    """How much history of `domain` the database holds."""
    if family == "chromium":
        ids = chromium_url_ids(conn, domain)
        sql = (
            "SELECT COUNT(*), MAX(visit_time), SUM(visit_time >= {s}) "
            "FROM visits WHERE url IN ({{}})"
        )
        stamp, convert, pages = chromium_micros(since), chromium_time, len(ids)
    else:
        ids = firefox_place_ids(conn, domain)
        sql = (
            "SELECT COUNT(*), MAX(visit_date), SUM(visit_date >= {s}) "
            "FROM moz_historyvisits WHERE place_id IN ({{}})"
        )
        stamp, convert = firefox_micros(since), firefox_time
        pages = len(set(ids) - firefox_kept_ids(conn, ids))
    visits = recent = 0
    last: int | None = None
    for count, latest, in_window in _in_batches(conn, sql.format(s=int(stamp)), ids):
        visits += int(count or 0)
        recent += int(in_window or 0)
        if latest is not None and (last is None or latest > last):
            last = int(latest)
    return DomainVisits(domain, visits, pages, recent, convert(last))


def read_profile(
    profile: BrowserProfile, domains: tuple[str, ...], since: datetime, open_reason: str | None
) -> ProfileHistory:
    base = ProfileHistory(
        profile.browser, profile.family, profile.name, str(profile.path), open_reason
    )
    from safe_session.probes.browsers.sqlite_snapshot import memory_snapshot  # after runs only

    try:
        with memory_snapshot(profile.database) as conn:
            found = tuple(count_visits(conn, profile.family, d, since) for d in domains)
    except PermissionError:
        return _with_error(base, "this computer did not give permission to read it")
    except NotRegularFile as exc:
        return _with_error(base, f"its history could not be read: {exc.strerror}")
    except (OSError, sqlite3.Error) as exc:
        return _with_error(base, f"its history could not be read ({type(exc).__name__})")
    return ProfileHistory(
        base.browser, base.family, base.profile, base.path, base.open_reason, found
    )


def _with_error(base: ProfileHistory, reason: str) -> ProfileHistory:
    return ProfileHistory(
        base.browser, base.family, base.profile, base.path, base.open_reason, (), reason
    )


def gather(ctx: ProbeContext) -> HistoryFact:
    since = window_start(ctx.since)
    if not ctx.domains:
        return HistoryFact(
            (),
            since,
            (),
            "no therapy portal address is known (use a profile from your therapist, "
            "or name it with --domain)",
            "no_domains",
        )
    unread: list[Missing] = []
    profiles = find_profiles(ctx.os_name, unread=unread)
    processes = browser_processes() if profiles else []
    results = tuple(read_profile(p, ctx.domains, since, in_use(p, processes)) for p in profiles)
    return HistoryFact(tuple(ctx.domains), since, results, missing=tuple(unread))
