"""Shared test helpers.

`need(ok, why)`: a test that needs a real component (PulseAudio, a browser, tmux) is skipped with
the reason on a developer's machine, but fails in CI (CI=true): nothing real may go untested there.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
pytest_plugins = ["tests.pulse"]

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Tests never touch the person's own trash: send2trash reads XDG_DATA_HOME once, when imported.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="safe-session-tests-data-")


PORTABLE_DIRS = ("unit", "parsers", "platform", "tui")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests under the portable folders run on every system's runner, unless marked `real`."""
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        if parts and parts[0] in PORTABLE_DIRS and item.get_closest_marker("real") is None:
            item.add_marker(pytest.mark.portable)


def need(ok: object, why: str) -> None:
    if ok:
        return
    if IN_CI:
        pytest.fail(f"missing real component in CI: {why}", pytrace=False)
    pytest.skip(why)


def venv_bin(name: str) -> str:
    """A console script installed for the running interpreter (any system's layout)."""
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        found = shutil.which(name, path=folder)
        if found:
            return found
    return str(Path(sys.executable).parent / name)


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("SAFE_SESSION_STATE_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _private_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never touch the real state folder, nor pick up a profile from the environment."""
    if "SAFE_SESSION_STATE_DIR" not in os.environ:
        monkeypatch.setenv("SAFE_SESSION_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    monkeypatch.delenv("SAFE_SESSION_PROFILE", raising=False)
