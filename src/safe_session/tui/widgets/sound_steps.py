"""Under the sound checks: two things to try with one's own ears and voice, each opening a
small step (test the microphone, play a test sound). Not checks: they add no row anywhere."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from safe_session.tui.widgets.row_line import STATUS_WIDTH

Step = Literal["microphone", "sound"]
BUTTONS: dict[str, tuple[Step, str]] = {
    "test-microphone": ("microphone", "Test your microphone (m)"),
    "test-sound": ("sound", "Play a test sound (t)"),
}


class SoundSteps(Horizontal):
    DEFAULT_CSS = f"""
    SoundSteps {{
        height: auto;
    }}
    SoundSteps .label {{
        width: {STATUS_WIDTH - 1};
        color: $text-muted;
    }}
    SoundSteps Button {{
        min-width: 0;
        margin: 0 2 0 0;
    }}
    """

    class Chosen(Message):
        def __init__(self, step: Step) -> None:
            super().__init__()
            self.step = step

    def compose(self) -> ComposeResult:
        yield Static("Try it:", classes="label")  # in the rows' status column
        for button_id, (_, label) in BUTTONS.items():
            yield Button(Content(label), id=button_id, compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        chosen = BUTTONS.get(event.button.id or "")
        if chosen is not None:
            event.stop()
            self.post_message(self.Chosen(chosen[0]))
