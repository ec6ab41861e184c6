"""The Wi-Fi probe through the real command runner: fake `nmcli`, `wpa_cli`, `iw`, `netsh`,
`system_profiler`... executables on PATH print real outputs, hang, fail or print garbage; and
the real netifaces on this machine (wired, no Wi-Fi) gives a pass or an explained unknown."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from msgspec.structs import replace

from safe_session.data import load_catalog
from safe_session.engine import Engine
from safe_session.model import Status
from safe_session.probes import wifi
from safe_session.probes.base import ProbeContext
from safe_session.probes.tools import Budget, ToolTable
from safe_session.probes.wifi import linux, macos, route, windows
from tests.conftest import FIXTURES, ROOT, need, venv_bin


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH holding only the fake tools a test writes."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    for system in (linux, macos, windows):  # a hanging tool gives up after a second
        quick = ToolTable(*(replace(spec, timeout=1.0) for spec in system.TOOLS.values()))
        monkeypatch.setattr(system, "TOOLS", quick)
    monkeypatch.setattr(linux, "CONNECTIVITY", replace(linux.CONNECTIVITY, timeout=1.0))
    return folder


def fake(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(0o755)


def prints(folder: Path, name: str, fixture: str, code: int = 0) -> None:
    fake(folder, name, f"/bin/cat '{FIXTURES / fixture}'\nexit {code}")


def budget() -> Budget:
    return Budget(8.0)


NMCLI_OPEN = (
    'case "$*" in\n'
    "  *CONNECTIVITY*) echo portal ;;\n"
    "  *IN-USE*) printf ' :Neighbour:WPA2\\n*:Caf\\\\: Libre:\\n' ;;\n"
    "esac"
)


def test_nmcli_open_network_and_captive_portal(bin_dir: Path) -> None:
    fake(bin_dir, "nmcli", NMCLI_OPEN)
    reading, captive = linux.read("wlan0", budget())
    assert (reading.state, reading.ssid, reading.security) == ("connected", "Caf: Libre", "open")
    assert reading.source == "nmcli" and reading.interface == "wlan0"
    assert captive is True


def test_older_nmcli_without_in_use_field(bin_dir: Path) -> None:
    fake(
        bin_dir,
        "nmcli",
        'case "$*" in\n'
        "  *IN-USE*) echo \"Error: invalid field 'IN-USE'.\" >&2; exit 2 ;;\n"
        "  *ACTIVE*) printf 'no:Other:WPA2\\nyes:HomeNet:WPA2\\n' ;;\n"
        "  *) echo full ;;\n"
        "esac",
    )
    reading, captive = linux.read("wlan0", budget())
    assert (reading.ssid, reading.security) == ("HomeNet", "wpa2-personal")
    assert captive is False


def test_hanging_nmcli_falls_back_to_wpa_cli(bin_dir: Path) -> None:
    fake(bin_dir, "nmcli", "exec /bin/sleep 30")
    prints(bin_dir, "wpa_cli", "linux_wifi/wpa_cli_status_wpa2_selected_iface_1.txt")
    reading, captive = linux.read("wlp4s0", budget())
    assert (reading.ssid, reading.security, reading.source) == (
        "wifispot",
        "wpa2-personal",
        "wpa_cli",
    )
    assert captive is None  # only NetworkManager knows about portals here


def test_failing_tools_leave_iw_with_an_honest_unknown(bin_dir: Path) -> None:
    fake(bin_dir, "nmcli", "echo 'Error: NetworkManager is not running.' >&2; exit 8")
    fake(bin_dir, "wpa_cli", "echo 'Failed to connect to non-global ctrl_ifname: wlan0' ; exit 255")
    prints(bin_dir, "iw", "linux_wifi/iw_dev_link_1.txt")
    reading, _ = linux.read("wlp1s0", budget())
    assert (reading.state, reading.ssid, reading.security) == ("connected", "SSID-1", "unknown")
    assert "NetworkManager is not running" in (reading.reason or "")
    assert "iw does not show" in (reading.reason or "")


def test_garbage_everywhere_is_unknown_not_a_guess(bin_dir: Path) -> None:
    for name in ("nmcli", "wpa_cli", "iw", "iwconfig"):
        fake(bin_dir, name, "printf '\\033[2J\\377\\376 garbage :: = \\n*:'")
    reading, _ = linux.read("wlan0", budget())
    assert reading.state in ("unknown", "connected")
    assert reading.security == "unknown" and reading.reason


def test_no_tools_at_all_is_missing_tool(bin_dir: Path) -> None:
    reading, captive = linux.read("wlan0", budget())
    assert (reading.state, reading.situation) == ("unknown", "missing_tool")
    assert "nmcli" in (reading.reason or "") and captive is None


def test_netsh_through_the_runner(bin_dir: Path) -> None:
    prints(bin_dir, "netsh", "netsh/es_wpa2_win11_gathered_1.txt")
    [reading] = windows.read(budget())
    assert (reading.ssid, reading.security, reading.interface_id) == (
        "INFINITUMA99C_2.4",
        "wpa2-personal",
        "41b55e08-9c5a-4cf4-af1c-f156da50c6f9",
    )


def test_netsh_location_refusal_with_exit_code_one(bin_dir: Path) -> None:
    prints(bin_dir, "netsh", "netsh/en_location_denied_win11_1.txt", code=1)
    [reading] = windows.read(budget())
    assert (reading.state, reading.situation) == ("unknown", "permission")


def test_netsh_without_a_wifi_adapter_is_no_wifi(bin_dir: Path) -> None:
    prints(bin_dir, "netsh", "netsh/en_no_wireless_interface_win11_gathered_2.txt")
    with pytest.raises(Exception) as err:
        windows.read(budget())
    assert getattr(err.value, "situation", None) == "no_wifi"


def test_netsh_hanging_is_a_timeout(bin_dir: Path) -> None:
    fake(bin_dir, "netsh", "exec /bin/sleep 30")
    with pytest.raises(Exception) as err:
        windows.read(budget())
    assert getattr(err.value, "situation", None) == "timeout"


def test_macos_sources_through_the_runner(bin_dir: Path) -> None:
    prints(
        bin_dir,
        "system_profiler",
        "macos_wifi/system_profiler_json_macos26_wpa3_redacted_gathered_1.txt",
    )
    fake(bin_dir, "networksetup", "echo 'You are not associated with an AirPort network.'")
    reading = macos.read("en0", budget())
    assert (reading.state, reading.ssid, reading.security, reading.interface) == (
        "connected",
        None,
        "wpa3-personal",
        "en0",
    )
    assert reading.situation == "permission"  # the name stays hidden, and we say why
    fake(bin_dir, "networksetup", "echo 'Current Wi-Fi Network: HomeNet'")
    named = macos.read("en0", budget())
    assert (named.ssid, named.situation) == ("HomeNet", None)


def test_macos_wdutil_when_system_profiler_fails(bin_dir: Path) -> None:
    fake(bin_dir, "system_profiler", "exit 1")
    prints(bin_dir, "wdutil", "macos_wifi/wdutil_macos15_wpa2_redacted_1.txt")
    reading = macos.read("en0", budget())
    assert (reading.source, reading.security) == ("wdutil", "wpa2-personal")


def test_engine_judges_an_open_network_on_the_default_route(
    bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake(bin_dir, "nmcli", NMCLI_OPEN)
    monkeypatch.setattr(
        route, "gather_route", lambda: route.RouteFact("wlan0", "192.0.2.1", None, (), {})
    )
    spec = load_catalog().get("network.wifi")
    assert spec is not None
    [result] = Engine(ProbeContext(os_name="linux")).run([spec])
    assert result.status is Status.FAIL
    assert result.details["ssid"] == "Caf: Libre"
    assert result.details["captive_portal"] is True
    assert result.details["vpn_active"] is False
    assert any("network icon" in step for step in result.advice)


def test_real_machine_gives_a_pass_or_an_explained_unknown() -> None:
    fact = wifi.gather(ProbeContext())
    assert fact.connection in ("wired", "wifi", "none", "unknown")
    spec = load_catalog().get("network.wifi")
    assert spec is not None
    [result] = Engine(ProbeContext()).run([spec])
    assert result.status in (Status.PASS, Status.UNKNOWN, Status.WARN, Status.FAIL)
    if fact.connection == "wired":
        assert result.status is Status.PASS
        assert result.details["connected"] is True and result.details["source"] == "routes"
    if result.status is Status.UNKNOWN:
        assert result.summary and result.advice


def test_cli_reports_network_wifi_on_this_machine() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    exe = venv_bin("safe-session")
    cmd = [exe] if Path(exe).exists() else [sys.executable, "-m", "safe_session"]
    proc = subprocess.run(
        [*cmd, "check", "--json", "--only", "network.wifi"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert proc.returncode in (0, 1, 3), proc.stderr
    [result] = json.loads(proc.stdout)["results"]
    assert result["id"] == "network.wifi"
    assert {
        "connected",
        "interface",
        "ssid",
        "security",
        "public_hint",
        "captive_portal",
        "vpn_active",
        "source",
    } <= set(result["details"])
    assert result["status"] in ("pass", "unknown")


def test_the_probe_opens_no_internet_socket(tmp_path: Path) -> None:
    """Privacy promise: only local (AF_UNIX) sockets. On Linux the routes come from /proc, so
    not even a netlink socket is opened."""
    strace = shutil.which("strace")
    need(strace, "strace is not installed")
    log = tmp_path / "trace"
    code = (
        "from safe_session.probes import wifi\n"
        "from safe_session.probes.base import ProbeContext\n"
        "print(wifi.gather(ProbeContext()).connection)\n"
    )
    proc = subprocess.run(
        [
            str(strace),
            "-f",
            "-e",
            "trace=socket,connect,openat",
            "-o",
            str(log),
            sys.executable,
            "-c",
            code,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = log.read_text().splitlines()
    assert any("/proc/net/route" in ln for ln in lines), (
        "the trace did not see the route table read"
    )
    for line in lines:
        if "socket(" in line or "connect(" in line:
            assert "AF_UNIX" in line, line


def test_netifaces_route_path_agrees_with_proc_on_this_machine(tmp_path: Path) -> None:
    """macOS and Windows take the route from netifaces; here both paths read the real system."""
    via_proc = route.gather_route()
    via_netifaces = route.gather_route(proc_root=tmp_path / "no-proc")
    assert via_netifaces.default_interface == via_proc.default_interface
    assert via_netifaces.gateway == via_proc.gateway
