"""A tool that hangs is ended with everything it started: nothing safe-session runs outlives the
run, not even a child the tool left in the background.

The stand-in tools are shell scripts on PATH under the names of the real tools the probes call
(`pactl`); each starts a `sleep` in the background and then hangs. Every process they start
carries a marker in its environment, so the test finds them, and only them, with psutil.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

from safe_session import system_tools
from safe_session.probes.base import Unavailable
from tests.conftest import venv_bin

MARKER = "SAFE_SESSION_TEST_MARKER"
HANGING = "#!/bin/sh\nsleep 300 &\nsleep 300\n"


def stand_in(folder: Path, name: str, script: str = HANGING) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / name
    tool.write_text(script, encoding="utf-8")
    tool.chmod(0o755)
    return tool


def marked(marker: str) -> list[psutil.Process]:
    """Live processes (zombies are dead: only their parent's exit status is left) that carry
    the marker in their environment."""
    found = []
    for proc in psutil.process_iter(["status"]):
        try:
            if proc.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            if proc.environ().get(MARKER) == marker:
                found.append(proc)
        except (psutil.Error, OSError):
            continue
    return found


def wait_until_none(marker: str, seconds: float = 5.0) -> list[psutil.Process]:
    """The marked processes still alive after `seconds` (a signal takes a moment to land)."""
    deadline = time.monotonic() + seconds
    while True:
        left = marked(marker)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


@pytest.fixture
def marker() -> object:
    value = uuid.uuid4().hex
    yield value
    for proc in marked(value):  # never leave the test's own stand-ins behind
        proc.kill()


@pytest.mark.skipif(os.name == "nt", reason="the stand-in tools are shell scripts")
def test_a_hung_tool_and_its_children_end_on_timeout(tmp_path: Path, marker: str) -> None:
    folder = tmp_path / "bin"
    stand_in(folder, "pactl")
    env = {**os.environ, "PATH": f"{folder}:/usr/bin:/bin", MARKER: marker}
    began = time.monotonic()
    with pytest.raises(Unavailable) as caught:
        system_tools.run(["pactl", "info"], timeout=0.5, env=env)
    took = time.monotonic() - began
    assert caught.value.situation == "timeout"
    assert took < 4.0, f"the runner took {took:.1f} s to give up"
    assert wait_until_none(marker) == [], "the tool or its child outlived the timeout"


@pytest.mark.skipif(os.name == "nt", reason="the stand-in tools are shell scripts")
def test_a_probe_whose_tool_hangs_leaves_nothing_behind(tmp_path: Path, marker: str) -> None:
    """The whole program, as a person runs it: `pactl` (asked for the recording streams) hangs;
    the check ends on time, says it could not look, and no `pactl` or child of it is left."""
    folder = tmp_path / "bin"
    stand_in(folder, "pactl")
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    env = {
        **os.environ,
        "PATH": f"{folder}:{Path(sys.executable).parent}:/usr/bin:/bin",
        "XDG_RUNTIME_DIR": str(runtime),
        MARKER: marker,
    }
    env.pop("PULSE_SERVER", None)
    began = time.monotonic()
    out = subprocess.run(
        [venv_bin("safe-session"), "check", "--json", "--no-audio", "--only", "devices"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    took = time.monotonic() - began
    result = json.loads(out.stdout)["results"][0]
    assert result["id"] == "devices.mic_camera_in_use"
    assert result["status"] != "pass", result
    assert took < 15.0, f"the run took {took:.1f} s"
    assert wait_until_none(marker) == [], "a hung tool outlived the run"


@pytest.mark.skipif(os.name == "nt", reason="the stand-in tools are shell scripts")
def test_a_tool_still_running_when_the_program_ends_is_ended_too(
    tmp_path: Path, marker: str
) -> None:
    """The engine stops waiting for a probe at its deadline and the program may end while the
    probe's tool still runs (its own timeout is longer): the tool goes with the program."""
    folder = tmp_path / "bin"
    stand_in(folder, "pactl")
    code = (
        "import threading, time\n"
        "from safe_session import system_tools\n"
        "def ask():\n"
        "    try:\n"
        "        system_tools.run(['pactl', 'info'], timeout=120)\n"
        "    except Exception:\n"
        "        pass\n"
        "threading.Thread(target=ask, daemon=True).start()\n"
        "time.sleep(1.0)\n"
    )
    env = {**os.environ, "PATH": f"{folder}:/usr/bin:/bin", MARKER: marker}
    began = time.monotonic()
    subprocess.run([sys.executable, "-c", code], env=env, timeout=60, check=True)
    assert time.monotonic() - began < 10.0
    assert wait_until_none(marker) == [], "the tool outlived the program"


def test_every_process_is_started_through_the_runner() -> None:
    """One place starts processes (`system_tools.start`): in its own group, ended with it."""
    import re

    from tests.conftest import ROOT

    starts = re.compile(
        r"\bsubprocess\.(Popen|run|call|check_call|check_output)\(|\bos\.(system|popen|spawn\w*|exec\w*|fork)\("
    )
    found = []
    for path in (ROOT / "src" / "safe_session").rglob("*.py"):
        if path.name == "system_tools.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if starts.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
