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
    """What a rule decides. `situation` picks the catalog's advice for this case."""

    status: Status
    summary: str
    details: dict[str, Any] = msgspec.field(default_factory=dict)
    situation: str = "default"
    advice: tuple[str, ...] | None = None  # rule-made advice overrides the catalog's


class Result(msgspec.Struct, frozen=True):
    """One row of the report."""

    id: str
    title: str
    status: Status
    summary: str
    details: dict[str, Any] = msgspec.field(default_factory=dict)
    advice: tuple[str, ...] = ()
    elapsed_ms: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status.value,
            "summary": self.summary,
            "details": self.details,
            "advice": list(self.advice),
            "elapsed_ms": round(self.elapsed_ms, 1),
        }


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

    @property
    def verdict(self) -> Verdict:
        return verdict_of(list(self.results), self.phase)

    def to_json(self) -> dict[str, Any]:
        return {
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
