"""Before your session: every check as a row that fills in as results arrive, a live level
meter while the room is listened to, the person's own confirmations, and the verdict on top."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from safe_session.model import Status
from safe_session.tui.screens.base import CheckScreen
from safe_session.tui.widgets.level_meter import LevelMeter
from safe_session.tui.widgets.top_bar import TopBar
from safe_session.tui.widgets.verdict import VerdictBar
from safe_session.tui.widgets.welcome import before_welcome

CLOSING = (
    "After your session, run `safe-session after`: it helps you log out and tidy up. "
    "Quick exit (Ctrl+Q) closes this at once."
)


class BeforeScreen(CheckScreen):
    _recorded = False

    def compose(self) -> ComposeResult:
        rows = self.board.rows
        auto = [i for i, r in rows.items() if not r.is_confirm]
        running = [
            r.spec
            for r in rows.values()
            if r.result is None or r.result.status is not Status.SKIPPED
        ]
        yield TopBar("Before your session")
        yield VerdictBar(self.board, id="verdict")
        yield LevelMeter(id="meter")
        with VerticalScroll(id="body"):
            yield Static(before_welcome(self.ctx.profile, running), id="welcome")
            if auto:
                yield Static("What safe-session checks", classes="heading")
                yield from self.rows_for(auto)
            if self.confirm_ids():
                yield Static("What only you can check: tick each one", classes="heading")
                yield from self.rows_for(self.confirm_ids())
            yield Static(CLOSING, classes="note closing")
        yield Footer(compact=True)

    def before_run(self) -> None:
        """The session starts about now: `after` looks at what changed since (time only)."""
        if self.config.record_start and not self._recorded:
            from safe_session.state import record_session_start

            self._recorded = True
            record_session_start(datetime.now(UTC))
