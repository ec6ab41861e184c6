"""The single-file program, built once per test session by scripts/build-binary (PyInstaller,
a minute or two). A build that fails skips these tests on a developer's machine and fails them
in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, need


@pytest.fixture(scope="session")
def binary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need(sys.platform.startswith("linux"), "the single-file build is tested here on Linux")
    need(shutil.which("bash"), "bash is not installed")
    out = tmp_path_factory.mktemp("binary")
    built = subprocess.run(
        [
            str(ROOT / "scripts" / "build-binary"),
            *("--dist", str(out / "dist")),
            "--work",
            str(out / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        env={k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"},
        stdin=subprocess.DEVNULL,
    )
    program = out / "dist" / "safe-session"
    need(
        built.returncode == 0 and program.is_file(),
        f"scripts/build-binary failed (exit code {built.returncode}): {built.stderr[-3000:]}",
    )
    return program
