"""Changing when the session started, on the after screen: the window the after checks look at
begins there, so a file downloaded before it is never offered for the trash."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from safe_session.tui.keys import QUICK_EXIT_KEYS
from safe_session.tui.literal import literal
from safe_session.tui.screens.dialog import Dialog
from safe_session.tui.window_start import parse_start
from safe_session.words import since_words


class StartScreen(Dialog[datetime | None]):
    """Dismissed with the new start, or None when the person leaves it as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *QUICK_EXIT_KEYS,
        Binding("escape", "leave", "Leave it as it was"),
    ]

    def __init__(self, since: datetime | None) -> None:
        super().__init__()
        self.since = since

    def compose(self) -> ComposeResult:
        current = f" It is set to {since_words(self.since)}." if self.since else ""
        with Vertical(id="dialog"):
            yield Static(Content.styled("When did your session start?", "bold"))
            yield Static(
                "Type how many minutes ago (for example 50) or the time (for example 18:05), "
                f"then Enter.{current}"
            )
            yield Input(placeholder="minutes ago, or a time", id="start-typed", compact=True)
            yield Static(id="start-note", classes="note")

    def on_mount(self) -> None:
        self.query_one("#start-typed", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        when, problem = parse_start(event.value, datetime.now(UTC))
        if when is None:
            self.query_one("#start-note", Static).update(literal(problem))
            return
        self.dismiss(when.astimezone(UTC))

    def action_leave(self) -> None:
        self.dismiss(None)
