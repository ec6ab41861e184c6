"""Judging running apps: remote access, screen recorders, monitoring software, pop-up
notifications, browsers, and (after the session) video-call apps still open."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from safe_session.app_matcher import normalize
from safe_session.model import Outcome, Status
from safe_session.probes.apps.notifications import NotificationsFact
from safe_session.probes.apps.processes import AppMatch, RunningApps
from safe_session.probes.browsers.tabs import BrowsersFact, BrowserUse
from safe_session.probes.sources import Missing, unseen
from safe_session.rules.base import Params
from safe_session.words import plural

DEFAULT_MAX_BROWSERS = 2
DEFAULT_MAX_TABS = 10


def _need(fact: object, kind: type, what: str) -> None:
    if not isinstance(fact, kind):
        raise TypeError(f"expected {what}")


def _details(matches: Iterable[AppMatch]) -> dict[str, Any]:
    return {"matches": [m.to_json() for m in matches]}


def app_names(matches: Iterable[AppMatch]) -> list[str]:
    """Each app once, in the order found."""
    return list(dict.fromkeys(m.app for m in matches))


def labels(matches: Iterable[AppMatch]) -> list[str]:
    """Each app once, with the process it was seen as when that name differs from the app's."""
    seen: dict[str, str] = {}
    for m in matches:
        if m.app not in seen:
            differs = m.name and normalize(m.name) != normalize(m.app)
            seen[m.app] = f'{m.app} (seen as "{m.name}")' if differs else m.app
    return list(seen.values())


def join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _is_are(names: list[str]) -> str:
    return "is" if len(names) == 1 else "are"


def _hint_note(matches: Iterable[AppMatch]) -> str:
    """Say plainly when a match is only a hint."""
    weak = [m for m in matches if m.sure == "low"]
    if not weak:
        return ""
    hows = join(list(dict.fromkeys(f"{m.app} ({m.how})" for m in weak)))
    return f" Some of this is only a hint and may be something else: {hows}."


def remote_access(fact: RunningApps, params: Params) -> Outcome:
    _need(fact, RunningApps, "the running apps")
    found = fact.in_category("remote_access")
    tools = [m for m in found if m.role != "viewer"]
    viewers = [m for m in found if m.role == "viewer"]
    details = _details(found)
    viewer_note = ""
    if viewers:
        names = app_names(viewers)
        viewer_note = (
            f" {join(names)} {_is_are(names)} open too: a viewer shows another computer here "
            "and does not share this one."
        )
    if not tools:
        return Outcome(Status.PASS, "No remote-access app is running." + viewer_note, details)
    names = labels(tools)
    connected = [m for m in tools if m.incoming]
    if connected:
        busy = labels(connected)
        summary = (
            f"{join(busy)} {_is_are(busy)} running and someone is connected to this computer "
            "through it right now. They may be able to see or control your screen."
        )
        return Outcome(Status.FAIL, summary + viewer_note, details, situation="connected")
    summary = (
        f"{join(names)} {_is_are(names)} running. While a remote-access app runs, someone with "
        "access to it could see or control this screen, including your session."
    )
    return Outcome(params.severity, summary + _hint_note(tools) + viewer_note, details)


def screen_capture(fact: RunningApps, params: Params) -> Outcome:
    _need(fact, RunningApps, "the running apps")
    found = fact.in_category("screen_capture")
    details = _details(found)
    if not found:
        return Outcome(Status.PASS, "No screen recorder or streaming app is running.", details)
    names = labels(found)
    summary = (
        f"{join(names)} {_is_are(names)} running. A screen recorder or streaming app can record "
        "or broadcast what is on your screen and what you hear, so your session could be kept."
    )
    return Outcome(params.severity, summary + _hint_note(found), details)


def monitoring(fact: RunningApps, params: Params) -> Outcome:
    _need(fact, RunningApps, "the running apps")
    found = fact.in_category("monitoring")
    details = _details(found)
    if not found:
        return Outcome(
            Status.PASS, "None of the monitoring software we know of is running.", details
        )
    names = labels(found)
    summary = (
        f"This computer is running something that looks like monitoring software: {join(names)}. "
        "Software like this can let another person see what you do here, and so it could "
        "include your session."
    )
    return Outcome(params.severity, summary + _hint_note(found), details)


