"""The microphone and speakers through the PulseAudio/PipeWire sound server's own tools.

On Linux, PortAudio reaches the sound server through ALSA, and ALSA's device list loads the JACK
plugin, whose library writes a metadata database under /dev/shm: a write outside our state
folder that we promise not to make. `parec` and `pacat` talk to the server over its local socket
and share sound through anonymous memory, writing nothing anywhere, so they come first where a
sound server answers; PortAudio remains the way on macOS, Windows and Linux without one.

The samples are read from `parec`'s output pipe into a numpy array: memory only, as ever.

A default source that is a sink's monitor (`<sink>.monitor`, what a computer without a
microphone often has) is no microphone: it copies what the computer plays. The capture ends as
soon as the source's name says so, and the listening is unknown ("no_microphone").

The person waits for the listening, so `parec` starts first of all: before numpy is imported,
before the source's name is asked (`pactl`, alongside), and before `meanwhile` (the caller's own
preparation, such as loading the analysis) runs. That work happens while the sound comes in, and
the capture ends as soon as the last sample has arrived.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from safe_session import system_tools
from safe_session.probes.audio import sound_server
from safe_session.probes.audio.sound_server import SoundServer
from safe_session.probes.base import Unavailable

if TYPE_CHECKING:  # numpy is imported once the sound is flowing (see `record`)
    import numpy as np
    import numpy.typing as npt

    Until = Callable[[npt.NDArray[np.float32], float], bool]

RATE = 48000
BYTES_PER_SAMPLE = 4  # float32 mono
SILENT_LIMIT_SECONDS = 3.0
LEVEL_EVERY_SECONDS = 0.1
FORMAT = ["--raw", "--format=float32le", f"--rate={RATE}", "--channels=1", "--latency-msec=20"]


def available(server: SoundServer) -> bool:
    """True when `parec`/`pacat` are installed and the local sound server's socket is there."""
    return bool(shutil.which("parec") and shutil.which("pacat")) and server.answers_here()


def default_source_name(env: Mapping[str, str], timeout: float = 2.0) -> str:
    try:
        out = system_tools.run(["pactl", "get-default-source"], timeout=timeout, env=env)
    except Unavailable:
        return "default"
    return out.stdout.strip() or "default"


def not_a_microphone() -> Unavailable:
    """The input is a sink's monitor: what it hears is this computer's own playback, which would
    pass for the room (a quiet playback for a quiet room) and would hear the tone test's tone."""
    return Unavailable(
        "no microphone was found: the sound input chosen here is a copy of what this computer "
        "plays, not a microphone",
        "no_microphone",
    )


def refuse_monitor(names: list[str]) -> None:
    """Raise `not_a_microphone()` once the input's name, asked alongside, says monitor."""
    if names and sound_server.is_monitor(names[0]):
        raise not_a_microphone()


def _explain(stderr: bytes, what: str) -> Unavailable:
    text = stderr.decode("utf-8", "replace").strip().splitlines()
    said = text[-1][:160] if text else "no reason given"
    lower = said.lower()
    if "access denied" in lower or "permission" in lower:
        return Unavailable(f"the sound server did not allow using the {what}", "permission")
    if "no such entity" in lower or "no such device" in lower:
        situation = "no_microphone" if what == "microphone" else "no_output"
        return Unavailable(f"no {what} was found", situation)
    return Unavailable(f"the {what} could not be opened through the sound server ({said})")


def _feed(proc: subprocess.Popen[bytes], data: bytes) -> None:
    try:
        assert proc.stdin is not None
        proc.stdin.write(data)
        proc.stdin.close()
    except (BrokenPipeError, OSError, ValueError):
        return


UNTIL_EVERY_SECONDS = 0.5


