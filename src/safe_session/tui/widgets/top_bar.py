"""The line at the very top: where you are, and the quick-exit button that is always there."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class QuickExitButton(Static):
    """Looks like a compact red button and does one thing when clicked: the quick exit. Never
    focusable: arrows and Tab never reach it, so an Enter meant for a row can never close the
    app and lose every answer; from the keyboard the quick exit is Ctrl+Q, and only that. A
    Static, because a Button's large stylesheet would be read before the first frame only for
    this."""

    DEFAULT_CSS = """
    QuickExitButton {
        width: auto;
        height: 1;
        line-pad: 1;
        text-style: bold;
        color: $button-color-foreground;
        background: $error;
        pointer: pointer;
        &:hover {
            background: $error-darken-1;
        }
    }
    """

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.run_action("app.quick_exit")


class TopBar(Horizontal):
    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(("safe-session", "bold"), " · ", self._title), classes="where"
        )
        yield QuickExitButton(Content("Quick exit (Ctrl+Q)"), id="quick-exit")
