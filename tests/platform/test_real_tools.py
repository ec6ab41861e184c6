"""The probes against the real system tools of whatever system runs the suite.

Here that is Linux; the portable workflow runs the same file on macOS and Windows runners, where
`system_profiler`, `networksetup`, `netsh` and PowerShell are real. A runner has no Wi-Fi and
often no sound device, so what is asserted is what must hold anywhere: every probe answers with
a fact or a plain reason, never a crash, and every parser reads the real output without raising.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys

import pytest

from safe_session.data import load_catalog
from safe_session.platforms import current_os
from safe_session.probes import audio, wifi
from safe_session.probes.base import ProbeContext, Unavailable

WIFI_STATES = {"connected", "disconnected", "unknown"}
SECURITY = {
    "open",
    "owe",
    "wep",
    "wpa-personal",
    "wpa2-personal",
    "wpa3-personal",
    "wpa-enterprise",
    "wpa2-enterprise",
    "wpa3-enterprise",
    "unknown",
}
KINDS = {"headphones", "headset", "speakers", "hdmi", "unknown"}


def probes_without_sound() -> list[str]:
    """Every probe of the catalog that neither listens nor plays (those need a person there)."""
    here = current_os()
    names = {
        c.probe
        for c in load_catalog().checks
        if c.kind == "auto" and c.probe and not c.audio and here in c.platforms
    }
    return sorted(n for n in names if n)


@pytest.mark.parametrize("name", probes_without_sound())
def test_every_probe_answers_with_a_fact_or_a_reason(name: str) -> None:
    gather = importlib.import_module(f"safe_session.probes.{name}").gather
    try:
        fact = gather(ProbeContext(listen_seconds=0.5))
    except Unavailable as exc:
        assert exc.reason.strip(), name
        return
    assert fact is not None


def tool_output(argv: list[str]) -> str | None:
    if shutil.which(argv[0]) is None:
        return None
    out = subprocess.run(
        argv, capture_output=True, timeout=60, stdin=subprocess.DEVNULL, check=False
    )
    return (out.stdout or out.stderr).decode("utf-8", "replace")


def check_wifi(tool: str, text: str | None) -> None:
    if text is None:
        return
    reading = wifi.parse_output(tool, text)
    assert reading.state in WIFI_STATES and reading.security in SECURITY
    if reading.state == "unknown" or reading.security == "unknown":
        assert reading.reason


def check_audio(tool: str, text: str | None) -> None:
    if text is None:
        return
    for device in audio.parse_output(tool, text):
        assert device.kind in KINDS and device.name is not None


@pytest.mark.skipif(sys.platform != "darwin", reason="macOS tools")
def test_macos_tools_read_without_raising() -> None:
    check_wifi("system_profiler", tool_output(["system_profiler", "SPAirPortDataType"]))
    check_wifi("networksetup", tool_output(["networksetup", "-getairportnetwork", "en0"]))
    check_audio(
        "system_profiler-json", tool_output(["system_profiler", "-json", "SPAudioDataType"])
    )
    check_audio("system_profiler", tool_output(["system_profiler", "SPAudioDataType"]))


@pytest.mark.skipif(not sys.platform.startswith("win"), reason="Windows tools")
def test_windows_tools_read_without_raising() -> None:
    check_wifi("netsh", tool_output(["netsh", "wlan", "show", "interfaces"]))
    ps = ["powershell", "-NoProfile", "-NonInteractive", "-Command"]
    check_audio(
        "get-pnpdevice",
        tool_output([*ps, "Get-PnpDevice -Class AudioEndpoint | Format-Table -AutoSize"]),
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux tools")
def test_linux_tools_read_without_raising() -> None:
    check_wifi(
        "nmcli", tool_output(["nmcli", "-t", "-f", "IN-USE,SSID,SECURITY", "dev", "wifi", "list"])
    )
    check_wifi("iw", tool_output(["iw", "dev"]))
    check_audio("pactl", tool_output(["pactl", "list", "sinks"]))
    check_audio("pactl-json", tool_output(["pactl", "-f", "json", "list", "sinks"]))


@pytest.mark.parametrize("family", ["wifi", "audio"])
def test_this_systems_tool_table_runs_and_reads(family: str) -> None:
    """Every command in this system's table, as the probe would run it, read by its parser."""
    table = importlib.import_module(f"safe_session.probes.{family}.{current_os()}").TOOLS
    check = check_wifi if family == "wifi" else check_audio
    for tool, spec in table.items():
        if spec.argv[0] == "powershell" and "Get-AudioDevice" in spec.argv[-1]:
            continue  # a module people install themselves
        check(tool, tool_output(spec.command(iface="wlan0", device="en0")))


@pytest.mark.skipif(sys.platform.startswith("win"), reason="Windows reads the registry instead")
def test_this_systems_system_tools_run_and_read() -> None:
    """The system family's commands (remote access, restarts), as the probes run them: each
    answers within its time and its parser reads what it printed without raising."""
    table = importlib.import_module(f"safe_session.probes.system.{current_os()}").TOOLS
    ran = 0
    for tool, spec in table.items():
        try:
            done = spec.run()
        except Unavailable as exc:
            assert exc.reason.strip(), tool  # missing here (zypper on Debian), or refused
            continue
        ran += 1
        answer = spec.parse(done.stdout + "\n" + done.stderr)
        assert answer is None or isinstance(answer, bool | dict | list), tool
    if sys.platform.startswith("linux") and shutil.which("gsettings"):
        assert ran >= 2
