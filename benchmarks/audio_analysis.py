"""How long the sound analysis keeps the person waiting after the listening itself.

The ambient check listens for `--listen` seconds (3 by default); everything after that is
waiting. Goal: measuring 3 s of sound (levels, the speech detector) and finding the chirp in
the speaker test's 1.9 s recording each take under 5 % of the listening window. Reported as
ratios of the analysis time to the time listened, median of several runs on this machine.

Run: `.venv/bin/python benchmarks/audio_analysis.py`
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

from safe_session.probes.audio.ambient import measure
from safe_session.sound import tone

RATE = 48000.0
GOAL = 0.05


def median_seconds(work: Callable[[], object], rounds: int = 9) -> float:
    work()  # warm up numpy's FFT plans
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    rng = np.random.default_rng(1)
    room = rng.normal(0, 0.01, int(3 * RATE)).astype(np.float32)
    listened = len(room) / RATE
    ambient_ratio = median_seconds(lambda: measure(room, RATE, "mic")) / listened

    probe = tone.chirp(RATE)
    capture = rng.normal(0, 0.001, int(1.9 * RATE))
    capture[int(0.55 * RATE) : int(0.55 * RATE) + len(probe)] += probe
    leak_listened = len(capture) / RATE
    leak_ratio = median_seconds(lambda: tone.detect(capture, probe, RATE, 0.5)) / leak_listened

    ok = True
    for name, ratio in (("ambient analysis", ambient_ratio), ("chirp detection", leak_ratio)):
        passed = ratio < GOAL
        ok &= passed
        print(
            f"{name:18s} {ratio:7.4f} x the listening time (goal < {GOAL})"
            f"  {'ok' if passed else 'TOO SLOW'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
