"""The before screen's sound steps, driven with Pilot and stand-in probes: "test your
microphone" (m) shows the live level and says whether a voice was heard, "play a test sound"
(t) asks whether the chime reached the headphones, and offers the speaker test, which runs the
`audio.speaker_leak` row. Neither step exists with --no-audio, and neither adds a row."""

from __future__ import annotations

import threading
import time
from typing import Any

from textual.widgets import Button, Static

from safe_session.data import load_catalog
from safe_session.data.catalog_types import Catalog
from safe_session.model import Status
from safe_session.plan import RunOptions, make_plan
from safe_session.probes.audio.chime import PlayedFact
from safe_session.probes.audio.voice import VoiceFact
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.profile import BUILTIN
from safe_session.sound.speech import SpeechEvidence
from safe_session.tui.app import SafeSessionApp
from safe_session.tui.config import UIConfig
from safe_session.tui.screens.before import BeforeScreen
from safe_session.tui.screens.mic_test import MicTestScreen
from safe_session.tui.screens.sound_test import SoundTestScreen
from safe_session.tui.widgets.level_meter import LevelMeter
from safe_session.tui.widgets.sound_steps import SoundSteps
from tests.hostile import FORBIDDEN_IN_TERMINAL
from tests.tui.fakes import ADVICE, ALL_PASS, CATALOG, RULES, Scenario, auto, config, fact
from tests.tui.screen import plain, screen_text, settle, wait_until

SPOKEN = SpeechEvidence(0.8, 0.6, 0.7, -30.0, True)
NO_VOICE = SpeechEvidence(0.3, 0.03, 0.0, -70.0, False)


def voice_fact(heard: bool, signal_rms: float = -60.0, zeros: bool = False) -> VoiceFact:
    evidence = SpeechEvidence(0.0, 0.0, 0.0, -120.0, False) if zeros else NO_VOICE
    return VoiceFact(
        heard=heard,
        seconds=2.5 if heard else 8.0,
        rms_dbfs=signal_rms,
        peak_dbfs=signal_rms + 12,
        signal_rms_dbfs=signal_rms,
        signal_peak_dbfs=signal_rms + 12,
        digital_silence=zeros,
        speech=SPOKEN if heard else evidence,
        device="Built-in Microphone",
    )


class Listener:
    """A stand-in microphone: sends levels to the meter, waits for the test to let it finish,
    then hands over its fact (or raises)."""

    def __init__(self, result: VoiceFact | Exception, levels: tuple[float, ...] = ()) -> None:
        self.result = result
        self.levels = levels or (-62.0, -35.0, -28.0, -40.0)
        self.go = threading.Event()
        self.calls = 0
        self.stopped: bool | None = None

    def __call__(self, ctx: ProbeContext) -> VoiceFact:
        self.calls += 1
        for level in self.levels:
            assert ctx.on_level is not None
            ctx.on_level(level)
            time.sleep(0.03)
        self.go.wait(10)
        self.stopped = ctx.stop() if ctx.stop else None
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


class Player:
    def __init__(self, output: str = "Headphones (USB Audio)") -> None:
        self.output, self.calls = output, 0

    def __call__(self, ctx: ProbeContext) -> PlayedFact:
        self.calls += 1
        return PlayedFact(self.output, 0.7)


def with_steps(cfg: UIConfig, listener: Listener | None = None, player: Player | None = None):  # type: ignore[no-untyped-def]
    cfg.probes = {
        **(cfg.probes or {}),
        "audio.voice": listener or Listener(voice_fact(True)),
        "audio.chime": player or Player(),
    }
    return cfg


def real_catalog_config(**options: Any) -> UIConfig:
    """The shipped catalog (its real advice), every check's probe unable to look."""

    def cannot_look(ctx: ProbeContext) -> object:
        raise Unavailable("this test does not look")

    plan = make_plan(RunOptions(profile=BUILTIN, os_name="linux", listen_seconds=0.3, **options))
    probes = {s.probe: cannot_look for s in load_catalog().checks if s.probe}
    return UIConfig(plan, probes=probes, record_start=False)


