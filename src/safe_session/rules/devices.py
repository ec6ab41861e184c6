"""Judging who else is using the microphone or the camera."""

from __future__ import annotations

from safe_session.data import load_system_listeners
from safe_session.data.listener_types import SystemListeners
from safe_session.model import Outcome, Status
from safe_session.probes.devices import DevicesFact, DeviceUser
from safe_session.probes.sources import unseen
from safe_session.rules.base import Params

_KIND_WORDS = {
    "microphone": "the microphone",
    "camera": "the camera",
    "sound output": "what your computer plays",
}


def _describe(u: DeviceUser) -> str:
    who = u.name or "an app"
    pid = f", process {u.pid}" if u.pid is not None else ""
    verb = "is recording" if u.kind == "sound output" else "is using"
    return f"{who}{pid} {verb} {_KIND_WORDS.get(u.kind, u.kind)}"


def split_system_listeners(
    users: tuple[DeviceUser, ...], params: Params, listeners: SystemListeners | None = None
) -> tuple[list[DeviceUser], list[tuple[DeviceUser, str]]]:
    """(apps, system listeners): the system's own microphone listeners ("Hey Siri", listed in
    checks/system-listeners.toml) are not another app using the microphone."""
    known = listeners if listeners is not None else load_system_listeners()
    apps: list[DeviceUser] = []
    system: list[tuple[DeviceUser, str]] = []
    for user in users:
        found = known.find(params.os_name, user.name) if user.kind == "microphone" else None
        if found is None:
            apps.append(user)
        else:
            system.append((user, found.what))
    return apps, system


def _situation(fact: DevicesFact) -> str:
    remote = any(m.situation == "remote_sound_server" for m in fact.missing)
    return "remote_sound_server" if remote else "sources_missing"


def mic_camera_in_use(fact: DevicesFact, params: Params) -> Outcome:
    if not isinstance(fact, DevicesFact):
        raise TypeError("expected the users of the microphone and camera")
    users, system = split_system_listeners(fact.users, params)
    details = {
        "users": [u.to_json() for u in users],
        "system_listeners": [{**u.to_json(), "what": what} for u, what in system],
        "looked_at": list(fact.looked_at),
        "unreadable_processes": fact.unreadable_processes,
        "sources_missing": [m.to_json() for m in fact.missing],
    }
    heard = ""
    if system:
        names = sorted({what for _, what in system})
        heard = f" Not counted, as part of the system itself: {', '.join(names)}."
    unseen_note = f" Also, {unseen(fact.missing)}." if fact.missing else ""
    if users:
        summary = "; ".join(_describe(u) for u in users[:6])
        more = len(users) - 6
        tail = f"; and {more} more" if more > 0 else ""
        return Outcome(
            params.severity,
            f"Another app is using your microphone or camera right now: {summary}{tail}.{heard}"
            + unseen_note,
            details,
        )
    if fact.missing:
        return Outcome(
            Status.UNKNOWN,
            "No other app was seen using the microphone or camera, but not everything could "
            f"be looked at: {unseen(fact.missing)}. An app recording that way would not show "
            "here.",
            details,
            situation=_situation(fact),
        )
    note = " Some apps of other users could not be looked at." if fact.unreadable_processes else ""
    return Outcome(
        Status.PASS,
        "No other app is using the microphone or camera right now." + heard + note,
        details,
    )
