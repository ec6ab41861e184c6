"""The real program in a real terminal (tmux) with a real sound server: the first screen shows
every row's result soon after the listening is over, the room's row included (heard, not
"could not check"). The screen is read every 50 ms from the moment the command is typed; the
bound here is generous, for a busy machine: the goal (the listening window + 0.5 s) is measured
by benchmarks/screen_settle.py."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import need, venv_bin
from tests.pulse import PulseServer
from tests.tui.test_real_terminal import PROMPT, Tmux

pytestmark = pytest.mark.real

LISTEN = 1.0
MARGIN = 6.0  # seconds beyond the window before this counts as stuck


def settled(screen: str) -> bool:
    return (
        "Before your session" in screen
        and "Checking" not in screen
        and re.search(r"still\W*running", screen) is None
    )


def test_every_row_shows_its_result_soon_after_the_listening(
    tmp_path: Path, pulse: PulseServer
) -> None:
    need(shutil.which("tmux"), "tmux is not installed")
    need(Path(venv_bin("safe-session")).exists(), "safe-session is not installed")
    t = Tmux(tmp_path, (100, 50))  # every row on screen
    t.env.update({"PULSE_SERVER": pulse.server, "XDG_RUNTIME_DIR": str(pulse.runtime)})
    try:
        t.start()
        t.wait(lambda s: PROMPT.strip() in s, "the shell did not start")
        t.type(f"clear; safe-session --listen {LISTEN:g}")
        began = time.monotonic()
        screen = t.screen()
        while not settled(screen) and time.monotonic() - began < LISTEN + MARGIN:
            time.sleep(0.05)
            screen = t.screen()
        took = time.monotonic() - began
        assert settled(screen), f"rows still checking after {took:.1f} s:\n{screen}"
        # the room was listened to: the server plays zeros, which the check reports as heard
        # nothing (a muted microphone), not as a microphone it could not open
        assert "We heard nothing" in screen and "no microphone" not in screen, screen
        t.keys("C-q")
        t.wait(lambda s: PROMPT.strip() in s and "Before your session" not in s, "no prompt")
    finally:
        t.stop()
