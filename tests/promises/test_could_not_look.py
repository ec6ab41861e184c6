"""A check that could not look never passes.

Every check that looks in more than one place is run with each place taken away in turn (the
tool missing, hanging, refused, or the place unreadable): the result is then "unknown" (or a
caution) and its summary names what could not be seen, never "pass". The microphone check is
also run for real: a real recorder on a real PulseAudio server, while `pactl` is missing, the
server's address leads nowhere, or the server hangs.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from safe_session.data import load_catalog
from safe_session.engine import Engine
from safe_session.model import Result, Status
from safe_session.probes.base import ProbeContext, Unavailable
from tests.conftest import need, venv_bin
from tests.pulse import MIC, PulseServer, start_pulse

FAILURES = {
    "missing": Unavailable("the tool `pactl` is not installed on this computer", "missing_tool"),
    "hangs": Unavailable("`pactl` did not answer within 3 seconds", "timeout"),
    "refused": Unavailable("not allowed to run `pactl`", "permission"),
    "no answer": Unavailable(
        "`pactl` failed (exit code 1): Connection failure: Connection refused", "tool_failed"
    ),
}


def judge(check_id: str, fact: object, os_name: str = "linux") -> Result:
    """The check's result for `fact`, through the engine and the catalog's rule and params."""
    spec = next(c for c in load_catalog().checks if c.id == check_id)
    assert spec.probe
    engine = Engine(ProbeContext(os_name=os_name), probes={spec.probe: lambda ctx: fact})  # type: ignore[dict-item]
    [result] = engine.run([spec])
    return result


def assert_did_not_pass(result: Result, *words: str) -> None:
    assert result.status in (Status.UNKNOWN, Status.WARN, Status.FAIL), result
    for word in words:
        assert word in result.summary, result.summary
    assert result.details.get("sources_missing"), result.details


# ---------------------------------------------------------------- the microphone and camera


@pytest.mark.parametrize("failure", list(FAILURES))
def test_mic_camera_without_the_sound_servers_streams(
    failure: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from safe_session.probes.devices import linux

    def streams(skip: frozenset[int]) -> list[Any]:
        raise FAILURES[failure]

    monkeypatch.setattr(linux, "sound_server_users", streams)
    monkeypatch.setattr(linux, "server_running", lambda socket_counts=True: True)
    fact = linux.read()
    result = judge("devices.mic_camera_in_use", fact)
    assert_did_not_pass(result, "sound server", FAILURES[failure].reason)


def test_mic_camera_with_no_sound_server_at_all_may_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """No server runs and `pactl` is missing: apps can only open the device files, which were
    all looked at."""
    from safe_session.probes.devices import linux

    def streams(skip: frozenset[int]) -> list[Any]:
        raise FAILURES["missing"]

    monkeypatch.setattr(linux, "sound_server_users", streams)
    monkeypatch.setattr(linux, "server_running", lambda socket_counts=True: False)
    monkeypatch.setattr(linux, "open_device_users", lambda root, skip: ([], [], 0))
    result = judge("devices.mic_camera_in_use", linux.read())
    assert result.status is Status.PASS, result


def test_mic_camera_with_jack_holding_the_microphone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JACK's own clients are not listed by PulseAudio's tools: they cannot be seen."""
    from safe_session.probes.devices import linux

    fd = tmp_path / "700" / "fd"
    fd.mkdir(parents=True)
    (tmp_path / "700" / "comm").write_text("jackd\n")
    os.symlink("/dev/snd/pcmC0D0c", fd / "3")
    monkeypatch.setattr(linux, "sound_server_users", lambda skip: [])
    result = judge("devices.mic_camera_in_use", linux.read(str(tmp_path)))
    assert_did_not_pass(result, "JACK")


def test_mic_camera_on_windows_with_one_device_unreadable() -> None:
    from safe_session.probes.devices import windows

    class Registry:
        def subkeys(self, path: str) -> list[str]:
            if path.endswith("webcam"):
                raise PermissionError(5, "Access is denied")
            return []

        def values(self, path: str) -> dict[str, object]:
            return {}

    fact = windows.read(Registry())  # type: ignore[arg-type]
    result = judge("devices.mic_camera_in_use", fact, "windows")
    assert_did_not_pass(result, "camera")


