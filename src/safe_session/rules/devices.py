"""Judging who else is using the microphone or the camera."""

from __future__ import annotations

from safe_session.model import Outcome, Status
from safe_session.probes.devices import DevicesFact, DeviceUser
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


def _headline(users: tuple[DeviceUser, ...]) -> str:
    """ "Zoom is using the microphone", or how many apps use which devices."""
    kinds = list(dict.fromkeys(_KIND_WORDS.get(u.kind, u.kind) for u in users))
    what = " and ".join(kinds)
    names = list(dict.fromkeys(u.name or "An app" for u in users))
    if len(names) == 1:
        verb = "is recording" if kinds == [_KIND_WORDS["sound output"]] else "is using"
        return f"{names[0]} {verb} {what}"
    return f"{len(names)} other apps are using {what}"


def mic_camera_in_use(fact: DevicesFact, params: Params) -> Outcome:
    if not isinstance(fact, DevicesFact):
        raise TypeError("expected the users of the microphone and camera")
    details = {
        "users": [u.to_json() for u in fact.users],
        "looked_at": list(fact.looked_at),
        "unreadable_processes": fact.unreadable_processes,
    }
    if fact.users:
        summary = "; ".join(_describe(u) for u in fact.users[:6])
        more = len(fact.users) - 6
        tail = f"; and {more} more" if more > 0 else ""
        return Outcome(
            params.severity,
            f"Another app is using your microphone or camera right now: {summary}{tail}.",
            details,
            headline=_headline(fact.users),
        )
    note = " Some apps of other users could not be looked at." if fact.unreadable_processes else ""
    return Outcome(
        Status.PASS,
        "No other app is using the microphone or camera right now." + note,
        details,
        headline="No other app is using the microphone or camera right now",
    )
