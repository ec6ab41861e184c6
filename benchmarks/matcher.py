"""The process matcher on 5,000 synthetic processes against the whole apps catalog.

Reported as ratios against baselines measured in the same run, never as absolute goals:
- floor: a bare loop that lower-cases each name and does one dictionary lookup (the least any
  per-process matcher must do);
- naive: the catalog walked per process with fnmatch, the way a first version would be written.
The matcher is measured cold (a fresh matcher, nothing remembered) and warm (a second pass, as
when a browser's hundred processes share one program).
Run: `.venv/bin/python benchmarks/matcher.py`.
"""

from __future__ import annotations

import fnmatch
import random
import time
from collections.abc import Callable

from safe_session.app_matcher import AppMatcher, basename, normalize
from safe_session.data import load_apps

N = 5_000
REPEAT = 15
SYSTEM = [
    "systemd",
    "bash",
    "kworker/0:1",
    "Xorg",
    "gnome-shell",
    "pipewire",
    "python3",
    "sshd",
    "svchost.exe",
    "explorer.exe",
    "dwm.exe",
    "RuntimeBroker.exe",
    "chrome",
    "code",
]


def synthetic(os_name: str, seed: int = 7) -> list[tuple[str, str | None]]:
    """Mostly ordinary processes, some catalog apps, some installed in vendors' folders."""
    rng = random.Random(seed)
    apps = load_apps().apps
    known = [n for a in apps for n in a.names_for(os_name)]
    folders = [f.replace("*", "x") for a in apps for f in a.folders]
    rows: list[tuple[str, str | None]] = []
    for i in range(N):
        roll = rng.random()
        if roll < 0.05 and known:
            name = rng.choice(known)
            rows.append((name, f"/opt/{name}/{name}"))
        elif roll < 0.08:
            rows.append((f"agent{i}", f"/opt/{rng.choice(folders)}/agent{i}"))
        elif roll < 0.5:
            name = rng.choice(SYSTEM)
            rows.append((name, f"/usr/bin/{name}{i}"))
        else:
            name = f"proc{i}-{rng.randrange(10**6)}"
            rows.append((name, None if roll > 0.95 else f"/usr/lib/pkg{i % 97}/{name}"))
    return rows


def floor(rows: list[tuple[str, str | None]], table: dict[str, int]) -> int:
    return sum(1 for name, _ in rows if name.lower() in table)


def naive(rows: list[tuple[str, str | None]], os_name: str) -> int:
    apps = load_apps().apps
    found = 0
    for name, exe in rows:
        for app in apps:
            names = {normalize(n) for n in app.names_for(os_name)}
            hit = normalize(name) in names or (
                exe is not None and normalize(basename(exe)) in names
            )
            if not hit and exe:
                parts = exe.lower().split("/")[:-1]
                hit = any(fnmatch.fnmatch(p, f.lower()) for f in app.folders for p in parts)
            found += hit
    return found


def best(fn: Callable[[], object], repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    os_name = "linux"
    rows = synthetic(os_name)
    apps = load_apps().apps
    table = {normalize(n): 1 for a in apps for n in a.names_for(os_name)}

    compile_s = best(lambda: AppMatcher(apps, os_name))
    floor_s = best(lambda: floor(rows, table))

    def cold() -> int:
        m = AppMatcher(apps, os_name)
        return sum(len(m.match(n, e)) for n, e in rows)

    warm_matcher = AppMatcher(apps, os_name)
    sum(len(warm_matcher.match(n, e)) for n, e in rows)
    cold_s = best(cold) - compile_s
    warm_s = best(lambda: sum(len(warm_matcher.match(n, e)) for n, e in rows))
    naive_s = best(lambda: naive(rows, os_name), repeat=2)

    print(f"{N} synthetic processes x {len(apps)} catalog apps ({os_name})")
    print(f"  floor (lower + one lookup): {floor_s * 1000:8.2f} ms   1.0x")
    print(f"  matcher, cold:              {cold_s * 1000:8.2f} ms   {cold_s / floor_s:5.1f}x floor")
    print(f"  matcher, warm:              {warm_s * 1000:8.2f} ms   {warm_s / floor_s:5.1f}x floor")
    print(
        f"  naive catalog walk:         {naive_s * 1000:8.2f} ms   {naive_s / floor_s:5.1f}x floor"
    )
    print(f"  compiling the catalog:      {compile_s * 1000:8.2f} ms (once per run)")
    print(f"  matcher is {naive_s / cold_s:.0f}x faster than the naive walk")
    print(f"  matches found: {cold()} (naive: {naive(rows, os_name)})")


if __name__ == "__main__":
    main()
