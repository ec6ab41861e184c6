"""Judging who else is logged in."""

from __future__ import annotations

from safe_session.model import Outcome, Status
from safe_session.probes.system.sessions import LoginSession, SessionsFact
from safe_session.rules.base import Params

_LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1", "0.0.0.0"}


def is_remote(host: str | None) -> bool:
    """A login with a host that is not a local display or a local terminal multiplexer."""
    if host is None:
        return False
    h = host.strip().lower()
    local = h in _LOCAL_HOSTS or h.startswith((":", "tmux(", "localhost:"))
    return not local


def _describe(s: LoginSession) -> str:
    where = (
        f"from {s.host}" if is_remote(s.host) else (f"on {s.terminal}" if s.terminal else "here")
    )
    return f"{s.user or 'an unnamed user'} ({where})"


def other_sessions(fact: SessionsFact, params: Params) -> Outcome:
    if not isinstance(fact, SessionsFact):
        raise TypeError("expected the list of logged-in sessions")
    others = [s for s in fact.sessions if s.user != fact.me]
    remote_me = [s for s in fact.sessions if s.user == fact.me and is_remote(s.host)]
    flagged = others + remote_me
    details = {
        "sessions": [{"user": s.user, "terminal": s.terminal, "host": s.host} for s in flagged],
        "own_sessions": len(fact.sessions) - len(flagged),
    }
    if not flagged:
        return Outcome(
            Status.PASS,
            "No one else is logged in to this computer.",
            details,
            headline="No one else is logged in to this computer",
        )
    parts = []
    if others:
        parts.append("Someone else is logged in: " + ", ".join(_describe(s) for s in others) + ".")
    if remote_me:
        parts.append(
            "Your account is also logged in from another place: "
            + ", ".join(_describe(s) for s in remote_me)
            + "."
        )
    situation = "remote" if any(is_remote(s.host) for s in flagged) else "default"
    headline = (
        "Someone else is logged in to this computer"
        if others
        else "Your account is also logged in from another place"
    )
    return Outcome(
        params.severity, " ".join(parts), details, situation=situation, headline=headline
    )
