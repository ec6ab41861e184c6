"""The single file a therapist sends, run the way a client runs it: in a bare environment
(`env -i`: no PATH, no Python, no virtual environment, an empty home folder, an empty folder as
the working directory). It answers `--version`, prints the same report as the installed
program, carries the check data, opens its screen in a real terminal, and leaves nothing in the
temporary folder it unpacks itself into."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, need, venv_bin
from tests.schema_check import assert_report
from tests.tui.test_real_terminal import PROMPT, Tmux, results_in

pytestmark = pytest.mark.real


class Bare:
    """An empty home, temporary folder and working folder, and nothing else in the environment."""

    def __init__(self, folder: Path) -> None:
        self.home = folder / "home"
        self.tmp = folder / "tmp"
        self.cwd = folder / "cwd"
        for path in (self.home, self.tmp, self.cwd):
            path.mkdir()
        self.env = {"HOME": str(self.home), "TMPDIR": str(self.tmp)}

    def unpacked(self) -> list[str]:
        """What the program unpacked itself into (PyInstaller's `_MEI…` folders) and left. Other
        entries are the system tools' own (pactl makes a folder when there is no
        XDG_RUNTIME_DIR, as here)."""
        return [p.name for p in self.tmp.iterdir() if p.name.startswith("_MEI")]

    def run(self, program: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(program), *args],
            capture_output=True,
            text=True,
            timeout=180,
            env=self.env,  # the whole environment: as `env -i HOME=… TMPDIR=…`
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
        )


@pytest.fixture
def bare(tmp_path: Path) -> Bare:
    return Bare(tmp_path)


def test_the_checksum_beside_the_file_is_the_files(binary: Path) -> None:
    line = binary.with_name("safe-session.sha256").read_text(encoding="ascii")
    digest = hashlib.sha256(binary.read_bytes()).hexdigest()
    assert line == f"{digest}  safe-session\n"  # as `shasum -a 256` and `sha256sum` print it
    if shutil.which("sha256sum"):
        checked = subprocess.run(
            ["sha256sum", "-c", "safe-session.sha256"],
            cwd=binary.parent,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert checked.returncode == 0 and checked.stdout.strip() == "safe-session: OK"


def test_version_in_a_bare_environment(binary: Path, bare: Bare) -> None:
    out = bare.run(binary, "--version")
    assert (out.returncode, out.stdout, out.stderr) == (0, "safe-session 0.1.0\n", "")
    assert bare.unpacked() == [], "the unpacked program must be gone after it ends"


def test_check_json_in_a_bare_environment_is_the_installed_programs_report(
    binary: Path, bare: Bare
) -> None:
    out = bare.run(binary, "check", "--json", "--no-audio")
    assert out.returncode in (0, 1, 3), out.stderr
    assert "Traceback" not in out.stderr
    data = json.loads(out.stdout)
    assert_report(data)
    installed = subprocess.run(
        [venv_bin("safe-session"), "check", "--json", "--no-audio"],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "SAFE_SESSION_STATE_DIR": str(bare.home / "installed-state")},
        stdin=subprocess.DEVNULL,
    )
    expected = json.loads(installed.stdout)
    assert [r["id"] for r in data["results"]] == [r["id"] for r in expected["results"]]
    # Probes, rules and actions are imported by name: one left out of the file would make its
    # check "unknown" with this reason rather than fail the run.
    missing = [
        r["id"] for r in data["results"] if "part of safe-session is missing" in r["summary"]
    ]
    assert missing == []
    statuses = {r["id"]: r["status"] for r in data["results"]}
    assert statuses["audio.ambient_noise"] == "skipped"
    assert statuses["room.private"] == "manual"
    # Checks that need no tool on PATH see the same system as the installed program does.
    for same in ("system.other_sessions", "apps.remote_access", "network.wifi"):
        wanted = next(r for r in expected["results"] if r["id"] == same)
        assert statuses[same] == wanted["status"], same
    assert bare.unpacked() == [], "the unpacked program must be gone after it ends"


def test_after_json_in_a_bare_environment(binary: Path, bare: Bare) -> None:
    out = bare.run(binary, "after", "--json", "--since-minutes", "30")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert_report(data)
    assert data["phase"] == "after"
    assert not [r for r in data["results"] if "part of safe-session is missing" in r["summary"]]


def test_it_carries_the_check_data_and_reads_a_profile(binary: Path, bare: Bare) -> None:
    clinic = ROOT / "checks" / "profiles" / "clinic.toml"
    out = bare.run(binary, "profile", "validate", str(clinic))
    assert out.returncode == 0, out.stderr
    assert "network.wifi (Wi-Fi is private and encrypted)" in out.stdout  # the built-in catalog
    refused = bare.run(binary, "check", "--json", "--profile", "missing.toml")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.strip() == "safe-session: profile: missing.toml: file not found"


def test_help_in_a_bare_environment(binary: Path, bare: Bare) -> None:
    out = bare.run(binary, "check", "--help")
    assert out.returncode == 0 and "exit codes:" in out.stdout


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Tmux]:
    need(shutil.which("tmux"), "tmux is not installed")
    t = Tmux(tmp_path)
    try:
        t.start()
        t.wait(lambda s: PROMPT.strip() in s, "the shell did not start")
        yield t
    finally:
        t.stop()


def test_the_screen_in_a_real_terminal(binary: Path, terminal: Tmux, tmp_path: Path) -> None:
    """The person's terminal, nothing else: the screen opens, the real checks fill in, and the
    quick exit gives the prompt back with exit code 0."""
    home = tmp_path / "empty-home"
    home.mkdir()
    terminal.type(f"clear; env -i HOME={home} TERM=xterm-256color {binary} --no-audio")
    screen = terminal.wait(results_in, "the checks did not finish on screen", seconds=90)
    assert "Quick exit (Ctrl+Q)" in screen and "What safe-session checks" in screen
    assert any(w in screen for w in ("✓ OK", "! Caution", "? Unknown", "✗ Problem")), screen
    terminal.keys("C-q")
    terminal.wait(lambda s: PROMPT.strip() in s, "the prompt did not come back")
    assert terminal.flag("alternate_on") == "0"
    terminal.type("echo EXIT=$?")
    shown = terminal.wait(lambda s: re.search(r"EXIT=\d+\n", s) is not None, "no exit status")
    assert "EXIT=0" in shown
