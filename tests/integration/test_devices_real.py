"""Who uses the microphone: a real `parec` recording from the real PulseAudio fixture."""

from __future__ import annotations

import json
import os
import subprocess
import time

import pytest

from safe_session.probes import devices
from safe_session.probes.base import ProbeContext
from tests.conftest import venv_bin
from tests.pulse import MIC, MONITOR, PulseServer


def wait_for_stream(pulse: PulseServer, pid: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if f'application.process.id = "{pid}"' in pulse.pactl("list", "source-outputs"):
            return
        time.sleep(0.05)
    raise RuntimeError("parec did not start recording")


@pytest.mark.parametrize(
    ("source", "kind"), [(MIC, "microphone"), (MONITOR, "sound output")], ids=["mic", "monitor"]
)
def test_a_real_recording_shows_with_its_pid(pulse: PulseServer, source: str, kind: str) -> None:
    """Another app recording the microphone, or what the computer plays (a sink's monitor)."""
    parec = subprocess.Popen(
        ["parec", f"--device={source}", "--format=s16le", "--rate=48000", "--channels=1"],
        env=pulse.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_stream(pulse, parec.pid)
        fact = devices.gather(ProbeContext(os_name="linux"))
        out = subprocess.run(
            [venv_bin("safe-session"), "check", "--json", "--no-audio", "--only", "devices"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, **pulse.env},
        )
    finally:
        parec.kill()
        parec.wait(5)
    assert "sound server" in fact.looked_at
    [user] = [u for u in fact.users if u.pid == parec.pid]
    assert (user.name, user.device, user.via) == ("parec", source, "sound server")
    assert user.kind == kind
    result = json.loads(out.stdout)["results"][0]
    assert result["id"] == "devices.mic_camera_in_use" and result["status"] == "warn"
    assert {
        "pid": parec.pid,
        "name": "parec",
        "device": source,
        "kind": kind,
        "via": "sound server",
    } in result["details"]["users"]
    assert f"parec, process {parec.pid}" in result["summary"]
    assert out.returncode == 1


def test_nothing_recording_passes(pulse: PulseServer) -> None:
    fact = devices.gather(ProbeContext(os_name="linux"))
    assert "sound server" in fact.looked_at
    assert [u for u in fact.users if u.via == "sound server"] == []


def test_safe_sessions_own_listening_is_not_another_app(pulse: PulseServer) -> None:
    """The room check's `parec` starts before the other checks and records while they look:
    it is safe-session's own, not another app using the microphone."""
    from safe_session import system_tools

    ours = system_tools.start(
        ["parec", f"--device={MIC}", "--format=s16le", "--rate=48000", "--channels=1"],
        env=pulse.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_stream(pulse, ours.pid)
        fact = devices.gather(ProbeContext(os_name="linux"))
    finally:
        system_tools.end(ours, grace=1.0)
    assert "sound server" in fact.looked_at
    assert [u for u in fact.users if u.pid == ours.pid] == []
