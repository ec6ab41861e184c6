"""Can the microphone hear what the speakers play? (opt-in: `--acoustic-test`)

Plays a short, quiet chirp (`safe_session.sound.tone`) on the default output while listening
on the default input, then measures how clearly the chirp came back, against the room's own
noise just before it. If the microphone hears it, so could a person nearby: a direct test of
"could someone hear your therapist", which device names can only guess at. The recording stays
in memory and is dropped after measuring.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from safe_session.probes.audio import soundcard
from safe_session.probes.base import ProbeContext
from safe_session.sound import tone
from safe_session.sound.levels import signal_dbfs

PREROLL_SECONDS = 0.5  # the room, before the chirp
TAIL_SECONDS = 0.8  # room for output latency (Bluetooth can add several hundred ms)


@dataclass(frozen=True)
class LeakFact:
    tone_dbfs_played: float
    tone_dbfs_heard: float
    noise_dbfs: float
    match_snr_db: float
    delay_seconds: float
    input_device: str
    output_device: str | None
    digital_silence: bool
    # RMS and peak of what changes in the whole recording; None: not measured
    signal_rms_dbfs: float | None = None
    signal_peak_dbfs: float | None = None


def measure(
    samples: np.ndarray,
    rate: float,
    played_at: float,
    input_device: str,
    output_device: str | None,
) -> LeakFact:
    """The fact for a recording already in memory (pure)."""
    found = tone.detect(samples, tone.chirp(rate), rate, played_at)
    signal_rms, signal_peak = signal_dbfs(samples)
    return LeakFact(
        tone_dbfs_played=tone.CHIRP_DBFS,
        tone_dbfs_heard=found.heard_dbfs,
        noise_dbfs=found.noise_dbfs,
        match_snr_db=found.match_snr_db,
        delay_seconds=round(max(0.0, found.delay_seconds - played_at), 3),
        input_device=input_device,
        output_device=output_device,
        digital_silence=bool(samples.size) and not bool(np.any(samples)),
        signal_rms_dbfs=round(signal_rms, 1),
        signal_peak_dbfs=round(signal_peak, 1),
    )


def gather(ctx: ProbeContext) -> LeakFact:
    seconds = PREROLL_SECONDS + tone.CHIRP_SECONDS + TAIL_SECONDS
    capture = soundcard.record(
        seconds, on_level=ctx.on_level, play=tone.chirp, play_after=PREROLL_SECONDS
    )
    played_at = capture.played_at if capture.played_at is not None else PREROLL_SECONDS
    return measure(capture.samples, capture.rate, played_at, capture.device, capture.output_device)
