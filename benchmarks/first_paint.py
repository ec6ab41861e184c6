"""Time to first paint of the UI against a minimal Textual app, side by side in one run.

Each program runs in a real pseudo-terminal (80x24), started the way a person starts it; the
time is from starting the process to its first screen appearing in the terminal output (a
marker text, escape sequences stripped). Runs alternate between the two so machine load hits
both alike; the result is the ratio of the medians. Our app runs the real checks (--no-audio);
its first screen must not wait for them. With `--sound` the listening is on as well, as a person
runs it: it starts before the first screen and must not delay it much either.

    python benchmarks/first_paint.py [--runs N]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

MINIMAL = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("Hello, first paint")

Minimal().run()
"""
ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
QUIT = b"\x11"  # Ctrl+Q: quits both apps
TIMEOUT = 30.0


def first_paint(cmd: list[str], marker: str, env: dict[str, str]) -> float:
    """Seconds from starting `cmd` in a fresh 80x24 terminal until `marker` is on screen."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    began = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        while True:
            left = began + TIMEOUT - time.perf_counter()
            if left <= 0:
                raise RuntimeError(f"no first paint within {TIMEOUT:g} s: {cmd}")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the program ended
                raise RuntimeError(f"{cmd} ended before painting") from None
            seen += chunk
            if marker in ESCAPES.sub("", seen.decode("utf-8", "replace")):
                return time.perf_counter() - began
    finally:
        _stop(proc, master)


def _stop(proc: subprocess.Popen[bytes], master: int) -> None:
    try:
        os.write(master, QUIT)
        deadline = time.monotonic() + 5
        while proc.poll() is None and time.monotonic() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(master)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--sound",
        action="store_true",
        help="with the listening on, as a person runs it (whatever sound this machine has)",
    )
    args = parser.parse_args()
    here = Path(sys.executable).parent
    ours = [str(here / "safe-session"), *([] if args.sound else ["--no-audio"])]
    with tempfile.TemporaryDirectory() as state:
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "SAFE_SESSION_STATE_DIR": state,
            "COLUMNS": "80",
            "LINES": "24",
        }
        env.pop("SAFE_SESSION_PROFILE", None)
        baseline = [sys.executable, "-c", MINIMAL]
        first_paint(baseline, "Hello, first paint", env)  # warm the file cache for both
        first_paint(ours, "Before your session", env)
        base_times, our_times = [], []
        for _ in range(args.runs):
            base_times.append(first_paint(baseline, "Hello, first paint", env))
            our_times.append(first_paint(ours, "Before your session", env))
    base, mine = statistics.median(base_times), statistics.median(our_times)
    print(f"minimal Textual app : median {base * 1000:7.1f} ms over {args.runs} runs")
    print(f"safe-session UI     : median {mine * 1000:7.1f} ms over {args.runs} runs")
    print(f"ratio               : {mine / base:.2f}x the minimal app's time to first paint")
    return 0


if __name__ == "__main__":
    sys.exit(main())
