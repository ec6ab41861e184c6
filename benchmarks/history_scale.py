"""Time and peak memory of the after-session history check as a browser's history grows, and as
browser profiles multiply; and of forgetting the portal in each history.

Histories are real: headless Firefox makes its own profile and visits the test site, then the
database is grown in Firefox's own schema (`tests/history_growth.py`, also usable alone via
`benchmarks/grow_history.py`), and every page is given its icon in the browser's icon database
(`grow_icons`), as a browser that showed each page keeps it. For each size the command a person
or a clinic runs, `safe-session after --json --domain 127.0.0.1` (with HOME pointing at the made
profiles), is timed with its peak memory (each run in a fresh process), with Firefox closed and
with Firefox running (its lock held and the newest visits only in its write-ahead log), and its
visit count checked against the database. Side by side, in the same run, two baselines: the same
command without the history check (`--skip after.browser_history`), so the difference is what
the history costs; and a bare Python that opens the same file with sqlite3 (immutable, log
ignored) and counts the portal's visits through Firefox's index: the least any reader could do.

Forgetting the portal (`actions/forget_history.py`, its dry run and the removal itself, each
removal on a fresh copy of the profile, then checked for the portal's visits left and with
SQLite's `integrity_check`) is timed at each size with Firefox closed; at the largest also while
Firefox runs (refused at once), after Firefox was ended with SIGKILL (its lock left naming a dead
process, the newest visits only in its log), and, unless `--no-chromium`, in a Chromium History
grown to that size, its Favicons too.

    python benchmarks/history_scale.py [--sizes 10,50,230] [--profiles 1,5,20] [--runs 3]
        [--no-chromium]

Goals: peak memory under 150 MB whatever the size; under 3 s at 230 MB, forgetting too; time
growing at most linearly with the size.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the test suite's real-browser helpers

from run import compile_bytecode  # noqa: E402
from tests.browsers import Site, chromium, firefox, running, wait_for  # noqa: E402
from tests.history_growth import (  # noqa: E402
    PORTAL,
    grow_chromium,
    grow_firefox,
    grow_icons,
    list_firefox_profiles,
    make_chromium_profile,
    make_firefox_profile,
)

SAFE = str(Path(sys.executable).parent / "safe-session")
MB = 1024 * 1024
MEMORY_GOAL_MB, TIME_GOAL_S = 150, 3.0
MEASURE = """
import json, resource, subprocess, sys, time
began = time.perf_counter()
out = subprocess.run(sys.argv[1:], capture_output=True, text=True)
took = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": took, "peak_mb": peak, "stdout": out.stdout, "code": out.returncode}))
"""
BASELINE = """
import sqlite3, sys
conn = sqlite3.connect("file:" + sys.argv[1] + "?immutable=1", uri=True)
print(conn.execute("SELECT COUNT(*) FROM moz_historyvisits WHERE place_id IN (SELECT id FROM "
                   "moz_places WHERE rev_host = ?)", (sys.argv[2],)).fetchone()[0])
