"""Before your session: every check as a row that fills in as results arrive, a live level
meter while the room is listened to, the person's own confirmations, and the verdict on top.
Under the sound checks, two steps to try (test the microphone: m, play a test sound: t), where
the run may use sound."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Footer, Static

from safe_session.model import Status
from safe_session.tui.screens.base import CheckScreen
from safe_session.tui.widgets.level_meter import LevelMeter
from safe_session.tui.widgets.sound_steps import SoundSteps
from safe_session.tui.widgets.top_bar import TopBar
from safe_session.tui.widgets.verdict import VerdictBar
from safe_session.tui.widgets.welcome import before_welcome

WELCOME_LINES = 12  # the bars above the list, the welcome and the first heading, at most
CLOSING = (
    "After your session, run `safe-session after`: it helps you log out and tidy up. "
    "Quick exit (Ctrl+Q) closes this at once."
)


LEAK = "audio.speaker_leak"


class BeforeScreen(CheckScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "test_microphone", "Test microphone", show=False),
        Binding("t", "test_sound", "Test sound", show=False),
    ]
    _recorded = False

    def compose(self) -> ComposeResult:
        running = [
            r.spec
            for r in self.board.rows.values()
            if r.result is None or r.result.status is not Status.SKIPPED
        ]
        parts = self._body_parts()
        # Rows below the fold are built right after the first frame, which shows the same as
        # with every row: enough rows come first to fill the screen (a row is at least two
        # lines). Textual adds the scroll bar on its second layout pass either way.
        first_rows = max(1, (self.app.size.height - WELCOME_LINES) // 2 + 1)
        cut = len(parts)
        for index, (is_row, _) in enumerate(parts):
            if is_row:
                first_rows -= 1
                if first_rows < 0:
                    cut = index
                    break
        self._later = [make for _, make in parts[cut:]]
        yield TopBar("Before your session")
        yield VerdictBar(self.board, id="verdict")
        yield LevelMeter(id="meter")
        with VerticalScroll(id="body"):
            yield Static(before_welcome(self.plan.profile, running), id="welcome")
            for _, make in parts[:cut]:
                yield make()

    def _body_parts(self) -> list[tuple[bool, Callable[[], Widget]]]:
        """The list under the welcome, in order: (is it a row, how to build it). Rows are built
        from the board when they are mounted, so a late one shows what is known by then."""
        auto = [i for i, r in self.board.rows.items() if not r.is_confirm]
        parts: list[tuple[bool, Callable[[], Widget]]] = []
        if auto:
            parts.append((False, partial(Static, "What safe-session checks", classes="heading")))
            parts += [(True, partial(self.row_for, i)) for i in auto]
            if self.offers_sound_steps():  # right under the last sound check
                last = max(n for n, i in enumerate(auto, start=1) if i.startswith("audio."))
                parts.insert(last + 1, (False, partial(SoundSteps, id="sound-steps")))
        if self.confirm_ids():
            heading = "What only you can check: tick each one"
            parts.append((False, partial(Static, heading, classes="heading")))
            parts += [(True, partial(self.row_for, i)) for i in self.confirm_ids()]
        parts.append((False, partial(Static, CLOSING, classes="note closing")))
        return parts

    def on_mount(self) -> None:  # Textual calls CheckScreen.on_mount too, after this one
        self.call_after_refresh(self._mount_later)

    def _mount_later(self) -> None:
        """The rest of the list, and the key bar (a widget per key, and the largest stylesheet on
        the screen): nobody reads them in the first frame."""
        later, self._later = self._later, []
        if later:
            self.query_one("#body").mount_all([make() for make in later])
        self.mount(Footer(compact=True))

    # --- the sound steps ---------------------------------------------------------------------

    def offers_sound_steps(self) -> bool:
        """Where the run may use sound (never with --no-audio) and its sound checks are shown."""
        return self.plan.sound and any(i.startswith("audio.") for i in self.board.rows)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("test_microphone", "test_sound"):
            return self.offers_sound_steps()
        return True

    def on_sound_steps_chosen(self, message: SoundSteps.Chosen) -> None:
        if message.step == "microphone":
            self.action_test_microphone()
        else:
            self.action_test_sound()

    def action_test_microphone(self) -> None:
        if not self.offers_sound_steps():
            return
        from safe_session.tui.screens.mic_test import MicTestScreen

        self.app.push_screen(MicTestScreen(self.config))

    def action_test_sound(self) -> None:
        if not self.offers_sound_steps():
            return
        from safe_session.tui.screens.sound_test import SoundTestScreen

        leak = self.board.rows.get(LEAK)
        offered = leak is not None and self.may_ask_for(LEAK)
        run_leak = partial(self.ask_for, LEAK) if offered else None
        self.app.push_screen(SoundTestScreen(self.config, leak, run_leak))

    def may_ask_for(self, check_id: str) -> bool:
        """A sound check the person may start here: it runs anyway, or waits to be asked for
        (the tone test); never one switched off by an option or the profile."""
        planned = self.plan.get(check_id)
        if planned is None or not self.plan.sound:
            return False
        return planned.skipped is None or planned.waits_to_be_asked

    def ask_for(self, check_id: str) -> None:
        if self.may_ask_for(check_id):
            self.start_checks([check_id])

    def refresh_row(self, check_id: str) -> None:
        super().refresh_row(check_id)
        if check_id != LEAK:
            return
        from safe_session.tui.screens.sound_test import SoundTestScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, SoundTestScreen):
                screen.show_leak(self.board[check_id])

    def before_run(self) -> None:
        """The session starts about now: `after` looks at what changed since (time only)."""
        if self.config.record_start and not self._recorded:
            from safe_session.state import record_session_start

            self._recorded = True
            record_session_start(datetime.now(UTC))
