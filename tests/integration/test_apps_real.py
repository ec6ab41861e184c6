"""The apps checks against a real process table: copies of sleep under known apps' names."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from safe_session.probes.apps import processes
from safe_session.probes.base import ProbeContext
from safe_session.profile import Platform, Profile, ProfileFile
from tests.conftest import venv_bin
from tests.fakeapps import fake_apps
from tests.hostile import FORBIDDEN_IN_TERMINAL
from tests.schema_check import assert_report

CMD = venv_bin("safe-session")
# Escape sequences (colour, OSC 52 clipboard write, C1 CSI), markup and a bidi override, in a name
# a file can have (no slash, no NUL).
HOSTILE_NAME = "[bold red]Evil\x1b[31m\x1b]52;c;cm0gLXJmIC8=\x07\x9b2J\u202egpj.exe"


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CMD, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in report["results"]}


def pids_in(result: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {m["pid"]: m for m in result["details"]["matches"]}


def test_real_processes_are_found_in_their_categories(tmp_path: Path) -> None:
    with fake_apps(tmp_path) as apps:
        anydesk = apps.start("AnyDesk")
        teamviewer = apps.start("TeamViewer")
        obs = apps.start("obs")
        ssr = apps.start("simplescreenrecorder")
        discord = apps.start("Discord")
        out = run_cli("check", "--json", "--no-audio", "--only", "apps")
    report = json.loads(out.stdout)
    assert_report(report)
    results = by_id(report)
    remote = results["apps.remote_access"]
    assert remote["status"] == "warn"
    found = pids_in(remote)
    assert found[anydesk] == {
        "name": "AnyDesk",
        "pid": anydesk,
        "app": "AnyDesk",
        "category": "remote_access",
        "how": "process name",
        "sure": "high",
        "own": True,
        "incoming_connections": 0,
    }
    assert found[teamviewer]["app"] == "TeamViewer"
    assert {anydesk, teamviewer}.isdisjoint(pids_in(results["apps.screen_capture"]))
    capture = pids_in(results["apps.screen_capture"])
    assert results["apps.screen_capture"]["status"] == "warn"
    assert capture[obs]["app"] == "OBS Studio"
    # Linux keeps 15 characters of a name; the full name comes from the executable.
    assert capture[ssr]["app"] == "SimpleScreenRecorder"
    chat = results["apps.notifications"]
    assert pids_in(chat)[discord]["app"] == "Discord"
    dnd = chat["details"]["do_not_disturb"]
    assert dnd in (True, False, None)  # None here: no desktop to ask
    assert chat["status"] == ("pass" if dnd else "warn")
    monitoring = pids_in(results["apps.monitoring"])
    assert monitoring.keys().isdisjoint({anydesk, teamviewer, obs, ssr, discord})
    assert "AnyDesk" in remote["summary"] and remote["advice"]
    assert out.returncode in (1, 3)


def test_hostile_process_name_is_inert_in_plain_and_data_in_json(tmp_path: Path) -> None:
    with fake_apps(tmp_path) as apps:
        pid = apps.start(HOSTILE_NAME, subfolder="TeamViewer")
        plain = run_cli("check", "--plain", "--no-audio", "--only", "apps.remote_access")
        data = json.loads(
            run_cli("check", "--json", "--no-audio", "--only", "apps.remote_access").stdout
        )
    match = pids_in(data["results"][0])[pid]
    assert match["name"] == HOSTILE_NAME  # carried exactly, as data
    assert match["how"] == "install folder TeamViewer" and match["sure"] == "medium"
    for bad in FORBIDDEN_IN_TERMINAL:
        assert bad not in plain.stdout, repr(bad)
    # shown, visibly escaped, markup left as literal text (the report wraps long lines)
    shown = "".join(plain.stdout.split())
    assert "[boldred]Evil\\x1b[31m\\x1b]52;c;cm0gLXJmIC8=\\x07\\x9b2J\\u202egpj.exe" in shown


def test_zombies_and_vanished_processes_do_not_count(tmp_path: Path) -> None:
    with fake_apps(tmp_path) as apps:
        pid = apps.start("AnyDesk")
        os.kill(pid, 9)
        deadline = time.monotonic() + 5
        while psutil.Process(pid).status() != psutil.STATUS_ZOMBIE and time.monotonic() < deadline:
            time.sleep(0.01)
        assert psutil.Process(pid).status() == psutil.STATUS_ZOMBIE  # not reaped yet
        table = processes.take_snapshot()
        assert any(p.pid == pid and p.zombie for p in table.processes)
        found = processes.find_apps(table, processes.catalog_matcher("linux"), "linux")
        assert pid not in {m.pid for m in found}
        apps.procs[-1].wait(5)  # reaped: gone from the table
        found = processes.find_apps(table, processes.catalog_matcher("linux"), "linux")
        assert pid not in {m.pid for m in found}


def test_profile_platform_apps_and_video_calls_are_found_after_the_session(tmp_path: Path) -> None:
    profile = Profile(data=ProfileFile(platform=Platform(apps=["TherapyRoom", "Zoom"])))
    with fake_apps(tmp_path) as apps:
        zoom = apps.start("zoom")
        room = apps.start("TherapyRoom")
        processes._shared = None
        fact = processes.gather(
            ProbeContext(os_name="linux", extra_apps=tuple(profile.data.platform.apps))
        )
    calls = {m.pid: m for m in fact.in_category("video_call")}
    assert calls[zoom].app == "Zoom" and calls[zoom].how == "process name"
    assert calls[room].app == "TherapyRoom"
    assert calls[room].how == "process name, named in your therapist's profile"


def test_after_apps_open_through_the_command(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text('[platform]\nname = "Room"\napps = ["TherapyRoom"]\n')
    with fake_apps(tmp_path / "bin") as apps:
        room = apps.start("TherapyRoom")
        out = run_cli("after", "--json", "--only", "after.apps_open", "--profile", str(profile))
    result = json.loads(out.stdout)["results"][0]
    assert out.returncode == 0
    assert result["status"] == "warn" and room in pids_in(result)
    assert "TherapyRoom is still running" in result["summary"]


LISTENER = textwrap.dedent(
    """
    import ctypes, socket, sys, time
    ctypes.CDLL(None).prctl(15, b"x11vnc", 0, 0, 0)  # PR_SET_NAME: a VNC server's name
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    print(server.getsockname()[1], flush=True)
    conn, _ = server.accept()
    time.sleep(60)
    """
)


def test_remote_access_with_an_incoming_connection_fails() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", LISTENER],
        stdout=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        with socket.create_connection(("127.0.0.1", port)):
            time.sleep(0.2)
            out = run_cli("check", "--json", "--no-audio", "--only", "apps.remote_access")
        result = json.loads(out.stdout)["results"][0]
    finally:
        proc.kill()
        proc.wait(5)
    assert result["status"] == "fail", result
    match = pids_in(result)[proc.pid]
    assert match["app"] == "VNC server" and match["incoming_connections"] == 1
    assert "connected to this computer" in result["summary"]
    assert out.returncode == 3


def test_one_snapshot_is_shared_by_checks_that_start_together() -> None:
    processes._shared = None
    first = processes.snapshot()
    assert processes.snapshot() is first
    assert processes.snapshot(max_age=0.0) is not first


@pytest.mark.parametrize("attr", ["name", "exe"])
def test_snapshot_matches_psutil(attr: str) -> None:
    table = processes.take_snapshot()
    mine = next(p for p in table.processes if p.pid == os.getpid())
    assert getattr(mine, attr) == getattr(psutil.Process(), attr)()
    assert mine.uid == os.getuid() and table.is_mine(mine) is True
