"""Browser profiles signed in to an account that copies their history or open tabs to it
(`browsers.sync`), in every profile of every browser `profiles` knows.

Read from each profile's own files (Firefox: `prefs.js` and `signedInUser.json`; the
Chromium family: the user-data folder's `Local State` and the profile's `Preferences`), into
memory, never changed. The account's address is never kept: `account_formats` returns only
whether there is an account and whether history or tabs sync.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from safe_session.probes.base import ProbeContext
from safe_session.probes.browsers.account_formats import (
    SyncState,
    parse_chromium_sync,
    parse_firefox_sync,
)
from safe_session.probes.browsers.browser_files import read_bounded
from safe_session.probes.browsers.profiles import BrowserProfile, find_profiles


class ProfileSync(msgspec.Struct, frozen=True):
    browser: str
    profile: str  # hostile text: the name the person gave the profile
    signed_in: bool | None
    syncing: bool | None  # history or open tabs are copied to the account; None: cannot tell
    what: tuple[str, ...] = ()  # "history", "tabs"
    reason: str | None = None  # why something could not be told


class SyncFact(msgspec.Struct, frozen=True):
    profiles: tuple[ProfileSync, ...]


def chromium_folder(profile: BrowserProfile) -> str:
    """The profile's key in `Local State` (its folder's name; "." for Opera's single one)."""
    return "." if profile.path == profile.root else profile.path.name


def read_state(profile: BrowserProfile) -> SyncState:
    try:
        if profile.family == "firefox":
            return parse_firefox_sync(
                read_bounded(profile.path / "prefs.js"),
                read_bounded(profile.path / "signedInUser.json"),
            )
        return parse_chromium_sync(
            read_bounded(profile.root / "Local State"),
            chromium_folder(profile),
            read_bounded(profile.path / "Preferences"),
        )
    except PermissionError:
        return SyncState(None, None, "this computer did not give permission to read it")
    except OSError as exc:
        return SyncState(None, None, f"its settings could not be read ({_why(exc)})")


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def gather(ctx: ProbeContext, home: Path | None = None) -> SyncFact:
    found = []
    for profile in find_profiles(ctx.os_name, home):
        state = read_state(profile)
        found.append(
            ProfileSync(
                profile.browser,
                profile.name,
                state.signed_in,
                state.syncing,
                state.what,
                state.reason,
            )
        )
    return SyncFact(tuple(found))
