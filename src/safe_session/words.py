"""The words every front end uses for statuses, verdicts and counts, so the screen, `--plain`
and the README never drift apart. Plain data: no terminal, no Textual."""

from __future__ import annotations

from safe_session.model import Phase, Status, Verdict

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


# The plain report's verdict line.
VERDICT_WORDS: dict[tuple[Phase, Verdict], str] = {
    ("before", Verdict.READY): "Ready: nothing here stands in the way of a private session.",
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
