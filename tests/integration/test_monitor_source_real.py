"""A sink's monitor as the default source (what a computer without a microphone often has) is no
microphone: it hears what the computer plays. Against the private PulseAudio with `room.monitor`
set back as the default source, every listening ends unknown ("no_microphone") on both ways to
the sound card, long before its window ends, and never takes the playback for the room.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from safe_session.probes.audio import ambient, soundcard, speaker_leak, voice
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.sound.levels import rms_dbfs
from tests.conftest import venv_bin
from tests.integration.test_audio_real import _need_tools, make_noise, playing
from tests.integration.test_sound_steps_real import spoken
from tests.pulse import MIC, MONITOR, PulseServer

pytestmark = pytest.mark.real

# Far less than any of the windows below: the source's name comes within milliseconds, and
# PortAudio's own start (its device list read again) is most of this.
QUICK_SECONDS = 1.5
LISTEN = ("--rate=48000", "--channels=1", "--latency-msec=20")
ROOM_CHECK = ("--only", "audio.ambient_noise")


@pytest.fixture(params=["pulse", "portaudio"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SAFE_SESSION_AUDIO_BACKEND", request.param)
    return str(request.param)


@pytest.fixture
def monitor_default(pulse: PulseServer) -> Iterator[PulseServer]:
    pulse.set_default_source(MONITOR)
    try:
        yield pulse
    finally:
        pulse.set_default_source(MIC)


def refused(gather: object, ctx: ProbeContext) -> float:
    """Run `gather(ctx)`, expecting the refusal; returns how long it took."""
    began = time.monotonic()
    with pytest.raises(Unavailable) as caught:
        gather(ctx)  # type: ignore[operator]
    took = time.monotonic() - began
    assert caught.value.situation == "no_microphone", caught.value
    assert caught.value.reason == (
        "no microphone was found: the sound input chosen here is a copy of what this computer "
        "plays, not a microphone"
    )
    return took


def test_a_quiet_playback_is_not_a_quiet_room(
    backend: str, monitor_default: PulseServer, tmp_path: Path
) -> None:
    """Faint noise played into the room passes as a quiet room when the microphone hears it
    (test_audio_real): heard through the monitor, it is no room at all."""
    _need_tools("sox", "paplay")
    faint = make_noise(tmp_path, "whitenoise", 0.0003, seconds=10)
    with playing(monitor_default, faint):
        took = refused(ambient.gather, ProbeContext(listen_seconds=5.0))
    assert took < QUICK_SECONDS


def test_the_room_check_put_off_for_the_screen_ends_as_quickly(
    backend: str, monitor_default: PulseServer
) -> None:
    """While the first screen is drawn the analysis waits (up to a second); the refusal does not."""
    ctx = ProbeContext(listen_seconds=5.0, defer_until=threading.Event())  # never set
    assert refused(ambient.gather, ctx) < QUICK_SECONDS


def test_the_microphone_test_does_not_hear_the_computers_own_voice(
    backend: str, monitor_default: PulseServer, tmp_path: Path
) -> None:
    with playing(monitor_default, spoken(tmp_path)):
        took = refused(voice.gather, ProbeContext(stop=lambda: False))
    assert took < QUICK_SECONDS < voice.VOICE_SECONDS


def test_the_tone_test_plays_nothing_into_a_monitor(
    backend: str, monitor_default: PulseServer
) -> None:
    """The tone would be "heard" through the monitor as a leak: it is not even played. A
    recording of the room's monitor alongside hears nothing but the room's zeros."""
    listener = subprocess.Popen(
        ["parec", f"--device={MONITOR}", "--raw", "--format=float32le", *LISTEN],
        env=monitor_default.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    heard = bytearray()

    def read() -> None:
        assert listener.stdout is not None
        while chunk := listener.stdout.read1(65536):
            heard.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        time.sleep(0.2)
        took = refused(speaker_leak.gather, ProbeContext())
        time.sleep(1.5)  # the tone would have been played by now
    finally:
        listener.terminate()
        listener.wait(10)
        reader.join(5)
    # before the tone was due (PortAudio's own start aside)
    assert took < speaker_leak.PREROLL_SECONDS + 1.0
    samples = np.frombuffer(bytes(heard[: len(heard) // 4 * 4]), dtype="<f4")
    assert len(samples) > 48000 and rms_dbfs(samples) < -100  # all zeros: nothing played


def test_a_capture_too_short_for_the_name_is_still_refused(
    backend: str, monitor_default: PulseServer
) -> None:
    """However short the listening, its sound is not handed on before the name is known."""
    began = time.monotonic()
    with pytest.raises(Unavailable) as caught:
        soundcard.record(0.05)
    assert caught.value.situation == "no_microphone"
    assert time.monotonic() - began < QUICK_SECONDS


def test_the_check_command_calls_it_unknown_never_pass(
    backend: str, monitor_default: PulseServer, tmp_path: Path
) -> None:
    _need_tools("sox", "paplay")
    faint = make_noise(tmp_path, "whitenoise", 0.0003, seconds=20)
    with playing(monitor_default, faint):
        out = subprocess.run(
            [venv_bin("safe-session"), "check", "--json", *ROOM_CHECK, "--listen", "5"],
            env={**monitor_default.env, "NO_COLOR": "1"},
            capture_output=True,
            text=True,
            timeout=90,
        )
    [result] = json.loads(out.stdout)["results"]
    assert result["id"] == "audio.ambient_noise"
    assert result["status"] == "unknown", result
    assert "a copy of what this computer plays" in result["details"]["reason"]
    assert result["summary"].startswith("Could not check: no microphone was found")
    # the advice filed under "no_microphone"
    assert result["advice"][0] == "Connect a microphone or a headset, then check again."
    assert out.returncode != 0


def test_the_microphone_made_from_the_monitor_is_listened_to(pulse: PulseServer) -> None:
    """A source of its own name is a microphone, whatever it is made from (the rig's is)."""
    capture = soundcard.record(0.3)
    assert len(capture.samples) > 0
