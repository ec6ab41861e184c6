"""How the command line reaches the UI: only on a terminal; piped, the plain report as before.
And the UI opens without importing the heavy sound libraries."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import venv_bin


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return subprocess.run(
        [venv_bin("safe-session"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_bare_command_prints_the_plain_report_when_not_on_a_terminal() -> None:
    out = run("--no-audio", "--only", "system,room", "--high-contrast")
    assert out.returncode in (0, 1), out.stderr
    assert "Before your session" in out.stdout and "Verdict:" in out.stdout
    assert "\x1b" not in out.stdout


def test_bare_command_json_still_works() -> None:
    out = run("--json", "--only", "room.private")
    assert out.returncode == 0 and '"phase": "before"' in out.stdout


@pytest.mark.parametrize(
    "argv",
    [["after", "--since-minutes", "30", "--high-contrast"], ["--high-contrast", "after"]],
)
def test_after_prints_the_plain_report_when_not_on_a_terminal(argv: list[str]) -> None:
    out = run(*argv)
    assert out.returncode == 0, out.stderr
    assert "After your session" in out.stdout and "Verdict:" in out.stdout
    assert "\x1b" not in out.stdout


IMPORTS = """
import sys
from safe_session import cli
from safe_session.tui.app import SafeSessionApp
from safe_session.tui.config import UIConfig
for phase, argv in (("before", ["--no-audio"]), ("after", ["after"])):
    args = cli.parse_args(argv)
    SafeSessionApp(UIConfig(cli._plan(args, phase), record_start=False), phase)
heavy = sorted(m for m in ("numpy", "sounddevice") if m in sys.modules)
print(",".join(heavy))
"""


def test_the_ui_is_built_without_importing_heavy_modules() -> None:
    out = subprocess.run(
        [sys.executable, "-c", IMPORTS], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", "imported before the first paint: " + out.stdout


@pytest.mark.parametrize(
    ("returned", "return_code", "exit_code"), [(None, 1, 2), (None, 0, 0), (0, 0, 0)]
)
def test_a_screen_that_could_not_start_is_never_ready(
    monkeypatch: pytest.MonkeyPatch, returned: int | None, return_code: int, exit_code: int
) -> None:
    """Textual ends `run()` with no value and sets `return_code` when it cannot start the app
    (a stylesheet it refuses, as Textual before 7.4 did with ours): that must not exit 0."""
    from safe_session import cli
    from safe_session.tui.app import SafeSessionApp

    def run(self: SafeSessionApp) -> int | None:
        self._return_code = return_code
        return returned

    monkeypatch.setattr(SafeSessionApp, "run", run)
    monkeypatch.setattr(cli, "_wants_ui", lambda args: True)
    assert cli.main(["--no-audio", "--only", "room"]) == exit_code