def notifications(fact: NotificationsFact, params: Params) -> Outcome:
    _need(fact, NotificationsFact, "the chat apps and Do Not Disturb")
    details = _details(fact.matches)
    details["do_not_disturb"] = fact.dnd.on
    details["do_not_disturb_source"] = fact.dnd.source
    names = labels(fact.matches)
    if fact.dnd.on is True:
        opened = f" ({join(names)} {_is_are(names)} open)" if names else ""
        return Outcome(
            Status.PASS,
            f"Do Not Disturb is on, so messages will not pop up on the screen{opened}.",
            details,
        )
    if not names:
        return Outcome(Status.PASS, "No chat or mail app that we know of is open.", details)
    risk = (
        f"{join(names)} {_is_are(names)} open. A message could pop up on the screen during the "
        "session, for example while you share your screen."
    )
    if fact.dnd.on is False:
        return Outcome(params.severity, risk + " Do Not Disturb is off.", details)
    reason = f" ({fact.dnd.reason})" if fact.dnd.reason else ""
    return Outcome(
        params.severity,
        risk + f" We could not tell whether Do Not Disturb is on{reason}.",
        details,
        situation="dnd_unknown",
    )


def _browser_phrase(b: BrowserUse) -> str:
    if b.tabs is None:
        return f"{b.app} (tabs could not be counted)"
    return f"{b.app} ({plural(b.tabs, 'tab')})"


def browsers(fact: BrowsersFact, params: Params) -> Outcome:
    _need(fact, BrowsersFact, "the open browsers")
    max_browsers = int(params.number("max_browsers", DEFAULT_MAX_BROWSERS))
    max_tabs = int(params.number("max_tabs", DEFAULT_MAX_TABS))
    found = list(fact.browsers)
    # a fact made without `missing` still says which counts are not known
    missing = fact.missing or tuple(
        Missing(f"{b.app}'s open tabs", b.tabs_reason or "they could not be counted")
        for b in found
        if b.tabs is None
    )
    details: dict[str, Any] = {
        "browsers": [b.to_json() for b in found],
        "max_browsers": max_browsers,
        "max_tabs": max_tabs,
        "sources_missing": [m.to_json() for m in missing],
    }
    if not found:
        return Outcome(Status.PASS, "No browser is open.", details)
    known_tabs = [b.tabs for b in found if b.tabs is not None]
    tabs = sum(known_tabs)
    listed = join([_browser_phrase(b) for b in found])
    opening = (
        f"One browser is open: {listed}."
        if len(found) == 1
        else f"{len(found)} browsers are open: {listed}."
    )
    problems = []
    if len(found) > max_browsers:
        problems.append(f"more than {plural(max_browsers, 'browser')}")
    if tabs > max_tabs:
        problems.append(f"more than {plural(max_tabs, 'tab')}")
    if problems:
        summary = (
            f"{opening} That is {join(problems)}: other pages can play sounds, show messages, "
            "or be shared by mistake when you share your screen."
        )
        return Outcome(params.severity, summary, details)
    if missing:
        summary = (
            f"{opening} Whether more than {plural(max_tabs, 'tab')} are open is not known: "
            f"{unseen(missing)}. Close the tabs you do not need."
        )
        return Outcome(Status.UNKNOWN, summary, details, situation="tabs_unknown")
    return Outcome(Status.PASS, opening, details)


def still_open(fact: RunningApps, params: Params) -> Outcome:
    """After the session: video-call and therapy apps still running."""
    _need(fact, RunningApps, "the running apps")
    found = [m for m in fact.in_category("video_call") if m.mine is not False]
    details = _details(found)
    if not found:
        return Outcome(Status.PASS, "No video-call or therapy app is still running.", details)
    names = labels(found)
    summary = (
        f"{join(names)} {_is_are(names)} still running. Closing it makes sure the call is over "
        "and the camera and microphone are free."
    )
    return Outcome(params.severity, summary, details)
