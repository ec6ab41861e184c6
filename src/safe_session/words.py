"""The words every front end uses for statuses, verdicts and counts, so the screen, `--plain`
and the README never drift apart. Plain data: no terminal, no Textual."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from safe_session.model import Phase, Result, Status, Verdict

# The plain report's word for each status (upper case: it must read without colour).
STATUS_WORDS: dict[Status, str] = {
    Status.PASS: "OK",
    Status.WARN: "CAUTION",
    Status.FAIL: "PROBLEM",
    Status.UNKNOWN: "UNKNOWN",
    Status.SKIPPED: "SKIPPED",
    Status.MANUAL: "CONFIRM",
}

# The same statuses as the screen says them, beside a symbol.
SCREEN_WORDS: dict[Status, str] = {
    Status.PASS: "OK",
    Status.WARN: "Caution",
    Status.FAIL: "Problem",
    Status.UNKNOWN: "Unknown",
    Status.SKIPPED: "Skipped",
    Status.MANUAL: "Confirm",
}
WAITING_WORD = "Checking"

# A safety note (monitoring software) keeps its status in the JSON report, but is never called a
# problem to fix: removing such software can be noticed by whoever installed it.
NOTE_WORD = "NOTE"
SCREEN_NOTE_WORD = "Note"
NOTE_HEADLINE = "Please read the safety note"


def is_note(result: Result) -> bool:
    """A finding to read calmly, not to fix (its status is still a warn or a fail)."""
    return result.safety_note and result.status in (Status.WARN, Status.FAIL)


def plain_word(result: Result) -> str:
    return NOTE_WORD if is_note(result) else STATUS_WORDS[result.status]


# One or three words at the top of a screen.
HEADLINES: dict[tuple[Phase, Verdict], str] = {
    ("before", Verdict.READY): "Ready",
    ("before", Verdict.CAUTIONS): "Ready with cautions",
    ("before", Verdict.NOT_READY): "Not ready yet",
    ("after", Verdict.READY): "All clear",
    ("after", Verdict.CAUTIONS): "A few things to tidy up",
    ("after", Verdict.NOT_READY): "A few things to tidy up",
}

# What the screen says while a verdict cannot be given yet: checks still running (the headline,
# then what they look at), or the person's own questions still to answer.
CHECKING: dict[Phase, str] = {"before": "Checking…", "after": "Looking…"}
STILL_RUNNING: dict[Phase, str] = {"before": "Still checking", "after": "Still looking at"}


def answer_the_questions(count: int) -> str:
    """The before screen's headline while questions only the person can answer are open."""
    return "Answer the question below" if count == 1 else f"Answer the {count} questions below"


# The plain report's verdict line (`verdict_line` adds the safety note and the portal's name).
VERDICT_WORDS: dict[tuple[Phase, Verdict], str] = {
    ("before", Verdict.READY): "You're ready. You can join your session now.",
    (
        "before",
        Verdict.CAUTIONS,
    ): "Ready with cautions: have a look at the items marked CAUTION or UNKNOWN.",
    ("before", Verdict.NOT_READY): "Not ready yet: please fix the items marked PROBLEM first.",
    ("after", Verdict.READY): "All clear: the session left nothing behind that we could find.",
    ("after", Verdict.CAUTIONS): "A few things to tidy up: see the items below.",
    ("after", Verdict.NOT_READY): "A few things to tidy up: see the items below.",
}

PHASE_TITLES: dict[Phase, str] = {"before": "Before your session", "after": "After your session"}


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 tab`, `3 tabs`; `many` for the words that do not just take an s."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def join_now(portal: str) -> str:
    """ "You can join SimplePractice now." with the profile's platform, else the session."""
    return f"You can join {portal.strip() or 'your session'} now."


def verdict_line(phase: Phase, results: Iterable[Result], portal: str = "") -> str:
    """The plain report's verdict in words: the ready moment names the portal, and a safety note
    is never counted among the problems to fix first."""
    results = list(results)
    notes = any(is_note(r) for r in results)
    fails = any(r.status is Status.FAIL and not is_note(r) for r in results)
    cautions = any(r.status in (Status.WARN, Status.UNKNOWN) and not is_note(r) for r in results)
    manual = any(r.status is Status.MANUAL for r in results)
    if phase == "after":
        tidy = fails or cautions or notes
        return VERDICT_WORDS[("after", Verdict.CAUTIONS if tidy else Verdict.READY)]
    read_note = "Please read the safety note (NOTE) below: there is no need to act on it right now."
    if fails:
        first = VERDICT_WORDS[("before", Verdict.NOT_READY)]
        return f"{first} {read_note}" if notes else first
    if cautions:
        first = VERDICT_WORDS[("before", Verdict.CAUTIONS)]
        return f"{first} {read_note}" if notes else first
    if notes:
        return read_note
    if manual:
        return "You're ready once you have gone through the items marked CONFIRM. " + join_now(
            portal
        ).replace("You can", "Then you can")
    return "You're ready. " + join_now(portal)


def since_words(when: datetime, now: datetime | None = None) -> str:
    """The session window's start as the person reads it: "18:05 today", "25 November, 18:05"."""
    local = when.astimezone()
    today = (now or datetime.now()).astimezone().date()
    return local.strftime("%H:%M today" if local.date() == today else "%d %B, %H:%M")
