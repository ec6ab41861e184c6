"""Who is logged in to this computer, locally and remotely (psutil's view of utmp / WTS)."""

from __future__ import annotations

import getpass
import os

import msgspec
import psutil

from safe_session.probes.base import ProbeContext, Unavailable


class LoginSession(msgspec.Struct, frozen=True):
    user: str
    terminal: str | None
    host: str | None
    started: float | None
    pid: int | None


class SessionsFact(msgspec.Struct, frozen=True):
    me: str
    sessions: tuple[LoginSession, ...]


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return str(os.getuid()) if hasattr(os, "getuid") else ""


def gather(ctx: ProbeContext) -> SessionsFact:
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
    return SessionsFact(me=current_user(), sessions=sessions)
