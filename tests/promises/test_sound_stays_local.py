"""Nothing leaves this computer, the sound server included: when PulseAudio (or PipeWire's
PulseAudio server) is set up to be reached over the network (`PULSE_SERVER`, `default-server`
in client.conf, a TCP address even on 127.0.0.1), safe-session neither listens, nor plays, nor
asks that server anything. The checks that would say so, plainly, and the system-call trace
shows no Internet socket at all.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import need, venv_bin
from tests.promises.strace_log import read_trace

REFUSED = ("audio.ambient_noise", "audio.speaker_leak", "audio.headphones")
NETWORK_WORDS = "over the network"


def traced_check(
    tmp_path: Path, env: dict[str, str]
) -> tuple[dict[str, dict[str, object]], set[str]]:
    need(shutil.which("strace"), "strace is not installed")
    log = tmp_path / "trace.log"
    out = subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-y",
            "-e",
            "trace=%network,%file",
            "-o",
            str(log),
            venv_bin("safe-session"),
            "check",
            "--json",
            "--listen",
            "1",
            "--acoustic-test",
            "--only",
            "audio,devices",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode in (0, 1, 3), out.stderr
    results = {r["id"]: r for r in json.loads(out.stdout)["results"]}
    trace = read_trace(log)
    assert trace.lines > 0, "strace saw nothing: the trace is not real"
    return results, trace.socket_families | {family for _, family in trace.addressed}


def base_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    runtime = tmp_path / "runtime"
    for folder in (home, runtime):
        folder.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_RUNTIME_DIR": str(runtime),
        "SAFE_SESSION_STATE_DIR": str(tmp_path / "state"),
    }
    for key in ("PULSE_SERVER", "PULSE_CLIENTCONFIG", "PIPEWIRE_REMOTE", "DISPLAY"):
        env.pop(key, None)
    return env


def assert_refused(results: dict[str, dict[str, object]], families: set[str], where: str) -> None:
    assert families <= {"AF_UNIX"}, f"an Internet socket was made: {families}"
    for check in REFUSED:
        result = results[check]
        assert result["status"] in ("unknown", "skipped"), result
        summary = str(result["summary"])
        assert NETWORK_WORDS in summary and where in summary, summary
    devices = results["devices.mic_camera_in_use"]
    assert devices["status"] != "pass", devices
    assert NETWORK_WORDS in str(devices["summary"]), devices


@pytest.mark.parametrize("address", ["tcp:127.0.0.1:4713", "localhost", "unix:/nowhere tcp6:[::1]"])
def test_a_network_sound_server_in_the_environment_is_never_used(
    tmp_path: Path, address: str
) -> None:
    env = {**base_env(tmp_path), "PULSE_SERVER": address}
    results, families = traced_check(tmp_path, env)
    assert_refused(results, families, "PULSE_SERVER")


def test_a_network_sound_server_in_client_conf_is_never_used(tmp_path: Path) -> None:
    env = base_env(tmp_path)
    conf = Path(env["XDG_CONFIG_HOME"]) / "pulse" / "client.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text("; the person's own setting\ndefault-server = tcp:127.0.0.1:4713\n")
    results, families = traced_check(tmp_path, env)
    assert_refused(results, families, "client.conf")


def test_a_listening_network_sound_server_is_not_asked_either(tmp_path: Path) -> None:
    """A real PulseAudio server that listens on 127.0.0.1: even one that would answer is not
    connected to."""
    need(shutil.which("pulseaudio"), "PulseAudio is not installed")
    import socket

    with socket.socket() as probe:  # a free port on the loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    runtime = tmp_path / "server-runtime"
    runtime.mkdir()
    server = subprocess.Popen(
        [
            "pulseaudio",
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--use-pid-file=no",
            f"--load=module-native-protocol-tcp listen=127.0.0.1 port={port} auth-anonymous=1",
            "--load=module-null-sink sink_name=room",
        ],
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime), "HOME": str(runtime)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        address = f"tcp:127.0.0.1:{port}"
        ready = subprocess.run(
            [
                "sh",
                "-c",
                f"for i in $(seq 100); do pactl -s {address} info && exit 0; sleep 0.1; done; exit 1",
            ],
            capture_output=True,
            timeout=30,
        )
        need(ready.returncode == 0, "the TCP PulseAudio server did not start")
        env = {**base_env(tmp_path), "PULSE_SERVER": address}
        results, families = traced_check(tmp_path, env)
    finally:
        server.terminate()
        server.wait(10)
    assert_refused(results, families, "PULSE_SERVER")
