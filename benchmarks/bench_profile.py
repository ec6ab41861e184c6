"""How long loading a profile takes, as ratios against plain `tomllib.loads` of the same bytes.

Run: `python benchmarks/bench_profile.py`. Goals: the example clinic profile loads within 20x
of bare parsing (validation, line lookup and the catalog are cached or small), and a file of
hundreds of mistakes stays within 20x (keys are indexed once and at most 50 problems are
placed, so the work stays linear). Files whose parsing would cost more than their size (a
64 KB dotted key: 15 s and 4 GB in tomllib) are refused by the pre-scan before parsing: their
baseline is tomllib reading 64 KB of comments, the cheapest text of that size.
"""

from __future__ import annotations

import contextlib
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from safe_session.data import load_catalog
from safe_session.data.toml_errors import DataError
from safe_session.profile import parse_profile

ROOT = Path(__file__).resolve().parent.parent


def best_of(fn: Callable[[], object], rounds: int = 20) -> float:
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - began)
    return best


def load(raw: bytes) -> None:
    with contextlib.suppress(DataError):
        parse_profile(raw, "bench.toml")


def main() -> None:
    load_catalog()  # cached for the life of the program, as in the CLI
    size = 64 * 1024 - 100
    comments = ("#" * 79 + "\n") * (size // 80)
    cases = {
        "clinic example": (ROOT / "checks" / "profiles" / "clinic.toml").read_bytes(),
        "500 unknown keys": "".join(f"k{i} = {i}\n" for i in range(500)).encode(),
        "64 KB dotted key": ("a." * (size // 2) + "a = 1\n").encode(),
        "6000 keys": "".join(f"k{i} = {i}\n" for i in range(6000)).encode(),
        "64 KB of nesting": ("x = " + "[" * (size // 2) + "]" * (size // 2)).encode(),
    }
    goals = {name: 20.0 for name in cases}
    refused = {"64 KB dotted key", "6000 keys", "64 KB of nesting"}
    for name, raw in cases.items():
        text = comments if name in refused else raw.decode()
        baseline = best_of(lambda text=text: tomllib.loads(text))  # type: ignore[misc]
        ours = best_of(lambda raw=raw: load(raw))  # type: ignore[misc]
        ratio = ours / baseline
        verdict = "ok" if ratio <= goals[name] else "SLOW"
        print(
            f"{name:>20}: {ours * 1000:7.2f} ms vs tomllib {baseline * 1000:6.2f} ms "
            f"= {ratio:5.1f}x (goal {goals[name]:g}x) {verdict}"
        )


if __name__ == "__main__":
    main()
