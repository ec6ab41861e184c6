"""The real program in a real terminal (tmux) with its sound checks going through PortAudio, the
way macOS and Windows always go: once with no sound device at all, once with a private
PulseAudio server that PortAudio reaches through ALSA's pulse plugin. By the time the listening
is over, plus two seconds, every row shows its result and the key bar is there.

PortAudio's start-up points descriptor 2 at /dev/null for a moment; a UI that drew there lost
those frames and never drew them again (rows stayed "Checking…" until a key was pressed).

Nothing is written outside the test's folder: ALSA reads a config that knows only PulseAudio,
libpulse finds its cookie and runtime folder in the test's folder and never starts a server of
its own, and the program runs in its own mount namespace with a private /dev/shm, where libjack
(which PortAudio loads on Debian) writes its metadata database."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import need, venv_bin
from tests.pulse import PulseServer
from tests.tui.test_real_terminal import PROMPT, Tmux

pytestmark = pytest.mark.real

LISTEN = 1.0
SIZE = (100, 50)  # every row on screen, none below the fold
ALSA_PULSE_ONLY = """\
pcm.!default { type pulse }
ctl.!default { type pulse }
"""
NO_AUTOSPAWN = "autospawn = no\n"
PRIVATE_SHM = "unshare -m --propagation private sh -c 'mount -t tmpfs tmpfs /dev/shm && exec {}'"


def can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = ["unshare", "-m", "--propagation", "private", "sh", "-c", "mount -t tmpfs t /dev/shm"]
    return subprocess.run(probe, capture_output=True, timeout=10).returncode == 0


def terminal(tmp_path: Path, sound: dict[str, str], alsa_pulse_only: bool = True) -> Tmux:
    """A tmux whose shell has PortAudio's path set up; `sound` adds the server, if any."""
    need(shutil.which("tmux"), "tmux is not installed")
    need(Path(venv_bin("safe-session")).exists(), "safe-session is not installed")
    need(can_unshare(), "a private /dev/shm needs unshare and mount (root)")
    (tmp_path / "asound.conf").write_text(ALSA_PULSE_ONLY, encoding="utf-8")
    (tmp_path / "client.conf").write_text(NO_AUTOSPAWN, encoding="utf-8")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    t = Tmux(tmp_path, SIZE)
    t.env.update(
        {
            "XDG_RUNTIME_DIR": str(runtime),
            "PULSE_COOKIE": str(runtime / "cookie"),
            "PULSE_CLIENTCONFIG": str(tmp_path / "client.conf"),
            "SAFE_SESSION_AUDIO_BACKEND": "portaudio",
            **sound,
        }
    )
    if alsa_pulse_only:
        t.env["ALSA_CONFIG_PATH"] = str(tmp_path / "asound.conf")
    t.start()
    t.wait(lambda s: PROMPT.strip() in s, "the shell did not start")
    return t


def settled_screen(t: Tmux) -> str:
    """The screen `LISTEN + 2` seconds after the first frame: no waiting for it to settle."""
    t.type("clear; " + PRIVATE_SHM.format(f"safe-session --listen {LISTEN:g}"))
    t.wait(lambda s: "Before your session" in s, "the first screen did not open")
    time.sleep(LISTEN + 2)
    return t.screen()


def check_screen(screen: str) -> None:
    assert "… Checking" not in screen and "Checking…" not in screen, screen
    assert "^q Quick exit" in screen, "the key bar is missing:\n" + screen
    for noise in ("ALSA lib", "jack", "Jack", "PulseAudio:"):
        assert noise not in screen, f"{noise!r} on screen:\n{screen}"


def quit_(t: Tmux) -> None:
    t.keys("C-q")
    t.wait(lambda s: PROMPT.strip() in s and "Before your session" not in s, "no prompt")


def nothing_written_to_home(home: Path) -> None:
    """libpulse writes a cookie and a runtime link under ~/.config when it is not told where."""
    assert not (home / ".config").exists(), list((home / ".config").rglob("*"))


def test_no_sound_device_every_row_settles(tmp_path: Path) -> None:
    """ALSA's full default config: PortAudio's start-up takes longest there, trying every plugin
    (and stays in the namespace's /dev/shm). No server, no card: PortAudio finds no device."""
    cards = Path("/proc/asound/cards")
    need(
        not cards.is_file() or "no soundcards" in cards.read_text(),
        "this machine has its own sound cards: PortAudio would find a microphone there",
    )
    t = terminal(tmp_path, {}, alsa_pulse_only=False)
    try:
        screen = settled_screen(t)
        check_screen(screen)
        assert "no microphone was found" in screen, screen
        t.keys("a")  # check everything again: PortAudio starts again
        time.sleep(LISTEN + 2)
        check_screen(t.screen())
        quit_(t)
    finally:
        t.stop()
    nothing_written_to_home(tmp_path)


def faint_room(pulse: PulseServer, folder: Path) -> subprocess.Popen[bytes]:
    """A quiet room's own sound (pink noise near -60 dBFS) playing into the room sink: a real
    microphone always hears something, and one that hears only zeros is a caution."""
    need(shutil.which("sox") and shutil.which("paplay"), "sox and paplay are not installed")
    noise = folder / "room.wav"
    synth = ["synth", "60", "pinknoise", "vol", "0.003"]
    subprocess.run(
        ["sox", "-n", "-r", "48000", "-c", "1", "-b", "16", str(noise), *synth], check=True
    )
    return subprocess.Popen(["paplay", "--device=room", str(noise)], env=pulse.env)


def test_sound_through_portaudio_every_row_settles(tmp_path: Path, pulse: PulseServer) -> None:
    t = terminal(tmp_path, {"PULSE_SERVER": pulse.server, "PULSE_COOKIE": str(pulse.cookie)})
    room = faint_room(pulse, tmp_path)
    try:
        t.type("clear; " + PRIVATE_SHM.format(f"safe-session --listen {LISTEN:g}"))
        t.wait(lambda s: "Listening to the room" in s, "PortAudio did not hear the room", 15)
        time.sleep(LISTEN + 2)
        screen = t.screen()
        check_screen(screen)
        assert "The room is quiet" in screen and "no microphone" not in screen, screen
        quit_(t)
    finally:
        t.stop()
        room.kill()
        room.wait(5)
    nothing_written_to_home(tmp_path)
