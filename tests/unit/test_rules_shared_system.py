"""The judgement of system.remote_login, system.power and system.pending_restart, and the
system's own microphone listeners in devices.mic_camera_in_use."""

from __future__ import annotations

import pytest

from safe_session.model import OSName, Status
from safe_session.probes.devices.model import DevicesFact, DeviceUser
from safe_session.probes.system.facts import (
    PowerFact,
    RemoteLoginFact,
    RemoteService,
    RestartFact,
    RestartReason,
)
from safe_session.rules import devices, system
from safe_session.rules.base import Params


def params(os_name: OSName = "linux", **values: object) -> Params:
    return Params(values, Status.WARN, os_name)


def svc(
    name: str, kind: str, on: bool | None, listening: bool | None, connected: bool | None
) -> RemoteService:
    return RemoteService(name, kind, on, listening, connected)  # type: ignore[arg-type]


def test_someone_connected_is_a_problem() -> None:
    fact = RemoteLoginFact((svc("Screen Sharing", "desktop", True, True, True),))
    out = system.remote_login(fact, params("macos"))
    assert out.status is Status.FAIL and out.situation == "connected"
    assert out.details["services"][0]["connected"] is True


@pytest.mark.parametrize(
    ("os_name", "service", "status"),
    [
        ("linux", svc("Remote desktop (RDP)", "desktop", True, None, False), Status.WARN),
        ("linux", svc("Screen sharing (VNC)", "desktop", None, True, False), Status.WARN),
        ("linux", svc("SSH server", "ssh", None, True, False), Status.PASS),
        ("linux", svc("SSH server", "ssh", None, True, True), Status.FAIL),
        ("macos", svc("Remote Login (SSH)", "ssh", True, True, False), Status.WARN),
        ("windows", svc("Remote Desktop", "desktop", True, True, False), Status.WARN),
        ("windows", svc("Remote Desktop", "desktop", False, False, False), Status.PASS),
        ("windows", svc("Remote Desktop", "desktop", True, None, False), Status.WARN),
        # Windows Home: the setting says allowed, but there is no host to listen
        ("windows", svc("Remote Desktop", "desktop", True, False, False), Status.PASS),
    ],
)
def test_what_counts_on_each_system(
    os_name: OSName, service: RemoteService, status: Status
) -> None:
    assert system.remote_login(RemoteLoginFact((service,)), params(os_name)).status is status


def test_remote_access_that_could_not_be_seen_never_passes() -> None:
    fact = RemoteLoginFact(
        (svc("Remote Desktop", "desktop", None, None, None),), ("the open ports (denied)",)
    )
    out = system.remote_login(fact, params("windows"))
    assert out.status is Status.UNKNOWN and "open ports" in out.summary


@pytest.mark.parametrize(
    ("fact", "status", "words"),
    [
        (PowerFact(False), Status.PASS, "No battery"),
        (PowerFact(True, 12.0, True), Status.PASS, "Plugged in (battery at 12%)"),
        (PowerFact(True, 22.4, False), Status.WARN, "On battery at 22% and not charging"),
        (PowerFact(True, 22.4, None), Status.WARN, "may not be charging"),
        (PowerFact(True, 30.0, False), Status.PASS, "enough for a session"),
        (PowerFact(True, None, False), Status.UNKNOWN, "level could not be read"),
    ],
)
def test_power(fact: PowerFact, status: Status, words: str) -> None:
    out = system.power(fact, params(low_percent=30))
    assert out.status is status and words in out.summary
    assert set(out.details) >= {"percent", "plugged"}


def test_pending_restart() -> None:
    strong = RestartReason("Windows Update waits for a restart", True, "WU")
    weak = RestartReason("a program asked Windows to replace some of its files", False, "SM")
    out = system.pending_restart(RestartFact((strong, weak), ("WU", "SM")), params("windows"))
    assert out.status is Status.WARN and "Windows Update waits" in out.summary
    assert out.details["reasons"] == [strong.text, weak.text]
    calm = system.pending_restart(RestartFact((weak,), ("WU", "SM")), params("windows"))
    assert calm.status is Status.PASS and "does not restart" in calm.summary
    assert system.pending_restart(RestartFact((), ()), params()).status is Status.UNKNOWN


def test_hey_siri_is_not_another_app_on_a_mac() -> None:
    siri = DeviceUser(101, "corespeechd", "microphone", "microphone", "sound server")
    zoom = DeviceUser(202, "zoom.us", "microphone", "microphone", "sound server")
    lookalike = DeviceUser(303, "corespeechd ", "microphone", "microphone", "sound server")
    out = devices.mic_camera_in_use(DevicesFact((siri,), ("x",)), params("macos"))
    assert out.status is Status.PASS and "Siri" in out.summary
    assert (
        out.details["users"] == [] and out.details["system_listeners"][0]["name"] == "corespeechd"
    )
    out = devices.mic_camera_in_use(DevicesFact((siri, zoom, lookalike), ("x",)), params("macos"))
    assert out.status is Status.WARN and "zoom.us" in out.summary
    assert [u["name"] for u in out.details["users"]] == ["zoom.us", "corespeechd "]
    # only on the system it belongs to
    out = devices.mic_camera_in_use(DevicesFact((siri,), ("x",)), params("linux"))
    assert out.status is Status.WARN
