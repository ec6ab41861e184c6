"""The line at the very top: where you are, and the quick-exit button that is always there."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Static


class TopBar(Horizontal):
    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(("safe-session", "bold"), " · ", self._title), classes="where"
        )
        yield Button(
            Content("Quick exit (Ctrl+Q)"),
            id="quick-exit",
            variant="error",
            compact=True,
            action="app.quick_exit",
        )
