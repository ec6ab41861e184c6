"""The microphone and speakers through PortAudio (sounddevice), held in memory only.

One process-wide lock makes every PortAudio user take turns: the ambient listening and the
speaker-leak tone must never overlap (the tone would be measured as room noise), and PortAudio
is re-initialised before each use so a headset plugged in after start-up is seen ("check
again"). Sound goes into numpy arrays and nowhere else: nothing is written to disk.

Every way this can fail becomes `Unavailable` with a situation the catalog has advice for:
"no_portaudio" (the library is missing), "no_microphone", "no_output", "permission" (the system
refused the microphone), "device_busy". On Linux, a sound server's default source that is a
sink's monitor is "no_microphone" too, on either way to the sound card (see `pulse_stream`).

The person waits for the listening, so nothing the capture does not need comes before it:
PortAudio is initialised once (its import does it; only a later use re-reads the device list),
numpy is imported while the first sound comes in, and the stream is aborted, not drained, once
the last sample is in.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from safe_session.probes.audio import pulse_stream, sound_server
from safe_session.probes.audio.sound_server import SoundServer
from safe_session.probes.base import Unavailable

if TYPE_CHECKING:  # numpy is imported once the sound is flowing (see `record`)
    import numpy as np
    import numpy.typing as npt

LOCK = threading.Lock()
# The first moments of a capture can hold a microphone's start-up click or a few empty buffers.
# A click that short still outweighs seconds of a quiet room, so they are dropped; 0.1 s covers
# them and is what the person waits beyond the listening itself.
DROP_SECONDS = 0.1
BLOCK_SECONDS = 0.05
PREFERRED_RATE = 48000.0
LEVEL_EVERY_SECONDS = 0.1
DEFER_LIMIT_SECONDS = 1.0


def deferred_for(seconds: float) -> float:
    """How long the preparation may wait while listening for `seconds`: at most a second, and
    never past half the window, so it is always done before the last sample comes in."""
    return max(0.0, min(DEFER_LIMIT_SECONDS, seconds / 2))


@dataclass(frozen=True)
class Capture:
    """Microphone sound, in memory: mono float32 samples (1.0 = full scale)."""

    samples: npt.NDArray[np.float32]
    rate: float
    device: str
    output_device: str | None = None
    played_at: float | None = None  # seconds into `samples` when playback began


def backend(server: SoundServer | None = None) -> str:
    """ "pulse" or "portaudio"; SAFE_SESSION_AUDIO_BACKEND chooses one (tests use both)."""
    chosen = os.environ.get("SAFE_SESSION_AUDIO_BACKEND", "")
    if chosen in ("pulse", "portaudio"):
        return chosen
    if server is None and sys.platform.startswith("linux"):
        server = sound_server.find()
    usable = server is not None and server.local and pulse_stream.available(server)
    return "pulse" if usable else "portaudio"


def local_server() -> SoundServer | None:
    """Linux: the sound server, refused (Unavailable) when it is reached over the network, for
    PortAudio goes through it as well. Elsewhere sound does not go through one: None."""
    if not sys.platform.startswith("linux"):
        return None
    return sound_server.local_server()


def load() -> ModuleType:
    """Import sounddevice; its import fails with OSError when PortAudio itself is missing."""
    try:
        import sounddevice  # PortAudio reads its device list here, the first time
    except OSError:
        raise Unavailable(
            "the sound library PortAudio is not installed on this computer", "no_portaudio"
        ) from None
    except ImportError:
        raise Unavailable(
            "part of safe-session for sound (sounddevice) is not installed", "no_portaudio"
        ) from None
    module: ModuleType = sounddevice
    return module


@contextmanager
def portaudio() -> Iterator[ModuleType]:
    """sounddevice with a fresh device list, for this caller alone."""
    local_server()  # before PortAudio loads: it may reach the sound server itself
    with LOCK:
        fresh = "sounddevice" not in sys.modules
        sd = load()
        if not fresh:  # the import has just read the list: reading it twice costs start-up time
            _refresh(sd)
        yield sd


def _refresh(sd: ModuleType) -> None:
    """Re-read the device list (PortAudio reads it once, at start-up)."""
    terminate = getattr(sd, "_terminate", None)
    initialize = getattr(sd, "_initialize", None)
    if callable(terminate) and callable(initialize):
        try:
            terminate()
            initialize()
        except Exception:  # an older or newer sounddevice: keep the list it has
            return


def explain(error: BaseException, what: str = "microphone") -> Unavailable:
    """A PortAudio error, in words, with the situation its advice is filed under."""
    text = str(error)
    lower = text.lower()
    if any(s in lower for s in ("denied", "0x80070005", "-2147024891", "not permitted")):
        return Unavailable(
            f"this computer did not allow safe-session to use the {what}", "permission"
        )
    if "unavailable" in lower or "busy" in lower or "-9985" in lower:
        return Unavailable(f"the {what} is in use by another app", "device_busy")
    if any(
        s in lower
        for s in (
            "no default",
            "invalid device",
            "-9996",
            "no input",
            "no output",
            "error querying device -1",
        )
    ):
        situation = "no_microphone" if what == "microphone" else "no_output"
        return Unavailable(f"no {what} was found", situation)
    return Unavailable(f"the {what} could not be opened ({text[:160]})")


def _input_device(sd: ModuleType) -> dict[str, Any]:
    try:
        info = sd.query_devices(kind="input")
    except Exception as exc:
        raise explain(exc) from None
    if not isinstance(info, dict) or int(info.get("max_input_channels", 0)) < 1:
        raise Unavailable("no microphone was found", "no_microphone")
    return info


def _output_device(sd: ModuleType) -> dict[str, Any]:
    try:
        info = sd.query_devices(kind="output")
    except Exception as exc:
        raise explain(exc, "speakers") from None
    if not isinstance(info, dict) or int(info.get("max_output_channels", 0)) < 1:
        raise Unavailable("no sound output was found", "no_output")
    return info


def _rate(sd: ModuleType, info: dict[str, Any]) -> float:
    """48 kHz when the microphone takes it (no resampling), else its own rate."""
    try:
        sd.check_input_settings(device=None, channels=1, dtype="float32", samplerate=PREFERRED_RATE)
        return PREFERRED_RATE
    except Exception:
        rate = float(info.get("default_samplerate") or 0)
        return rate if rate >= 8000 else 44100.0


# ALSA devices that lead to the sound server (its pulse plugin), and so to its default source.
THROUGH_SERVER = frozenset({"default", "pulse", "pipewire"})


def _ask_source(
    server: SoundServer | None, device: str
) -> tuple[threading.Thread | None, list[str]]:
    """Linux: the sound server's default source, asked alongside a PortAudio stream that goes
    through the server, where `pactl` is there: a monitor is refused as on the server's own
    way. Asked once the stream has started, so the listening does not start later."""
    names: list[str] = []
    usable = server is not None and device in THROUGH_SERVER and server.answers_here()
    if server is None or not usable or not shutil.which("pactl"):
        return None, names
    env = server.tool_env()
    asker = threading.Thread(
        target=lambda: names.append(pulse_stream.default_source_name(env)),
        name="source-name",
        daemon=True,
    )
    asker.start()
    return asker, names


def _defer(until: threading.Event, seconds: float, names: list[str]) -> None:
    """Wait for `until` at most `seconds`, refusing a monitor as soon as its name comes."""
    limit = time.monotonic() + seconds
    while not until.is_set():
        left = limit - time.monotonic()
        if left <= 0:
            return
        pulse_stream.refuse_monitor(names)
        until.wait(min(0.05, left))


def _safe_level(on_level: Callable[[float], None] | None, value: float) -> None:
    if on_level is None:
        return
    try:
        on_level(value)
    except Exception:  # a meter that fails must not fail the measurement
        return


def record(
    seconds: float,
    on_level: Callable[[float], None] | None = None,
    play: Callable[[float], npt.NDArray[np.float32]] | None = None,
    play_after: float = 0.0,
    until: pulse_stream.Until | None = None,
    meanwhile: Callable[[], object] | None = None,
    defer_until: threading.Event | None = None,
) -> Capture:
    """Listen on the default input for `seconds` (after dropping the first DROP_SECONDS).

    Through the sound server's own tools where one answers (see `pulse_stream`), else PortAudio.

    With `play`, `play(rate)` gives a mono signal that is played on the default output once
    `play_after` seconds have been recorded. `on_level` gets the live level (RMS dBFS) about
    ten times a second, from this thread. `until(samples so far, rate)` is asked every half
    second; True ends the listening early (the capture is then shorter). `meanwhile()` runs
    once the sound is flowing: work the caller needs afterwards (loading its analysis) is done
    while the person waits anyway. With `defer_until`, that work (numpy included) waits until
    it is set, or at most `deferred_for(seconds)`, while the sound is kept as it comes.
    """
    server = local_server()
    if server is not None and backend(server) == "pulse":
        with LOCK:
            heard = pulse_stream.record(
                seconds,
                DROP_SECONDS,
                on_level,
                play,
                play_after,
                server,
                until=until,
                meanwhile=meanwhile,
                defer_until=defer_until,
                defer_seconds=deferred_for(seconds),
            )
        return Capture(*heard)
    with portaudio() as sd:
        info = _input_device(sd)
        rate = _rate(sd, info)
        blocks: queue.Queue[bytes] = queue.Queue()

        def on_input(indata: Any, frames: int, when: Any, status: Any) -> None:
            blocks.put(bytes(indata))  # raw float32: numpy is not needed in PortAudio's thread

        try:
            stream = sd.RawInputStream(
                samplerate=rate,
                channels=1,
                dtype="float32",
                blocksize=int(BLOCK_SECONDS * rate),
                callback=on_input,
            )
            stream.start()
        except Exception as exc:
            raise explain(exc) from None
        asker, names = _ask_source(server, str(info.get("name", "")))
        output = None
        out_name: str | None = None
        played_at: float | None = None
        try:
            if defer_until is not None:  # the blocks wait in their queue meanwhile
                _defer(defer_until, deferred_for(seconds), names)
            pulse_stream.refuse_monitor(names)
            import numpy as np

            from safe_session.sound.levels import rms_dbfs

            drop = int(DROP_SECONDS * rate)
            total = drop + int(seconds * rate)
            samples = np.zeros(total, dtype=np.float32)
            signal = play(rate) if play is not None else None
            if meanwhile is not None:
                meanwhile()
            filled = 0
            last_level = last_asked = 0
            while filled < total:
                pulse_stream.refuse_monitor(names)
                try:
                    block = np.frombuffer(blocks.get(timeout=3.0), dtype=np.float32)
                except queue.Empty:
                    silent = "the microphone sent no sound at all"
                    raise Unavailable(silent, "no_microphone") from None
                take = min(len(block), total - filled)
                samples[filled : filled + take] = block[:take]
                filled += take
                if filled - last_level >= LEVEL_EVERY_SECONDS * rate and filled > drop:
                    _safe_level(on_level, rms_dbfs(samples[max(drop, last_level) : filled]))
                    last_level = filled
                if signal is not None and output is None and filled >= drop + play_after * rate:
                    output, out_name = _start_playback(sd, signal, rate)
                    played_at = (filled - drop) / rate
                asked = filled - last_asked >= pulse_stream.UNTIL_EVERY_SECONDS * rate
                if until is not None and filled > drop and asked:
                    last_asked = filled
                    if until(samples[drop:filled], rate):
                        break
        finally:
            for opened in (output, stream):
                if opened is not None:
                    with contextlib.suppress(Exception):  # never hide why the capture ended
                        opened.abort()  # stopping would first play out, or wait for, queued sound
                        opened.close()
        if asker is not None:  # a capture that ended before the name came
            asker.join(timeout=3.0)
            pulse_stream.refuse_monitor(names)
        return Capture(samples[drop:filled], rate, str(info.get("name", "")), out_name, played_at)


def play(make: Callable[[float], npt.NDArray[np.float32]], timeout: float = 10.0) -> str:
    """Play `make(rate)` (mono) on the default output and wait until it has been played;
    returns the output's name. Nothing listens meanwhile."""
    server = local_server()  # a sound server reached over the network: nothing is played
    if server is not None and backend(server) == "pulse":
        with LOCK:
            return pulse_stream.play(make(float(pulse_stream.RATE)), timeout, server)
    import numpy as np

    with portaudio() as sd:
        info = _output_device(sd)
        rate = float(info.get("default_samplerate") or 0) or PREFERRED_RATE
        signal = np.asarray(make(rate), dtype=np.float32)
        channels = max(1, min(2, int(info.get("max_output_channels", 1))))
        try:
            sd.play(np.repeat(signal[:, None], channels, axis=1), samplerate=rate)
        except Exception as exc:
            raise explain(exc, "sound output") from None
        finished = threading.Event()

        def wait() -> None:
            sd.wait()
            finished.set()

        threading.Thread(target=wait, daemon=True).start()
        try:
            if not finished.wait(timeout):
                raise Unavailable("the sound did not finish playing in time")
        finally:
            sd.stop()
        return str(info.get("name", ""))


def _start_playback(
    sd: ModuleType, signal: npt.NDArray[np.float32], rate: float
) -> tuple[Any, str]:
    out_info = _output_device(sd)
    channels = max(1, min(2, int(out_info.get("max_output_channels", 1))))
    position = 0

    def on_output(outdata: Any, frames: int, when: Any, status: Any) -> None:
        nonlocal position
        chunk = signal[position : position + frames]
        outdata[:] = 0
        outdata[: len(chunk), :] = chunk[:, None]
        position += frames

    try:
        stream = sd.OutputStream(
            samplerate=rate, channels=channels, dtype="float32", callback=on_output
        )
        stream.start()
    except Exception as exc:
        raise explain(exc, "speakers") from None
    return stream, str(out_info.get("name", ""))
