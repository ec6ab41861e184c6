"""The terminal the UI draws on, kept apart from the process's file descriptor 2.

Textual draws every frame through `sys.__stderr__`, that is on descriptor 2, and only redraws
what changed since. Descriptor 2 belongs to the whole process: sounddevice points it at
/dev/null while PortAudio starts (on import, and each time the device list is re-read) to hide
ALSA's and JACK's complaints, from the probe's thread, for as long as that takes. Frames drawn
meanwhile went to /dev/null and were never drawn again: rows stayed "Checking…" and the key bar
missing until a key press made Textual draw them once more. C libraries also write their own
complaints to descriptor 2 at other times, and those would land on the screen.

So while the UI runs, Textual draws on a copy of the terminal of its own, and descriptor 2 leads
to /dev/null. Python's own `sys.stderr` goes to the terminal copy too, so a traceback printed as
the UI closes is still seen. Everything is put back when the UI closes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def own_terminal() -> Iterator[None]:
    stream = sys.__stderr__
    if os.name != "posix" or stream is None:  # Textual on Windows draws on stdout
        yield
        return
    try:
        stream.flush()
        fd = stream.fileno()
        saved = os.dup(fd)
    except (OSError, ValueError):
        yield
        return
    screen = open(  # noqa: SIM115 -- closed below, after Textual has let go of it
        os.dup(fd), "w", encoding=stream.encoding, errors=stream.errors, closefd=True
    )
    before = sys.stderr
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
    sys.__stderr__ = screen  # type: ignore[misc]  # read by Textual's driver as it starts
    sys.stderr = screen
    try:
        yield
    finally:
        sys.__stderr__ = stream  # type: ignore[misc]
        sys.stderr = before
        try:
            screen.close()
        finally:
            os.dup2(saved, fd)
            os.close(saved)
