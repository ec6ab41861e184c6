"""How soon the first screen shows every row's result, against the listening window.

The real program runs in a real terminal (tmux, 100x50 so every row is on screen) with a real
sound server (the test suite's private PulseAudio), started the way a person starts it:
`safe-session --listen W`. The screen is read every 30 ms from the moment the command is typed:
when "Before your session" first shows, and when no row says "Checking" any more. Side by side,
in the same run, a minimal Textual app's first screen in the same terminal is the baseline for
what starting any Textual program costs here.

    python benchmarks/screen_settle.py [--listen 2] [--runs 5] [--backend pulse|portaudio]

Goal: every row's result within W + 0.5 s of the command starting.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the test suite's terminal and sound server

from run import compile_bytecode  # noqa: E402
from tests.pulse import start_pulse  # noqa: E402
from tests.tui.test_real_terminal import PROMPT, Tmux  # noqa: E402

GOAL_BEYOND = 0.5
MINIMAL = (
    "from textual.app import App\nfrom textual.widgets import Static\n"
    "class M(App):\n    def compose(self):\n        yield Static('Hello, first paint')\n"
    "M().run()\n"
)


def settled(screen: str) -> bool:
    return (
        "Before your session" in screen
        and "Checking" not in screen
        and re.search(r"still\W*running", screen) is None
    )


def timed(
    t: Tmux, command: str, first: str, done: Callable[[str], bool], limit: float = 30.0
) -> tuple[float, float]:
    """(seconds to `first` on screen, seconds until `done(screen)`), from typing `command`."""
    t.type("clear; " + command)
    began = time.perf_counter()
    shown = None
    while time.perf_counter() - began < limit:
        screen = t.screen()
        now = time.perf_counter() - began
        if shown is None and first in screen:
            shown = now
        if shown is not None and done(screen):
            return shown, now
        time.sleep(0.03)
    raise RuntimeError(f"{command!r} did not finish on screen within {limit:g} s")


def quit_(t: Tmux) -> None:
    t.keys("C-q")
    t.wait(lambda s: PROMPT.strip() in s and "Before your session" not in s, "no prompt", 15)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--backend",
        choices=("pulse", "portaudio"),
        default="pulse",
        help="listen through the sound server's own tools (Linux's way) or PortAudio (the way "
        "of macOS and Windows)",
    )
    args = parser.parse_args()
    if not (shutil.which("tmux") and shutil.which("pulseaudio")):
        print("tmux and pulseaudio are needed")
        return 2
    compile_bytecode()
    print(
        f"load average before: {os.getloadavg()[0]:.2f}; listening window {args.listen:g} s "
        f"through {args.backend}"
    )
    pulse = start_pulse()
    ours, firsts, base = [], [], []
    try:
        # the shell may still be writing its history as tmux ends
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
            t = Tmux(Path(tmp), (100, 50))
            t.env.update({"PULSE_SERVER": pulse.server, "XDG_RUNTIME_DIR": str(pulse.runtime)})
            t.env["SAFE_SESSION_AUDIO_BACKEND"] = args.backend
            t.start()
            t.wait(lambda s: PROMPT.strip() in s, "the shell did not start")
            script = Path(tmp) / "minimal.py"
            script.write_text(MINIMAL)
            try:
                for _ in range(args.runs):
                    first, done = timed(
                        t, f"safe-session --listen {args.listen:g}", "Before your session", settled
                    )
                    firsts.append(first)
                    ours.append(done - args.listen)
                    quit_(t)
                    shown, _ = timed(
                        t, f"{sys.executable} {script}", "Hello, first paint", lambda s: True
                    )
                    base.append(shown)
                    t.keys("C-q")
                    t.wait(lambda s: "Hello, first paint" not in s, "the minimal app did not quit")
            finally:
                t.stop()
    finally:
        pulse.stop()
    beyond = statistics.median(ours)
    ok = max(ours) <= GOAL_BEYOND
    print(f"first screen          : median {statistics.median(firsts):.2f} s")
    print(f"minimal Textual app   : median {statistics.median(base):.2f} s to its first screen")
    print(
        f"every row's result    : median {beyond:.2f} s beyond the window, "
        f"worst {max(ours):.2f} s, first run {ours[0]:.2f} s "
        f"({'met' if ok else 'MISS'}: goal at most {GOAL_BEYOND} s)"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
