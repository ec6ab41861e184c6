"""The test sounds: the speaker-leak chirp and how to find it again in a recording, and the
chime the person listens for in the "play a test sound" step.

The test plays a short, quiet rising chirp (1–3 kHz, 0.6 s, -30 dBFS RMS: clearly audible in a
quiet room at normal volume, never loud) on the default output while the microphone records,
then asks two questions of the recording:

1. **Is it our chirp?** A matched filter (cross-correlation with the chirp) finds the delay at
   which the chirp arrived. A chirp compresses to a sharp peak, so `match_snr_db` (that peak over
   the filter's typical output elsewhere) is large only when the chirp itself was heard, not
   some other sound in the same band. This also copes with any output latency (Bluetooth adds
   a few hundred milliseconds).
2. **How loud was it, against the room?** `heard_dbfs` is the level in the chirp's band during
   the chirp, less the room's own level in that band (`noise_dbfs`, measured just before the
   chirp played). A chirp that stands well above the room is one someone nearby could hear.

The decision (how many dB is "clearly") belongs to the rule; this module only measures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from safe_session.sound.levels import FLOOR_DBFS, dbfs

Samples = npt.NDArray[np.floating]

CHIRP_HZ = (1000.0, 3000.0)
CHIRP_SECONDS = 0.6
CHIRP_DBFS = -30.0
FADE_SECONDS = 0.02
_BAND_MARGIN_HZ = 100.0


@dataclass(frozen=True)
class Detection:
    heard_dbfs: float  # the chirp's level at the microphone (room noise removed)
    noise_dbfs: float  # the room's level in the chirp's band before it played
    match_snr_db: float  # matched-filter peak over its typical value elsewhere
    delay_seconds: float  # where in the recording the chirp was found


def chirp(rate: float, seconds: float = CHIRP_SECONDS, level_dbfs: float = CHIRP_DBFS) -> Samples:
    """A linear chirp across CHIRP_HZ with short fades, scaled to `level_dbfs` RMS."""
    n = round(seconds * rate)
    t = np.arange(n) / rate
    f0, f1 = CHIRP_HZ
    phase = 2 * np.pi * (f0 * t + (f1 - f0) * t**2 / (2 * seconds))
    signal = np.sin(phase)
    fade = round(FADE_SECONDS * rate)
    if fade > 0 and 2 * fade < n:
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(fade) / fade)
        signal[:fade] *= ramp
        signal[-fade:] *= ramp[::-1]
    rms = float(np.sqrt(np.mean(signal**2)))
    scaled: Samples = (signal * (10 ** (level_dbfs / 20) / rms)).astype(np.float32)
    return scaled


# The "play a test sound" step: two soft notes, low then high, easy to tell from anything else
# in the room, loud enough to hear in headphones at a normal volume, never loud.
CHIME_HZ = (660.0, 880.0)
CHIME_NOTE_SECONDS = 0.35
CHIME_DBFS = -20.0


def chime(rate: float, level_dbfs: float = CHIME_DBFS) -> Samples:
    """Two notes (CHIME_HZ, each CHIME_NOTE_SECONDS, softly faded), `level_dbfs` RMS."""
    n = round(CHIME_NOTE_SECONDS * rate)
    t = np.arange(n) / rate
    fade = round(0.03 * rate)
    envelope = np.ones(n)
    if fade > 0 and 2 * fade < n:
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(fade) / fade)
        envelope[:fade] = ramp
        envelope[-fade:] = ramp[::-1]
    notes = [np.sin(2 * np.pi * hz * t) * envelope for hz in CHIME_HZ]
    signal = np.concatenate(notes)
    rms = float(np.sqrt(np.mean(signal**2)))
    scaled: Samples = (signal * (10 ** (level_dbfs / 20) / rms)).astype(np.float32)
    return scaled


def band_rms(x: Samples, rate: float, lo: float, hi: float) -> float:
    """RMS of the part of `x` between `lo` and `hi` Hz (by Parseval, on one FFT)."""
    if x.size == 0:
        return 0.0
    spectrum = np.fft.rfft(np.asarray(x, dtype=np.float64))
    freqs = np.fft.rfftfreq(x.size, 1.0 / rate)
    keep = (freqs >= lo) & (freqs <= hi)
    weights = np.where((freqs == 0) | (freqs == rate / 2), 1.0, 2.0)
    power = float(np.sum(weights[keep] * np.abs(spectrum[keep]) ** 2)) / x.size**2
    return math.sqrt(max(power, 0.0))


def detect(recording: Samples, probe: Samples, rate: float, played_at: float) -> Detection:
    """Find `probe` in `recording`. `played_at` is when (in seconds into the recording) playback
    began; the room is measured before it, the chirp searched for from it on."""
    x = np.asarray(recording, dtype=np.float64).ravel()
    p = np.asarray(probe, dtype=np.float64).ravel()
    lo, hi = CHIRP_HZ[0] - _BAND_MARGIN_HZ, CHIRP_HZ[1] + _BAND_MARGIN_HZ
    start = max(0, min(len(x), int(played_at * rate)))
    room = x[: max(0, start - int(0.02 * rate))]
    noise = band_rms(room, rate, lo, hi) if room.size >= int(0.1 * rate) else 0.0
    if len(x) - start < len(p) or not np.any(p):
        return Detection(FLOOR_DBFS, dbfs(noise), 0.0, 0.0)
    # Cross-correlate by FFT; amp[k] is the least-squares size of the probe at delay k.
    n = 1 << math.ceil(math.log2(len(x) + len(p)))
    corr = np.fft.irfft(np.fft.rfft(x, n) * np.conj(np.fft.rfft(p, n)), n)[: len(x) - len(p) + 1]
    amp = corr / float(np.dot(p, p))
    search = np.abs(amp[start:])
    best = start + int(np.argmax(search))
    peak = float(abs(amp[best]))
    far = np.ones(len(amp), dtype=bool)
    far[max(0, best - len(p)) : best + len(p)] = False
    spread = float(np.median(np.abs(amp[far]))) * 1.4826 if np.any(far) else 0.0
    if peak <= 0:
        snr = 0.0
    elif spread <= 0:
        snr = 120.0
    else:
        snr = min(120.0, 20 * math.log10(peak / spread))
    window = x[best : best + len(p)]
    heard_power = band_rms(window, rate, lo, hi) ** 2 - noise**2
    heard = dbfs(math.sqrt(heard_power)) if heard_power > 0 else FLOOR_DBFS
    return Detection(round(heard, 1), round(dbfs(noise), 1), round(snr, 1), round(best / rate, 3))
