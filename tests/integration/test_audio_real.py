"""The sound checks against real audio: a private PulseAudio server whose null sink is the room.

What a test plays into the room sink (paplay) is what the microphone (a source remapped from the
sink's monitor, the default source) hears, through ALSA's pulse plugin and PortAudio, exactly as on a real machine.
A second sink described as headphones stands for headphones the microphone cannot hear.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from safe_session.model import Status
from safe_session.probes import audio
from safe_session.probes.audio import ambient, output, soundcard, speaker_leak
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.rules.audio import ambient_noise, headphones
from safe_session.rules.base import Params
from safe_session.sound.levels import rms_dbfs
from tests.conftest import need, venv_bin
from tests.pulse import HEADPHONES, MIC, ROOM, PulseServer

pytestmark = pytest.mark.real

SENTENCE = (
    "Before your session starts, please find a quiet room where nobody can hear you. "
    "Close the door, and put on your headphones."
)


def _need_tools(*tools: str) -> None:
    for tool in tools:
        need(shutil.which(tool), f"`{tool}` is not installed (see scripts/system-packages.txt)")


def sox_rms_dbfs(path: Path) -> float:
    stats = subprocess.run(
        ["sox", str(path), "-n", "stats"], capture_output=True, text=True, check=True
    )
    match = re.search(r"RMS lev dB\s+(-?[\d.]+)", stats.stderr)
    assert match, stats.stderr
    return float(match.group(1))


def make_noise(tmp_path: Path, kind: str, volume: float, seconds: float = 5.0) -> Path:
    path = tmp_path / f"{kind}-{volume}.wav"
    subprocess.run(
        [
            "sox",
            "-n",
            "-r",
            "48000",
            "-c",
            "1",
            "-b",
            "16",
            str(path),
            "synth",
            str(seconds),
            kind,
            "vol",
            str(volume),
        ],
        check=True,
    )
    return path


@contextmanager
def playing(pulse: PulseServer, path: Path, sink: str = ROOM) -> Iterator[None]:
    player = subprocess.Popen(
        ["paplay", f"--device={sink}", str(path)], env=pulse.env, stderr=subprocess.PIPE
    )
    try:
        time.sleep(0.4)  # the stream is flowing before listening starts
        assert player.poll() is None, player.stderr.read() if player.stderr else ""
        yield
    finally:
        player.kill()
        player.wait(5)


@contextmanager
def default_sink(pulse: PulseServer, sink: str) -> Iterator[None]:
    pulse.set_default_sink(sink)
    try:
        yield
    finally:
        pulse.set_default_sink(ROOM)


@pytest.fixture(params=["pulse", "portaudio"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways to the sound card: the server's own tools (Linux default) and PortAudio."""
    monkeypatch.setenv("SAFE_SESSION_AUDIO_BACKEND", request.param)
    return str(request.param)


def test_linux_prefers_the_sound_servers_own_tools(pulse: PulseServer) -> None:
    assert soundcard.backend() == "pulse"


# --- room noise -------------------------------------------------------------------------------

AMBIENT = Params({"quiet_dbfs": -50.0, "noisy_dbfs": -30.0, "silent_dbfs": -80.0}, os_name="linux")


@pytest.mark.parametrize("volume", [0.01, 0.1, 0.5])
def test_white_noise_level_matches_sox(
    backend: str, pulse: PulseServer, tmp_path: Path, volume: float
) -> None:
    _need_tools("sox", "paplay")
    noise = make_noise(tmp_path, "whitenoise", volume)
    expected = sox_rms_dbfs(noise)
    with playing(pulse, noise):
        fact = ambient.gather(ProbeContext(listen_seconds=2.0))
    assert abs(fact.rms_dbfs - expected) <= 1.0, (fact.rms_dbfs, expected)
    assert fact.peak_dbfs > fact.rms_dbfs and not fact.speech.likely
    assert fact.seconds == pytest.approx(2.0, abs=0.05)
    result = ambient_noise(fact, AMBIENT)  # noise: judged by its level, as before
    assert result.details["mic_level"] == "ok"
    assert result.details["level"] == (
        "quiet" if expected < -50 else "some noise" if expected < -30 else "noisy"
    )


def test_silence_is_a_caution_we_heard_nothing(backend: str, pulse: PulseServer) -> None:
    """Only zeros reach the microphone (the room's stream of zeros): it hears nothing, and a
    microphone that hears nothing is no proof of a quiet room, nor of a working microphone."""
    fact = ambient.gather(ProbeContext(listen_seconds=1.0))
    result = ambient_noise(fact, AMBIENT)
    assert (result.status, result.situation) == (Status.WARN, "silent_mic")
    assert result.summary.startswith("We heard nothing: your therapist may not hear you either.")
    assert result.details["mic_level"] == "silent" and result.details["speech_likely"] is False


