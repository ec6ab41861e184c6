"""Judging what the session left behind: browser history, downloads, clipboard, recent files.

After the session nothing is a failure: what is found is something to tidy up (the catalog's
severity, usually "warn"), with an action the person may choose.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from safe_session.model import Outcome, Status
from safe_session.probes.browsers.history import HistoryFact
from safe_session.probes.browsers.portal_tabs import PortalTabsFact
from safe_session.probes.files.downloads import DownloadsFact
from safe_session.probes.files.recent_files import RecentFilesFact
from safe_session.probes.sources import Missing, unseen
from safe_session.probes.system.clipboard import ClipboardFact
from safe_session.rules.base import Params
from safe_session.words import plural


def _iso(when: datetime | None) -> str | None:
    return when.isoformat(timespec="seconds") if when else None


def _could_not(reason: str, situation: str, details: dict[str, Any]) -> Outcome:
    """Unknown, with the check's usual details (empty) kept for scripts that read them."""
    return Outcome(
        Status.UNKNOWN, f"Could not check: {reason}.", {**details, "reason": reason}, situation
    )


def browser_history(fact: HistoryFact, params: Params) -> Outcome:
    if not isinstance(fact, HistoryFact):
        raise TypeError("expected browser history counts")
    entries: list[dict[str, Any]] = []
    for p in fact.profiles:
        for d in p.domains:
            if d.visits == 0 and d.pages == 0:
                continue
            entries.append(
                {
                    "browser": p.browser,
                    "profile": p.profile,
                    "domain": d.domain,
                    "visits": d.visits,
                    "last_visit": _iso(d.last_visit),
                    "pages": d.pages,
                    "visits_in_window": d.visits_in_window,
                    "browser_open": p.open_reason is not None,
                    "profile_path": p.path,
                }
            )
    unreadable = [
        {"browser": p.browser, "profile": p.profile, "reason": p.error}
        for p in fact.profiles
        if p.error
    ]
    details: dict[str, Any] = {
        "entries": entries,
        "domains": list(fact.domains),
        "profiles_checked": len(fact.profiles) - len(unreadable),
        "unreadable": unreadable,
        "sources_missing": [m.to_json() for m in fact.missing],
    }
    if fact.unknown:
        return _could_not(fact.unknown, fact.situation, details)
    names = " and ".join(fact.domains)
    parts = []
    for e in entries:
        remembered = f"{plural(e['visits'], 'visit')} to" if e["visits"] else "the address of"
        parts.append(f"{e['browser']} ({e['profile']}) remembers {remembered} {e['domain']}")
    found = _found_or_unreadable(
        "Your browser history still shows the therapy portal", parts, "the history", details, params
    )
    if found is not None:
        return found
    if not fact.profiles:
        return Outcome(Status.PASS, "No browser history was found on this computer.", details)
    return Outcome(
        Status.PASS,
        f"No visits to {names} in the history of {plural(len(fact.profiles), 'browser profile')}.",
        details,
    )


def portal_tabs(fact: PortalTabsFact, params: Params) -> Outcome:
    """Counts per browser profile only: no address or title is in the fact to report."""
    if not isinstance(fact, PortalTabsFact):
        raise TypeError("expected the portal's tabs in the browsers' session files")
    entries: list[dict[str, Any]] = [
        {
            "browser": p.browser,
            "profile": p.profile,
            "open_tabs": p.counts.open_tabs,
            "closed_tabs": p.counts.closed_tabs,
            "closed_windows": p.counts.closed_windows,
            "browser_open": p.open_reason is not None,
        }
        for p in fact.profiles
        if p.counts.any
    ]
    unreadable = [
        {"browser": p.browser, "profile": p.profile, "reason": p.error}
        for p in fact.profiles
        if p.error
    ]
    checked = [p for p in fact.profiles if not p.error and p.sessions]
    details: dict[str, Any] = {
        "entries": entries,
        "domains": list(fact.domains),
        "profiles_checked": len(checked),
        "unreadable": unreadable,
        "sources_missing": [m.to_json() for m in fact.missing],
    }
    if fact.unknown:
        return _could_not(fact.unknown, fact.situation, details)
    parts = [f"{e['browser']} ({e['profile']}) {_tab_counts(e)}" for e in entries]
    found = _found_or_unreadable(
        "The therapy portal would come back in a browser", parts, "the open tabs", details, params
    )
    if found is not None:
        return found
    names = " and ".join(fact.domains)
    if not checked:
        return Outcome(
            Status.PASS, "No browser on this computer keeps open tabs to restore.", details
        )
    return Outcome(
        Status.PASS,
        f"No open or recently closed tab shows {names} in "
        f"{plural(len(checked), 'browser profile')}.",
        details,
    )


