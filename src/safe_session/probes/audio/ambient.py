"""How loud the room is, and whether someone is talking nearby.

Listens on the default input for `ctx.listen_seconds` (after a short start-up moment that is
dropped), in memory only, and measures the sound's RMS and peak level, the level of what changes
in it (a muted or dead microphone sends zeros or one value over and over), and the speech
evidence (`safe_session.sound.speech`). The samples are dropped as soon as they are measured.
The live level goes to `ctx.on_level` about ten times a second, for the UI's meter.

numpy and the analysis are loaded, and run once on a second of made-up quiet, while the first
sound comes in (`meanwhile`): the person then waits only for measuring what was heard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from safe_session.probes.audio import soundcard
from safe_session.probes.base import ProbeContext

if TYPE_CHECKING:  # numpy comes with the sound (see `warm_up`)
    import numpy as np

    from safe_session.sound.speech import SpeechEvidence

WARM_UP_RATE = 48000.0


@dataclass(frozen=True)
class AmbientFact:
    rms_dbfs: float
    peak_dbfs: float
    speech: SpeechEvidence
    seconds: float
    device: str
    digital_silence: bool  # every sample exactly zero: a muted or blocked microphone
    # RMS and peak of what changes in the sound (its mean removed); None: not measured
    signal_rms_dbfs: float | None = None
    signal_peak_dbfs: float | None = None


def measure(samples: np.ndarray, rate: float, device: str) -> AmbientFact:
    """The fact for sound already in memory (pure; the tests feed it real recordings)."""
    import numpy as np

    from safe_session.sound.levels import peak_dbfs, rms_dbfs, signal_dbfs
    from safe_session.sound.speech import analyse

    signal_rms, signal_peak = signal_dbfs(samples)
    return AmbientFact(
        rms_dbfs=round(rms_dbfs(samples), 1),
        peak_dbfs=round(peak_dbfs(samples), 1),
        speech=analyse(samples, rate),
        seconds=round(len(samples) / rate, 2) if rate > 0 else 0.0,
        device=device,
        digital_silence=bool(samples.size) and not bool(np.any(samples)),
        signal_rms_dbfs=round(signal_rms, 1),
        signal_peak_dbfs=round(signal_peak, 1),
    )


def warm_up() -> None:
    """Load and run the analysis once on a second of a faint made-up tone (the speech detector
    needs a second to look at all), so measuring the real sound later starts warm."""
    import numpy as np

    faint = (1e-4 * np.sin(np.arange(int(WARM_UP_RATE), dtype=np.float32) * 0.3)).astype(np.float32)
    measure(faint, WARM_UP_RATE, "")


def gather(ctx: ProbeContext) -> AmbientFact:
    capture = soundcard.record(
        ctx.listen_seconds, on_level=ctx.on_level, meanwhile=warm_up, defer_until=ctx.defer_until
    )
    try:
        return measure(capture.samples, capture.rate, capture.device)
    finally:
        del capture  # the sound itself is not kept anywhere
