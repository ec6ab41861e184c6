"""Is someone talking nearby? A small, documented detector in plain numpy.

Voices differ from the steady sounds of a room (fans, traffic hum, air conditioning) in three
ways that can be measured in a few seconds of sound, and the detector asks for all three:

1. **Speech-band energy.** Most of a voice's energy lies between 300 and 3400 Hz (the band
   telephones carry). `band_ratio` is that band's share of the energy between 100 and 8000 Hz.
2. **Syllable-rate modulation.** Speech switches on and off with syllables, three to six times
   a second. The energy in the speech band, tracked every 10 ms, therefore swings strongly at
   2–8 Hz. `modulation` is the RMS of that envelope, band-passed to 2–8 Hz, divided by its
   mean (steady white or pink noise scores 0.02–0.05, a spoken sentence 0.5–0.9, noise
   fully amplitude-modulated at 4 Hz about 0.7). Modulation spectra of this kind are the
   classic cue of speech intelligibility (Houtgast & Steeneken's speech transmission index
   rests on the same 0.6–12.5 Hz band).
3. **Voicing.** Vowels are periodic: the glottis pulses 80–400 times a second. For each loud
   40 ms frame (every 20 ms) the normalised autocorrelation of its spectrally flattened low
   band (80–1000 Hz) is taken at lags of 2.5–12.5 ms, corrected for the window; a peak above
   0.45 means a voiced frame (noise scores about 0.2, espeak-ng's voice about 0.65). `voiced`
   is the share of loud frames that are voiced. Typing and door clicks are modulated but
   unvoiced; a mains hum is periodic but steady. Speech is both.

`speech_likely` is true when all three agree (thresholds below), and the sound is above
digital silence. It needs at least a second of sound; shorter captures are never "speech".
This is a screen for "voices nearby", not speech recognition: nothing is transcribed, and a TV
or radio with voices counts as voices (someone may be close by).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from safe_session.sound.levels import FLOOR_DBFS, dbfs

Samples = npt.NDArray[np.floating]

BAND = (300.0, 3400.0)
WIDE = (100.0, 8000.0)
SYLLABLE_RATE = (2.0, 8.0)
FRAME_S = 0.025
HOP_S = 0.010
VOICING_FRAME_S = 0.040
VOICING_HOP_S = 0.020
PITCH_LAGS_S = (0.0025, 0.0125)  # 400 Hz down to 80 Hz
MIN_SECONDS = 1.0

BAND_RATIO_MIN = 0.35
MODULATION_MIN = 0.15
VOICED_MIN = 0.25
VOICING_PEAK = 0.45
SILENCE_DBFS = -85.0  # below this the speech band holds no voice worth the name


@dataclass(frozen=True)
class SpeechEvidence:
    """The three measurements and their verdict; kept so the report can show why."""

    band_ratio: float
    modulation: float
    voiced: float
    band_dbfs: float
    likely: bool


def _frames(x: Samples, size: int, hop: int) -> Samples:
    """Overlapping frames as a view (no copy)."""
    frames: Samples = np.lib.stride_tricks.sliding_window_view(x, size)[::hop]
    return frames


def analyse(samples: Samples, rate: float) -> SpeechEvidence:
    """Measure `samples` (mono, any scale where 1.0 is full scale) recorded at `rate` Hz."""
    x = np.asarray(samples, dtype=np.float64).ravel()
    x = x[np.isfinite(x)]
    if rate < 8000 or len(x) < int(MIN_SECONDS * rate):
        return SpeechEvidence(0.0, 0.0, 0.0, FLOOR_DBFS, False)
    x = x - float(np.mean(x))
    size, hop = round(FRAME_S * rate), round(HOP_S * rate)
    frames = _frames(x, size, hop)
    nfft = 1 << int(np.ceil(np.log2(size)))
    spectrum = np.fft.rfft(frames * np.hanning(size)[None, :], n=nfft, axis=1)
    power = np.abs(spectrum) ** 2
    freqs = np.fft.rfftfreq(nfft, 1.0 / rate)

    def band(lo: float, hi: float) -> npt.NDArray[np.bool_]:
        return (freqs >= lo) & (freqs < hi)

    band_energy = power[:, band(*BAND)].sum(axis=1)
    wide_energy = power[:, band(WIDE[0], min(WIDE[1], rate / 2))].sum(axis=1)
    total_band = float(band_energy.sum())
    band_ratio = total_band / float(wide_energy.sum()) if wide_energy.sum() > 0 else 0.0
    # Level of the speech band, as dBFS of an equivalent signal (Parseval, Hann window power).
    window_power = float(np.sum(np.hanning(size) ** 2))
    band_rms = np.sqrt(2.0 * total_band / (len(frames) * nfft * window_power))
    band_dbfs = dbfs(float(band_rms))

    modulation = _modulation(np.sqrt(band_energy), 1.0 / HOP_S)
    voiced = _voiced_share(x, rate)
    likely = (
        band_dbfs > SILENCE_DBFS
        and band_ratio >= BAND_RATIO_MIN
        and modulation >= MODULATION_MIN
        and voiced >= VOICED_MIN
    )
    return SpeechEvidence(
        round(band_ratio, 3), round(modulation, 3), round(voiced, 3), round(band_dbfs, 1), likely
    )


def _modulation(envelope: Samples, frame_rate: float) -> float:
    """RMS of the envelope's 2–8 Hz part over its mean: how strongly it swings at syllable rate."""
    mean = float(np.mean(envelope))
    if mean <= 0 or len(envelope) < 8:
        return 0.0
    centred = (envelope - mean) * np.hanning(len(envelope))
    # the Hann taper keeps slow drifts from leaking into the band; undo its power loss
    gain = float(np.sqrt(np.mean(np.hanning(len(envelope)) ** 2)))
    spec = np.fft.rfft(centred)
    freqs = np.fft.rfftfreq(len(envelope), 1.0 / frame_rate)
    keep = (freqs >= SYLLABLE_RATE[0]) & (freqs <= SYLLABLE_RATE[1])
    band_power = 2.0 * float(np.sum(np.abs(spec[keep]) ** 2)) / len(envelope) ** 2
    return float(np.sqrt(band_power)) / gain / mean