def found(app: SafeSessionApp) -> str:
    return plain(app.screen.query_one("#step-found", Static))


def advice(app: SafeSessionApp) -> str:
    return plain(app.screen.query_one("#step-advice", Static))


# --- test your microphone ----------------------------------------------------------------------


async def test_the_steps_sit_under_the_sound_checks_and_add_no_row() -> None:
    app = SafeSessionApp(with_steps(config(Scenario(dict(ALL_PASS)))), "before")
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        steps = app.screen.query_one(SoundSteps)
        body = list(app.screen.query_one("#body").children)
        assert body[body.index(steps) - 1].id == "row-audio-ambient_noise"
        text = screen_text(app)
        assert "Try it:" in text
        assert "Test your microphone (m)" in text and "Play a test sound (t)" in text
        rows = app.screen.query("CheckRow, ConfirmRow")
        assert len(rows) == len(app.screen.board.rows)


async def test_say_something_shows_the_live_level_and_we_heard_you() -> None:
    listener = Listener(voice_fact(True))
    app = SafeSessionApp(with_steps(config(Scenario(dict(ALL_PASS))), listener), "before")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MicTestScreen)
        assert "Say something, as you would to your therapist" in screen_text(app)
        assert "nothing is recorded" in screen_text(app)
        assert found(app) == "Listening… say something."
        meter = app.screen.query_one(LevelMeter)
        await wait_until(pilot, lambda: meter.display and "-40 dB" in plain(meter))
        assert "Listening to you" in plain(meter)

        listener.go.set()
        await wait_until(pilot, lambda: "heard you" in found(app))
        assert found(app) == "✓ We heard you: your microphone works."
        assert not meter.display and not app.screen.query_one("#step-advice").display

        await pilot.press("r")  # test again
        await wait_until(pilot, lambda: listener.calls == 2 and "heard you" in found(app))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BeforeScreen)
        assert listener.stopped is False  # it was allowed to finish


async def test_we_did_not_hear_you_says_what_to_do_on_this_system() -> None:
    listener = Listener(voice_fact(False, zeros=True))
    listener.go.set()
    app = SafeSessionApp(with_steps(real_catalog_config(), listener), "before")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await wait_until(pilot, lambda: "did not hear you" in found(app))
        assert found(app).startswith("! We did not hear you: the microphone heard nothing at all")
        steps = advice(app)
        assert "Unmute the microphone" in steps and "pavucontrol" in steps

        listener.result = voice_fact(False, signal_rms=-60.0)  # the room, but no voice
        await pilot.press("r")
        await wait_until(pilot, lambda: "no voice" in found(app))
        assert "Say a few words at your normal voice" in advice(app)

        listener.result = Unavailable("no microphone was found", "no_microphone")
        await pilot.press("r")
        await wait_until(pilot, lambda: "could not listen" in found(app))
        assert found(app) == "? We could not listen: no microphone was found."
        assert "Connect a microphone or a headset" in advice(app)


async def test_closing_the_step_stops_the_listening() -> None:
    listener = Listener(voice_fact(True))
    app = SafeSessionApp(with_steps(config(Scenario(dict(ALL_PASS))), listener), "before")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await wait_until(pilot, lambda: listener.calls == 1)
        await pilot.press("escape")
        await pilot.pause()
        listener.go.set()
        await wait_until(pilot, lambda: listener.stopped is not None)
        assert listener.stopped is True and isinstance(app.screen, BeforeScreen)


async def test_no_sound_steps_with_no_audio() -> None:
    listener, player = Listener(voice_fact(True)), Player()
    cfg = with_steps(config(Scenario(dict(ALL_PASS)), no_audio=True), listener, player)
    app = SafeSessionApp(cfg, "before")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert not app.screen.query(SoundSteps)
        await pilot.press("m")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, BeforeScreen)
        assert (listener.calls, player.calls) == (0, 0)
        assert "Test your microphone" not in screen_text(app)


