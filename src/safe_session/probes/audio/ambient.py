"""How loud the room is, and whether someone is talking nearby.

Listens on the default input for `ctx.listen_seconds` (after a short start-up moment that is
dropped), in memory only, and measures the sound's RMS and peak level, the level of what changes
in it (a muted or dead microphone sends zeros or one value over and over), and the speech
evidence (`safe_session.sound.speech`). The samples are dropped as soon as they are measured.
The live level goes to `ctx.on_level` about ten times a second, for the UI's meter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from safe_session.probes.audio import soundcard
from safe_session.probes.base import ProbeContext
from safe_session.sound.levels import peak_dbfs, rms_dbfs, signal_dbfs
from safe_session.sound.speech import SpeechEvidence, analyse


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


def gather(ctx: ProbeContext) -> AmbientFact:
    capture = soundcard.record(ctx.listen_seconds, on_level=ctx.on_level)
    try:
        return measure(capture.samples, capture.rate, capture.device)
    finally:
        del capture  # the sound itself is not kept anywhere
