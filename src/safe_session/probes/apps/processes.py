"""Which known apps are running: one process-table snapshot, matched against the apps catalog.

One psutil pass with only the attributes the matcher needs; command lines are read only for
the few processes whose command line decides a match (ffmpeg, a Python launcher). Processes that
vanish mid-read are left out, zombies are not counted as running, and attributes the system
will not show are None. The snapshot is shared: every apps check that runs at the same moment
gets the same one, so a run costs one pass however many checks need it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import msgspec
import psutil

from safe_session.app_matcher import AppMatcher, Hit
from safe_session.data import load_apps
from safe_session.data.apps_types import KnownApp
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.system.sessions import current_user

SHARED_FOR_SECONDS = 2.0  # checks started together share a snapshot; "check again" gets a new one
PROFILE_HOW = "named in your therapist's profile"


class ProcessInfo(msgspec.Struct, frozen=True):
    pid: int
    name: str
    exe: str | None
    uid: int | None  # POSIX
    username: str | None  # Windows
    zombie: bool = False


class ProcessTable(msgspec.Struct, frozen=True):
    processes: tuple[ProcessInfo, ...]
    my_uid: int | None
    my_username: str
    taken_at: float  # time.monotonic()

    def is_mine(self, proc: ProcessInfo) -> bool | None:
        """Whether the person's own account runs it; None when the system would not say."""
        if self.my_uid is not None:
            return None if proc.uid is None else proc.uid == self.my_uid
        if proc.username is None:
            return None
        return same_user(proc.username, self.my_username)


def same_user(process_user: str, me: str) -> bool:
    """Windows reports `DOMAIN\\user`; the login name alone is compared, ignoring case."""
    return process_user.rsplit("\\", 1)[-1].casefold() == me.rsplit("\\", 1)[-1].casefold()


class AppMatch(msgspec.Struct, frozen=True):
    """A running process recognised as a known app, in one of the app's categories."""

    pid: int
    name: str  # the process name: hostile text
    app: str
    category: str
    how: str
    sure: str
    role: str | None = None
    mine: bool | None = None
    incoming: int | None = None  # active incoming connections (remote access), None: unseen

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "pid": self.pid,
            "app": self.app,
            "category": self.category,
            "how": self.how,
            "sure": self.sure,
            "own": self.mine,
        }
        if self.role:
            out["role"] = self.role
        if self.category == "remote_access" and self.role is None:
            out["incoming_connections"] = self.incoming
        return out


class RunningApps(msgspec.Struct, frozen=True):
    matches: tuple[AppMatch, ...]
    processes_seen: int

    def in_category(self, category: str) -> tuple[AppMatch, ...]:
        return tuple(m for m in self.matches if m.category == category)


# Start times are not among them: on Linux each costs a read of /proc/stat, and only a
# browser's few processes need one (`start_time`).
_POSIX_ATTRS = ["pid", "name", "exe", "uids", "status"]
_WINDOWS_ATTRS = ["pid", "name", "exe", "username", "status"]
_lock = threading.Lock()
_shared: ProcessTable | None = None


def take_snapshot() -> ProcessTable:
    """One pass over the process table. Raises Unavailable if the system will not list it."""
    windows = os.name == "nt"
    attrs = _WINDOWS_ATTRS if windows else _POSIX_ATTRS
    rows: list[ProcessInfo] = []
    try:
        for proc in psutil.process_iter(attrs, ad_value=None):
            info = proc.info
            rows.append(_row(info))
    except psutil.AccessDenied:
        raise Unavailable(
            "this computer does not let us see which apps are running", "permission"
        ) from None
    except OSError as exc:
        raise Unavailable(f"the list of running apps could not be read ({exc})") from None
    my_uid = os.getuid() if hasattr(os, "getuid") else None
    return ProcessTable(tuple(rows), my_uid, current_user(), time.monotonic())


def _row(info: dict[str, Any]) -> ProcessInfo:
    uids = info.get("uids")
    return ProcessInfo(
        pid=int(info["pid"]),
        name=info.get("name") or "",
        exe=info.get("exe") or None,
        uid=uids.real if uids is not None else None,
        username=info.get("username"),
        zombie=info.get("status") == psutil.STATUS_ZOMBIE,
    )


def snapshot(max_age: float = SHARED_FOR_SECONDS) -> ProcessTable:
    """The shared snapshot: taken once for checks that start together."""
    global _shared
    with _lock:
        if _shared is None or time.monotonic() - _shared.taken_at > max_age:
            _shared = take_snapshot()
        return _shared


def command_line(pid: int) -> tuple[str, ...] | None:
    try:
        return tuple(psutil.Process(pid).cmdline())
    except (psutil.Error, OSError):
        return None


def start_time(pid: int) -> float | None:
    """When a process started (seconds since the epoch); None when it is gone or hidden."""
    try:
        return psutil.Process(pid).create_time()
    except (psutil.Error, OSError):
        return None


def outer_bundle(exe: str) -> str | None:
    """The outermost `X.app` folder of a macOS executable path, e.g. `/Applications/Zoom.app`."""
    marker = exe.find(".app/")
    return exe[: marker + 4] if marker > 0 else None


MAX_PLIST_BYTES = 1024 * 1024  # an app's Info.plist is a few kilobytes


