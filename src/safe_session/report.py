"""The two report formats: JSON for scripts, and plain linear text for screen readers and pipes.

Plain text has a status word on every result line, never relies on colour, and passes every
string through `inert` so nothing from the system can reach the terminal as an escape sequence.
Each row is titled by what was found (the result's headline), as on the screen; the catalog's
title (what the check looks for) stays in the JSON report.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from safe_session.model import Report, Status
from safe_session.text import as_text, inert, undecodable_shown
from safe_session.words import (
    NOTE_WORD,
    PHASE_TITLES,
    STATUS_WORDS,
    is_note,
    plain_word,
    since_words,
    verdict_line,
)

WORD_WIDTH = 9  # the widest status word, "CAUTION", "SKIPPED", "PROBLEM", and a space after


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


def to_plain(report: Report, width: int = 78, *, portal: str = "", after_command: str = "") -> str:
    """`portal`: the profile's platform, named in the ready moment; `after_command`: what to run
    after the session, as the person started safe-session (shown after a before report; after
    one that found something, with --guided, to have it tidied up step by step)."""
    lines = [
        f"safe-session {report.version}: {PHASE_TITLES[report.phase]}",
        f"Profile: {inert(report.profile['name'])}",
        *(
            [f"Contact: {inert(report.profile['contact'])}"]
            if report.profile.get("contact")
            else []
        ),
        "Nothing leaves this computer and nothing is recorded.",
    ]
    if report.phase == "after" and report.window_start:
        when = datetime.fromisoformat(report.window_start)
        lines.append(f"Looking at what changed on this computer since {since_words(when)}.")
    verdict = inert(verdict_line(report.phase, report.results, portal))
    lines += ["", *_wrap(verdict, " " * len("Verdict: "), width, first="Verdict: "), ""]
    indent = " " * (WORD_WIDTH + 1)
    for r in report.results:
        word = plain_word(r)
        lines.extend(_wrap(inert(r.finding), indent, width, first=f"{word:<{WORD_WIDTH}} "))
        if r.said:
            lines.extend(_wrap(inert(r.said), indent, width))
        for step in r.advice:
            lines.extend(_wrap("- " + inert(step), indent, width, hang="  "))
        lines.append("")
    notes = sum(1 for r in report.results if is_note(r))
    counts = {s: sum(1 for r in report.results if r.status is s and not is_note(r)) for s in Status}
    said = [f"{n} {STATUS_WORDS[s].lower()}" for s, n in counts.items() if n]
    if notes:
        said.append(f"{notes} safety {NOTE_WORD.lower()}")
    lines.append(f"Summary: {', '.join(said) or 'no checks ran'}.")
    if report.phase == "before" and after_command:
        lines += ["", f"After your session, run: {inert(after_command)}"]
    tidy = any(r.status in (Status.WARN, Status.FAIL) for r in report.results)
    if report.phase == "after" and after_command and tidy:
        # This report changes nothing: say how to have it done, asked step by step.
        lines += [
            "",
            "To tidy these up, run this and answer y to each step you want done:",
            f"{inert(after_command)} --guided",
        ]
    return "\n".join(lines) + "\n"


def _wrap(text: str, indent: str, width: int, hang: str = "", first: str = "") -> list[str]:
    """`text` wrapped at `width` under `indent`; `first` replaces the indent on the first line
    (a row's status word)."""
    import textwrap  # the plain report only: `--json` runs do without it

    return textwrap.wrap(
        text,
        width=width,
        initial_indent=first or indent,
        subsequent_indent=indent + hang,
        break_long_words=True,
        break_on_hyphens=False,
    ) or [first.rstrip() or indent]
