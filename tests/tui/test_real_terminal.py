"""The installed program in a real terminal (tmux): it opens on "Before your session", shows the
results of the real checks (--no-audio), answers keys, and the quick exit leaves the terminal as
it found it: alternate screen left, mouse reporting off, cursor shown, line mode back, prompt
back, nothing printed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import need, venv_bin

PROMPT = "READY$ "
pytestmark = pytest.mark.real


class Tmux:
    """One private tmux server with one 80x24 window running a plain bash."""

    def __init__(self, folder: Path, size: tuple[int, int] = (80, 24)) -> None:
        self.size = size
        self.socket = str(folder / "tmux.sock")
        self.env = {
            "PATH": str(Path(venv_bin("safe-session")).parent) + os.pathsep + os.environ["PATH"],
            "HOME": str(folder),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "SAFE_SESSION_STATE_DIR": str(folder / "state"),
        }

    def run(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-S", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=30,
            env=self.env,
            check=True,
        )
        return out.stdout

    def start(self) -> None:
        rc = Path(self.env["HOME"]) / "bashrc"
        rc.write_text(f"PS1='{PROMPT}'\n")
        width, height = (str(n) for n in self.size)
        window = ["new-session", "-d", "-x", width, "-y", height, "-s", "t"]
        self.run("-f", "/dev/null", *window, f"bash --noprofile --rcfile {rc} -i")
        self.run("set-option", "-g", "status", "off")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "t", *keys)

    def type(self, line: str) -> None:
        self.run("send-keys", "-t", "t", "-l", line)
        self.run("send-keys", "-t", "t", "Enter")

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "t")

    def flag(self, name: str) -> str:
        return self.run("display-message", "-p", "-t", "t", f"#{{{name}}}").strip()

    def wait(self, what: Callable[[str], bool], why: str, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while True:
            text = self.screen()
            if what(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"{why}; the screen shows:\n{text}")
            time.sleep(0.1)

    def stop(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True, timeout=10)


@pytest.fixture
def tmux(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Tmux]:
    need(shutil.which("tmux"), "tmux is not installed")
    need(Path(venv_bin("safe-session")).exists(), "safe-session is not installed")
    t = Tmux(tmp_path, getattr(request, "param", (80, 24)))
    try:
        t.start()
        t.wait(lambda s: PROMPT.strip() in s, "the shell did not start")
        yield t
    finally:
        t.stop()


def prompts(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.startswith(PROMPT.strip()))


def results_in(text: str) -> bool:
    # "Still checking: …" can wrap onto the next line, after the verdict's border: "Still\n█ checking"
    running = re.search(r"still\W*checking", text, re.IGNORECASE)
    settled = running is None and "… Checking" not in text  # rows repaint a frame after the verdict
    return "Before your session" in text and settled and "Left:" in text


def test_real_program_before_session_keys_and_quick_exit(tmux: Tmux) -> None:
    tmux.type("clear; safe-session --no-audio")
    screen = tmux.wait(results_in, "the checks did not finish on screen")
    assert tmux.flag("alternate_on") == "1"
    assert "Quick exit (Ctrl+Q)" in screen and "What safe-session checks" in screen
    # Real checks, really run: their rows show a result, none is still checking.
    assert any(w in screen for w in ("✓ OK", "! Caution", "? Unknown", "✗ Problem")), screen
    assert "… Checking" not in screen
    assert "Nothing leaves this computer, nothing is recorded." in screen
    assert "^q Quick exit" in screen  # the footer

    tmux.keys("Enter")  # the first row is focused: open its detail
    detail = tmux.wait(lambda s: "Why it matters" in s, "the detail view did not open")
    assert "Check again (r)" in detail and "Close (Esc)" in detail
    tmux.keys("r")  # check again, from the detail view
    tmux.keys("Escape")
    tmux.wait(lambda s: "Why it matters" not in s and results_in(s), "the detail did not close")

    tmux.keys("c")  # high contrast on: still the same words on screen
    tmux.wait(results_in, "high contrast broke the screen")

    tmux.keys("C-q")
    after = tmux.wait(lambda s: PROMPT.strip() in s, "the prompt did not come back")
    assert tmux.flag("alternate_on") == "0"
    assert "Before your session" not in after, "the app's screen must not stay behind"
    assert "Traceback" not in after and "Error" not in after
    assert tmux.flag("mouse_any_flag") == "0" and tmux.flag("mouse_button_flag") == "0"
    assert tmux.flag("cursor_flag") == "1"

    # The quick exit exits cleanly, and the terminal is back in line mode with echo.
    tmux.type("echo EXIT=$?; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ,")
    # Wait for the answer, not for the typed command (which holds "EXIT=" and "icanon" too).
    shown = tmux.wait(lambda s: re.search(r"EXIT=\d+\n.*icanon,", s) is not None, "no status")
    assert "EXIT=0" in shown
    assert "icanon,echo," in shown
    state = Path(tmux.env["SAFE_SESSION_STATE_DIR"])
    assert [p.name for p in state.iterdir()] == ["session-start"], "the UI notes the start"


def test_real_program_after_session_and_usage_errors(tmux: Tmux) -> None:
    tmux.type("clear; safe-session after --since-minutes 30")
    screen = tmux.wait(
        lambda s: "After your session" in s and "Log out" in s, "the after screen did not open"
    )
    assert "Log out of your therapy portal" in screen
    tmux.keys("C-q")
    tmux.wait(lambda s: PROMPT.strip() in s, "the prompt did not come back")
    assert tmux.flag("alternate_on") == "0"
    state = Path(tmux.env["SAFE_SESSION_STATE_DIR"])
    assert not state.exists() or not any(state.iterdir()), "the after screen writes nothing"

    tmux.type("clear; safe-session --only nothing.here; echo EXIT=$?")
    shown = tmux.wait(lambda s: re.search(r"EXIT=\d", s) is not None, "no exit status")
    assert "EXIT=2" in shown
    assert "--only: no check is called 'nothing.here'" in shown
    assert tmux.flag("alternate_on") == "0"


PROFILES = sorted((Path(__file__).resolve().parents[2] / "checks" / "profiles").glob("*.toml"))


@pytest.mark.parametrize("tmux", [(220, 120)], indirect=True)
@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_real_screen_shows_the_rows_of_the_report_for_each_example_profile(
    tmux: Tmux, profile: Path
) -> None:
    """The screen and `check --json` (and so `--plain`, which a test compares with it) draw from
    one plan: the profile's own questions are on screen, the checks it switched off are shown
    switched off, and nothing the report lists is missing."""
    tmux.type(f"clear; safe-session --no-audio --profile {profile}")
    screen = tmux.wait(results_in, "the checks did not finish on screen")
    report = subprocess.run(
        [venv_bin("safe-session"), "check", "--json", "--no-audio", "--profile", str(profile)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SAFE_SESSION_STATE_DIR": tmux.env["SAFE_SESSION_STATE_DIR"]},
    )
    assert report.returncode in (0, 1, 3), report.stderr
    lines = [" ".join(line.split()) for line in screen.splitlines()]
    words = {"manual": "○ Confirm", "skipped": "- Skipped"}
    for row in json.loads(report.stdout)["results"]:
        confirm = row["details"].get("confirmed") is not None or row["status"] == "manual"
        shown = row["summary"] if row["status"] == "manual" else row["title"]
        found = [line for line in lines if " ".join(shown.split()) in line]
        assert found, f"{row['id']} ({shown!r}) is not on the screen:\n{screen}"
        if row["status"] in words and (confirm or row["status"] == "skipped"):
            assert any(words[row["status"]] in line for line in found), (row["id"], found)
    tmux.keys("C-q")
    tmux.wait(lambda s: PROMPT.strip() in s, "the prompt did not come back")