def _voiced_share(x: Samples, rate: float) -> float:
    """Share of the louder 40 ms frames whose 80–1000 Hz band repeats at a voice's pitch."""
    size, hop = round(VOICING_FRAME_S * rate), round(VOICING_HOP_S * rate)
    if len(x) < size:
        return 0.0
    window = np.hanning(size)
    nfft = 1 << int(np.ceil(np.log2(2 * size)))  # twice the frame: no circular wrap-around
    power = np.abs(np.fft.rfft(_frames(x, size, hop) * window[None, :], n=nfft, axis=1)) ** 2
    freqs = np.fft.rfftfreq(nfft, 1.0 / rate)
    energy = power[:, (freqs >= BAND[0]) & (freqs < BAND[1])].sum(axis=1)
    loud = energy >= 0.25 * float(np.percentile(energy, 90))
    if not np.any(loud) or float(np.max(energy)) <= 0:
        return 0.0
    # Only the bins up to ~3 kHz take part, so the autocorrelation is taken on them alone: the
    # same lags at a coarser step (about 6000 per second), a fraction of the work.
    keep = min(len(freqs), 1 << int(np.ceil(np.log2(max(2.0, 3000.0 / freqs[1])))))
    step = nfft / rate / (2 * (keep - 1))  # seconds per lag of the short transform
    low = ((freqs >= 80.0) & (freqs <= 1000.0))[:keep]
    # Square-root compression flattens the spectrum ("generalised autocorrelation"), so noise
    # decorrelates within a millisecond while harmonics keep a peak at the pitch period.
    acf = np.fft.irfft(np.where(low[None, :], np.sqrt(power[loud, :keep]), 0.0), axis=1)
    acf = acf / np.maximum(acf[:, :1], 1e-30)
    # Divide by the window's own autocorrelation, which would otherwise pull long lags down.
    own = np.fft.irfft(np.abs(np.fft.rfft(window, n=nfft)) ** 2)
    own = own / own[0]
    lo = int(np.ceil(PITCH_LAGS_S[0] / step))
    hi = int(PITCH_LAGS_S[1] / step)
    lags = np.arange(lo, hi + 1)
    own_at = own[np.minimum(np.round(lags * step * rate).astype(int), len(own) - 1)]
    peaks = (acf[:, lo : hi + 1] / np.maximum(own_at, 0.05)).max(axis=1)
    return float(np.mean(peaks >= VOICING_PEAK))
