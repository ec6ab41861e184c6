"""Open browsers: how many processes each has, and how many tabs where that can be read.

Firefox saves its open windows and tabs every few seconds in
`<profile>/sessionstore-backups/recovery.jsonlz4`: JSON compressed as "mozLz4" (the magic
`mozLz40\\0`, then an LZ4 block with its decompressed size in front). A session file counts only
if Firefox wrote it since its oldest running process started, so an old profile's file is never
mistaken for today's.

Chromium-family browsers (Chrome, Edge, Brave, Vivaldi, Opera, Chromium) keep theirs in a
command log per profile, `Sessions/Session_<timestamp>` (older versions: `Current Session`),
read by `chromium_session`. The profiles are found in the user-data folder each running browser
was started with (`--user-data-dir`), else in the browser's usual folders. Per profile only the
newest file counts, and only if it was written since that browser started, so a profile not open
now adds nothing; an older file holds an earlier moment's tabs and is never used instead. On
Windows the browser opens its current file without sharing it: the count is then unknown. A
profile whose last window was closed while the browser kept running for another profile may
still show its tabs: the browser keeps them to restore later.

Only the person's own browser processes are counted; only session files are read, into memory
and never copied, and never history or page content.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import msgspec

from safe_session.model import OSName
from safe_session.probes.apps.processes import command_line, running_apps, start_time
from safe_session.probes.base import ProbeContext
from safe_session.probes.sources import Missing
from safe_session.regular_files import NotRegularFile, read_regular

MOZLZ4_MAGIC = b"mozLz40\0"
MAX_SESSION_BYTES = 64 * 1024 * 1024  # a session far larger than any real one is refused
SLACK_SECONDS = 5.0
FIREFOX = "Firefox"
NOT_READ_REASON = "this browser keeps its tabs in a format safe-session does not read"
# The apps catalog's browser names -> the names `profiles` keeps their folders under.
CHROMIUM_FAMILY = {
    "Google Chrome": "Chrome",
    "Chromium": "Chromium",
    "Microsoft Edge": "Edge",
    "Brave": "Brave",
    "Vivaldi": "Vivaldi",
    "Opera": "Opera",
}


class BrowserUse(msgspec.Struct, frozen=True):
    app: str
    processes: int
    tabs: int | None
    tabs_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"app": self.app, "processes": self.processes, "tabs": self.tabs}


class BrowsersFact(msgspec.Struct, frozen=True):
    browsers: tuple[BrowserUse, ...]
    missing: tuple[Missing, ...] = ()  # the browsers whose tabs could not be counted, and why


# ---------------------------------------------------------------- pure


def decode_mozlz4(data: bytes) -> bytes:
    """The JSON text inside a mozLz4 file. Raises ValueError for anything else."""
    if not data.startswith(MOZLZ4_MAGIC) or len(data) < len(MOZLZ4_MAGIC) + 4:
        raise ValueError("not a mozLz4 file")
    size = int.from_bytes(data[8:12], "little")
    if size > MAX_SESSION_BYTES:
        raise ValueError("the session file says it is too large")
    import lz4.block  # only when a session file is there to read

    try:
        out: bytes = lz4.block.decompress(data[12:], uncompressed_size=size)
    except (lz4.block.LZ4BlockError, ValueError, MemoryError) as exc:
        raise ValueError(f"damaged mozLz4 data ({exc})") from None
    return out


def count_session_tabs(session: object) -> int | None:
    """Open tabs in a Firefox session: every tab of every open window (closed ones excluded)."""
    if not isinstance(session, dict):
        return None
    windows = session.get("windows")
    if not isinstance(windows, list):
        return None
    total = 0
    for window in windows:
        tabs = window.get("tabs") if isinstance(window, dict) else None
        if isinstance(tabs, list):
            total += len(tabs)
    return total


def tabs_in_session_file(data: bytes) -> int | None:
    """Tabs in the bytes of a recovery.jsonlz4 file; None when they cannot be read. Never raises."""
    try:
        session = json.loads(decode_mozlz4(data))
    except (ValueError, RecursionError):
        return None
    return count_session_tabs(session)


def firefox_roots(os_name: OSName, home: Path, env: Mapping[str, str]) -> list[Path]:
    """Where Firefox keeps its profiles on this system."""
    if os_name == "macos":
        return [home / "Library" / "Application Support" / "Firefox" / "Profiles"]
    if os_name == "windows":
        appdata = env.get("APPDATA")
        base = Path(appdata) if appdata else home / "AppData" / "Roaming"
        return [base / "Mozilla" / "Firefox" / "Profiles"]
    return [
        home / ".mozilla" / "firefox",
        home / "snap" / "firefox" / "common" / ".mozilla" / "firefox",
        home / ".var" / "app" / "org.mozilla.firefox" / ".mozilla" / "firefox",
    ]


def profile_from_cmdline(cmdline: Iterable[str]) -> Path | None:
    """The profile folder a Firefox was started with (`-profile DIR` or `--profile DIR`)."""
    args = list(cmdline)
    for i, arg in enumerate(args):
        if arg in ("-profile", "--profile") and i + 1 < len(args):
            return Path(args[i + 1])
        if arg.startswith("--profile="):
            return Path(arg.split("=", 1)[1])
    return None


# ---------------------------------------------------------------- I/O


def session_files(roots: Iterable[Path], extra_profiles: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        try:
            found.extend(root.glob("*/sessionstore-backups/recovery.jsonlz4"))
        except OSError:
            continue
    for profile in extra_profiles:
        found.append(profile / "sessionstore-backups" / "recovery.jsonlz4")
    return list(dict.fromkeys(found))


def firefox_tabs(files: Iterable[Path], since: float) -> tuple[int | None, str | None]:
    """Tabs in every session file written since `since` (a Unix time)."""
    total: int | None = None
    refused: str | None = None
    for path in files:
        try:
            if path.lstat().st_mtime < since - SLACK_SECONDS:
                continue
            data = read_regular(path, MAX_SESSION_BYTES + 1, follow_symlinks=False)
        except NotRegularFile as exc:
            refused = refused or exc.strerror
            continue
        except OSError:
            continue
        tabs = tabs_in_session_file(data)
        if tabs is not None:
            total = (total or 0) + tabs
    if total is None and refused:
        return None, f"Firefox's session file could not be read: {refused}"
    if total is None:
        return None, "Firefox has not saved its open tabs where safe-session can read them yet"
    return total, None


def gather(ctx: ProbeContext) -> BrowsersFact:
    by_app: dict[str, list[int]] = {}
    for match in running_apps(ctx).in_category("browser"):
        if match.mine is not False:
            by_app.setdefault(match.app, []).append(match.pid)
    browsers: list[BrowserUse] = []
    for app, pids in by_app.items():
        pids = sorted(set(pids))
        if app == FIREFOX:
            tabs, reason = _firefox(ctx, pids)
        elif app in CHROMIUM_FAMILY:
            tabs, reason = _chromium(ctx, app, pids)
        else:
            tabs, reason = None, NOT_READ_REASON
        browsers.append(BrowserUse(app, len(pids), tabs, reason))
    missing = tuple(
        Missing(f"{b.app}'s open tabs", b.tabs_reason or NOT_READ_REASON)
        for b in browsers
        if b.tabs is None
    )
    return BrowsersFact(tuple(browsers), missing)


def _firefox(ctx: ProbeContext, pids: list[int]) -> tuple[int | None, str | None]:
    starts = [started for started in map(start_time, pids) if started]
    since = min(starts) if starts else 0.0
    profiles: list[Path] = []
    for pid in pids:
        cmdline = command_line(pid)
        profile = profile_from_cmdline(cmdline or ())
        if profile is not None:
            profiles.append(profile)
    roots = firefox_roots(ctx.os_name, Path.home(), os.environ)
    return firefox_tabs(session_files(roots, dict.fromkeys(profiles)), since)


# ---------------------------------------------------------------- Chromium family


def chromium_instances(
    cmdlines: Mapping[int, tuple[str, ...] | None],
) -> dict[str | None, list[int]]:
    """The browser (not helper) processes by the user-data folder they were started with
    (None: the browser's usual one). Helpers carry `--type=`; unreadable command lines are
    left out."""
    out: dict[str | None, list[int]] = {}
    for pid, cmdline in cmdlines.items():
        if not cmdline or any(arg.startswith("--type=") for arg in cmdline[1:]):
            continue
        folder: str | None = None
        for arg in cmdline[1:]:  # Chromium takes only the `--name=value` form
            if arg.startswith("--user-data-dir="):
                folder = arg.split("=", 1)[1] or None
        out.setdefault(folder, []).append(pid)
    return out


def _session_stamp(path: Path) -> int:
    """The timestamp in `Session_<timestamp>`; the older `Current Session` sorts first."""
    _, _, stamp = path.name.partition("_")
    return int(stamp) if stamp.isdigit() else -1


def chromium_session_files(user_data: Path) -> list[list[Path]]:
    """Per profile in a user-data folder, its session files, newest first."""
    profiles: list[Path] = [user_data]
    try:
        profiles.extend(sorted(p for p in user_data.iterdir() if not p.is_symlink()))
    except OSError:
        return []
    out: list[list[Path]] = []
    for profile in profiles:
        try:
            files = list((profile / "Sessions").glob("Session_*"))
        except OSError:
            files = []
        legacy = profile / "Current Session"
        if os.path.lexists(legacy):
            files.append(legacy)
        if files:
            out.append(sorted(files, key=_session_stamp, reverse=True))
    return out


def chromium_profile_tabs(files: Iterable[Path], since: float) -> tuple[int | None, str | None]:
    """Tabs in one profile's newest session file, if it was written since `since` (else the
    profile is not open: no tabs, no reason). Only the newest: an older one is the state of an
    earlier moment, so when the newest cannot be read the count is unknown, with the reason."""
    from safe_session.probes.browsers.chromium_session import MAX_SESSION_BYTES, count_open_tabs

    for path in files:
        try:
            if path.lstat().st_mtime < since - SLACK_SECONDS:
                return None, None
            data = read_regular(path, MAX_SESSION_BYTES + 1, follow_symlinks=False)
        except NotRegularFile as exc:
            return None, f"the session file could not be read: {exc.strerror}"
        except PermissionError:  # Windows: the browser opens it without sharing
            return None, "the browser keeps its session file locked while it runs"
        except FileNotFoundError:
            return None, "the browser replaced its session file while it was being read"
        except OSError as exc:
            return None, f"the session file could not be opened ({exc.strerror or exc})"
        try:
            return count_open_tabs(data), None
        except ValueError as exc:
            return None, str(exc)
    return None, None


def chromium_tabs(
    app: str, user_data_folders: Iterable[Path], since: float
) -> tuple[int | None, str | None]:
    """Open tabs across every profile in these folders that was written since `since`."""
    total: int | None = None
    reason: str | None = None
    for folder in user_data_folders:
        for files in chromium_session_files(folder):
            tabs, why = chromium_profile_tabs(files, since)
            if tabs is not None:
                total = (total or 0) + tabs
            reason = reason or why
    if total is not None:
        return total, None
    if reason:
        return None, f"{app}'s session file could not be read: {reason}"
    return None, f"{app} has not saved its open tabs where safe-session can read them yet"


def _chromium(ctx: ProbeContext, app: str, pids: list[int]) -> tuple[int | None, str | None]:
    from safe_session.probes.browsers.profiles import browser_roots

    instances = chromium_instances({pid: command_line(pid) for pid in pids})
    if not instances:  # no browser process could be read: its usual folders, since the oldest
        instances = {None: pids}
    name = CHROMIUM_FAMILY[app]
    usual = [
        root
        for browser, _, root in browser_roots(ctx.os_name, Path.home(), os.environ)
        if browser == name
    ]
    total: int | None = None
    reasons: list[str] = []
    for folder, members in instances.items():
        starts = [started for started in map(start_time, members) if started]
        since = min(starts) if starts else 0.0
        folders = [Path(folder)] if folder else usual
        tabs, reason = chromium_tabs(app, folders, since)
        if tabs is not None:
            total = (total or 0) + tabs
        elif reason:
            reasons.append(reason)
    if total is not None:
        return total, None
    return None, reasons[0] if reasons else NOT_READ_REASON
