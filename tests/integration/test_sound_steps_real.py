"""The before screen's sound steps against real audio (the private PulseAudio, through both
backends): "say something" hears a real spoken sentence played into the room, and not a
microphone that hears only zeros; "play a test sound" really reaches the output, as its monitor
hears it."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from textual.widgets import Static

from safe_session.model import Status
from safe_session.probes.audio import chime, voice
from safe_session.probes.base import ProbeContext
from safe_session.rules.audio import voice as judge_voice
from safe_session.rules.base import Params
from safe_session.sound import tone
from safe_session.sound.levels import rms_dbfs
from safe_session.tui.app import SafeSessionApp
from safe_session.tui.screens.mic_test import MicTestScreen
from safe_session.tui.widgets.level_meter import LevelMeter
from tests.conftest import need
from tests.integration.test_audio_real import SENTENCE, make_noise, muted, playing
from tests.pulse import MONITOR, PulseServer
from tests.tui.screen import plain, settle, wait_until
from tests.tui.test_sound_steps import real_catalog_config

pytestmark = pytest.mark.real


@pytest.fixture(params=["pulse", "portaudio"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SAFE_SESSION_AUDIO_BACKEND", request.param)
    return str(request.param)


def spoken(folder: Path) -> Path:
    need(shutil.which("espeak-ng") and shutil.which("paplay"), "espeak-ng and paplay are needed")
    path = folder / "sentence.wav"
    subprocess.run(["espeak-ng", "-w", str(path), SENTENCE], check=True, capture_output=True)
    return path


def test_say_something_hears_a_real_voice_and_stops_early(
    backend: str, pulse: PulseServer, tmp_path: Path
) -> None:
    levels: list[float] = []
    began = time.monotonic()
    with playing(pulse, spoken(tmp_path)):
        fact = voice.gather(ProbeContext(on_level=levels.append))
    took = time.monotonic() - began
    assert fact.heard and fact.speech.likely, fact
    assert fact.seconds < voice.VOICE_SECONDS - 1 and took < voice.VOICE_SECONDS, (fact, took)
    assert len(levels) >= 3 and max(levels) > -40  # the meter moved with the voice
    result = judge_voice(fact, Params())
    assert (result.status, result.summary) == (Status.PASS, "We heard you: your microphone works.")


def test_say_something_with_a_muted_microphone_did_not_hear_you(
    backend: str, pulse: PulseServer, tmp_path: Path
) -> None:
    with playing(pulse, spoken(tmp_path)), muted(pulse):
        fact = voice.gather(ProbeContext(stop=lambda: False))
    assert not fact.heard and fact.digital_silence
    assert fact.seconds == pytest.approx(voice.VOICE_SECONDS, abs=0.1)
    result = judge_voice(fact, Params())
    assert (result.status, result.situation) == (Status.WARN, "silent_mic")
    assert result.summary.startswith("We did not hear you")


def test_say_something_hears_the_room_but_no_voice(
    backend: str, pulse: PulseServer, tmp_path: Path
) -> None:
    fan = make_noise(tmp_path, "pinknoise", 0.05, seconds=12)
    with playing(pulse, fan):
        fact = voice.gather(ProbeContext())
    assert not fact.heard and not fact.digital_silence
    assert judge_voice(fact, Params()).situation == "not_heard"


def test_closing_the_step_ends_the_listening(backend: str, pulse: PulseServer) -> None:
    began = time.monotonic()
    fact = voice.gather(ProbeContext(stop=lambda: time.monotonic() - began > 1.0))
    assert fact.seconds < 2.5 and not fact.heard


def test_the_test_sound_reaches_the_output(backend: str, pulse: PulseServer) -> None:
    """The room sink's monitor (not the app: it only plays) hears the chime at its level."""
    need(shutil.which("parec"), "parec is not installed")
    monitor = subprocess.Popen(
        [
            "parec",
            f"--device={MONITOR}",
            "--raw",
            "--format=float32le",
            "--rate=48000",
            "--channels=1",
            "--latency-msec=20",
        ],
        env=pulse.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    heard = bytearray()

    def read() -> None:
        assert monitor.stdout is not None
        while chunk := monitor.stdout.read1(65536):
            heard.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        began = time.monotonic()
        time.sleep(0.3)
        played = chime.gather(ProbeContext())
        # the monitor may lag behind (a stream through ALSA's pulse plugin asks for a longer
        # latency): wait until it has delivered what was played, and a little more
        wanted = (time.monotonic() - began + 0.5) * 48000 * 4
        deadline = time.monotonic() + 10
        while len(heard) < wanted and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        monitor.terminate()
        monitor.wait(10)
        reader.join(5)
    assert played.output  # the output it went to, as the system names it
    samples = np.frombuffer(bytes(heard[: len(heard) // 4 * 4]), dtype="<f4")
    block = int(0.05 * 48000)
    loud = [rms_dbfs(samples[i : i + block]) for i in range(0, len(samples) - block, block)]
    chimed = [level for level in loud if level > tone.CHIME_DBFS - 6]
    assert len(chimed) * 0.05 == pytest.approx(played.seconds, abs=0.25), loud
    # the notes fade in and out, so their steady part is a little above the whole's RMS
    assert max(loud) == pytest.approx(tone.CHIME_DBFS + 1.0, abs=2.0)


async def test_the_screen_step_hears_a_real_voice(
    backend: str, pulse: PulseServer, tmp_path: Path
) -> None:
    """The whole step on the screen, with the real probe: the meter moves, "We heard you"."""
    app = SafeSessionApp(real_catalog_config(), "before")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        with playing(pulse, spoken(tmp_path)):
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, MicTestScreen)
            meter = app.screen.query_one(LevelMeter)
            await wait_until(pilot, lambda: meter.display and "dB" in plain(meter), 15)
            found = app.screen.query_one("#step-found", Static)
            await wait_until(pilot, lambda: "heard you" in plain(found), 15)
        assert plain(found) == "✓ We heard you: your microphone works."
