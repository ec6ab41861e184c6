"""Judging who else is using the microphone or the camera."""

from __future__ import annotations

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


def _situation(fact: DevicesFact) -> str:
    remote = any(m.situation == "remote_sound_server" for m in fact.missing)
    return "remote_sound_server" if remote else "sources_missing"


def mic_camera_in_use(fact: DevicesFact, params: Params) -> Outcome:
    if not isinstance(fact, DevicesFact):
        raise TypeError("expected the users of the microphone and camera")
    details = {
        "users": [u.to_json() for u in fact.users],
        "looked_at": list(fact.looked_at),
        "unreadable_processes": fact.unreadable_processes,
        "sources_missing": [m.to_json() for m in fact.missing],
    }
    unseen_note = f" Also, {unseen(fact.missing)}." if fact.missing else ""
    if fact.users:
        summary = "; ".join(_describe(u) for u in fact.users[:6])
        more = len(fact.users) - 6
        tail = f"; and {more} more" if more > 0 else ""
        return Outcome(
            params.severity,
            f"Another app is using your microphone or camera right now: {summary}{tail}."
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
        Status.PASS, "No other app is using the microphone or camera right now." + note, details
    )