def _found_or_unreadable(
    headline: str, parts: list[str], what: str, details: dict[str, Any], params: Params
) -> Outcome | None:
    """The portal found in some profiles (`parts`, one per `details["entries"]`), else a profile
    that could not be read; None when neither, so the caller says what was looked at."""
    entries, unreadable = details["entries"], details["unreadable"]
    missing = [Missing(**m) for m in details["sources_missing"]]
    if entries:
        summary = f"{headline}: " + "; ".join(parts) + "."
        if unreadable:
            summary += f" {plural(len(unreadable), 'other profile')} could not be read."
        if missing:
            summary += f" Also, {unseen(missing)}."
        open_now = any(e["browser_open"] for e in entries)
        return Outcome(
            params.severity, summary, details, situation="browser_open" if open_now else "found"
        )
    if unreadable:
        first = unreadable[0]
        return Outcome(
            Status.UNKNOWN,
            f"Could not read {what} of {first['browser']} ({first['profile']}): {first['reason']}.",
            details,
            situation="unreadable",
        )
    if missing:
        return Outcome(
            Status.UNKNOWN,
            f"Could not look at {what} of every browser: {unseen(missing)}.",
            details,
            situation="unreadable",
        )
    return None


def _tab_counts(entry: dict[str, Any]) -> str:
    """ "has 1 tab of it open and 2 recently closed tabs and 1 closed window to reopen"."""
    said = []
    if entry["open_tabs"]:
        said.append(f"has {plural(entry['open_tabs'], 'tab')} of it open")
    closed = [
        plural(entry[key], word)
        for key, word in (
            ("closed_tabs", "recently closed tab"),
            ("closed_windows", "closed window"),
        )
        if entry[key]
    ]
    if closed:
        said.append(f"offers {' and '.join(closed)} to reopen")
    return ", and ".join(said)


def _names(paths: list[str], most: int = 3) -> str:
    names = [Path(p).name for p in paths[:most]]
    more = len(paths) - len(names)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def downloads(fact: DownloadsFact, params: Params) -> Outcome:
    if not isinstance(fact, DownloadsFact):
        raise TypeError("expected the new files in Downloads")
    details: dict[str, Any] = {
        "files": [
            {
                "path": f.path,
                "size": f.size,
                "modified": _iso(f.modified),
                "arrived": _iso(f.arrived),
                "time_source": f.time_source,
            }
            for f in fact.files
        ],
        "folder": fact.folder,
        "since": _iso(fact.since),
        "truncated": fact.truncated,
        "sources_missing": [m.to_json() for m in fact.missing],
    }
    if fact.unknown:
        return _could_not(fact.unknown, fact.situation, details)
    if not fact.exists:
        return Outcome(Status.PASS, "There is no Downloads folder on this computer.", details)
    if not fact.files and fact.missing:
        return Outcome(
            Status.UNKNOWN,
            "Nothing new was found in the parts of your Downloads folder that could be looked "
            f"at, but not all of it could: {unseen(fact.missing)}.",
            details,
            situation="unreadable",
        )
    if not fact.files:
        return Outcome(
            Status.PASS, "Nothing new arrived in your Downloads folder during the session.", details
        )
    count = plural(len(fact.files), "file") + (" or more" if fact.truncated else "")
    note = f" Also, {unseen(fact.missing)}." if fact.missing else ""
    return Outcome(
        params.severity,
        f"{count} arrived in your Downloads folder during the session: "
        f"{_names([f.path for f in fact.files])}.{note}",
        details,
        situation="found",
    )


def recent_files(fact: RecentFilesFact, params: Params) -> Outcome:
    if not isinstance(fact, RecentFilesFact):
        raise TypeError("expected the recently-used entries")
    details: dict[str, Any] = {
        "entries": [
            {"name": e.name, "target": e.target, "added": _iso(e.added), "apps": list(e.apps)}
            for e in fact.entries
        ],
        "source": fact.source,
        "location": fact.location,
        "since": _iso(fact.since),
    }
    if fact.unknown:
        return _could_not(fact.unknown, fact.situation, details)
    if not fact.entries:
        return Outcome(
            Status.PASS,
            "No files opened during the session are listed under Recent files.",
            details,
        )
    count = plural(len(fact.entries), "file")
    return Outcome(
        params.severity,
        f"{count} opened during the session "
        f"{'is' if len(fact.entries) == 1 else 'are'} listed under Recent files: "
        f"{_names([e.name for e in fact.entries])}.",
        details,
        situation="found",
    )


def clipboard(fact: ClipboardFact, params: Params) -> Outcome:
    """Only whether it holds something, and of what kinds: its content is never read."""
    if not isinstance(fact, ClipboardFact):
        raise TypeError("expected the clipboard's state")
    details: dict[str, Any] = {
        "non_empty": fact.non_empty,
        "types": list(fact.types),
        "system": fact.system,
        "tool": fact.tool,
    }
    if fact.non_empty is None:
        return _could_not(
            fact.unknown or "the clipboard could not be asked", fact.situation, details
        )
    if not fact.non_empty:
        return Outcome(Status.PASS, "The clipboard is empty.", details)
    return Outcome(
        params.severity,
        "The clipboard still holds something you copied (it is not shown here). "
        "Anyone using this computer could paste it.",
        details,
        situation="found",
    )
