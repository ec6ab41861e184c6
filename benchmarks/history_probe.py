"""How long the history probe takes on a large browser profile, as a ratio to a baseline.

A synthetic Chromium History with many pages and visits (a few for the portal) is read by the
probe (a snapshot read page by page, domain match, counts) and, as the baseline in the same
run, by a bare copy of the file plus one `COUNT(*)`. Real histories at scale, with memory:
`history_scale.py`. Run: `.venv/bin/python benchmarks/history_probe.py`.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from safe_session.probes.browsers.history import chromium_micros, read_profile
from safe_session.probes.browsers.profiles import BrowserProfile


def make_history(path: Path, pages: int, visits_per_page: int) -> None:
    now = datetime.now(UTC)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executescript(
            "CREATE TABLE urls(id INTEGER PRIMARY KEY, url TEXT, title TEXT, visit_count INTEGER,"
            " last_visit_time INTEGER);"
            "CREATE TABLE visits(id INTEGER PRIMARY KEY, url INTEGER, visit_time INTEGER);"
            "CREATE INDEX visits_url_index ON visits (url);"
        )
        for i in range(pages):
            host = "clientsecure.me" if i % 997 == 0 else f"site{i % 5000}.example.org"
            t = chromium_micros(now - timedelta(minutes=i))
            conn.execute(
                "INSERT INTO urls VALUES (?, ?, 't', ?, ?)",
                (i + 1, f"https://{host}/page/{i}", visits_per_page, t),
            )
            conn.executemany(
                "INSERT INTO visits (url, visit_time) VALUES (?, ?)",
                [(i + 1, t - v) for v in range(visits_per_page)],
            )


def timed(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=50_000)
    parser.add_argument("--visits", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        profile_dir = Path(folder) / "Default"
        profile_dir.mkdir()
        make_history(profile_dir / "History", args.pages, args.visits)
        profile = BrowserProfile("Chrome", "chromium", "Default", profile_dir, Path(folder))
        since = datetime.now(UTC) - timedelta(hours=2)

        def baseline() -> None:
            with tempfile.TemporaryDirectory() as tmp:
                copy = Path(tmp) / "History"
                shutil.copyfile(profile_dir / "History", copy)
                with closing(sqlite3.connect(copy)) as conn:
                    conn.execute("SELECT COUNT(*) FROM visits").fetchone()

        def probe() -> None:
            read_profile(profile, ("clientsecure.me",), since, None)

        base = timed(baseline, args.repeat)
        ours = timed(probe, args.repeat)
    print(f"history database: {args.pages} pages, {args.pages * args.visits} visits")
    print(f"baseline (copy + count): {base * 1000:.1f} ms")
    print(f"history probe:           {ours * 1000:.1f} ms")
    print(f"ratio: {ours / base:.2f}")


if __name__ == "__main__":
    main()
