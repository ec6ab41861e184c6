"""Open tabs of a real, headless Firefox and of a real Chromium with a window on Xvfb, each read
from the session file the browser itself wrote; a headless Chromium's processes."""

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

from safe_session.probes.apps import processes
from safe_session.probes.base import ProbeContext
from safe_session.probes.browsers import tabs as browser_tabs
from safe_session.probes.browsers.chromium_session import count_open_tabs
from tests import chromium_window
from tests.browsers import group_alive, wait_for, write_firefox_prefs
from tests.conftest import need, venv_bin

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
    """The browser and its helpers: the process group we started, by its id, and wait until
    every one is gone (a helper left behind would make a later test's browser look open)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    wait_for(lambda: not group_alive(proc.pid), 15, "the browser's helpers to end")


@pytest.fixture
def firefox(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    exe = shutil.which("firefox-esr") or shutil.which("firefox")
    need(exe, "Firefox is not installed")
    assert exe
    profile = tmp_path / "profile"
    profile.mkdir()
    write_firefox_prefs(profile, {"browser.sessionstore.interval": 500})
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
    deadline = time.monotonic() + 120  # a loaded machine starts Firefox slowly
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


def test_headless_chromium_is_counted_and_its_tabs_unknown(tmp_path: Path) -> None:
    """Headless Chromium writes no session file: its processes count, its tabs are unknown."""
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
        others = other_chromiums(proc.pid)
    finally:
        stop(proc)
    assert chromium, "Chromium did not start"
    assert chromium[0].processes >= 1
    if not others:  # another Chromium on a shared machine may have saved tabs of its own
        assert chromium[0].tabs is None
        assert chromium[0].tabs_reason == (
            "Chromium has not saved its open tabs where safe-session can read them yet"
        )


def other_chromiums(group: int) -> list[int]:
    out = []
    for p in psutil.process_iter(["name"]):
        with contextlib.suppress(psutil.Error, OSError):
            if (p.info["name"] or "").startswith("chromium") and os.getpgid(p.pid) != group:
                out.append(p.pid)
    return out


@pytest.fixture
def xdisplay() -> Iterator[tuple[str, str]]:
    exe, xvfb = chromium_window.tools()
    need(exe and xvfb, "Chromium and Xvfb are needed for the Chromium tab count")
    assert exe and xvfb
    with chromium_window.x_display(xvfb) as display:
        yield exe, display


def chromium_tabs_now() -> tuple[int | None, str | None]:
    processes._shared = None
    for b in browser_tabs.gather(ProbeContext(os_name="linux")).browsers:
        if b.app == "Chromium":
            return b.tabs, b.tabs_reason
    return None, "Chromium is not running"


def settled(browser: chromium_window.Browser, expected: int) -> None:
    """Until the browser shows `expected` pages and has saved them (about 2.5 s later)."""
    wait_for(lambda: len(browser.pages()) == expected, 30, f"{expected} pages in Chromium")

    def saved() -> bool:
        files = browser.session_files()
        if not files:
            return False
        try:
            return count_open_tabs(files[-1].read_bytes()) == expected
        except ValueError:
            return False

    wait_for(saved, 30, f"Chromium to save {expected} tabs")


def test_chromium_tabs_from_its_real_session_file(
    xdisplay: tuple[str, str], tmp_path: Path
) -> None:
    exe, display = xdisplay
    pages = [chromium_window.page(name) for name in "abcd"]
    user_data = tmp_path / "user data"
    with chromium_window.chromium(exe, display, tmp_path, pages, user_data) as browser:
        settled(browser, 4)
        exact = not other_chromiums(os.getpgid(browser.proc.pid) if browser.proc else 0)
        tabs, reason = chromium_tabs_now()
        assert tabs == 4 if exact else (tabs is not None and tabs >= 4), reason
        # The count follows the browser: one tab opened, two closed.
        browser.new_tab(chromium_window.page("e"))
        settled(browser, 5)
        for target in browser.pages()[:2]:
            browser.close(target["id"])
        settled(browser, 3)
        tabs, reason = chromium_tabs_now()
        assert tabs == 3 if exact else (tabs is not None and tabs >= 3), reason


def test_check_command_counts_chromium_tabs_in_its_usual_folder(
    xdisplay: tuple[str, str], tmp_path: Path
) -> None:
    exe, display = xdisplay
    pages = [chromium_window.page(name) for name in "abcdef"]
    with chromium_window.chromium(exe, display, tmp_path, pages) as browser:
        assert browser.user_data == tmp_path / ".config" / "chromium"
        settled(browser, 6)
        env = {k: v for k, v in os.environ.items() if k != "XDG_CONFIG_HOME"}
        out = subprocess.run(
            [venv_bin("safe-session"), "check", "--json", "--only", "apps.browsers"],
            env={**env, "HOME": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        exact = not other_chromiums(os.getpgid(browser.proc.pid) if browser.proc else 0)
    assert out.returncode in (0, 1, 3), out.stderr
    [result] = json.loads(out.stdout)["results"]
    [found] = [b for b in result["details"]["browsers"] if b["app"] == "Chromium"]
    assert found["processes"] >= 1
    if exact:
        assert found["tabs"] == 6
    else:
        assert found["tabs"] is not None and found["tabs"] >= 6
