"""The list of safe-session's keys and what each does, in plain words: the app's own help,
instead of Textual's generic key panel (which lists the framework's keys too)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Button, Static

from safe_session.tui.keys import KEY_HELP, QUICK_EXIT_KEYS
from safe_session.tui.screens.dialog import Dialog
from safe_session.tui.widgets.buttons import CalmButton
from safe_session.tui.widgets.row_line import hanging

KEY_COLUMN = 10


class KeyList(Static):
    """One entry per key: the key in bold in its own column, what it does wrapped beside it."""

    def __init__(self) -> None:
        self._entries = [(Content.styled(key, "bold"), Content(words)) for key, words in KEY_HELP]
        reading = Content("\n").join(key + " " + words for key, words in self._entries)
        super().__init__(reading, id="keys-list")  # in reading order, for what reads it

    def _lines(self, width: int) -> list[Content]:
        return [
            line for key, words in self._entries for line in hanging(key, words, width, KEY_COLUMN)
        ]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width)) if width else 0

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.size.width))


class KeysScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *QUICK_EXIT_KEYS,
        Binding("escape,question_mark", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.styled("Keys", "bold"), id="keys-title")
            with VerticalScroll(id="keys-body"):
                yield KeyList()
            with Horizontal(classes="buttons"):
                yield CalmButton(Content("Close (Esc)"), id="close", compact=True)

    def on_mount(self) -> None:
        """The list takes focus, so the arrows scroll it on a small screen."""
        self.query_one("#keys-body").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_close()

    def action_close(self) -> None:
        self.dismiss(None)
