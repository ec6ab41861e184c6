"""The "say something" step: does the microphone hear the person's voice?

Listens on the default input (the same way as the room check, in memory only) until a voice is
heard or VOICE_SECONDS have passed, asking the speech detector (`safe_session.sound.speech`)
about the last few seconds twice a second. The live level goes to `ctx.on_level` for the meter.
The samples are dropped as soon as they are measured: nothing is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from safe_session.probes.audio import soundcard
from safe_session.probes.base import ProbeContext
from safe_session.sound.levels import peak_dbfs, rms_dbfs, signal_dbfs
from safe_session.sound.speech import MIN_SECONDS, SpeechEvidence, analyse

VOICE_SECONDS = 8.0
WINDOW_SECONDS = 3.0  # a few words: the detector judges the latest seconds


@dataclass(frozen=True)
class VoiceFact:
    heard: bool  # a voice was heard
    seconds: float  # how long it listened (less when a voice came early)
    rms_dbfs: float
    peak_dbfs: float
    signal_rms_dbfs: float
    signal_peak_dbfs: float
    digital_silence: bool
    speech: SpeechEvidence
    device: str


def latest(samples: npt.NDArray[np.float32], rate: float) -> SpeechEvidence:
    """The speech evidence in the last WINDOW_SECONDS (pure)."""
    return analyse(samples[-int(WINDOW_SECONDS * rate) :], rate)


def measure(
    samples: npt.NDArray[np.float32], rate: float, device: str, heard: SpeechEvidence | None
) -> VoiceFact:
    """The fact for sound already in memory; `heard` is the evidence that ended it early."""
    evidence = heard if heard is not None else latest(samples, rate)
    signal_rms, signal_peak = signal_dbfs(samples)
    return VoiceFact(
        heard=evidence.likely,
        seconds=round(len(samples) / rate, 2) if rate > 0 else 0.0,
        rms_dbfs=round(rms_dbfs(samples), 1),
        peak_dbfs=round(peak_dbfs(samples), 1),
        signal_rms_dbfs=round(signal_rms, 1),
        signal_peak_dbfs=round(signal_peak, 1),
        digital_silence=bool(samples.size) and not bool(np.any(samples)),
        speech=evidence,
        device=device,
    )


def gather(ctx: ProbeContext) -> VoiceFact:
    found: list[SpeechEvidence] = []

    def until(samples: npt.NDArray[np.float32], rate: float) -> bool:
        if ctx.stop is not None and ctx.stop():  # the person closed the step
            return True
        if len(samples) < MIN_SECONDS * rate:
            return False
        evidence = latest(samples, rate)
        if evidence.likely:
            found.append(evidence)
        return evidence.likely

    capture = soundcard.record(VOICE_SECONDS, on_level=ctx.on_level, until=until)
    try:
        return measure(capture.samples, capture.rate, capture.device, found[-1] if found else None)
    finally:
        del capture  # the sound itself is not kept anywhere
