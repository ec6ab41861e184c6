"""A file that is not a file never makes safe-session wait.

A named pipe or a link to a device (`/dev/zero`) where a profile, a browser's history, session
or settings file, the recent-files list or the state file should be is refused at once: the
check that needed it says it could not look, and why, long before its deadline (a pipe used to
hold a check until its deadline, and the state file held `after` for ever). A check that could
not look never passes. Real pipes and links, in a private home folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import need, venv_bin
from tests.fakeapps import fake_apps

CMD = venv_bin("safe-session")
QUICK_MS = 3000.0  # every deadline here is 6 s or more; a refused file takes milliseconds
KINDS = ["pipe", "link to /dev/zero"]

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


def hostile(path: Path, kind: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "pipe":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    return path


def home_with(tmp_path: Path, kind: str) -> tuple[Path, dict[str, str]]:
    """A home folder whose browser files, recent-files list and state file are all `kind`."""
    home = tmp_path / "home"
    firefox = home / ".mozilla" / "firefox"
    firefox.mkdir(parents=True)
    (firefox / "profiles.ini").write_text(
        "[Profile0]\nName=default\nIsRelative=1\nPath=test.default\nDefault=1\n"
    )
    profile = firefox / "test.default"
    hostile(profile / "places.sqlite", kind)
    hostile(profile / "sessionstore-backups" / "recovery.jsonlz4", kind)
    chromium = home / ".config" / "chromium"
    hostile(chromium / "Local State", kind)
    hostile(chromium / "Default" / "History", kind)
    hostile(chromium / "Default" / "Preferences", kind)
    hostile(chromium / "Default" / "Sessions" / "Session_13350000000000000", kind)
    hostile(chromium / "Default" / "Sessions" / "Tabs_13350000000000000", kind)
    hostile(home / ".local" / "share" / "recently-used.xbel", kind)
    state = tmp_path / "state"
    hostile(state / "session-start", kind)
    return home, {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "SAFE_SESSION_STATE_DIR": str(state),
    }


def run(env: dict[str, str], *args: str) -> tuple[dict[str, Any], float]:
    began = time.monotonic()
    try:
        done = subprocess.run(
            [CMD, *args],
            capture_output=True,
            text=True,
            timeout=90,
            env={**os.environ, **env},
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`safe-session {' '.join(args)}` still waiting after 90 seconds")
    assert "Traceback" not in done.stderr, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data, time.monotonic() - began


@pytest.mark.parametrize("kind", KINDS)
def test_after_says_what_it_could_not_read_at_once(tmp_path: Path, kind: str) -> None:
    _, env = home_with(tmp_path, kind)
    checks = "after.browser_history,after.portal_tabs,after.recent_files"
    data, _ = run(env, "after", "--json", "--domain", "clientsecure.me", "--only", checks)
    results = {r["id"]: r for r in data["results"]}
    assert set(results) == set(checks.split(","))
    for result in results.values():
        assert result["status"] == "unknown", result
        assert result["elapsed_ms"] < QUICK_MS, result
        assert "did not answer" not in result["summary"], result  # not the deadline's word
    expected = "a pipe, not a file" if kind == "pipe" else "a link to somewhere else, not a file"
    history = results["after.browser_history"]
    unreadable = {(u["browser"], u["reason"]) for u in history["details"]["unreadable"]}
    assert ("Firefox", f"its history could not be read: it is {expected}") in unreadable
    assert ("Chromium", f"its history could not be read: it is {expected}") in unreadable
    assert expected in results["after.portal_tabs"]["summary"]
    assert expected in results["after.recent_files"]["summary"]


@pytest.mark.parametrize("kind", KINDS)
def test_open_tabs_are_not_waited_for(tmp_path: Path, kind: str) -> None:
    """Firefox's session file and Chromium's, read while a browser runs."""
    _, env = home_with(tmp_path, kind)
    with fake_apps(tmp_path / "apps") as apps:
        apps.start("firefox")
        apps.start("chromium")
        data, _ = run(env, "check", "--json", "--no-audio", "--only", "apps.browsers")
    [result] = data["results"]
    assert result["elapsed_ms"] < QUICK_MS, result
    browsers = {b["app"]: b for b in result["details"]["browsers"]}
    assert browsers.keys() == {"Firefox", "Chromium"}
    for browser in browsers.values():
        if browser["processes"] == 1:  # only ours (real browsers of other runs may be open)
            assert browser["tabs"] is None, browser  # could not count: not zero


def test_a_pipe_as_the_profile_is_refused_in_one_line_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "profile.toml"
    os.mkfifo(fifo)
    began = time.monotonic()
    done = subprocess.run(
        [CMD, "check", "--json", "--profile", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert time.monotonic() - began < 5  # the program's start; the refusal itself is instant
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"safe-session: profile: {fifo}: is not a regular file (a device or a pipe?)"
    ]


def within(seconds: float, work: Callable[[], object]) -> str:
    """What `work` raised or returned, in a thread: a read that waits fails the test only."""
    outcome: list[str] = []

    def attempt() -> None:
        try:
            outcome.append(f"returned {work()!r}"[:200])
        except Exception as exc:
            outcome.append(f"{type(exc).__name__}: {getattr(exc, 'strerror', None) or exc}")

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(seconds)
    return outcome[0] if outcome else f"still waiting after {seconds} seconds"


@pytest.mark.parametrize(
    "path",
    ["/dev/tty", "/dev/zero", "/dev/urandom", "/proc/kmsg", "fifo"],
)
def test_the_one_reader_refuses_devices_pipes_and_kernel_files_that_wait(
    tmp_path: Path, path: str
) -> None:
    from safe_session.regular_files import read_regular

    if path == "fifo":
        path = str(tmp_path / "fifo")
        os.mkfifo(path)
    if not sys.platform.startswith("linux") and not os.path.exists(path):
        pytest.skip(f"{path} is not on this system")
    need(os.path.exists(path), f"{path} is missing")  # every Linux has these
    outcome = within(3, lambda: read_regular(path, 1024))
    assert outcome.startswith(("NotRegularFile: ", "PermissionError: ")), outcome
