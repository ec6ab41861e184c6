"""Messages from worker threads to the screens. Workers never touch widgets: they post these, and
the screen updates its widgets on the UI thread."""

from __future__ import annotations

from textual.message import Message

from safe_session.actions.base import ActionPlan, ActionResult
from safe_session.model import Result


class ResultIn(Message):
    """One check's result, from the run numbered `gen`, with the actions it offers."""

    def __init__(
        self,
        result: Result,
        gen: int,
        plans: tuple[ActionPlan, ...] = (),
        plan_note: str | None = None,
    ) -> None:
        super().__init__()
        self.result, self.gen, self.plans, self.plan_note = result, gen, plans, plan_note


class LevelIn(Message):
    """The microphone's level while the room is being listened to, in dBFS."""

    def __init__(self, dbfs: float) -> None:
        super().__init__()
        self.dbfs = dbfs


class ActionDone(Message):
    """A confirmed action finished (or failed)."""

    def __init__(self, plan: ActionPlan, outcome: ActionResult) -> None:
        super().__init__()
        self.plan, self.outcome = plan, outcome


class StepDone(Message):
    """A step the person started (test the microphone, play a test sound) finished: what it
    found, in words, and what to do. `ok` is None when it could not be done."""

    def __init__(self, ok: bool | None, summary: str, advice: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.ok, self.summary, self.advice = ok, summary, advice
