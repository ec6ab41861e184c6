"""Saved logins for the portal's domains, counted per browser profile (`browsers.saved_logins`).

Firefox: the `hostname` of each login in `logins.json`. The Chromium family: the `origin_url`
column of `Login Data` and `Login Data For Account`, read like the history: page by page with its
write-ahead log applied (`sqlite_snapshot`), never opened as a live database, never a copy on
disk. No user name or password is ever read: only how many logins each profile keeps for the
portal (`login_formats`).
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.browsers.browser_files import read_bounded
from safe_session.probes.browsers.login_formats import (
    LoginCount,
    chromium_login_origins,
    count_firefox_logins,
    count_origins,
)
from safe_session.probes.browsers.profiles import BrowserProfile, find_profiles

CHROMIUM_STORES = ("Login Data", "Login Data For Account")
NO_DOMAIN = "no portal address was given (a profile from your therapist names it, or --domain)"


class ProfileLogins(msgspec.Struct, frozen=True):
    browser: str
    profile: str  # hostile text
    count: int | None  # None: could not be counted (`reason`)
    reason: str | None = None


class LoginsFact(msgspec.Struct, frozen=True):
    domains: tuple[str, ...]
    profiles: tuple[ProfileLogins, ...]


def _chromium_count(profile: BrowserProfile, domains: tuple[str, ...]) -> LoginCount:
    # SQLite (apsw's) loads only when there is a login database to read
    from safe_session.probes.browsers.sqlite_snapshot import memory_snapshot

    total = 0
    for store in CHROMIUM_STORES:
        path = profile.path / store
        if not path.is_file():
            continue
        with memory_snapshot(path) as conn:
            origins, why = chromium_login_origins(conn)
        if origins is None:
            return LoginCount(None, why)
        counted = count_origins(origins, domains)
        if counted.count is None:
            return counted
        total += counted.count
    return LoginCount(total)


def count_profile(profile: BrowserProfile, domains: tuple[str, ...]) -> LoginCount:
    import sqlite3  # for its errors, when this check runs: the rules import this module too

    try:
        if profile.family == "firefox":
            return count_firefox_logins(read_bounded(profile.path / "logins.json"), domains)
        return _chromium_count(profile, domains)
    except PermissionError:
        return LoginCount(None, "this computer did not give permission to read its logins")
    except (OSError, sqlite3.Error) as exc:
        return LoginCount(None, f"its saved logins could not be read ({type(exc).__name__})")


def gather(ctx: ProbeContext, home: Path | None = None) -> LoginsFact:
    if not ctx.domains:
        raise Unavailable(NO_DOMAIN, "no_domains")
    found = []
    for profile in find_profiles(ctx.os_name, home):
        counted = count_profile(profile, ctx.domains)
        found.append(ProfileLogins(profile.browser, profile.name, counted.count, counted.reason))
    return LoginsFact(tuple(ctx.domains), tuple(found))
