"""The Windows Core Audio code cannot run here; it is at least type-checked as Windows code,
and elsewhere it says plainly that it does not apply."""

from __future__ import annotations

import subprocess

import pytest

from safe_session.probes.audio import windows_coreaudio
from safe_session.probes.base import Unavailable
from tests.conftest import ROOT, venv_bin


def test_core_audio_code_type_checks_for_windows() -> None:
    out = subprocess.run(
        [
            venv_bin("mypy"),
            "--platform",
            "win32",
            "--strict",
            "--no-incremental",
            "src/safe_session/probes/audio/windows_coreaudio.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_core_audio_is_unavailable_off_windows() -> None:
    with pytest.raises(Unavailable):
        windows_coreaudio.default_endpoint()
