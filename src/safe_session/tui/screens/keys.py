"""The list of safe-session's keys and what each does, in plain words: the app's own help,
instead of Textual's generic key panel (which lists the framework's keys too)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from safe_session.tui.keys import KEY_HELP, QUICK_EXIT_KEYS
from safe_session.tui.screens.dialog import Dialog

KEY_COLUMN = 10


def key_lines() -> Content:
    """One line per key: the key in bold in its own column, then what it does."""
    return Content("\n").join(
        Content.assemble((key.ljust(KEY_COLUMN), "bold"), words) for key, words in KEY_HELP
    )


class KeysScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *QUICK_EXIT_KEYS,
        Binding("escape,question_mark", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.styled("Keys", "bold"), id="keys-title")
            with VerticalScroll(id="keys-body"):
                yield Static(key_lines(), id="keys-list")
            with Horizontal(classes="buttons"):
                yield Button(Content("Close (Esc)"), id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_close()

    def action_close(self) -> None:
        self.dismiss(None)
