"""Play a test sound: a short chime on the current output, and the person says whether they
heard it in their headphones. "No" means the sound may be going to the speakers: what to do on
this system. The speaker test (the `audio.speaker_leak` check, otherwise only with
--acoustic-test) is offered here too, as a choice that says what it does first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Static

from safe_session.model import Status
from safe_session.tui.board import Row
from safe_session.tui.config import UIConfig
from safe_session.tui.keys import QUICK_EXIT_KEYS
from safe_session.tui.literal import literal
from safe_session.tui.screens.sound_step import MARKS, SoundStep
from safe_session.tui.status import look_of

if TYPE_CHECKING:
    from safe_session.tui.messages import StepDone

LEAK = "audio.speaker_leak"
PROBE = "audio.chime"
ADVICE_FROM = "audio.headphones"  # where the sound goes: the headphones check's advice
TITLE = "Play a test sound"
PUT_ON = (
    "Put your headphones on. A short chime plays on your sound output; then say whether you "
    "heard it in your headphones."
)
PLAYING = "Playing the chime…"
ASK = "Did you hear it in your headphones?"
HEARD = "Good: the sound reaches your headphones, so only you will hear your therapist."
NOT_HEARD = "The sound may be going to your speakers, where people nearby could hear it."
LEAK_TEXT = (
    "Speaker test: plays a short quiet tone and listens whether the microphone hears it: if it "
    "does, people nearby could hear your therapist. The sound stays in memory and is dropped."
)
LEAK_RUNNING = "Playing the tone and listening…"


class SoundTestScreen(SoundStep):
    BINDINGS: ClassVar[list[BindingType]] = [
        *QUICK_EXIT_KEYS,
        Binding("escape", "close", "Close"),
        Binding("y", "answer(True)", "Yes, I heard it"),
        Binding("n", "answer(False)", "No"),
        Binding("p", "play", "Play again"),
        Binding("s", "speaker_test", "Speaker test"),
    ]

    def __init__(
        self, config: UIConfig, leak: Row | None = None, run_leak: Callable[[], None] | None = None
    ) -> None:
        """`leak`: the speaker test's row, when the plan lets the person ask for it;
        `run_leak` starts it on the screen below (its row shows the result too)."""
        super().__init__(config)
        self.leak = leak if run_leak is not None else None
        self._run_leak = run_leak
        self.playing = False
        self.played = False
        self.leak_asked = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.styled(TITLE, "bold"), id="step-title")
            with VerticalScroll(id="step-body"):
                yield Static(PUT_ON, classes="step-text")
                yield Static(id="step-found")
                yield Static(id="step-advice")
                if self.leak is not None:
                    yield Static(LEAK_TEXT, classes="step-text", id="leak-text")
                    yield Static(id="leak-found")
            with Horizontal(classes="buttons"):
                yield Button(Content("Yes (y)"), id="yes", compact=True)
                yield Button(Content("No (n)"), id="no", compact=True)
                yield Button(Content("Play again (p)"), id="play", compact=True)
                if self.leak is not None:
                    yield Button(Content("Speaker test (s)"), id="leak", compact=True)
                yield Button(Content("Close (Esc)"), id="close", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()
        self._answerable(False)
        if self.leak is not None:
            self.query_one("#leak-found", Static).display = False
        self.action_play()

    def _answerable(self, on: bool) -> None:
        for name in ("#yes", "#no"):
            self.query_one(name, Button).disabled = not on

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return self.played and not self.playing
        if action == "speaker_test":
            return self.leak is not None
        return True

    # --- the chime --------------------------------------------------------------------------

    def action_play(self) -> None:
        if self.playing or not self.offers():
            return
        self.playing = True
        self._answerable(False)
        self.query_one("#play", Button).disabled = True
        self.found(PLAYING)
        self.show_advice(())
        self.in_background(self._play, "The sound could not be played", ADVICE_FROM)

    def _play(self) -> StepDone:
        """In the background thread."""
        from safe_session.probes.audio.chime import PlayedFact
        from safe_session.tui.messages import StepDone

        played = self.probe(PROBE)(self.context())
        output = played.output.strip() if isinstance(played, PlayedFact) else ""
        said = f"The chime played on {output}. {ASK}" if output else f"The chime played. {ASK}"
        return StepDone(True, said)

    def on_step_done(self, message: StepDone) -> None:
        message.stop()
        self.playing = False
        self.query_one("#play", Button).disabled = False
        if message.ok:
            self.played = True
            self._answerable(True)
            self.query_one("#yes", Button).focus()
            self.found(message.summary)
        else:
            self.found(message.summary, MARKS[message.ok])
        self.show_advice(message.advice)
        self.refresh_bindings()

    def action_answer(self, heard: bool) -> None:
        if not (self.played and not self.playing):
            return
        if heard:
            self.found(HEARD, MARKS[True])
            self.show_advice(())
        else:
            self.found(NOT_HEARD, MARKS[False])
            self.show_advice(self.advice(ADVICE_FROM, "not_heard"))

    # --- the speaker test -------------------------------------------------------------------

    def action_speaker_test(self) -> None:
        if self.leak is None or self._run_leak is None or not self.offers():
            return
        if self.leak_asked and self.leak.result is None:
            return  # already running
        self.leak_asked = True
        box = self.query_one("#leak-found", Static)
        box.display = True
        box.update(LEAK_RUNNING)
        self.call_after_refresh(box.scroll_visible, animate=False)
        self._run_leak()

    def show_leak(self, row: Row) -> None:
        """The speaker test's row changed on the screen below (called from there)."""
        self.leak = row
        if not self.leak_asked or not self.is_mounted:
            return
        box = self.query_one("#leak-found", Static)
        if row.result is None:
            box.update(LEAK_RUNNING)
            return
        look = look_of(row.result)
        lines = [Content.assemble((look.label, "bold"), " ", literal(row.result.summary))]
        if row.result.status is not Status.PASS:
            lines += [literal(f"• {step}", one_line=False) for step in row.result.advice]
        box.update(Content("\n").join(lines))
        self.call_after_refresh(box.scroll_visible, animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions: dict[str | None, Callable[[], None]] = {
            "yes": lambda: self.action_answer(True),
            "no": lambda: self.action_answer(False),
            "play": self.action_play,
            "close": self.action_close,
            "leak": self.action_speaker_test,
        }
        act = actions.get(event.button.id)
        if act is not None:
            event.stop()
            act()