# --- play a test sound -------------------------------------------------------------------------


async def test_test_sound_asks_whether_the_headphones_heard_it() -> None:
    player = Player()
    app = SafeSessionApp(with_steps(real_catalog_config(), player=player), "before")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: "Did you hear it" in found(app))
        assert isinstance(app.screen, SoundTestScreen)
        assert found(app) == (
            "The chime played on Headphones (USB Audio). Did you hear it in your headphones?"
        )
        assert player.calls == 1
        await pilot.press("n")
        await pilot.pause()
        assert found(app).startswith("! The sound may be going to your speakers")
        assert "choose your headphones or headset as the output" in advice(app)
        assert "Settings > Sound > Output" in advice(app)
        await pilot.press("p")  # play it again, then yes
        await wait_until(pilot, lambda: player.calls == 2 and "Did you hear it" in found(app))
        await pilot.press("y")
        await pilot.pause()
        assert found(app).startswith("✓ Good: the sound reaches your headphones")
        assert not app.screen.query_one("#step-advice").display


async def test_a_hostile_output_name_is_shown_literally() -> None:
    player = Player("\x1b]0;owned\x07Head[b]phones[/b]\u202e")
    app = SafeSessionApp(with_steps(config(Scenario(dict(ALL_PASS))), player=player), "before")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: "Did you hear it" in found(app))
        text = screen_text(app)
        assert "Head[b]phones[/b]" in text
        for forbidden in FORBIDDEN_IN_TERMINAL:
            assert forbidden not in text


LEAK_CATALOG = Catalog(
    (
        *CATALOG.checks,
        auto(
            "audio.speaker_leak",
            "leak",
            "Your speakers cannot be heard in the room",
            "A tone the microphone hears, people nearby would hear too.",
            audio=True,
            opt_in="acoustic_test",
            advice=ADVICE,
        ),
    )
)


def leak_config(scenario: Scenario, **options: Any) -> UIConfig:
    plan = make_plan(
        RunOptions(profile=BUILTIN, os_name="linux", listen_seconds=0.3, **options), LEAK_CATALOG
    )
    leak_said = fact("warn", "The microphone clearly heard the test tone from your speakers.")
    probes = {**scenario.probes(), "leak": lambda ctx: leak_said}
    return with_steps(UIConfig(plan, probes=probes, rules=RULES, record_start=False))


async def test_the_speaker_test_is_offered_and_runs_its_row() -> None:
    app = SafeSessionApp(leak_config(Scenario(dict(ALL_PASS))), "before")
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        board = app.screen.board
        assert board["audio.speaker_leak"].result.status is Status.SKIPPED
        await pilot.press("t")
        await wait_until(pilot, lambda: "Did you hear it" in found(app))
        said = plain(app.screen.query_one("#leak-text", Static))
        assert "plays a short quiet tone and listens whether the microphone hears it" in said
        assert "people nearby could hear your therapist" in said
        await pilot.press("s")
        leak_found = app.screen.query_one("#leak-found", Static)
        await wait_until(pilot, lambda: "Caution" in plain(leak_found))
        assert "The microphone clearly heard the test tone" in plain(leak_found)
        assert board["audio.speaker_leak"].result.status is Status.WARN
        await pilot.press("escape")
        await pilot.pause()
        row = app.screen.query_one("#row-audio-speaker_leak")
        assert "! Caution" in " ".join(plain(s) for s in row.query(Static))


async def test_no_speaker_test_where_it_was_switched_off() -> None:
    app = SafeSessionApp(
        leak_config(Scenario(dict(ALL_PASS)), skip=("audio.speaker_leak",)), "before"
    )
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: "Did you hear it" in found(app))
        assert not app.screen.query("#leak")
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.query_one("#yes", Button)  # still the same dialog, nothing ran
        assert app.app.screen_stack[0].board["audio.speaker_leak"].result.status is Status.SKIPPED
