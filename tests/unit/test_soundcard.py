"""Every way PortAudio can fail becomes a plain reason and a situation with advice."""

from __future__ import annotations

import importlib.abc
import sys
from pathlib import Path
from types import ModuleType

import pytest

from safe_session.data import load_catalog
from safe_session.engine import Engine
from safe_session.model import Status
from safe_session.probes.audio import ambient, soundcard
from safe_session.probes.base import ProbeContext, Unavailable


class _NoPortAudio(importlib.abc.MetaPathFinder):
    """Import of sounddevice fails the way it does when libportaudio is not installed."""

    def find_spec(self, name: str, path: object = None, target: ModuleType | None = None) -> None:
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return None


@pytest.fixture
def no_portaudio(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFE_SESSION_AUDIO_BACKEND", "portaudio")  # where PortAudio is the way
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoPortAudio(), *sys.meta_path])


@pytest.mark.usefixtures("no_portaudio")
def test_missing_portaudio_is_a_reason_not_a_crash() -> None:
    with pytest.raises(Unavailable) as caught:
        soundcard.load()
    assert caught.value.situation == "no_portaudio"
    assert "PortAudio" in caught.value.reason


@pytest.mark.usefixtures("no_portaudio")
@pytest.mark.parametrize(
    ("os_name", "fix"),
    [("linux", "libportaudio2"), ("macos", "Reinstall"), ("windows", "Reinstall")],
)
def test_missing_portaudio_gives_the_fix_for_this_system(os_name: str, fix: str) -> None:
    spec = load_catalog().get("audio.ambient_noise")
    assert spec is not None
    [result] = Engine(ProbeContext(os_name=os_name, listen_seconds=0.5)).run([spec])  # type: ignore[arg-type]
    assert result.status is Status.UNKNOWN
    assert "PortAudio" in result.summary
    assert fix in " ".join(result.advice)


@pytest.mark.parametrize(
    ("message", "what", "situation"),
    [
        (
            "Error opening InputStream: Unanticipated host error [PaErrorCode -9999]: "
            "'Access is denied.' [Windows WASAPI error -2147024891]",
            "microphone",
            "permission",
        ),
        (
            "Error starting stream: Unanticipated host error [PaErrorCode -9999]: '' [Windows WDM-KS error 0x80070005]",
            "microphone",
            "permission",
        ),
        (
            "Error opening InputStream: Device unavailable [PaErrorCode -9985]",
            "microphone",
            "device_busy",
        ),
        ("Error querying device -1", "microphone", "no_microphone"),
        ("Error querying device -1", "speakers", "no_output"),
        ("Error opening OutputStream: Invalid device [PaErrorCode -9996]", "speakers", "no_output"),
        (
            "Error opening InputStream: Invalid sample rate [PaErrorCode -9997]",
            "microphone",
            "unknown",
        ),
    ],
)
def test_portaudio_errors_in_words(message: str, what: str, situation: str) -> None:
    explained = soundcard.explain(RuntimeError(message), what)
    assert explained.situation == situation
    assert what in explained.reason


def test_probe_context_listen_seconds_is_what_is_measured(monkeypatch: pytest.MonkeyPatch) -> None:
    """The probe asks for exactly --listen seconds and hands the meter callback through."""
    import numpy as np

    asked: dict[str, object] = {}

    def fake_record(seconds: float, on_level: object = None, **_: object) -> soundcard.Capture:
        asked.update(seconds=seconds, on_level=on_level)
        return soundcard.Capture(np.zeros(int(seconds * 8000), dtype=np.float32), 8000.0, "Mic")

    monkeypatch.setattr(soundcard, "record", fake_record)
    meter = print
    fact = ambient.gather(ProbeContext(listen_seconds=4.5, on_level=meter))
    assert asked == {"seconds": 4.5, "on_level": meter}
    assert (fact.seconds, fact.device, fact.digital_silence) == (4.5, "Mic", True)


def test_no_sound_cards_is_read_from_the_kernel_list(tmp_path: Path) -> None:
    from safe_session.probes.audio.output import no_sound_cards

    cards = tmp_path / "cards"
    cards.write_text("--- no soundcards ---\n")
    assert no_sound_cards(cards)
    cards.write_text(" 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n")
    assert not no_sound_cards(cards)
    assert not no_sound_cards(tmp_path / "asound" / "cards")  # no /proc at all: let PortAudio look
    (tmp_path / "self").mkdir()
    assert no_sound_cards(tmp_path / "asound" / "cards")  # /proc without ALSA: no sound card


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sound servers are Linux's way")
@pytest.mark.parametrize("backend", ["pulse", "portaudio"])
@pytest.mark.parametrize("step", ["voice", "chime"])
def test_the_sound_steps_never_go_through_a_sound_server_elsewhere(
    step: str, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The say-something step and the test sound refuse like the checks: nothing is played or
    listened to when the sound would travel over the network."""
    from safe_session.probes.audio import chime, voice

    monkeypatch.setenv("PULSE_SERVER", "tcp:192.0.2.1:4713")
    monkeypatch.setenv("SAFE_SESSION_AUDIO_BACKEND", backend)
    gather = {"voice": voice.gather, "chime": chime.gather}[step]
    with pytest.raises(Unavailable) as caught:
        gather(ProbeContext())
    assert caught.value.situation == "remote_sound_server"
