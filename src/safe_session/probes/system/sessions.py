"""Who is logged in to this computer, locally and remotely: psutil's view of the login records
(utmp on Linux and macOS, WTS on Windows).

Some Linux systems keep no utmp at all (newer distributions that dropped it, containers); psutil
then lists no one, which must not read as "no one else". There systemd-logind is asked instead
(`loginctl`, over the system bus: a local socket), and when it cannot be asked either, the fact
says that the list could not be seen. The loginctl parsers are pure and never raise.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import msgspec
import psutil

from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.sources import Missing
from safe_session.probes.tools import Budget, ToolSpec

UTMP_FILES = (Path("/var/run/utmp"), Path("/run/utmp"))
LOGINCTL_TIMEOUT = 1.2
LOGINCTL_BUDGET = 2.5  # both commands, within the check's 3 seconds
SOURCE = "the list of who is logged in"
_SHOWN = ("Id", "Name", "TTY", "Display", "Remote", "RemoteHost", "Leader")


class LoginSession(msgspec.Struct, frozen=True):
    user: str
    terminal: str | None
    host: str | None
    started: float | None
    pid: int | None


class SessionsFact(msgspec.Struct, frozen=True):
    me: str
    sessions: tuple[LoginSession, ...]
    source: str = "login records"  # or "logind"
    missing: tuple[Missing, ...] = ()  # the list itself, when neither source answered


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return str(os.getuid()) if hasattr(os, "getuid") else ""


# ---------------------------------------------------------------- loginctl (pure)


def parse_list_sessions(text: str) -> list[str]:
    """Session ids from `loginctl list-sessions --no-legend`: "SESSION UID USER SEAT TTY ..."."""
    ids = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1].isdecimal() and parts[0].isalnum():
            ids.append(parts[0])
    return ids


def parse_show_sessions(text: str) -> list[LoginSession]:
    """`loginctl show-session ID... -p Name -p TTY -p Remote -p RemoteHost ...`: a block of
    `Key=value` lines per session, the blocks apart by an empty line."""
    sessions = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        values: dict[str, str] = {}
        for line in block.splitlines():
            key, sep, value = line.partition("=")
            if sep:
                values[key.strip()] = value.strip()
        if not values.get("Name"):
            continue
        remote = values.get("Remote", "").lower() == "yes"
        leader = values.get("Leader", "")
        sessions.append(
            LoginSession(
                user=values["Name"],
                terminal=values.get("TTY") or values.get("Display") or None,
                host=(values.get("RemoteHost") or "another computer") if remote else None,
                started=None,
                pid=int(leader) if leader.isdecimal() else None,
            )
        )
    return sessions


LIST_SESSIONS = ToolSpec(
    "loginctl",
    ("loginctl", "list-sessions", "--no-legend", "--no-pager"),
    parse_list_sessions,
    LOGINCTL_TIMEOUT,
)


def show_sessions(ids: list[str]) -> ToolSpec[list[LoginSession]]:
    shown = [part for name in _SHOWN for part in ("-p", name)]
    return ToolSpec(
        "loginctl-show",
        ("loginctl", "show-session", *ids, *shown, "--no-pager"),
        parse_show_sessions,
        LOGINCTL_TIMEOUT,
    )


# ---------------------------------------------------------------- asking the system


def _from_logind() -> list[LoginSession]:
    """Every session logind knows. Raises Unavailable when it cannot be asked."""
    budget = Budget(LOGINCTL_BUDGET)
    env = {**os.environ, "LC_ALL": "C"}
    ids = LIST_SESSIONS.read(budget.timeout(LIST_SESSIONS.timeout), env=env)
    if not ids:
        return []
    details = show_sessions(ids)
    return details.read(budget.timeout(details.timeout), env=env)


def _has_utmp() -> bool:
    return any(path.exists() for path in UTMP_FILES)


def gather(ctx: ProbeContext) -> SessionsFact:
    me = current_user()
    if ctx.os_name == "linux" and not _has_utmp():
        try:
            return SessionsFact(me, tuple(_from_logind()), "logind")
        except Unavailable as exc:
            why = f"this system keeps no login records, and logind could not be asked: {exc.reason}"
            return SessionsFact(me, (), "none", (Missing(SOURCE, why, exc.situation),))
    try:
        users = psutil.users()
    except psutil.AccessDenied:
        raise Unavailable(
            "this computer does not let us list who is logged in", "permission"
        ) from None
    except (OSError, RuntimeError) as exc:
        raise Unavailable(f"the list of logged-in users could not be read ({exc})") from None
    sessions = tuple(
        LoginSession(
            user=u.name or "",
            terminal=u.terminal or None,
            host=u.host or None,
            started=u.started,
            pid=getattr(u, "pid", None),
        )
        for u in users
    )
    return SessionsFact(me=me, sessions=sessions)
