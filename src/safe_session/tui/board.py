"""The state of one screen's checks, apart from any widget: which are still running, what each
found, which actions it offers, and the verdict with what is left. Pure, so it is tested alone.

The before screen says "Ready" (with or without cautions) only once every check has finished and
every question is answered. Until then its headline says what it is waiting for, and the line
under it names what is still being checked: a verdict over rows still checking would be a guess.

Every run of a check gets a new generation number; a result from an older run (a "check again"
overtook it) is ignored when it arrives late.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from safe_session.data.catalog_types import CheckSpec
from safe_session.model import Result, Status, Verdict, verdict_of
from safe_session.plan import RunPlan
from safe_session.words import CHECKING, HEADLINES, STILL_RUNNING, answer_the_questions, plural

if TYPE_CHECKING:
    from safe_session.actions.base import ActionPlan, ActionResult


@dataclass
class Row:
    spec: CheckSpec
    result: Result | None = None  # None while it is being checked
    gen: int = 0
    plans: tuple[ActionPlan, ...] = ()
    plan_note: str | None = None  # why no action could be offered, when preparing one failed
    outcome: ActionResult | None = None  # what the last confirmed action did

    @property
    def asks(self) -> str:
        """The question to show, as the plan worded it."""
        return self.spec.question or self.spec.title

    @property
    def is_confirm(self) -> bool:
        return self.spec.kind == "confirm"

    @property
    def skipped(self) -> bool:
        """Switched off by the plan (option or profile): shown, never run or asked."""
        return self.result is not None and self.result.status is Status.SKIPPED

    @property
    def waiting(self) -> bool:
        return self.result is None


class Board:
    def __init__(self, plan: RunPlan) -> None:
        self.phase = plan.phase
        self.rows: dict[str, Row] = {r.id: Row(r.spec) for r in plan.rows}
        for result in plan.skipped():
            self.rows[result.id].result = result
        self._gens = itertools.count(1)

    def __getitem__(self, check_id: str) -> Row:
        return self.rows[check_id]

    def begin(self, ids: Iterable[str]) -> int:
        """Mark these checks as running again; returns the generation their results carry."""
        gen = next(self._gens)
        for check_id in ids:
            row = self.rows[check_id]
            row.gen, row.result, row.plans, row.plan_note = gen, None, (), None
        return gen

    def accept(
        self,
        result: Result,
        gen: int,
        plans: tuple[ActionPlan, ...] = (),
        plan_note: str | None = None,
    ) -> bool:
        """Store a result unless a newer run of the same check has started since."""
        row = self.rows.get(result.id)
        if row is None or row.gen != gen:
            return False
        row.result, row.plans, row.plan_note = result, plans, plan_note
        return True

    def results(self) -> list[Result]:
        return [r.result for r in self.rows.values() if r.result is not None]

    def pending(self) -> list[str]:
        return [i for i, r in self.rows.items() if r.waiting]

    def pending_areas(self) -> list[str]:
        """What the checks still running look at, in the person's words, each said once."""
        areas: list[str] = []
        for row in self.rows.values():
            area = row.spec.area or row.spec.title
            if row.waiting and not row.is_confirm and area not in areas:
                areas.append(area)
        return areas

    def unanswered(self) -> int:
        """Questions only the person can answer, not answered yet."""
        return self.count(Status.MANUAL, confirm=True)

    def waiting_for(self) -> Literal["checks", "answers"] | None:
        """What stands between now and the before screen's verdict, if anything: a problem
        found is certain at once, a "Ready" is not while something is still open."""
        if self.verdict is Verdict.NOT_READY:
            return None
        if self.pending():
            return "checks"
        if self.phase == "before" and self.unanswered():
            return "answers"
        return None

    def count(self, status: Status, *, confirm: bool | None = None) -> int:
        return sum(
            1
            for r in self.rows.values()
            if r.result is not None
            and r.result.status is status
            and (confirm is None or r.is_confirm == confirm)
        )

    @property
    def verdict(self) -> Verdict:
        return verdict_of(self.results(), self.phase)

    def headline(self) -> str:
        """A few words at the top of the screen."""
        if self.phase == "after":
            if self.count(Status.WARN) + self.count(Status.FAIL) + self.count(Status.UNKNOWN):
                return HEADLINES[("after", Verdict.CAUTIONS)]
            return CHECKING["after"] if self.pending() else HEADLINES[("after", Verdict.READY)]
        waiting = self.waiting_for()
        if waiting == "checks":
            return CHECKING["before"]
        if waiting == "answers":
            return answer_the_questions(self.unanswered())
        return HEADLINES[("before", self.verdict)]

    def left(self) -> str:
        """What is still being checked, then what is left: the person's to-do list in a line."""
        parts: list[str] = []
        fails, warns = self.count(Status.FAIL), self.count(Status.WARN)
        unknown, manual = self.count(Status.UNKNOWN), self.count(Status.MANUAL)
        if self.phase == "after":
            if fails + warns:
                parts.append(plural(fails + warns, "thing") + " to tidy up")
            if unknown:
                parts.append(plural(unknown, "thing") + " that could not be looked at")
            if manual:
                parts.append(plural(manual, "step") + " to confirm")
        else:
            if fails:
                parts.append(plural(fails, "problem") + " to fix")
            if warns:
                parts.append(plural(warns, "caution") + " to look at")
            if unknown:
                parts.append(plural(unknown, "check") + " that could not finish")
            if manual:
                parts.append(plural(manual, "question") + " to answer")
        said: list[str] = []
        running = self.pending_areas()
        if running:
            said.append(f"{STILL_RUNNING[self.phase]}: {', '.join(running)}.")
        if parts:
            said.append("Left: " + ", ".join(parts) + ".")
        return " ".join(said) or "Nothing left to do."
