"""Real processes under known apps' names: copies of /bin/sleep started from a temp folder.

The process table is then real (names, executables, owners), and each process is stopped by its
own PID when the test ends.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

SLEEP = shutil.which("sleep") or "/bin/sleep"


class FakeApps:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, subfolder: str | None = None) -> int:
        """Start a copy of sleep called `name` (optionally inside `subfolder`); its PID."""
        where = self.folder / subfolder if subfolder else self.folder / f"app{len(self.procs)}"
        where.mkdir(parents=True, exist_ok=True)
        exe = where / name
        shutil.copy2(SLEEP, exe)
        proc = subprocess.Popen([str(exe), "600"], stdin=subprocess.DEVNULL)
        self.procs.append(proc)
        wait_until_named(proc.pid, exe)
        return proc.pid

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)


def wait_until_named(pid: int, exe: Path, timeout: float = 5.0) -> None:
    """Until the child has exec'd: before that its table entry is still Python's."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).exe() == str(exe):
                return
        except psutil.Error:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"process {pid} did not start as {exe}")


@contextlib.contextmanager
def fake_apps(folder: Path) -> Iterator[FakeApps]:
    apps = FakeApps(folder)
    try:
        yield apps
    finally:
        apps.stop()