@lru_cache(maxsize=512)
def _bundle_id(bundle: str) -> str | None:
    import plistlib  # macOS only; kept out of start-up time elsewhere

    from safe_session.regular_files import read_regular

    try:
        raw = read_regular(Path(bundle) / "Contents" / "Info.plist", MAX_PLIST_BYTES)
        data = plistlib.loads(raw)
    except (OSError, ValueError, plistlib.InvalidFileException):
        return None
    value = data.get("CFBundleIdentifier") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def bundle_id_of(exe: str) -> str | None:
    bundle = outer_bundle(exe)
    return _bundle_id(bundle) if bundle else None


_matchers: dict[str, AppMatcher] = {}
_matchers_lock = threading.Lock()


def catalog_matcher(os_name: str) -> AppMatcher:
    """The catalog compiled for `os_name`, once (under the lock: checks ask at the same time)."""
    with _matchers_lock:
        if os_name not in _matchers:
            _matchers[os_name] = AppMatcher(load_apps().apps, os_name)
        return _matchers[os_name]


def profile_apps(names: Iterable[str]) -> tuple[KnownApp, ...]:
    """The profile's platform apps as video-call entries, matched by name and `.app` bundle."""
    apps: list[KnownApp] = []
    for raw in dict.fromkeys(n.strip() for n in names):
        if not raw or "/" in raw or "\\" in raw:
            continue
        apps.append(
            KnownApp(
                name=raw,
                category="video_call",
                sure="medium",
                linux=[raw],
                macos=[raw],
                windows=[raw],
                bundles=[raw if raw.lower().endswith(".app") else raw + ".app"],
            )
        )
    return tuple(apps)


def find_apps(
    table: ProcessTable,
    matcher: AppMatcher,
    os_name: str,
    extra: AppMatcher | None = None,
    skip_pids: frozenset[int] = frozenset(),
) -> list[AppMatch]:
    """Every running (not zombie) process that is a known app, once per app and category."""
    found: list[AppMatch] = []
    for proc in table.processes:
        if proc.zombie or not proc.name or proc.pid in skip_pids:
            continue
        hits = _hits(proc, matcher, os_name)
        if extra is not None:
            hits += tuple(
                Hit(h.app, f"{h.how}, {PROFILE_HOW}", h.sure)
                for h in _hits(proc, extra, os_name)
                if all(h.app.name.casefold() != o.app.name.casefold() for o in hits)
            )
        if not hits:
            continue
        mine = table.is_mine(proc)
        for hit in hits:
            for category in hit.app.categories:
                found.append(
                    AppMatch(
                        proc.pid,
                        proc.name,
                        hit.app.name,
                        category,
                        hit.how,
                        hit.sure,
                        hit.app.role,
                        mine,
                    )
                )
    return found


def _hits(proc: ProcessInfo, matcher: AppMatcher, os_name: str) -> tuple[Hit, ...]:
    hits = matcher.match(proc.name, proc.exe)
    if matcher.wants_command_line(proc.name, proc.exe):
        cmdline = command_line(proc.pid)
        if cmdline:
            hits = matcher.match(proc.name, proc.exe, cmdline=cmdline)
    if not hits and os_name == "macos" and proc.exe and ".app/" in proc.exe:
        bid = bundle_id_of(proc.exe)
        if bid:
            hits = matcher.match(proc.name, proc.exe, bundle_id=bid)
    return hits


def count_incoming(connections: Iterable[tuple[str, int | None, bool]]) -> int:
    """Established connections on a port the same process listens on: someone connected in.

    Each connection is (status, local port, has a remote address). Pure.
    """
    conns = list(connections)
    listening = {port for status, port, _ in conns if status == "LISTEN" and port is not None}
    return sum(
        1
        for status, port, remote in conns
        if status == "ESTABLISHED" and remote and port in listening
    )


def incoming_connections(pid: int) -> int | None:
    """Active incoming TCP connections of one process; None when the system will not show them.

    Tools that relay through their vendor's servers show no incoming connection even while
    someone watches: zero means none could be seen, not that none exists.
    """
    try:
        conns = psutil.Process(pid).net_connections(kind="tcp")
    except psutil.NoSuchProcess:
        return 0
    except (psutil.Error, OSError):
        return None
    return count_incoming(
        (c.status, c.laddr.port if c.laddr else None, bool(c.raddr)) for c in conns
    )


def running_apps(ctx: ProbeContext) -> RunningApps:
    """Known apps running now, the profile's platform apps included."""
    table = snapshot()
    extra_apps = profile_apps(ctx.extra_apps)
    extra = AppMatcher(extra_apps, ctx.os_name) if extra_apps else None
    matches = find_apps(
        table, catalog_matcher(ctx.os_name), ctx.os_name, extra, frozenset({os.getpid()})
    )
    return RunningApps(tuple(matches), len(table.processes))


def gather(ctx: ProbeContext) -> RunningApps:
    found = running_apps(ctx)
    seen: dict[int, int | None] = {}
    out: list[AppMatch] = []
    for m in found.matches:
        if m.category == "remote_access" and m.role is None:
            if m.pid not in seen:
                seen[m.pid] = incoming_connections(m.pid)
            m = AppMatch(
                m.pid, m.name, m.app, m.category, m.how, m.sure, m.role, m.mine, seen[m.pid]
            )
        out.append(m)
    return RunningApps(tuple(out), found.processes_seen)