"""


def measured(cmd: list[str], env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *cmd], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def portal_visits(report: str) -> int | None:
    try:
        [row] = [r for r in json.loads(report)["results"] if r["id"] == "after.browser_history"]
    except (ValueError, KeyError):
        return None
    entries = row["details"].get("entries", [])
    return sum(int(e["visits"]) for e in entries if e["domain"] == PORTAL)


def truth(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(
            conn.execute(
                "SELECT COUNT(*) FROM moz_historyvisits WHERE place_id IN "
                "(SELECT id FROM moz_places WHERE rev_host = ?)",
                (PORTAL[::-1] + ".",),
            ).fetchone()[0]
        )


def series(
    home: Path, db: Path, runs: int, expected: int | None
) -> tuple[float, float, float, float, str]:
    """(median seconds, max peak MB, medians without the check and bare, counts as found)."""
    env = {**os.environ, "HOME": str(home), "SAFE_SESSION_STATE_DIR": str(home / "state")}
    env.pop("XDG_CONFIG_HOME", None)
    cmd = [SAFE, "after", "--json", "--domain", PORTAL]
    base = [sys.executable, "-c", BASELINE, str(db), PORTAL[::-1] + "."]
    without = [*cmd, "--skip", "after.browser_history"]
    times, peaks, others, bases, found = [], [], [], [], set()
    for _ in range(runs):
        got = measured(cmd, env)
        times.append(float(str(got["seconds"])))
        peaks.append(float(str(got["peak_mb"])))
        found.add(portal_visits(str(got["stdout"])))
        others.append(float(str(measured(without, env)["seconds"])))
        bases.append(float(str(measured(base, env)["seconds"])))
    said = ",".join(str(f) for f in sorted(found, key=str))
    mark = "" if expected is None or found == {expected} else f" (expected {expected})"
    median = statistics.median
    return median(times), max(peaks), median(others), median(bases), said + mark


def forget(home: Path, dry: bool, family: str = "firefox") -> tuple[float, float, str]:
    """(seconds, peak MB, message) of forgetting the portal in the profile, in a fresh process."""
    code = (
        "import sys\n"
        "from safe_session.actions import forget_history\n"
        "from safe_session.actions.base import ActionPlan\n"
        "from safe_session.probes.browsers.profiles import find_profiles\n"
        f"[p] = [p for p in find_profiles('linux') if p.family == {family!r}][:1]\n"
        "plan = ActionPlan(action='forget_history', check_id='after.browser_history', "
        "label='', description='', targets=(), payload={'browser': p.browser, 'profile': p.name,"
        f" 'profile_path': str(p.path), 'domain': {PORTAL!r}}})\n"
        f"print(forget_history.perform(plan, dry_run={dry}).message)\n"
    )
    env = {**os.environ, "HOME": str(home)}
    got = measured([sys.executable, "-c", code], env)
    return float(str(got["seconds"])), float(str(got["peak_mb"])), str(got["stdout"]).strip()


def forgetting(
    name: str, home: Path, db: Path, scratch: Path, runs: int, family: str = "firefox"
) -> tuple[float, float]:
    """Print the dry run's and the removal's median time and peak memory; each removal works
    on a fresh copy of `home` (`db`: where its database is inside), checked afterwards.
    (worst median, peak)"""
    worst = (0.0, 0.0)
    for dry in (True, False):
        times, peaks, said, left = [], [], "", ""
        for _ in range(runs):
            where = home
            if not dry:
                where = scratch / "forget"
                shutil.rmtree(where, ignore_errors=True)
                shutil.copytree(home, where, symlinks=True)
            seconds, peak, said = forget(where, dry, family)
            times.append(seconds)
            peaks.append(peak)
            if not dry:
                copy = where / db
                left = f"; left: {portal_left(copy, family)}, check {integrity(copy)}"
        label = f"{'forget, dry run' if dry else 'forget'} {name}"
        median = statistics.median(times)
        print(f"{label:36} {median:5.2f} s {max(peaks):4.0f} MB | {said}{left}")
        worst = (max(worst[0], median), max(worst[1], max(peaks)))
    shutil.rmtree(scratch / "forget", ignore_errors=True)
    return worst


def portal_left(db: Path, family: str) -> int:
    """The portal's visits in a database no browser holds."""
    if family == "firefox":
        return truth(db)
    with closing(sqlite3.connect(db)) as conn:
        return int(
            conn.execute(
                "SELECT COUNT(*) FROM visits WHERE url IN (SELECT id FROM urls WHERE url LIKE ?)",
                (f"http://{PORTAL}:%",),
            ).fetchone()[0]
        )


