"""Say something: the microphone listens (live level on the meter) until it hears a voice, then
says "We heard you"; after VOICE_SECONDS without one, "We did not hear you" and what to do.
The sound stays in memory and is dropped: nothing is recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Static

from safe_session.model import Status
from safe_session.rules.base import Params
from safe_session.tui.config import UIConfig
from safe_session.tui.keys import QUICK_EXIT_KEYS
from safe_session.tui.screens.sound_step import MARKS, SoundStep
from safe_session.tui.widgets.level_meter import LevelMeter

if TYPE_CHECKING:
    from safe_session.tui.messages import StepDone

PROBE = "audio.voice"
RULE = "audio.voice"
ADVICE_FROM = "audio.ambient_noise"  # the microphone's advice lives with the room check
TITLE = "Test your microphone"
SAY = (
    "Say something, as you would to your therapist: a few words at your normal voice. "
    "The sound stays in memory and is dropped at once: nothing is recorded."
)
LISTENING = "Listening… say something."


class MicTestScreen(SoundStep):
    BINDINGS: ClassVar[list[BindingType]] = [
        *QUICK_EXIT_KEYS,
        Binding("escape", "close", "Close"),
        Binding("r", "again", "Test again"),
    ]

    def __init__(self, config: UIConfig) -> None:
        super().__init__(config)
        self.listening = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.styled(TITLE, "bold"), id="step-title")
            with VerticalScroll(id="step-body"):
                yield Static(SAY, classes="step-text")
                yield LevelMeter("Listening to you", id="step-meter")
                yield Static(id="step-found")
                yield Static(id="step-advice")
            with Horizontal(classes="buttons"):
                yield Button(Content("Test again (r)"), id="again", compact=True)
                yield Button(Content("Close (Esc)"), id="close", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()
        self.action_again()

    def action_again(self) -> None:
        if self.listening or not self.offers():
            return
        self.listening = True
        self.found(LISTENING)
        self.show_advice(())
        self.query_one("#again", Button).disabled = True
        self.in_background(self._listen, "We could not listen", ADVICE_FROM)

    def _listen(self) -> StepDone:
        """In the background thread: listen, judge, word it."""
        from safe_session.tui.messages import StepDone

        spec = self.spec(ADVICE_FROM)  # its floor for a silent microphone applies here too
        params = self.config.plan.policy.params_for(spec) if spec else Params()
        fact = self.probe(PROBE)(self.context())
        outcome = self.rule(RULE)(fact, params)
        if outcome.status is Status.PASS:
            return StepDone(True, outcome.summary)
        return StepDone(False, outcome.summary, self.advice(ADVICE_FROM, outcome.situation))

    def on_step_done(self, message: StepDone) -> None:
        message.stop()
        self.listening = False
        self.query_one("#again", Button).disabled = False
        self.query_one(LevelMeter).display = False
        self.found(message.summary, MARKS[message.ok])
        self.show_advice(message.advice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "again":
            self.action_again()
        elif event.button.id == "close":
            self.action_close()
