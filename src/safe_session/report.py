"""The two report formats: JSON for scripts, and plain linear text for screen readers and pipes.

Plain text has a status word on every result line, never relies on colour, and passes every
string through `inert` so nothing from the system can reach the terminal as an escape sequence.
"""

from __future__ import annotations

import json

from safe_session.model import Report, Status, Verdict
from safe_session.text import inert

STATUS_WORDS: dict[Status, str] = {
    Status.PASS: "OK",
    Status.WARN: "CAUTION",
    Status.FAIL: "PROBLEM",
    Status.UNKNOWN: "UNKNOWN",
    Status.SKIPPED: "SKIPPED",
    Status.MANUAL: "CONFIRM",
}

VERDICT_WORDS: dict[tuple[str, Verdict], str] = {
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

PHASE_TITLES = {"before": "Before your session", "after": "After your session"}


def to_json(report: Report) -> str:
    """Schema 1. ASCII-only, so any control or format character arrives as a JSON escape."""
    return json.dumps(report.to_json(), ensure_ascii=True, indent=2)


def to_plain(report: Report, width: int = 78) -> str:
    lines = [
        f"safe-session {report.version}: {PHASE_TITLES[report.phase]}",
        f"Profile: {inert(report.profile['name'])}",
        *(
            [f"Contact: {inert(report.profile['contact'])}"]
            if report.profile.get("contact")
            else []
        ),
        "Nothing leaves this computer and nothing is recorded.",
        "",
        f"Verdict: {VERDICT_WORDS[(report.phase, report.verdict)]}",
        "",
    ]
    indent = " " * 10
    for r in report.results:
        word = STATUS_WORDS[r.status]
        head = f"{word:<9} {inert(r.title)}"
        lines.append(head)
        lines.extend(_wrap(inert(r.summary), indent, width))
        for step in r.advice:
            lines.extend(_wrap("- " + inert(step), indent, width, hang="  "))
        lines.append("")
    counts = {s: sum(1 for r in report.results if r.status is s) for s in Status}
    summary = ", ".join(f"{n} {STATUS_WORDS[s].lower()}" for s, n in counts.items() if n)
    lines.append(f"Summary: {summary or 'no checks ran'}.")
    return "\n".join(lines) + "\n"


def _wrap(text: str, indent: str, width: int, hang: str = "") -> list[str]:
    import textwrap  # the plain report only: `--json` runs do without it

    return textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_long_words=True,
        break_on_hyphens=False,
    ) or [indent]
