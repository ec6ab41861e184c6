"""Sound levels in dBFS (decibels relative to full scale: 0 dBFS is the loudest a sample can
be; a full-scale sine's RMS is -3 dBFS, as sox reports it)."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

# Digital silence has no level in decibels (minus infinity); reports carry this floor instead,
# which is far below any real microphone's own noise.
FLOOR_DBFS = -120.0


def dbfs(amplitude: float) -> float:
    """An amplitude (1.0 = full scale) in dBFS, never below FLOOR_DBFS."""
    if not math.isfinite(amplitude) or amplitude <= 0:
        return FLOOR_DBFS
    return max(FLOOR_DBFS, 20.0 * math.log10(amplitude))


def rms_dbfs(samples: npt.NDArray[np.floating]) -> float:
    if samples.size == 0:
        return FLOOR_DBFS
    return dbfs(float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))))


def peak_dbfs(samples: npt.NDArray[np.floating]) -> float:
    if samples.size == 0:
        return FLOOR_DBFS
    return dbfs(float(np.max(np.abs(samples))))


def signal_dbfs(samples: npt.NDArray[np.floating]) -> tuple[float, float]:
    """RMS and peak, in dBFS, of what changes in `samples` (their mean removed). A microphone
    that sends one value over and over (an offset) has heard nothing, however large the value."""
    if samples.size == 0:
        return FLOOR_DBFS, FLOOR_DBFS
    varying = np.asarray(samples, dtype=np.float64) - float(np.mean(samples, dtype=np.float64))
    return rms_dbfs(varying), peak_dbfs(varying)
