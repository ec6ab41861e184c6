"""Tabs of the therapy portal that a browser would open again: in the session it restores, and
in its list of recently closed tabs and windows, for every profile of every browser we know.

Firefox keeps its session in `<profile>/sessionstore-backups/recovery.jsonlz4` while it runs and
in `<profile>/sessionstore.jsonlz4` after a clean exit; the newer of the two is read. Chromium-
family browsers keep theirs in `<profile>/Sessions/Session_<timestamp>` and the recently closed
list in `Sessions/Tabs_<timestamp>` (older versions: `Current Session`, `Current Tabs`); the
newest of each is read by `chromium_session`.

Files are read into memory, never copied or changed. A page's address is decoded only to compare
its host with the portal's domains; what leaves this module is counts per profile.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from safe_session.domains import host_matches, url_host
from safe_session.probes.base import ProbeContext
from safe_session.probes.browsers.chromium_session import MAX_SESSION_BYTES as MAX_CHROMIUM_BYTES
from safe_session.probes.browsers.chromium_session import portal_closed_entries, portal_open_tabs
from safe_session.probes.browsers.profiles import (
    BrowserProfile,
    browser_processes,
    find_profiles,
    in_use,
)
from safe_session.probes.browsers.tabs import MAX_SESSION_BYTES as MAX_FIREFOX_BYTES
from safe_session.probes.browsers.tabs import decode_mozlz4
from safe_session.probes.sources import Missing
from safe_session.regular_files import NotRegularFile, read_regular


@dataclass(frozen=True)
class PortalCounts:
    open_tabs: int = 0  # open tabs showing the portal: the browser restores them
    closed_tabs: int = 0  # recently closed tabs showing it: offered again
    closed_windows: int = 0  # recently closed windows with a tab showing it

    def __add__(self, other: PortalCounts) -> PortalCounts:
        return PortalCounts(
            self.open_tabs + other.open_tabs,
            self.closed_tabs + other.closed_tabs,
            self.closed_windows + other.closed_windows,
        )

    @property
    def any(self) -> bool:
        return bool(self.open_tabs or self.closed_tabs or self.closed_windows)


@dataclass(frozen=True)
class ProfileTabs:
    browser: str
    profile: str
    open_reason: str | None  # why the browser seems to hold the profile now; None: closed
    counts: PortalCounts = PortalCounts()
    sessions: int = 0  # session files read (0: the profile keeps none)
    error: str | None = None  # why a session file could not be read


@dataclass(frozen=True)
class PortalTabsFact:
    domains: tuple[str, ...]
    profiles: tuple[ProfileTabs, ...]
    unknown: str | None = None  # why nothing could be looked for
    situation: str = "unknown"
    missing: tuple[Missing, ...] = ()  # browser folders that could not be opened


# ---------------------------------------------------------------- Firefox (pure)


def _on_portal(url: object, domains: Sequence[str]) -> bool:
    if not isinstance(url, str):
        return False
    host = url_host(url)
    return any(host_matches(host, d) for d in domains)


def firefox_tab_on_portal(tab: object, domains: Sequence[str]) -> bool:
    """Whether a session tab shows the portal: its entry at `index` (counted from 1; the last
    entry when it is missing or out of range, as Firefox restores it)."""
    if not isinstance(tab, dict):
        return False
    entries = tab.get("entries")
    if not isinstance(entries, list) or not entries:
        return False
    index = tab.get("index")
    at = index - 1 if isinstance(index, int) and 1 <= index <= len(entries) else len(entries) - 1
    entry = entries[at]
    return isinstance(entry, dict) and _on_portal(entry.get("url"), domains)


def _list(value: object, key: str) -> list[object]:
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, list) else []


def firefox_portal_counts(session: object, domains: Sequence[str]) -> PortalCounts:
    """Open tabs, recently closed tabs (per open window) and closed windows on the portal, from
    a Firefox session's JSON. Raises ValueError when it is not a session."""
    if not isinstance(session, dict) or not isinstance(session.get("windows"), list):
        raise ValueError("not a Firefox session file")
    windows = _list(session, "windows")
    open_tabs = sum(
        firefox_tab_on_portal(tab, domains) for w in windows for tab in _list(w, "tabs")
    )
    closed_tabs = sum(
        firefox_tab_on_portal(closed.get("state"), domains)
        for w in windows
        for closed in _list(w, "_closedTabs")
        if isinstance(closed, dict)
    )
    closed_windows = sum(
        any(firefox_tab_on_portal(tab, domains) for tab in _list(w, "tabs"))
        for w in _list(session, "_closedWindows")
    )
    return PortalCounts(open_tabs, closed_tabs, closed_windows)


