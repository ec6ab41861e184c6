"""Speed and memory goals, measured side by side with a baseline in one run, as ratios.

Run: `./scripts/run --version >/dev/null && .venv/bin/python benchmarks/run.py`
Goals (see CONTRIBUTING.md, "Speed"):
- `check --json --no-audio` at most 2.0x a bare Python + psutil process listing;
- peak memory of `check --json --no-audio` under 60 MB;
- with 2,000 extra real processes running, the apps checks stay under one second;
- the UI's first paint and the app matcher have their own scripts beside this one;
- unless `--quick`: the listening check at most 0.3 s beyond its window (`listening.py`), the
  first screen's results within the window + 0.5 s (`screen_settle.py`), and the history check
  under 150 MB and 3 s on a 230 MB history (`history_scale.py`). These need a sound server,
  tmux and Firefox, and take a few minutes.
"""

from __future__ import annotations

import compileall
import importlib.util
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
SAFE = str(BIN / "safe-session")
BASELINE = [sys.executable, "-c", "import psutil; list(psutil.process_iter(['name', 'exe']))"]
CHECK = [SAFE, "check", "--json", "--no-audio"]
# The baseline plus the libraries `check` cannot run without (its command line, report and
# values), before any of safe-session's own code: what the goal leaves for the rest. The state
# folder's platformdirs is not among them: a plain check never loads it.
FLOOR = [
    sys.executable,
    "-c",
    "import argparse, json, msgspec, psutil; list(psutil.process_iter(['name', 'exe']))",
]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def side_by_side(a: list[str], b: list[str], rounds: int = 7) -> tuple[float, float]:
    """Alternate the two commands so machine load hits both alike; return the medians."""
    timed(a), timed(b)  # warm the file cache
    ta, tb = [], []
    for _ in range(rounds):
        ta.append(timed(a))
        tb.append(timed(b))
    return statistics.median(ta), statistics.median(tb)


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak resident memory of one child process, in MB (Linux reports kB)."""
    code = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
        "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def apps_with_many_processes(count: int = 2000) -> float | None:
    """Elapsed ms of the slowest apps.* check with `count` extra sleeping processes."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NPROC)
    if soft != resource.RLIM_INFINITY and soft < count + 200:
        return None
    procs = []
    try:
        for _ in range(count):
            procs.append(subprocess.Popen(["sleep", "120"]))
        out = subprocess.run(
            [SAFE, "check", "--json", "--no-audio", "--only", "apps"],
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            data = json.loads(out.stdout)
        except json.JSONDecodeError:
            return None
        times = [r["elapsed_ms"] for r in data["results"]]
        return max(times) if times else None
    finally:
        for p in procs:
            p.kill()
        for p in procs:
            p.wait()


def slow_goals(here: Path) -> list[tuple[str, str, str, bool]]:
    """The goals measured by their own scripts against real components: each script prints
    its table (shown here) and ends in a met/MISS verdict of its own."""
    rows = []
    for script, name in (
        ("listening.py", "listening: seconds beyond the window"),
        ("screen_settle.py", "first screen: every row's result"),
        ("history_scale.py", "history at 10, 50, 230 MB"),
    ):
        out = subprocess.run(
            [sys.executable, str(here / script)], capture_output=True, text=True, check=False
        )
        print(out.stdout.rstrip())
        if out.returncode == 2 or not out.stdout.strip():
            print(f"({script} could not run: {out.stdout.strip() or out.stderr.strip()[-200:]})")
            continue
        rows.append((name, f"see {script} above", "its own", out.returncode == 0))
    return rows


def compile_bytecode() -> None:
    """An installed wheel has its bytecode compiled (pip does it); a checkout run with
    PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on every run, and measure
    that instead of safe-session. The baseline's psutil is compiled at install the same way."""
    spec = importlib.util.find_spec("safe_session")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)


def main() -> int:
    compile_bytecode()
    rows = []
    check_t, base_t = side_by_side(CHECK, BASELINE)
    ratio = check_t / base_t
    rows.append(
        (
            "check --json --no-audio vs bare psutil listing",
            f"{check_t * 1000:.0f} ms vs {base_t * 1000:.0f} ms = {ratio:.2f}x",
            "<= 2.0x",
            ratio <= 2.0,
        )
    )
    floor_t, base2_t = side_by_side(FLOOR, BASELINE)
    print(
        f"(for reference: the libraries check needs, with no safe-session code, take "
        f"{floor_t * 1000:.0f} ms vs {base2_t * 1000:.0f} ms = {floor_t / base2_t:.2f}x)"
    )
    mem = peak_rss_mb(CHECK)
    rows.append(("peak memory of check --json --no-audio", f"{mem:.1f} MB", "< 60 MB", mem < 60))
    if "--quick" not in sys.argv:
        ms = apps_with_many_processes()
        if ms is not None:
            rows.append(
                ("apps checks with 2,000 extra processes", f"{ms:.0f} ms", "< 1000 ms", ms < 1000)
            )
    here = Path(__file__).parent
    matcher = subprocess.run(
        [sys.executable, str(here / "matcher.py")], capture_output=True, text=True, check=False
    ).stdout
    if m := re.search(r"matcher, cold:\s+([\d.]+) ms", matcher):
        ms = float(m.group(1))
        rows.append(("app matcher, 5,000 processes, cold", f"{ms:.1f} ms", "< 20 ms", ms < 20))
    paint = subprocess.run(
        [sys.executable, str(here / "first_paint.py"), "--runs", "11"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    if m := re.search(r"ratio\s*:\s*([\d.]+)x", paint):
        ratio = float(m.group(1))
        rows.append(
            ("UI first paint vs a minimal Textual app", f"{ratio:.2f}x", "<= 1.3x", ratio <= 1.3)
        )
    if "--quick" not in sys.argv:
        rows.extend(slow_goals(here))
    width = max(len(r[0]) for r in rows)
    for name, value, goal, ok in rows:
        print(f"{'met ' if ok else 'MISS'}  {name:<{width}}  {value}  (goal {goal})")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