@contextmanager
def muted(pulse: PulseServer, source: str = MIC) -> Iterator[None]:
    pulse.pactl("set-source-mute", source, "1")
    try:
        yield
    finally:
        pulse.pactl("set-source-mute", source, "0")


def test_a_muted_microphone_is_a_caution_while_the_room_is_loud(
    backend: str, pulse: PulseServer, tmp_path: Path
) -> None:
    _need_tools("sox", "paplay")
    noise = make_noise(tmp_path, "pinknoise", 0.1)
    with playing(pulse, noise):
        with muted(pulse):
            silent = ambient_noise(ambient.gather(ProbeContext(listen_seconds=1.0)), AMBIENT)
        heard = ambient_noise(ambient.gather(ProbeContext(listen_seconds=1.0)), AMBIENT)
    assert (silent.status, silent.situation) == (Status.WARN, "silent_mic")
    assert heard.details["mic_level"] == "ok" and heard.situation != "silent_mic"


@pytest.mark.parametrize(("volume", "expected"), [(0.0003, "ok"), (0.00001, "silent")])
def test_a_quiet_room_passes_and_a_dead_level_does_not(
    backend: str, pulse: PulseServer, tmp_path: Path, volume: float, expected: str
) -> None:
    """Faint noise (about -75 dBFS) is a quiet room heard by a working microphone; noise far
    below the 16-bit step (the signal flickers at the last bit at most) is a dead one."""
    _need_tools("sox", "paplay")
    noise = make_noise(tmp_path, "whitenoise", volume)
    with playing(pulse, noise):
        result = ambient_noise(ambient.gather(ProbeContext(listen_seconds=1.5)), AMBIENT)
    assert result.details["mic_level"] == expected, result.details
    if expected == "ok":
        assert (result.status, result.details["level"]) == (Status.PASS, "quiet")
    else:
        assert (result.status, result.situation) == (Status.WARN, "silent_mic")


def test_a_spoken_sentence_is_speech(backend: str, pulse: PulseServer, tmp_path: Path) -> None:
    _need_tools("espeak-ng", "paplay")
    spoken = tmp_path / "sentence.wav"
    subprocess.run(["espeak-ng", "-w", str(spoken), SENTENCE], check=True, capture_output=True)
    with playing(pulse, spoken):
        fact = ambient.gather(ProbeContext(listen_seconds=3.0))
    assert fact.speech.likely, fact.speech
    result = ambient_noise(fact, Params())
    assert (result.status, result.situation) == (Status.WARN, "speech")


def test_steady_pink_noise_is_not_speech(backend: str, pulse: PulseServer, tmp_path: Path) -> None:
    _need_tools("sox", "paplay")
    fan = make_noise(tmp_path, "pinknoise", 0.3)
    with playing(pulse, fan):
        fact = ambient.gather(ProbeContext(listen_seconds=3.0))
    assert not fact.speech.likely, fact.speech
    assert fact.rms_dbfs > -40  # it was heard, and judged not to be a voice


def test_the_live_level_feeds_a_meter(backend: str, pulse: PulseServer, tmp_path: Path) -> None:
    _need_tools("sox", "paplay")
    noise = make_noise(tmp_path, "whitenoise", 0.1)
    levels: list[float] = []
    with playing(pulse, noise):
        fact = ambient.gather(ProbeContext(listen_seconds=2.0, on_level=levels.append))
    assert len(levels) >= 15
    assert all(abs(level - fact.rms_dbfs) < 3 for level in levels)


def test_a_failing_meter_does_not_fail_the_measurement(backend: str, pulse: PulseServer) -> None:
    def broken(_: float) -> None:
        raise RuntimeError("the meter broke")

    assert ambient.gather(ProbeContext(listen_seconds=0.5, on_level=broken)).seconds == 0.5


# --- headphones and the speaker leak ----------------------------------------------------------


def test_speaker_leak_detected_when_the_room_is_the_output(
    backend: str, pulse: PulseServer
) -> None:
    fact = speaker_leak.gather(ProbeContext())
    assert fact.tone_dbfs_heard == pytest.approx(fact.tone_dbfs_played, abs=1.0)
    assert fact.match_snr_db > 40