def integrity(db: Path) -> str:
    with closing(sqlite3.connect(db)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def row(name: str, seconds: float, peak: float, other: float, base: float, said: str) -> None:
    print(
        f"{name:36} {seconds:5.2f} s {peak:4.0f} MB | without it {other:5.2f} s "
        f"| bare sqlite3 {base:5.2f} s | portal visits {said}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,50,230")
    parser.add_argument("--profiles", default="1,5,20")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--chromium",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also forget in a Chromium history of the largest size",
    )
    args = parser.parse_args()
    if firefox() is None:
        print("firefox-esr is not installed")
        return 2
    compile_bytecode()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    worst_peak, largest, forgot = 0.0, (0, 0.0), (0.0, 0.0)
    with tempfile.TemporaryDirectory() as tmp, Site() as site:
        folder = Path(tmp)
        for size in sizes:
            home = folder / f"home-{size}"
            home.mkdir()
            profile = make_firefox_profile(home, site)
            list_firefox_profiles(home, [profile.name])
            db = profile / "places.sqlite"
            began = time.perf_counter()
            grow_firefox(db, size * MB)
            icons = grow_icons(db, "firefox")
            grew = time.perf_counter() - began
            name = f"{size} MB ({db.stat().st_size / MB:.0f} MB, grown in {grew:.0f} s), closed"
            print(f"{'':36} (and an icon for each page: {icons.stat().st_size / MB:.0f} MB)")
            seconds, peak, other, base, said = series(home, db, args.runs, truth(db))
            row(name, seconds, peak, other, base, said)
            worst_peak = max(worst_peak, peak)
            if size == max(sizes):
                largest = (size, seconds)
            took = forgetting(f"at {size} MB", home, db.relative_to(home), folder, args.runs)
            forgot = (max(forgot[0], took[0]), max(forgot[1], took[1]))
            before = truth(db)
            argv = [str(firefox()), "--headless", "--profile", str(profile), site.url(PORTAL, "c")]
            with running(argv, home) as proc:
                log = db.with_name(db.name + "-wal")
                wait_for(lambda log=log: log.exists() and log.stat().st_size > 0, 60, "the log")
                time.sleep(2.0)  # the visit is committed to the log
                seconds, peak, other, base, said = series(home, db, args.runs, None)
                row(f"{size} MB, Firefox running", seconds, peak, other, base, said)
                worst_peak = max(worst_peak, peak)
                if size == max(sizes):
                    seconds, peak, said = forget(home, True)
                    print(
                        f"{'forget while Firefox runs':36} {seconds:5.2f} s {peak:4.0f} MB | {said}"
                    )
                    # Ended without a word, as a crash or a power cut would: its lock is left
                    # naming a dead process and the newest visits stay in its log.
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            if size == max(sizes):
                crashed = folder / "crashed"
                shutil.copytree(home, crashed, symlinks=True)
            print(f"{'':36} (closed: {before}; after Firefox's visit: {truth(db)})")
            if size == max(sizes):
                wal = crashed / db.relative_to(home).with_name(db.name + "-wal")
                print(f"{'':36} (Firefox ended, its log {wal.stat().st_size / MB:.1f} MB)")
                took = forgetting(
                    f"at {size} MB, log left", crashed, db.relative_to(home), folder, args.runs
                )
                forgot = (max(forgot[0], took[0]), max(forgot[1], took[1]))
                shutil.rmtree(crashed)
        if args.chromium and chromium() is not None:
            home = folder / "chromium"
            home.mkdir()
            data = make_chromium_profile(home, site) / "History"
            grow_chromium(data, max(sizes) * MB)
            icons = grow_icons(data, "chromium")
            print(f"Chromium: History {data.stat().st_size / MB:.0f} MB, ", end="")
            print(f"Favicons {icons.stat().st_size / MB:.0f} MB")
            took = forgetting(
                f"Chromium, {max(sizes)} MB",
                home,
                data.relative_to(home),
                folder,
                args.runs,
                "chromium",
            )
            forgot = (max(forgot[0], took[0]), max(forgot[1], took[1]))
            shutil.rmtree(home)
        smallest = min(sizes)
        source = folder / f"home-{smallest}"
        for count in [int(c) for c in args.profiles.split(",")]:
            home = folder / f"profiles-{count}"
            names = [f"p{i}.default" for i in range(count)]
            for name in names:
                shutil.copytree(
                    source / ".mozilla" / "firefox" / "test.default",
                    home / ".mozilla" / "firefox" / name,
                )
            list_firefox_profiles(home, names)
            db = home / ".mozilla" / "firefox" / names[0] / "places.sqlite"
            seconds, peak, other, base, said = series(home, db, args.runs, truth(db) * count)
            row(f"{count} profiles of {smallest} MB", seconds, peak, other, base * count, said)
            worst_peak = max(worst_peak, peak)
    size, seconds = largest
    worst_peak = max(worst_peak, forgot[1])
    ok = worst_peak < MEMORY_GOAL_MB and seconds < TIME_GOAL_S and forgot[0] < TIME_GOAL_S
    print(
        f"{'met ' if ok else 'MISS'}  peak memory {worst_peak:.0f} MB (goal < {MEMORY_GOAL_MB}), "
        f"{seconds:.2f} s at {size} MB, forgetting {forgot[0]:.2f} s at most "
        f"(goal < {TIME_GOAL_S:g} s); load average after: {os.getloadavg()[0]:.2f}"
    )
    print("(the baseline of N profiles is N times one profile's)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
