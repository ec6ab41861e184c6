"""What the two sound steps share (test the microphone, play a test sound): a dialog the person
opens from the before screen, a probe run in a background thread the dialog never waits for,
and what was found with what to do. These steps are not checks: they add no row to the report.

They run only where the run may use sound (never with --no-audio), through the same probes,
backends and promises as the sound checks: nothing is recorded, nothing is kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from safe_session.data.catalog_types import CheckSpec
from safe_session.engine import ProbeFn, RuleFn, load_probe, load_rule
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.tui.config import UIConfig
from safe_session.tui.literal import literal
from safe_session.tui.screens.dialog import Dialog

if TYPE_CHECKING:
    from safe_session.tui.messages import LevelIn, StepDone

MARKS = {True: "✓", False: "!", None: "?"}


class SoundStep(Dialog[None]):
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #step-body {
        height: auto;
        max-height: 14;
    }
    SoundStep .step-text {
        margin: 1 0 0 0;
    }
    SoundStep #step-found {
        margin: 1 0 0 0;
        text-style: bold;
    }
    SoundStep LevelMeter {
        margin: 1 0 0 0;
        padding: 0;
    }
    """

    def __init__(self, config: UIConfig) -> None:
        super().__init__()
        self.config = config
        self.ctx: ProbeContext = config.plan.inputs
        self._step_over = threading.Event()

    def offers(self) -> bool:
        """Only where the run may use sound: never with --no-audio."""
        return self.config.plan.sound

    # --- running a probe --------------------------------------------------------------------

    def probe(self, name: str) -> ProbeFn:
        return (self.config.probes or {}).get(name) or load_probe(name)

    def rule(self, name: str) -> RuleFn:
        return (self.config.rules or {}).get(name) or load_rule(name)

    def spec(self, check_id: str) -> CheckSpec | None:
        """The check whose catalog entry holds this step's advice (from the plan when it has
        the row, else from the catalog)."""
        planned = self.config.plan.get(check_id)
        if planned is not None:
            return planned.spec
        from safe_session.data import load_catalog

        return load_catalog().get(check_id)

    def advice(self, check_id: str, situation: str) -> tuple[str, ...]:
        spec = self.spec(check_id)
        if spec is None:
            return ()
        return spec.advice_for(situation, self.ctx.os_name, ("unknown", "default"))

    def context(self) -> ProbeContext:
        """The run's inputs, with the live level for this dialog's meter and a way to stop."""
        return replace(self.ctx, on_level=self._on_level, stop=self._step_over.is_set)

    def in_background(self, work: Callable[[], StepDone], failed: str, advice_from: str) -> None:
        """Run `work` in a daemon thread and post what it found; a quick exit never waits.
        When it cannot be done: `failed` and the reason, with the advice `advice_from`'s
        catalog entry has for it."""
        from safe_session.tui.messages import StepDone

        def target() -> None:
            try:
                done = work()
            except Unavailable as exc:
                advice = self.advice(advice_from, exc.situation)
                done = StepDone(None, f"{failed}: {exc.reason}.", advice)
            except Exception as exc:  # a step must never take the screen down
                reason = f"something went wrong inside safe-session ({type(exc).__name__})"
                done = StepDone(None, f"{failed}: {reason}.", ())
            if not self._step_over.is_set():
                self.post_message(done)

        threading.Thread(target=target, name="safe-session-step", daemon=True).start()

    def _on_level(self, dbfs: float) -> None:
        """From the probe's thread."""
        from safe_session.tui.messages import LevelIn

        if not self._step_over.is_set():
            self.post_message(LevelIn(dbfs))

    def on_level_in(self, message: LevelIn) -> None:
        message.stop()
        from safe_session.tui.widgets.level_meter import LevelMeter

        for meter in self.query(LevelMeter):
            meter.show_level(message.dbfs)

    # --- what was found ---------------------------------------------------------------------

    def found(self, summary: str, mark: str = "") -> None:
        """What the step found (system text in it stays literal), after a symbol if any."""
        line = Content.assemble(f"{mark} ", literal(summary)) if mark else literal(summary)
        box = self.query_one("#step-found", Static)
        box.update(line)
        self.call_after_refresh(box.scroll_visible, animate=False)

    def show_advice(self, advice: tuple[str, ...]) -> None:
        box = self.query_one("#step-advice", Static)
        box.display = bool(advice)
        box.update(Content("\n").join(literal(f"• {step}", one_line=False) for step in advice))

    def action_close(self) -> None:
        self._step_over.set()
        self.dismiss(None)

    def on_unmount(self) -> None:
        self._step_over.set()
