"""Levels, the speech detector and the test chirp, on synthetic sound with known answers."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from safe_session.sound import speech, tone
from safe_session.sound.levels import FLOOR_DBFS, dbfs, peak_dbfs, rms_dbfs, signal_dbfs

RATE = 48000
rng = np.random.default_rng(20261126)


def pink(seconds: float, rms: float = 0.05) -> npt.NDArray[np.float64]:
    """1/f noise by shaping white noise's spectrum (a steady fan or air conditioner)."""
    n = int(seconds * RATE)
    spectrum = np.fft.rfft(rng.normal(size=n))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    spectrum[1:] /= np.sqrt(freqs[1:])
    spectrum[0] = 0
    x = np.fft.irfft(spectrum, n)
    return np.asarray(x * rms / np.sqrt(np.mean(x**2)))


def voice(seconds: float, pitch: float = 140.0, syllables: float = 4.0) -> npt.NDArray[np.float64]:
    """A crude talker: a glottal-like harmonic series at a drifting pitch, through two formant
    bands, switched on and off at syllable rate."""
    t = np.arange(int(seconds * RATE)) / RATE
    f0 = pitch * (1 + 0.08 * np.sin(2 * np.pi * 0.7 * t))
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    source = sum(np.sin(k * phase) / k for k in range(1, 30))
    spectrum = np.fft.rfft(source)
    freqs = np.fft.rfftfreq(len(t), 1 / RATE)
    formants = np.exp(-(((freqs - 700) / 250) ** 2)) + 0.7 * np.exp(-(((freqs - 1800) / 400) ** 2))
    shaped = np.fft.irfft(spectrum * (0.05 + formants), len(t))
    gate = np.clip(np.sin(2 * np.pi * syllables * t / 2) ** 2 * 1.6 - 0.3, 0, 1)
    x = shaped * gate
    return np.asarray(0.1 * x / np.sqrt(np.mean(x**2)))


# --- levels -----------------------------------------------------------------------------------


def test_full_scale_sine_is_minus_three_dbfs_like_sox() -> None:
    t = np.arange(RATE) / RATE
    sine = np.sin(2 * np.pi * 1000 * t)
    assert rms_dbfs(sine) == pytest.approx(-3.01, abs=0.01)
    assert peak_dbfs(sine) == pytest.approx(0.0, abs=0.01)


def test_silence_has_the_floor_not_minus_infinity() -> None:
    assert rms_dbfs(np.zeros(100)) == FLOOR_DBFS
    assert peak_dbfs(np.zeros(0)) == FLOOR_DBFS
    assert dbfs(float("nan")) == FLOOR_DBFS
    assert dbfs(1e-30) == FLOOR_DBFS
    assert math.isfinite(dbfs(0.0))


def test_the_signal_level_ignores_a_constant_offset() -> None:
    """A microphone stuck at one value reads loud by RMS, yet has heard nothing."""
    stuck = np.full(RATE, 0.1, dtype=np.float32)
    assert rms_dbfs(stuck) == pytest.approx(-20.0, abs=0.01)
    assert signal_dbfs(stuck) == (FLOOR_DBFS, FLOOR_DBFS)
    hiss = pink(1.0, rms=10 ** (-70 / 20))
    rms, peak = signal_dbfs((hiss + 0.1).astype(np.float32))
    assert rms == pytest.approx(-70.0, abs=0.5) and peak > rms + 6
    assert signal_dbfs(np.zeros(0)) == (FLOOR_DBFS, FLOOR_DBFS)


def test_the_room_fact_carries_the_signal_level() -> None:
    from safe_session.probes.audio.ambient import measure

    lsb = np.where(np.arange(RATE) % 7 == 0, 2.0**-15, 0.0).astype(np.float32)  # 16-bit flicker
    fact = measure(lsb, RATE, "Mic")
    assert not fact.digital_silence
    assert fact.signal_rms_dbfs is not None and fact.signal_rms_dbfs < -95
    assert fact.signal_peak_dbfs is not None and fact.signal_peak_dbfs < -85


# --- speech -----------------------------------------------------------------------------------


def test_a_voice_is_speech() -> None:
    evidence = speech.analyse(voice(3), RATE)
    assert evidence.likely, evidence
    assert evidence.voiced > 0.5 and evidence.modulation > 0.3 and evidence.band_ratio > 0.5


@pytest.mark.parametrize("rate", [16000, 22050, 44100, 48000])
def test_speech_at_other_sample_rates(rate: int) -> None:
    x = voice(3)
    resampled = np.interp(np.arange(0, len(x) / RATE, 1 / rate), np.arange(len(x)) / RATE, x)
    assert speech.analyse(resampled, rate).likely


def test_steady_noise_is_not_speech() -> None:
    for noise in (pink(3), rng.normal(0, 0.05, 3 * RATE)):
        evidence = speech.analyse(noise, RATE)
        assert not evidence.likely
        assert evidence.modulation < 0.08 and evidence.voiced < 0.1


def test_a_steady_hum_is_periodic_but_not_speech() -> None:
    t = np.arange(3 * RATE) / RATE
    hum = sum(0.05 * np.sin(2 * np.pi * 100 * k * t) / k for k in range(1, 10))
    evidence = speech.analyse(hum, RATE)
    assert evidence.voiced > 0.9 and evidence.modulation < 0.05 and not evidence.likely


