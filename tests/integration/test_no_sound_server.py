"""With no sound server listening, the probes ask the real `pactl` once and stop: every other
form of the command would fail the same way. A pactl that fails for another reason (one too
old for a command) still gets the older forms."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from safe_session.probes.audio import linux
from safe_session.probes.audio.linux import unreachable
from safe_session.probes.base import Unavailable
from safe_session.probes.devices.linux import sound_server_users
from tests.conftest import need


def logging_pactl(folder: Path, log: Path, real: str) -> None:
    """`pactl` on PATH that writes its arguments to `log`, then runs the real one."""
    path = folder / "pactl"
    path.write_text(f"#!/bin/sh\necho \"$*\" >> '{log}'\nexec '{real}' \"$@\"\n", encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def no_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    real = shutil.which("pactl")
    need(real, "pactl (pulseaudio-utils) is not installed")
    assert real is not None
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "calls.log"
    logging_pactl(folder, log, real)
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/no-server/native")
    return log


def calls(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_headphones_ask_once_when_no_server_listens(no_server: Path) -> None:
    reasons: list[str] = []
    assert linux.read(reasons) is None
    assert calls(no_server) == ["get-default-sink"]
    assert reasons and "Connection failure" in reasons[0]


def test_recording_streams_ask_once_when_no_server_listens(no_server: Path) -> None:
    with pytest.raises(Unavailable) as caught:
        sound_server_users(frozenset())
    assert unreachable(caught.value)
    assert calls(no_server) == ["-f json list source-outputs"]


def test_a_pactl_failing_for_another_reason_still_gets_the_older_forms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "calls.log"
    (folder / "pactl").write_text(
        f'#!/bin/sh\necho "$*" >> \'{log}\'\necho "No valid command specified." >&2\nexit 1\n',
        encoding="utf-8",
    )
    (folder / "pactl").chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    assert linux.read([]) is None
    assert calls(log) == ["get-default-sink", "info"]
    with pytest.raises(Unavailable) as caught:
        sound_server_users(frozenset())
    assert not unreachable(caught.value)
    assert calls(log)[2:] == ["-f json list source-outputs", "list source-outputs"]