def _recorder(pulse: PulseServer) -> subprocess.Popen[bytes]:
    parec = subprocess.Popen(
        ["parec", f"--device={MIC}", "--format=s16le", "--rate=48000", "--channels=1"],
        env=pulse.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while f'application.process.id = "{parec.pid}"' not in pulse.pactl("list", "source-outputs"):
        assert time.monotonic() < deadline, "parec did not start recording"
        time.sleep(0.05)
    return parec


def _devices_check(env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run(
        [venv_bin("safe-session"), "check", "--json", "--no-audio", "--only", "devices"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    result: dict[str, Any] = json.loads(out.stdout)["results"][0]
    assert result["id"] == "devices.mic_camera_in_use"
    return result


@pytest.mark.parametrize("how", ["pactl missing", "server address leads nowhere"])
def test_a_real_recorder_is_never_a_pass(pulse: PulseServer, tmp_path: Path, how: str) -> None:
    env = {**os.environ, **pulse.env}
    if how == "pactl missing":
        empty = tmp_path / "no-tools"
        empty.mkdir()
        env["PATH"] = str(empty)
    else:
        env["PULSE_SERVER"] = f"unix:{tmp_path}/nowhere/native"
    parec = _recorder(pulse)
    try:
        result = _devices_check(env)
    finally:
        parec.kill()
        parec.wait(5)
    assert result["status"] == "unknown", result
    assert "sound server" in result["summary"]
    assert result["details"]["sources_missing"]


def test_a_real_recorder_on_a_hung_server_is_never_a_pass(tmp_path: Path) -> None:
    need(shutil.which("pulseaudio") and shutil.which("parec"), "PulseAudio is not installed")
    server = start_pulse()
    parec = _recorder(server)
    try:
        server.proc.send_signal(signal.SIGSTOP)
        result = _devices_check({**os.environ, **server.env})
    finally:
        server.proc.send_signal(signal.SIGCONT)
        parec.kill()
        parec.wait(5)
        server.stop()
    assert result["status"] == "unknown", result
    assert "did not answer" in result["summary"]


# ---------------------------------------------------------------- browsers and their tabs


def test_browsers_whose_tabs_could_not_be_counted() -> None:
    from safe_session.probes.browsers.tabs import BrowsersFact, BrowserUse
    from safe_session.probes.sources import Missing

    reason = "the browser keeps its session file locked while it runs"
    fact = BrowsersFact(
        (BrowserUse("Google Chrome", 4, None, reason),),
        (Missing("Google Chrome's open tabs", reason),),
    )
    assert_did_not_pass(judge("apps.browsers", fact), "Google Chrome", reason)


def test_browsers_gather_names_what_it_could_not_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from safe_session.probes.apps.processes import AppMatch, RunningApps
    from safe_session.probes.browsers import tabs

    firefox = AppMatch(4242, "firefox", "Firefox", "browser", "process name", "high", mine=True)
    monkeypatch.setattr(tabs, "running_apps", lambda ctx: RunningApps((firefox,), 1))
    monkeypatch.setattr(tabs, "_firefox", lambda ctx, pids: (None, "no session file yet"))
    fact = tabs.gather(ProbeContext(os_name="linux"))
    assert_did_not_pass(judge("apps.browsers", fact), "Firefox", "no session file yet")


# ---------------------------------------------------------------- who is logged in


def test_sessions_without_login_records(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No utmp (a system that keeps none, or a container) and no logind: an empty list means
    nothing, not "no one else"."""
    import psutil

    from safe_session.probes.system import sessions

    monkeypatch.setattr(psutil, "users", lambda: [])
    monkeypatch.setattr(sessions, "UTMP_FILES", (tmp_path / "utmp",))
    monkeypatch.setenv("PATH", str(tmp_path))  # no loginctl
    fact = sessions.gather(ProbeContext(os_name="linux"))
    assert_did_not_pass(judge("system.other_sessions", fact), "login")


# ---------------------------------------------------------------- Wi-Fi


def test_wifi_when_the_wifi_cards_cannot_be_listed(tmp_path: Path) -> None:
    """An interface not named wl*: without the kernel's list of Wi-Fi cards, it is not taken for
    a cable."""
    from safe_session.probes import wifi
    from safe_session.probes.wifi import linux
    from safe_session.probes.wifi.reading import unknown
    from safe_session.probes.wifi.route import RouteFact

    route = RouteFact("ath0", "192.0.2.1", None, (), {})
    wireless = linux.wireless_interfaces(tmp_path / "no-sys", tmp_path / "no-proc")
    assert wireless is None
    fact = wifi.assemble_linux(
        route, wireless, lambda iface: (unknown("nmcli is not installed", "nmcli"), None)
    )
    result = judge("network.wifi", fact)
    assert result.status is Status.UNKNOWN, result
    assert "Wi-Fi cards" in result.summary


# ---------------------------------------------------------------- where sound goes


def test_headphones_named_by_a_fallback_while_the_systems_own_tool_hung(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from safe_session.probes.audio import output, portaudio
    from safe_session.probes.audio.model import OutputDevice, fact_from

    def hung(os_name: str, reasons: list[str]) -> None:
        raise Unavailable("`pactl` did not answer within 3 seconds", "timeout")

    phones = OutputDevice("Headphones", True, True, "headphones", "unknown", judged_by="name")
    monkeypatch.setattr(output, "_ask_system", hung)
    monkeypatch.setattr(output, "server_running", lambda: True)
    monkeypatch.setattr(output, "no_sound_cards", lambda: False)
    monkeypatch.setattr(portaudio, "read", lambda: fact_from([phones], "sounddevice"))
    fact = output.gather(ProbeContext(os_name="linux"))
    assert_did_not_pass(judge("audio.headphones", fact), "did not answer")


# ---------------------------------------------------------------- after the session


def test_downloads_with_a_folder_that_could_not_be_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safe_session.probes.files import downloads

    folder = tmp_path / "Downloads"
    (folder / "private").mkdir(parents=True)
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "private":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(downloads, "downloads_folder", lambda: folder)
    monkeypatch.setattr(downloads.os, "scandir", scandir)
    since = datetime.now(UTC) - timedelta(hours=1)
    fact = downloads.gather(ProbeContext(os_name="linux", since=since))
    assert_did_not_pass(judge("after.downloads", fact), "private")


def test_downloads_too_many_to_look_at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from safe_session.probes.files import downloads

    folder = tmp_path / "Downloads"
    folder.mkdir()
    for i in range(5):
        (folder / f"old{i}.txt").write_text("x")
    monkeypatch.setattr(downloads, "downloads_folder", lambda: folder)
    monkeypatch.setattr(downloads, "MAX_SCANNED", 3)
    since = datetime.now(UTC) + timedelta(hours=1)  # every file is older than the session
    fact = downloads.gather(ProbeContext(os_name="linux", since=since))
    assert_did_not_pass(judge("after.downloads", fact), "3")


@pytest.mark.parametrize("check_id", ["after.browser_history", "after.portal_tabs"])
def test_after_browsers_with_a_browser_folder_that_cannot_be_listed(
    check_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safe_session.probes.browsers import history, portal_tabs, profiles

    home = tmp_path / "home"
    root = home / ".config" / "chromium"
    root.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    real_iterdir = Path.iterdir

    def iterdir(self: Path) -> Any:
        if self == root:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    monkeypatch.setattr(profiles.Path, "home", lambda: home)
    ctx = ProbeContext(os_name="linux", domains=("clientsecure.me",))
    probe = history if check_id == "after.browser_history" else portal_tabs
    fact = probe.gather(ctx)
    assert_did_not_pass(judge(check_id, fact), "Chromium")


def test_mic_camera_with_a_socket_left_behind_by_a_stopped_server(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A real socket file that nothing listens on (the server stopped): connections are refused,
    no process of a sound server runs, so apps can only open the device files."""
    import socket as sockets

    from safe_session.probes.devices import linux

    runtime = tmp_path / "run"
    (runtime / "pulse").mkdir(parents=True)
    left = sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM)
    left.bind(str(runtime / "pulse" / "native"))
    left.close()  # bound, never listening: a connection is refused
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    monkeypatch.setattr(linux, "open_device_users", lambda root, skip: ([], [], 0))
    from safe_session.probes.audio import sound_server

    monkeypatch.setattr(sound_server, "SERVER_PROCESSES", frozenset({"no-such-sound-server"}))
    need(shutil.which("pactl"), "pactl (pulseaudio-utils) is not installed")
    result = judge("devices.mic_camera_in_use", linux.read())
    assert result.status is Status.PASS, result
