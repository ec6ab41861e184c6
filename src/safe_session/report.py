"""The two report formats: JSON for scripts, and plain linear text for screen readers and pipes.

Plain text has a status word on every result line, never relies on colour, and passes every
string through `inert` so nothing from the system can reach the terminal as an escape sequence.
"""

from __future__ import annotations

import json
from typing import Any

from safe_session.model import Report, Status
from safe_session.text import as_text, inert, undecodable_shown
from safe_session.words import PHASE_TITLES, STATUS_WORDS, VERDICT_WORDS


def to_json(report: Report) -> str:
    """Schema 1. ASCII-only, so any control or format character arrives as a JSON escape, and
    a name that was not valid UTF-8 carries each such byte as a visible `\\xNN`: a lone
    surrogate is no character, and strict JSON readers refuse it."""
    return json.dumps(_json_safe(report.to_json()), ensure_ascii=True, indent=2)


def _json_safe(value: Any) -> Any:
    if isinstance(value, str):
        return undecodable_shown(value)
    if isinstance(value, bytes | bytearray):
        return undecodable_shown(as_text(value))
    if isinstance(value, dict):
        return {_json_safe(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


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