def firefox_file_counts(data: bytes, domains: Sequence[str]) -> PortalCounts:
    """Counts from the bytes of a `.jsonlz4` session file; ValueError with a plain reason."""
    try:
        session = json.loads(decode_mozlz4(data))
    except RecursionError:
        raise ValueError("the session file is nested too deeply") from None
    except ValueError as exc:
        raise ValueError(f"the session file could not be read ({exc})") from None
    return firefox_portal_counts(session, domains)


# ---------------------------------------------------------------- files


def _newest_by_time(paths: Iterable[Path]) -> Path | None:
    best: tuple[float, Path] | None = None
    for path in paths:
        try:
            when = path.lstat().st_mtime  # a link is a candidate too: reading it says why not
        except OSError:
            continue
        if best is None or when > best[0]:
            best = (when, path)
    return best[1] if best else None


def firefox_session_file(profile: Path) -> Path | None:
    """The newer of the running session and the one saved at the last clean exit."""
    return _newest_by_time(
        [profile / "sessionstore-backups" / "recovery.jsonlz4", profile / "sessionstore.jsonlz4"]
    )


def _stamp(path: Path) -> int:
    _, _, stamp = path.name.partition("_")
    return int(stamp) if stamp.isdigit() else -1


def chromium_newest(profile: Path, prefix: str, legacy: str) -> Path | None:
    """The newest `Sessions/<prefix>_<timestamp>`, else the older `<legacy>` file."""
    try:
        files = [p for p in (profile / "Sessions").glob(prefix + "_*") if _not_a_folder(p)]
    except OSError:
        files = []
    if files:
        return max(files, key=_stamp)
    old = profile / legacy
    return old if _not_a_folder(old) else None


def _not_a_folder(path: Path) -> bool:
    """There, and not a folder: a pipe or a link is read, and refused with the reason."""
    try:
        return not stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def _read(path: Path, limit: int) -> bytes:
    """A session file's bytes; OSError turned into ValueError with a plain reason."""
    try:
        data = read_regular(path, limit + 1, follow_symlinks=False)
    except NotRegularFile as exc:
        raise ValueError(f"the session file could not be read: {exc.strerror}") from None
    except PermissionError:
        raise ValueError("the browser keeps its session file locked while it runs") from None
    except FileNotFoundError:
        raise ValueError("the browser replaced its session file while it was being read") from None
    except OSError as exc:
        raise ValueError(f"the session file could not be opened ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise ValueError("the session file is too large")
    return data


def profile_counts(profile: BrowserProfile, domains: Sequence[str]) -> tuple[PortalCounts, int]:
    """Counts over the profile's session files, and how many there were. ValueError: one could
    not be read (with the reason)."""
    if profile.family == "firefox":
        path = firefox_session_file(profile.path)
        if path is None:
            return PortalCounts(), 0
        return firefox_file_counts(_read(path, MAX_FIREFOX_BYTES), domains), 1
    counts, files = PortalCounts(), 0
    session = chromium_newest(profile.path, "Session", "Current Session")
    if session is not None:
        open_tabs = portal_open_tabs(_read(session, MAX_CHROMIUM_BYTES), domains)
        counts, files = PortalCounts(open_tabs=open_tabs), 1
    closed = chromium_newest(profile.path, "Tabs", "Current Tabs")
    if closed is not None:
        found = portal_closed_entries(_read(closed, MAX_CHROMIUM_BYTES), domains)
        counts += PortalCounts(closed_tabs=found.tabs, closed_windows=found.windows)
        files += 1
    return counts, files


def read_profile(
    profile: BrowserProfile, domains: Sequence[str], open_reason: str | None
) -> ProfileTabs:
    try:
        counts, files = profile_counts(profile, domains)
    except ValueError as exc:
        return ProfileTabs(profile.browser, profile.name, open_reason, error=str(exc))
    return ProfileTabs(profile.browser, profile.name, open_reason, counts, files)


def gather(ctx: ProbeContext) -> PortalTabsFact:
    if not ctx.domains:
        return PortalTabsFact(
            (),
            (),
            "no therapy portal address is known (use a profile from your therapist, "
            "or name it with --domain)",
            "no_domains",
        )
    unread: list[Missing] = []
    profiles = find_profiles(ctx.os_name, unread=unread)
    processes = browser_processes() if profiles else []
    results = tuple(read_profile(p, ctx.domains, in_use(p, processes)) for p in profiles)
    return PortalTabsFact(tuple(ctx.domains), results, missing=tuple(unread))
