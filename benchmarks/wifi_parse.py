"""How long parsing Wi-Fi tool outputs takes, as a ratio against a baseline measured in the
same run (splitting the same texts into lines), so machines of any speed compare.

    .venv/bin/python benchmarks/wifi_parse.py
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from safe_session.probes.wifi import parse_output

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
GOAL = 400.0  # parsing may cost at most this many times splitting into lines


def cases() -> list[tuple[str, str]]:
    out = []
    for name in ("expected.json", "gathered.json"):
        for entry in json.loads((FIXTURES / name).read_text(encoding="utf-8"))["wifi"]:
            out.append((entry["tool"], (FIXTURES / entry["file"]).read_text(encoding="utf-8")))
    return out


def timed(fn: object, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        fn()  # type: ignore[operator]
    return (time.perf_counter() - start) / rounds


def main() -> None:
    texts = cases()
    rounds = 200

    def baseline() -> None:
        for _, text in texts:
            text.splitlines()

    def parse() -> None:
        for tool, text in texts:
            parse_output(tool, text)

    base = timed(baseline, rounds)
    cost = timed(parse, rounds)
    ratio = cost / base if base else float("inf")
    print(
        f"{len(texts)} outputs: parse {cost * 1e3:.2f} ms, baseline {base * 1e6:.1f} us, "
        f"ratio {ratio:.0f} (goal <= {GOAL:.0f})"
    )


if __name__ == "__main__":
    main()
