"""Judging the system around the session: who else is logged in, its own remote access, the
battery, and updates waiting for a restart."""

from __future__ import annotations

from safe_session.model import Outcome, Status
from safe_session.probes.system.facts import PowerFact, RemoteLoginFact, RestartFact
from safe_session.probes.system.sessions import LoginSession, SessionsFact
from safe_session.rules.base import Params
from safe_session.words import plural

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
        "source": fact.source,
        "sources_missing": [m.to_json() for m in fact.missing],
    }
    if not flagged and fact.missing:
        return Outcome(
            Status.UNKNOWN,
            "Could not tell who is logged in: "
            + "; ".join(m.reason.rstrip(". ") for m in fact.missing)
            + ".",
            details,
            situation="sources_missing",
        )
    if not flagged:
        return Outcome(Status.PASS, "No one else is logged in to this computer.", details)
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
    return Outcome(params.severity, " ".join(parts), details, situation=situation)


def _joined(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]


def remote_login(fact: RemoteLoginFact, params: Params) -> Outcome:
    """A way in that someone is using now is a problem. Remote desktop or screen sharing
    waiting for connections (or switched on, where the ports could not be seen) is a caution;
    so is an SSH server, except on Linux, where one often runs for the person's own use: there
    it counts only with someone connected (a remote login is also `system.other_sessions`'
    finding)."""
    if not isinstance(fact, RemoteLoginFact):
        raise TypeError("expected the system's own remote access")
    services = [s.to_json() for s in fact.services]
    details = {"services": services, "unseen": list(fact.unseen)}
    connected = [s.name for s in fact.services if s.connected]
    if connected:
        return Outcome(
            Status.FAIL,
            f"Someone is connected to this computer right now through {_joined(connected)}.",
            details,
            situation="connected",
        )
    # Switched on counts unless nothing listens for it (Windows Home keeps the Remote Desktop
    # setting but has no Remote Desktop host): then no one can connect now.
    open_now = [s for s in fact.services if s.listening or (s.on and s.listening is None)]
    counted = [s for s in open_now if s.kind == "desktop" or params.os_name != "linux"]
    if counted:
        parts = [
            f"{s.name} is {'on and waiting for connections' if s.listening else 'switched on'}"
            for s in counted
        ]
        return Outcome(
            params.severity,
            f"{_joined(parts)}: someone with the password could reach this computer from "
            "elsewhere. No one is connected now.",
            details,
        )
    if fact.unseen and all(s.on is None and s.listening is None for s in fact.services):
        reason = _joined(list(fact.unseen))
        return Outcome(
            Status.UNKNOWN,
            f"Could not check: {reason} could not be read.",
            {**details, "reason": reason},
            situation="unknown",
        )
    ssh = [s.name for s in open_now if s.kind == "ssh"]
    note = f" {_joined(ssh)} is running, with no one connected." if ssh else ""
    idle = [s.name for s in fact.services if s.on and s.listening is False]
    if idle:
        note += f" {_joined(idle)} is switched on in the settings, but nothing listens for it."
    unseen = f" Not seen: {_joined(list(fact.unseen))}." if fact.unseen else ""
    return Outcome(
        Status.PASS,
        "Nothing is waiting for remote desktop or screen-sharing connections, and no one is "
        f"connected.{note}{unseen}",
        details,
    )


def power(fact: PowerFact, params: Params) -> Outcome:
    if not isinstance(fact, PowerFact):
        raise TypeError("expected the power supply")
    low = params.number("low_percent", 30.0)
    details = {"percent": fact.percent, "plugged": fact.plugged, "has_battery": fact.has_battery}
    if not fact.has_battery:
        return Outcome(Status.PASS, "No battery: this computer runs on mains power.", details)
    level = f"{fact.percent:.0f}%" if fact.percent is not None else None
    if fact.plugged:
        shown = f" (battery at {level})" if level else ""
        return Outcome(Status.PASS, f"Plugged in{shown}.", details)
    if fact.percent is None:
        return Outcome(
            Status.UNKNOWN,
            "Could not check: the battery's level could not be read.",
            {**details, "reason": "the battery's level could not be read"},
            situation="unknown",
        )
    if fact.percent < low:
        charging = "and not charging" if fact.plugged is False else "and may not be charging"
        return Outcome(
            params.severity,
            f"On battery at {level} {charging}: it may not last the session.",
            details,
        )
    if fact.plugged is None:
        return Outcome(Status.PASS, f"Battery at {level}: enough for a session.", details)
    return Outcome(
        Status.PASS, f"On battery at {level}: enough for a session; plugging in is safer.", details
    )


def pending_restart(fact: RestartFact, params: Params) -> Outcome:
    """Any strong sign is a caution; a weak one alone (Windows' pending file renames, which
    antivirus and installers leave without asking for a restart) is only mentioned."""
    if not isinstance(fact, RestartFact):
        raise TypeError("expected the signs of a waiting restart")
    details = {
        "reasons": [r.text for r in fact.reasons],
        "found": [r.to_json() for r in fact.reasons],
        "looked_at": list(fact.looked_at),
    }
    strong = [r.text for r in fact.reasons if r.strong]
    weak = [r.text for r in fact.reasons if not r.strong]
    if strong:
        text = "; ".join(dict.fromkeys(strong))
        return Outcome(
            params.severity,
            f"A restart is waiting: {text}. Restart before the session, so it cannot "
            "interrupt you.",
            details,
        )
    if not fact.looked_at:
        return Outcome(
            Status.UNKNOWN,
            "Could not check: nothing that shows a waiting restart could be read.",
            {**details, "reason": "nothing that shows a waiting restart could be read"},
            situation="unknown",
        )
    note = f" (Also: {'; '.join(weak)}; that alone does not restart the computer.)" if weak else ""
    return Outcome(
        Status.PASS,
        f"No update is waiting to restart the computer "
        f"({plural(len(fact.looked_at), 'place')} looked at).{note}",
        details,
    )