def test_typing_is_rhythmic_but_unvoiced() -> None:
    x = rng.normal(0, 0.001, 3 * RATE)
    for start in rng.uniform(0, 2.9, 22):
        i = int(start * RATE)
        x[i : i + 400] += rng.normal(0, 0.2, 400)
    evidence = speech.analyse(x, RATE)
    assert evidence.modulation > 0.3 and evidence.voiced < 0.1 and not evidence.likely


def test_modulation_of_fully_modulated_noise_is_about_point_seven() -> None:
    t = np.arange(3 * RATE) / RATE
    x = rng.normal(0, 0.05, len(t)) * (1 + np.sin(2 * np.pi * 4 * t))
    assert speech.analyse(x, RATE).modulation == pytest.approx(0.71, abs=0.12)


def test_voice_under_loud_steady_noise_is_still_heard_at_equal_level() -> None:
    x = voice(3)
    assert speech.analyse(x + pink(3, float(np.sqrt(np.mean(x**2)))), RATE).likely


def test_too_short_or_silent_or_broken_input_is_never_speech() -> None:
    assert not speech.analyse(voice(0.5), RATE).likely
    assert not speech.analyse(np.zeros(3 * RATE), RATE).likely
    assert not speech.analyse(voice(3), 4000).likely
    broken = voice(3)
    broken[::7] = np.nan
    speech.analyse(broken, RATE)  # does not raise


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.float32, st.integers(0, 3 * 8000), elements=st.floats(-1, 1, width=32)))
def test_speech_analysis_never_raises(samples: npt.NDArray[np.float32]) -> None:
    evidence = speech.analyse(samples, 8000)
    assert 0.0 <= evidence.voiced <= 1.0 and evidence.modulation >= 0.0


# --- the chirp --------------------------------------------------------------------------------


def recording(
    delay: float, gain: float, noise_rms: float, played_at: float = 0.5
) -> npt.NDArray[np.float64]:
    probe = tone.chirp(RATE)
    x = rng.normal(0, noise_rms, int(2.0 * RATE)) if noise_rms else np.zeros(int(2.0 * RATE))
    start = int((played_at + delay) * RATE)
    x[start : start + len(probe)] += gain * probe
    return x


def test_chirp_is_quiet_and_at_its_stated_level() -> None:
    probe = tone.chirp(RATE)
    assert rms_dbfs(probe) == pytest.approx(tone.CHIRP_DBFS, abs=0.05)
    assert peak_dbfs(probe) < -25
    assert len(probe) == int(tone.CHIRP_SECONDS * RATE)


def test_a_chirp_heard_as_played_is_found_at_its_level() -> None:
    found = tone.detect(recording(0.0, 1.0, 0.0), tone.chirp(RATE), RATE, 0.5)
    assert found.heard_dbfs == pytest.approx(-30.0, abs=0.2)
    assert found.noise_dbfs == FLOOR_DBFS and found.match_snr_db > 60
    assert found.delay_seconds == pytest.approx(0.5, abs=0.002)


def test_a_late_quiet_chirp_in_a_noisy_room_is_found_with_its_delay() -> None:
    found = tone.detect(recording(0.3, 0.1, 10 ** (-50 / 20)), tone.chirp(RATE), RATE, 0.5)
    assert found.heard_dbfs == pytest.approx(-50.0, abs=1.0)
    assert found.match_snr_db > 30
    assert found.delay_seconds == pytest.approx(0.8, abs=0.002)
    assert found.heard_dbfs - found.noise_dbfs > 6


def test_no_chirp_means_no_match() -> None:
    found = tone.detect(recording(0.0, 0.0, 0.01), tone.chirp(RATE), RATE, 0.5)
    assert found.match_snr_db < 18
    silent = tone.detect(np.zeros(2 * RATE), tone.chirp(RATE), RATE, 0.5)
    assert (silent.heard_dbfs, silent.match_snr_db) == (FLOOR_DBFS, 0.0)


def test_a_chirp_in_a_reverberant_room_keeps_its_level() -> None:
    length = int(0.3 * RATE)
    response = rng.normal(0, 1, length) * np.exp(-np.arange(length) / (0.05 * RATE))
    response /= np.sqrt(np.sum(response**2))
    wet = np.convolve(recording(0.05, 1.0, 0.0), response)[: 2 * RATE]
    found = tone.detect(wet, tone.chirp(RATE), RATE, 0.5)
    assert found.heard_dbfs == pytest.approx(-30.0, abs=1.5) and found.match_snr_db > 30


def test_a_recording_too_short_for_the_chirp_finds_nothing() -> None:
    found = tone.detect(np.ones(RATE // 2) * 0.01, tone.chirp(RATE), RATE, 0.4)
    assert found.heard_dbfs == FLOOR_DBFS and found.match_snr_db == 0.0


# --- the test sound -----------------------------------------------------------------------------


@pytest.mark.parametrize("rate", [44100.0, 48000.0])
def test_the_chime_is_two_soft_notes_at_its_level(rate: float) -> None:
    signal = tone.chime(rate)
    note = round(tone.CHIME_NOTE_SECONDS * rate)
    assert signal.dtype == np.float32 and len(signal) == 2 * note
    assert rms_dbfs(signal) == pytest.approx(tone.CHIME_DBFS, abs=0.1)
    assert peak_dbfs(signal) < -10 and abs(signal[0]) < 1e-3 and abs(signal[-1]) < 1e-3
    for part, hz in zip((signal[:note], signal[note:]), tone.CHIME_HZ, strict=True):
        spectrum = np.abs(np.fft.rfft(part))
        assert np.fft.rfftfreq(len(part), 1 / rate)[int(np.argmax(spectrum))] == pytest.approx(
            hz, abs=5
        )