def record(
    seconds: float,
    drop_seconds: float,
    on_level: Callable[[float], None] | None = None,
    play: Callable[[float], npt.NDArray[np.float32]] | None = None,
    play_after: float = 0.0,
    server: SoundServer | None = None,
    until: Until | None = None,
    meanwhile: Callable[[], object] | None = None,
    defer_until: threading.Event | None = None,
    defer_seconds: float = 0.0,
) -> tuple[npt.NDArray[np.float32], float, str, str | None, float | None]:
    """Listen on the default source; optionally play `play(rate)` on the default sink once
    `play_after` seconds are recorded. `until(samples so far, rate)`, asked every half second,
    ends the listening early by returning True. `meanwhile()` runs once the sound is flowing;
    with `defer_until`, it and numpy wait until that is set or `defer_seconds` have passed, and
    the sound read meanwhile is kept as it came. Returns (samples, rate, input, output,
    played_at). The tools reach only `server`'s local socket (by default, the one found now)."""
    server = server if server is not None else sound_server.local_server()
    env = server.tool_env()
    proc = system_tools.start(
        ["parec", *FORMAT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    names: list[str] = []
    asker = threading.Thread(
        target=lambda: names.append(default_source_name(env)), name="source-name", daemon=True
    )
    asker.start()
    player: subprocess.Popen[bytes] | None = None
    selector = selectors.DefaultSelector()
    try:
        drop = int(drop_seconds * RATE)
        total = drop + int(seconds * RATE)
        samples: npt.NDArray[np.float32] | None = None
        played_at: float | None = None
        pending = bytearray()
        filled = last_level = last_asked = 0
        assert proc.stdout is not None
        selector.register(proc.stdout, selectors.EVENT_READ)
        last_data = time.monotonic()
        prepare_by = last_data + defer_seconds
        while samples is None or filled < total:
            refuse_monitor(names)  # the name comes within milliseconds of the first sound
            if not selector.select(timeout=0.25):
                if proc.poll() is not None:
                    raise _explain(proc.stderr.read() if proc.stderr else b"", "microphone")
                if time.monotonic() - last_data > SILENT_LIMIT_SECONDS:
                    raise Unavailable("the microphone sent no sound at all", "no_microphone")
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                raise _explain(proc.stderr.read() if proc.stderr else b"", "microphone")
            last_data = time.monotonic()
            pending += chunk
            if samples is None:
                waiting = defer_until is not None and not defer_until.is_set()
                if waiting and last_data < prepare_by:
                    continue  # the sound waits in `pending`
                import numpy as np

                from safe_session.sound.levels import rms_dbfs

                samples = np.zeros(total, dtype=np.float32)
                if meanwhile is not None:
                    meanwhile()
            usable = len(pending) - len(pending) % BYTES_PER_SAMPLE
            block = np.frombuffer(bytes(pending[:usable]), dtype="<f4")
            del pending[:usable]
            take = min(len(block), total - filled)
            samples[filled : filled + take] = block[:take]
            filled += take
            if on_level and filled > drop and filled - last_level >= LEVEL_EVERY_SECONDS * RATE:
                # a meter that fails must not fail the measurement
                with contextlib.suppress(Exception):
                    on_level(rms_dbfs(samples[max(drop, last_level) : filled]))
                last_level = filled
            if (
                until is not None
                and filled > drop
                and filled - last_asked >= UNTIL_EVERY_SECONDS * RATE
            ):
                last_asked = filled
                if until(samples[drop:filled], float(RATE)):
                    break
            if play is not None and player is None and filled >= drop + play_after * RATE:
                signal = np.asarray(play(float(RATE)), dtype="<f4").tobytes()
                player = system_tools.start(
                    ["pacat", *FORMAT],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=env,
                )
                threading.Thread(target=_feed, args=(player, signal), daemon=True).start()
                played_at = (filled - drop) / RATE
    finally:
        selector.close()
        for p in (proc, player):
            if p is not None:  # they record and play until told to stop, with their group
                system_tools.end(p, grace=2.0)
        asker.join(timeout=3.0)
    refuse_monitor(names)  # a capture that ended before the name came
    device = names[0] if names else "default"
    output = "default output" if player is not None else None
    assert samples is not None  # the loop ends only once the samples are there
    return samples[drop:filled], float(RATE), device, output, played_at


def play(signal: npt.NDArray[np.float32], timeout: float, server: SoundServer | None = None) -> str:
    """Play `signal` (mono, at RATE) on the default sink and wait until it has been played.
    Returns the sink's name as the server gives it. Only `server`'s local socket is reached."""
    import numpy as np

    server = server if server is not None else sound_server.local_server()
    env = server.tool_env()
    player = system_tools.start(
        ["pacat", *FORMAT],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    data = np.asarray(signal, dtype="<f4").tobytes()
    threading.Thread(target=_feed, args=(player, data), daemon=True).start()
    try:
        code = player.wait(timeout)
    except subprocess.TimeoutExpired:
        system_tools.end(player, grace=1.0)
        raise Unavailable("the sound did not finish playing in time") from None
    err = b""
    if player.stderr is not None:
        err = player.stderr.read()
        player.stderr.close()
    system_tools.forget(player)  # it finished by itself
    if code != 0:
        raise _explain(err, "sound output")
    return default_sink_name(env)


def default_sink_name(env: Mapping[str, str], timeout: float = 2.0) -> str:
    try:
        out = system_tools.run(["pactl", "get-default-sink"], timeout=timeout, env=env)
    except Unavailable:
        return "default output"
    return out.stdout.strip() or "default output"
