"""The line at the very top: where you are, and the quick-exit button that is always there."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class QuickExitButton(Static, can_focus=True):
    """Looks and answers like a compact red Button (click, Enter, Space) and does one thing:
    the quick exit. A Static, because a Button's large stylesheet would be read before the
    first frame only for this."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "app.quick_exit", "Quick exit", show=False),
    ]
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
        &:focus {
            text-style: $button-focus-text-style;
            background-tint: $foreground 5%;
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