def test_headphones_the_microphone_cannot_hear(backend: str, pulse: PulseServer) -> None:
    pulse.add_headphones()
    with default_sink(pulse, HEADPHONES):
        fact = speaker_leak.gather(ProbeContext())
        outputs = output.gather(ProbeContext())
    assert fact.match_snr_db < 20 and fact.tone_dbfs_heard < -90
    assert outputs.source == "pactl-json"
    assert outputs.default is not None
    assert (outputs.default.id, outputs.default.kind) == (HEADPHONES, "headphones")
    assert headphones(outputs, Params()).status is Status.PASS


def test_the_room_sink_is_not_called_headphones(pulse: PulseServer) -> None:
    outputs = output.gather(ProbeContext())
    assert outputs.default is not None and outputs.default.id == ROOM
    assert headphones(outputs, Params()).status is Status.UNKNOWN


def test_pactl_text_and_json_from_the_real_server_agree(pulse: PulseServer) -> None:
    pulse.add_headphones()
    env = {**pulse.env, "LC_ALL": "C"}
    text = subprocess.run(
        ["pactl", "list", "sinks"], env=env, capture_output=True, text=True, check=True
    ).stdout
    js = subprocess.run(
        ["pactl", "-f", "json", "list", "sinks"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    from_text = {d.id: d.kind for d in audio.parse_output("pactl", text)}
    from_json = {d.id: d.kind for d in audio.parse_output("pactl-json", js)}
    assert from_text == from_json
    assert from_text[HEADPHONES] == "headphones" and from_text[ROOM] == "unknown"


def _check_json(pulse: PulseServer, *args: str) -> dict[str, dict[str, object]]:
    env = {**pulse.env, "NO_COLOR": "1"}
    out = subprocess.run(
        [venv_bin("safe-session"), "check", "--only", "audio", "--json", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert out.returncode in (0, 1, 3), out.stderr
    return {r["id"]: r for r in json.loads(out.stdout)["results"]}


def test_check_command_end_to_end_with_the_tone(pulse: PulseServer) -> None:
    results = _check_json(pulse, "--acoustic-test", "--listen", "1")
    leak = results["audio.speaker_leak"]
    assert leak["status"] == "warn" and leak["details"]["leak"] is True
    assert isinstance(leak["details"]["tone_dbfs_heard"], float)
    noise = results["audio.ambient_noise"]["details"]
    assert {"rms_dbfs", "peak_dbfs", "speech_likely", "seconds", "device", "level"} <= set(noise)
    phones = results["audio.headphones"]["details"]
    assert set(phones["default_output"]) >= {"name", "kind", "transport"} and phones["source"]


def test_check_command_with_headphones_as_the_output(pulse: PulseServer, tmp_path: Path) -> None:
    _need_tools("sox", "paplay")
    pulse.add_headphones()
    room = make_noise(tmp_path, "pinknoise", 0.003, seconds=60)  # a real room is never all zeros
    with default_sink(pulse, HEADPHONES), playing(pulse, room):
        results = _check_json(pulse, "--acoustic-test", "--listen", "1")
    assert results["audio.headphones"]["status"] == "pass"
    assert results["audio.speaker_leak"]["status"] == "pass"
    assert results["audio.speaker_leak"]["details"]["leak"] is False
    assert results["audio.ambient_noise"]["details"]["mic_level"] == "ok"


def test_check_command_with_a_microphone_that_hears_nothing(pulse: PulseServer) -> None:
    """The room's stream is all zeros: the tone test cannot listen, so it does not pass."""
    pulse.add_headphones()
    with default_sink(pulse, HEADPHONES):
        results = _check_json(pulse, "--acoustic-test", "--listen", "1")
    assert results["audio.ambient_noise"]["status"] == "warn"
    assert results["audio.ambient_noise"]["details"]["mic_level"] == "silent"
    leak = results["audio.speaker_leak"]
    assert (leak["status"], leak["details"]["leak"]) == ("unknown", None)


def test_no_audio_opens_nothing(pulse: PulseServer) -> None:
    results = _check_json(pulse, "--no-audio", "--acoustic-test")
    assert results["audio.ambient_noise"]["status"] == "skipped"
    assert results["audio.speaker_leak"]["status"] == "skipped"
    assert results["audio.headphones"]["status"] != "skipped"


# --- failure is information -------------------------------------------------------------------

PROBE_IN_SUBPROCESS = """
import json
from safe_session.probes.audio import ambient
from safe_session.probes.base import ProbeContext, Unavailable
try:
    ambient.gather(ProbeContext(listen_seconds=0.5))
    print(json.dumps({"ok": True}))
except Unavailable as exc:
    print(json.dumps({"reason": exc.reason, "situation": exc.situation}))
"""


def test_no_sound_server_means_no_microphone_not_a_crash() -> None:
    cards = Path("/proc/asound/cards")
    need(
        not cards.is_file() or "no soundcards" in cards.read_text(),
        "this machine has its own sound cards: PortAudio would find a microphone there",
    )
    env = {**os.environ, "PULSE_SERVER": "unix:/nonexistent/pulse/native"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE_IN_SUBPROCESS],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {
        "reason": "no microphone was found",
        "situation": "no_microphone",
    }


def test_ambient_after_the_server_came_up_sees_it(
    pulse: PulseServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PortAudio reads its device list once; the probe re-reads it, so a microphone that
    appeared after start-up (or the test's server) is found."""
    monkeypatch.setenv("SAFE_SESSION_AUDIO_BACKEND", "portaudio")
    with soundcard.portaudio() as sd:
        assert any(d["max_input_channels"] > 0 for d in sd.query_devices())
    try:
        ambient.gather(ProbeContext(listen_seconds=0.3))
    except Unavailable as exc:  # pragma: no cover - the assertion explains
        pytest.fail(f"the microphone was not found: {exc.reason}")


# --- privacy ----------------------------------------------------------------------------------

TRACED = """
from safe_session.probes.audio import ambient, chime, speaker_leak, voice
from safe_session.probes.base import ProbeContext
ambient.gather(ProbeContext(listen_seconds=1.0))
speaker_leak.gather(ProbeContext())
voice.gather(ProbeContext(stop=lambda: True))  # the "say something" step, closed at once
chime.gather(ProbeContext())  # the test sound
"""


def test_listening_writes_no_files_and_opens_no_network_sockets(
    pulse: PulseServer, tmp_path: Path
) -> None:
    _need_tools("strace")
    log = tmp_path / "trace.log"
    out = subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-o",
            str(log),
            "-e",
            "trace=socket,openat,open,creat,rename,renameat,renameat2",
            sys.executable,
            "-c",
            TRACED,
        ],
        env=pulse.env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    need(out.returncode == 0 or "ptrace" not in out.stderr, "strace cannot trace here (no ptrace)")
    assert out.returncode == 0, out.stderr
    calls = log.read_text().splitlines()
    sockets = [c for c in calls if " socket(" in c and "= -1" not in c]
    assert sockets and all("AF_UNIX" in c for c in sockets), sockets
    written = [
        c
        for c in calls
        if re.search(r"open(at)?\(.*O_(WRONLY|RDWR|CREAT)", c) or " creat(" in c or "rename" in c
    ]
    # /dev/null only: the sound server's tools share sound through anonymous memory
    outside = [c for c in written if "= -1" not in c and not re.search(r'"/dev/null"', c)]
    assert outside == []


def test_put_off_preparation_keeps_every_sample_and_runs_once_the_screen_is_drawn(
    backend: str, pulse: PulseServer, tmp_path: Path
) -> None:
    """While the first screen is drawn, the listening keeps the sound as it comes and loads
    its analysis only afterwards: nothing heard is lost, and the level is still measured."""
    _need_tools("sox", "paplay")
    noise = make_noise(tmp_path, "whitenoise", 0.1)
    expected = sox_rms_dbfs(noise)
    drawn = threading.Event()
    threading.Timer(0.6, drawn.set).start()
    prepared: list[bool] = []
    with playing(pulse, noise):
        capture = soundcard.record(
            2.0, meanwhile=lambda: prepared.append(drawn.is_set()), defer_until=drawn
        )
    assert prepared == [True]
    assert len(capture.samples) == pytest.approx(2.0 * capture.rate, abs=capture.rate * 0.02)
    assert abs(rms_dbfs(capture.samples) - expected) <= 1.0


def test_put_off_preparation_runs_by_half_the_window_when_no_screen_comes(
    backend: str, pulse: PulseServer
) -> None:
    prepared_at: list[float] = []
    began = time.monotonic()
    capture = soundcard.record(
        2.0,
        meanwhile=lambda: prepared_at.append(time.monotonic() - began),
        defer_until=threading.Event(),  # never set
    )
    assert len(prepared_at) == 1 and prepared_at[0] < 1.9  # well before the window ended
    assert len(capture.samples) == pytest.approx(2.0 * capture.rate, abs=capture.rate * 0.02)
