"""The UI's own terminal: while it runs, what C libraries write to descriptor 2 goes nowhere,
and what the UI draws reaches the terminal even while a library points descriptor 2 elsewhere
(sounddevice does, each time PortAudio starts). Afterwards everything is as before."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

CHILD = r"""
import os, sys
from safe_session.tui.terminal import own_terminal

def draw(text):
    sys.__stderr__.write(text + "\n")
    sys.__stderr__.flush()

with own_terminal():
    os.write(2, b"C-LIBRARY\n")
    draw("FRAME-1")
    # what sounddevice does while PortAudio starts, from another thread in the real program
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    draw("FRAME-2")
    os.dup2(saved, 2)
    os.close(saved)
    os.close(devnull)
    print("TRACEBACK", file=sys.stderr, flush=True)
os.write(2, b"RAW-AFTER\n")
print("PY-AFTER", file=sys.stderr, flush=True)
print(sys.__stderr__.fileno(), sys.stderr is sys.__stderr__)
"""


@pytest.mark.skipif(os.name != "posix", reason="Textual draws on stdout on Windows")
def test_frames_reach_the_terminal_and_library_noise_does_not() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stderr.splitlines() == ["FRAME-1", "FRAME-2", "TRACEBACK", "RAW-AFTER", "PY-AFTER"]
    assert out.stdout.split() == ["2", "True"]  # put back as it was
