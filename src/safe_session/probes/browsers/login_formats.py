"""How many saved logins a browser profile keeps for the portal's domains (counts only).

Firefox's `logins.json` is read for the `hostname` of each login and nothing else (the user name
and password fields are encrypted anyway, and never touched). Firefox 153 also keeps `logins.db`
(the newer login store), but only as a mirror that is off by default: `logins.json` is the one
Firefox uses. Chromium-family `Login Data` (and `Login Data For Account`, the logins kept with
the signed-in account) are SQLite: only the `origin_url` column of `logins` is queried, and rows
with `blacklisted_by_user = 1` ("Never save for this site") are not logins.

A login counts when its host is one of the domains or a subdomain of one ("www.portal.example"
for "portal.example"), never a look-alike ("evilportal.example", "portal.example.evil.test"); the
port and scheme do not matter (`safe_session.domains`).
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from safe_session.domains import host_matches, url_host
from safe_session.probes.browsers.browser_files import MAX_ITEMS, get, load_json
from safe_session.probes.browsers.database import Database

MAX_URL = 4096
_STEPS = 200_000  # progress-handler period, in SQLite virtual-machine steps
_MAX_CALLS = 500  # ... so at most 100 million steps for one query


class LoginCount(msgspec.Struct, frozen=True):
    count: int | None  # None: could not count, `reason` says why
    reason: str | None = None


def count_origins(origins: Iterable[object], domains: Iterable[str]) -> LoginCount:
    """How many of `origins` (login URLs or origins) belong to one of `domains` (normalized)."""
    wanted = tuple(domains)
    if not wanted:
        return LoginCount(None, "no portal address to look for")
    n = 0
    for i, origin in enumerate(origins):
        if i >= MAX_ITEMS:
            return LoginCount(None, f"more than {MAX_ITEMS} saved logins")
        if isinstance(origin, bytes | bytearray):
            origin = bytes(origin).decode("utf-8", errors="replace")
        if not isinstance(origin, str) or len(origin) > MAX_URL:
            continue
        host = url_host(origin.strip())
        if host and any(host_matches(host, d) for d in wanted):
            n += 1
    return LoginCount(n)


def count_firefox_logins(logins_json: str | bytes | None, domains: Iterable[str]) -> LoginCount:
    """Saved logins for the domains in a Firefox profile's `logins.json` (None when the profile
    has no such file: no login was ever saved)."""
    wanted = tuple(domains)
    if logins_json is None:
        return LoginCount(0) if wanted else count_origins((), wanted)
    data, why = load_json(logins_json, "logins.json")
    if why:
        return LoginCount(None, why)
    logins = get(data, "logins")
    if not isinstance(logins, list):
        return LoginCount(None, "logins.json has no list of logins")
    return count_origins((get(login, "hostname") for login in logins), wanted)


def chromium_login_origins(conn: Database) -> tuple[list[object] | None, str | None]:
    """`(origins, None)` or `(None, reason)`: the `origin_url` of every saved login in an open
    `Login Data` database (a snapshot: see `sqlite_snapshot`). No other column is read.

    A `logins` that is not a plain table (a view could make the query run forever) gives a
    reason instead, and a query that runs too long is stopped."""
    import sqlite3  # for its errors; whatever opened `conn` has loaded it already

    calls = 0

    def stop_runaway() -> int:
        nonlocal calls
        calls += 1
        return 1 if calls > _MAX_CALLS else 0

    try:
        conn.set_progress_handler(stop_runaway, _STEPS)
        conn.execute("PRAGMA trusted_schema = 0")
        kind = conn.execute("SELECT type FROM sqlite_master WHERE name = 'logins'").fetchall()
        if kind != [("table",)]:
            return None, "the login database has no table of logins"
        columns = {row[1] for row in conn.execute("PRAGMA table_info(logins)")}
        if "origin_url" not in columns:
            return None, "the login table has no origin_url column"
        where = " WHERE blacklisted_by_user = 0" if "blacklisted_by_user" in columns else ""
        rows = conn.execute(
            f"SELECT origin_url FROM logins{where} LIMIT {MAX_ITEMS + 1}"
        ).fetchall()
    except sqlite3.Error as exc:
        return None, f"the login database could not be read ({type(exc).__name__})"
    finally:
        conn.set_progress_handler(None, 0)
    if len(rows) > MAX_ITEMS:
        return None, f"more than {MAX_ITEMS} saved logins"
    return [row[0] for row in rows], None
