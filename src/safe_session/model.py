"""Plain values passed between probes, rules, the engine, reports and the UI."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

import msgspec

Phase = Literal["before", "after"]
OSName = Literal["linux", "macos", "windows"]


class Status(StrEnum):
    """A check's outcome; the string values are the report's contract."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    UNKNOWN = "unknown"
    SKIPPED = "skipped"
    MANUAL = "manual"


class Verdict(StrEnum):
    READY = "ready"
    CAUTIONS = "cautions"
    NOT_READY = "not_ready"


class Outcome(msgspec.Struct, frozen=True):
    """What a rule decides. `situation` picks the catalog's advice for this case; `headline` is
    the finding in a few words, the row's title ("AnyDesk is running"); `safety_note` marks a
    finding to read calmly rather than a problem to fix (monitoring software)."""

    status: Status
    summary: str
    details: dict[str, Any] = msgspec.field(default_factory=dict)
    situation: str = "default"
    advice: tuple[str, ...] | None = None  # rule-made advice overrides the catalog's
    headline: str = ""
    safety_note: bool = False


class Result(msgspec.Struct, frozen=True):
    """One row of the report. `title` is the catalog's (what the check looks for); `headline`
    is what it found, in a few words, and titles the row on screen and in `--plain`."""

    id: str
    title: str
    status: Status
    summary: str
    details: dict[str, Any] = msgspec.field(default_factory=dict)
    advice: tuple[str, ...] = ()
    elapsed_ms: float = 0.0
    headline: str = ""
    safety_note: bool = False

    @property
    def finding(self) -> str:
        """The row's title: the headline, else the first sentence of the summary."""
        return self.headline or first_sentence(self.summary) or self.title

    @property
    def said(self) -> str:
        """The summary without the headline it starts with: what the row adds under it."""
        return rest_after(self.summary, self.finding)

    def to_json(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "title": self.title,
            "headline": self.finding,
            "status": self.status.value,
            "summary": self.summary,
            "details": self.details,
            "advice": list(self.advice),
            "elapsed_ms": round(self.elapsed_ms, 1),
        }
        if self.safety_note:
            out["safety_note"] = True
        return out


HEADLINE_MAX = 100
_SENTENCE_END = (". ", "! ", "? ", ": ")


def first_sentence(text: str) -> str:
    """A summary's first sentence (or the part before its first colon), for a row that has no
    headline of its own; cut short, never empty unless `text` is."""
    text = " ".join(text.split())
    cut = min((i for i in (text.find(end) for end in _SENTENCE_END) if i > 0), default=-1)
    head = text[:cut] if cut > 0 else text.rstrip(".")
    if len(head) > HEADLINE_MAX:
        head = head[: HEADLINE_MAX - 1].rstrip() + "…"
    return head


def rest_after(summary: str, headline: str) -> str:
    """`summary` without a leading `headline` (and the full stop or colon after it): the row
    says the headline once, in bold, and the rest under it."""
    head = headline.rstrip(".")
    if head and summary.startswith(head):
        rest = summary[len(head) :]
        if not rest or rest[0] in ".:!?":
            said = rest[1:].strip()
            # what followed a colon now starts a sentence of its own
            return said[:1].upper() + said[1:] if rest[:1] == ":" else said
    return summary


def verdict_of(results: list[Result], phase: Phase = "before") -> Verdict:
    """Any fail: not ready; any warn or unknown: cautions. Manual and skipped do not count:
    a manual row is a reminder the report cannot answer for the person."""
    statuses = {r.status for r in results}
    if Status.FAIL in statuses:
        return Verdict.CAUTIONS if phase == "after" else Verdict.NOT_READY
    if statuses & {Status.WARN, Status.UNKNOWN}:
        return Verdict.CAUTIONS
    return Verdict.READY


EXIT_CODES: dict[Verdict, int] = {Verdict.READY: 0, Verdict.CAUTIONS: 1, Verdict.NOT_READY: 3}
EXIT_USAGE = 2


class Report(msgspec.Struct, frozen=True):
    """A whole run, as the `--json` report (schema 1) describes it."""

    phase: Phase
    started_at: str
    finished_at: str
    system: str
    release: str
    profile: dict[str, str]
    results: tuple[Result, ...]
    version: str
    window_start: str | None = None  # after the session: the start of the window looked at

    @property
    def verdict(self) -> Verdict:
        return verdict_of(list(self.results), self.phase)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": 1,
            "tool": {"name": "safe-session", "version": self.version},
            "phase": self.phase,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "platform": {"system": self.system, "release": self.release},
            "profile": self.profile,
            "verdict": self.verdict.value,
            "results": [r.to_json() for r in self.results],
        }
        if self.phase == "after" and self.window_start:
            out["window_start"] = self.window_start
        return out
