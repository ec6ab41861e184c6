"""Open tabs of a real, headless Firefox (its real session file); a real Chromium's processes."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import lz4.block
import psutil
import pytest

from safe_session.probes import browser_tabs, processes
from safe_session.probes.base import ProbeContext
from tests.conftest import need

PAGES = [
    "data:text/html,<title>a</title>a",
    "data:text/html,<title>b</title>b",
    "data:text/html,<title>c</title>c",
]


def start(argv: list[str], home: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HOME": str(home), "MOZ_HEADLESS": "1"}
    return subprocess.Popen(
        argv,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    """The browser and its helpers: the process group we started, by its id."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)


@pytest.fixture
def firefox(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    exe = shutil.which("firefox-esr") or shutil.which("firefox")
    need(exe, "Firefox is not installed")
    assert exe
    profile = tmp_path / "profile"
    profile.mkdir()
    (profile / "user.js").write_text('user_pref("browser.sessionstore.interval", 500);\n')
    proc = start([exe, "--headless", "--no-remote", "--profile", str(profile), *PAGES], tmp_path)
    try:
        yield proc, profile
    finally:
        stop(proc)


def independent_count(path: Path) -> int:
    data = path.read_bytes()
    session = json.loads(lz4.block.decompress(data[8:]))
    return sum(len(w["tabs"]) for w in session["windows"])


def test_firefox_tabs_from_its_real_session_file(
    firefox: tuple[subprocess.Popen[bytes], Path],
) -> None:
    proc, profile = firefox
    session = profile / "sessionstore-backups" / "recovery.jsonlz4"
    deadline = time.monotonic() + 60
    tabs = 0
    while time.monotonic() < deadline:
        if session.exists():
            try:
                tabs = independent_count(session)
            except (ValueError, KeyError, lz4.block.LZ4BlockError):
                tabs = 0
            if tabs >= len(PAGES):
                break
        time.sleep(0.3)
    assert tabs >= len(PAGES), "Firefox did not save its session in time"
    processes._shared = None
    fact = browser_tabs.gather(ProbeContext(os_name="linux"))
    [ff] = [b for b in fact.browsers if b.app == "Firefox"]
    assert ff.processes >= 1
    ours = independent_count(session)
    if other_firefoxes(proc.pid):  # another test's Firefox on a shared machine counts too
        assert ff.tabs is not None and ff.tabs >= ours
    else:
        assert ff.tabs == ours


def other_firefoxes(group: int) -> list[int]:
    out = []
    for p in psutil.process_iter(["name"]):
        with contextlib.suppress(psutil.Error, OSError):
            if (p.info["name"] or "").startswith("firefox") and os.getpgid(p.pid) != group:
                out.append(p.pid)
    return out


def test_chromium_processes_are_counted_and_tabs_unknown(tmp_path: Path) -> None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    need(exe, "Chromium is not installed")
    assert exe
    proc = start(
        [
            exe,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'c'}",
            "about:blank",
        ],
        tmp_path,
    )
    try:
        deadline = time.monotonic() + 30
        chromium = []
        while time.monotonic() < deadline and not chromium:
            processes._shared = None
            chromium = [
                b
                for b in browser_tabs.gather(ProbeContext(os_name="linux")).browsers
                if b.app == "Chromium"
            ]
            time.sleep(0.2)
    finally:
        stop(proc)
    assert chromium, "Chromium did not start"
    assert chromium[0].processes >= 1 and chromium[0].tabs is None
    assert chromium[0].tabs_reason == browser_tabs.NOT_READ_REASON
