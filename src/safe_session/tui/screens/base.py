"""What the before and after screens share: running checks in worker threads, taking their
results as messages, confirmations, "check again", the detail view and confirmed actions.

The engine runs in a daemon thread that a Textual thread worker waits on, polling for
cancellation: a quick exit never waits for a probe that is still listening or timing out.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import get_current_worker

from safe_session.data.catalog_types import CheckSpec
from safe_session.engine import Engine
from safe_session.model import Result, Status
from safe_session.plan import RunPlan
from safe_session.probes.base import ProbeContext
from safe_session.tui.board import Board
from safe_session.tui.config import UIConfig
from safe_session.tui.widgets.check_row import CheckRow, row_id
from safe_session.tui.widgets.confirm_row import ConfirmRow
from safe_session.tui.widgets.level_meter import LevelMeter
from safe_session.tui.widgets.verdict import VerdictBar

if TYPE_CHECKING:  # the rest is imported when first used, after the first screen is drawn
    from safe_session.actions.base import ActionPlan
    from safe_session.tui.messages import ActionDone, LevelIn, ResultIn

POLL_SECONDS = 0.1
LEVEL_INTERVAL = 0.05  # at most 20 meter updates a second


class CheckScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "recheck_all", "Recheck all"),
    ]

    def __init__(self, config: UIConfig) -> None:
        super().__init__()
        self.config = config
        self.plan: RunPlan = config.plan
        self.ctx: ProbeContext = self.plan.inputs
        self.board = Board(self.plan)  # every row the plan has, in its order
        self.confirmed: set[str] = set(self.plan.confirmed)
        self._last_level = 0.0
        self._started = False
        self._resumed = False
        for check_id in self.confirm_ids():  # the rows are built already showing their question
            if not self.board[check_id].skipped:
                self._judge(check_id)

    # --- what the subclasses show -------------------------------------------------------

    def auto_ids(self) -> list[str]:
        """Checks the engine runs (not confirmations, not the ones switched off)."""
        return [i for i, r in self.board.rows.items() if not r.is_confirm and not r.skipped]

    def confirm_ids(self) -> list[str]:
        return [i for i, r in self.board.rows.items() if r.is_confirm]

    def rows_for(self, ids: Iterable[str]) -> list[Widget]:
        return [self.row_for(i) for i in ids]

    def row_for(self, check_id: str) -> Widget:
        row = self.board[check_id]  # a question switched off reads like any row switched off
        return ConfirmRow(row) if row.is_confirm and not row.skipped else CheckRow(row)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before Textual's own handler. A screen is restyled whole each time it becomes
        active; the first time, every widget was styled a moment ago as it was mounted, and a
        second pass over all the rows only delays the first frame."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def first_focus(self) -> Widget | None:
        """Where focus starts: the first row."""
        rows = self.query("CheckRow, ConfirmBox")
        return rows.first() if rows else None

    def on_mount(self) -> None:  # Textual calls it after a subclass's own `on_mount`
        first = self.first_focus()
        if first is not None:
            first.focus()
        if not self._started:
            self._started = True
            # Paint the first screen, then start the probes: their imports and threads would
            # otherwise compete with it.
            self.call_after_refresh(self.start_checks, self.auto_ids(), True)

    # --- running ---------------------------------------------------------------------------

    def start_checks(self, ids: Sequence[str], everything: bool = False) -> None:
        if not ids:
            return
        gen = self.board.begin(ids)
        for check_id in ids:
            self.refresh_row(check_id)
        self.refresh_verdict()
        specs = [self.board[i].spec for i in ids]
        confirmed = frozenset(self.confirmed)
        if everything:
            self.run_everything(specs, confirmed, gen)
        else:
            self.run_some(specs, confirmed, gen)

    @work(thread=True, exclusive=True, group="checks")
    def run_everything(self, specs: list[CheckSpec], confirmed: frozenset[str], gen: int) -> None:
        self._run(specs, confirmed, gen)

    @work(thread=True, group="recheck")
    def run_some(self, specs: list[CheckSpec], confirmed: frozenset[str], gen: int) -> None:
        self._run(specs, confirmed, gen)

    def before_run(self) -> None:
        """Called in the worker thread before a run (the before screen notes the start)."""

    def _run(self, specs: list[CheckSpec], confirmed: frozenset[str], gen: int) -> None:
        """In a worker thread: run the engine in a daemon thread and stream its results."""
        worker = get_current_worker()
        finished = threading.Event()
        ctx = replace(self.ctx, on_level=self._on_level)
        engine = Engine(ctx, self.plan.policy, self.config.probes, self.config.rules)
        seen: set[str] = set()

        from safe_session.tui.messages import ResultIn

        def on_result(result: Result) -> None:
            seen.add(result.id)
            if worker.is_cancelled:
                return
            plans, note = self._plans_for(result, ctx)
            self.post_message(ResultIn(result, gen, plans, note))

        head_start = self.config.head_start
        if head_start is not None:
            head_start.follow_levels(self._on_level)
            head_start.screen_drawn()  # the first run starts once the first frame is drawn

        def target() -> None:
            try:
                self.before_run()
                engine.run(specs, confirmed, on_result, head_start)
            except Exception as exc:  # the engine should never raise; never leave rows waiting
                for spec in specs:
                    if spec.id not in seen:
                        reason = f"something went wrong inside safe-session ({type(exc).__name__})"
                        on_result(
                            Result(
                                spec.id,
                                spec.title,
                                Status.UNKNOWN,
                                f"Could not check: {reason}.",
                                headline=spec.could_not,
                            )
                        )
            finally:
                finished.set()

        threading.Thread(target=target, name="safe-session-engine", daemon=True).start()
        while not finished.wait(POLL_SECONDS):
            if worker.is_cancelled:
                return

    def _plans_for(
        self, result: Result, ctx: ProbeContext
    ) -> tuple[tuple[ActionPlan, ...], str | None]:
        """In the engine's thread: what the finding's action offers (nothing is done here)."""
        from safe_session.actions.offer import plans_for

        row = self.board.rows.get(result.id)
        return plans_for(row.spec.action if row else None, result, ctx, self.config.action)

    def _on_level(self, dbfs: float) -> None:
        """Called by the listening probe, from its thread."""
        from safe_session.tui.messages import LevelIn

        now = time.monotonic()
        if now - self._last_level >= LEVEL_INTERVAL:
            self._last_level = now
            self.post_message(LevelIn(dbfs))

    # --- results -----------------------------------------------------------------------

    def on_result_in(self, message: ResultIn) -> None:
        if self.board.accept(message.result, message.gen, message.plans, message.plan_note):
            self.refresh_row(message.result.id)
            self.refresh_verdict()

    def on_level_in(self, message: LevelIn) -> None:
        if self._listening():
            self.query_one(LevelMeter).show_level(message.dbfs)

    def _listening(self) -> bool:
        return any(self.board[i].spec.audio for i in self.board.pending())

    def refresh_row(self, check_id: str) -> None:
        from safe_session.tui.screens.detail import DetailScreen

        row = self.board[check_id]
        for widget in self.query(f"#{row_id(check_id)}"):
            if isinstance(widget, CheckRow | ConfirmRow):
                widget.show(row)
        for screen in self.app.screen_stack:
            if isinstance(screen, DetailScreen) and screen.check_id == check_id:
                screen.show(row)

    def refresh_verdict(self) -> None:
        self.query_one(VerdictBar).show(self.board)
        meters = self.query(LevelMeter)
        if meters and not self._listening():
            meters.first().display = False

    # --- what the person does ------------------------------------------------------------

    def recheck(self, check_id: str) -> None:
        row = self.board.rows.get(check_id)
        if row is None or row.is_confirm or row.skipped:
            return
        self.start_checks([check_id])

    def action_recheck_all(self) -> None:
        self.start_checks(self.auto_ids(), everything=True)

    def on_check_row_recheck(self, message: CheckRow.Recheck) -> None:
        self.recheck(message.check_id)

    def on_check_row_details(self, message: CheckRow.Details) -> None:
        from safe_session.tui.screens.detail import DetailScreen

        self.app.push_screen(DetailScreen(self.board[message.check_id], self.recheck))

    def on_confirm_row_toggled(self, message: ConfirmRow.Toggled) -> None:
        if self.board[message.check_id].skipped:  # switched off: nothing to confirm
            self.refresh_row(message.check_id)
            return
        if message.value:
            self.confirmed.add(message.check_id)
        else:
            self.confirmed.discard(message.check_id)
        self.judge_confirmation(message.check_id)

    def judge_confirmation(self, check_id: str) -> None:
        self._judge(check_id)
        self.refresh_row(check_id)
        self.refresh_verdict()

    def _judge(self, check_id: str) -> None:
        """A confirmation is judged by the engine too, so the result matches `--confirmed`."""
        row = self.board[check_id]
        engine = Engine(self.ctx, self.plan.policy, self.config.probes, self.config.rules)
        # A confirmation runs no probe and starts no thread: this returns at once.
        gen = self.board.begin([check_id])
        for result in engine.run([row.spec], frozenset(self.confirmed)):
            self.board.accept(result, gen)

    def on_check_row_action_chosen(self, message: CheckRow.ActionChosen) -> None:
        from safe_session.tui.screens.confirm_action import ConfirmActionScreen

        chosen = message.plan

        def answered(yes: bool | None) -> None:
            if yes:
                self._working(chosen.check_id, chosen.working)  # said before it is done
                self.perform(chosen)

        self.app.push_screen(ConfirmActionScreen(chosen), answered)

    @work(thread=True, group="actions")
    def perform(self, chosen: ActionPlan) -> None:
        """Only ever called after the person said yes."""
        from safe_session.actions.base import ActionResult
        from safe_session.tui.messages import ActionDone

        try:
            module = self.config.action(chosen.action)
            outcome = module.perform(chosen)
        except Exception as exc:
            outcome = ActionResult(False, f"it could not be done ({type(exc).__name__})")
        self.post_message(ActionDone(chosen, outcome))

    def on_action_done(self, message: ActionDone) -> None:
        row = self.board.rows.get(message.plan.check_id)
        if row is None:
            return
        row.outcome = message.outcome
        self._working(row.spec.id, None)
        self.recheck(row.spec.id)  # show what is left now

    def _working(self, check_id: str, doing: str | None) -> None:
        for widget in self.query(f"#{row_id(check_id)}"):
            if isinstance(widget, CheckRow):
                widget.show_working(doing)
