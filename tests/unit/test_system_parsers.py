"""The system family's readers for remote access, power and waiting restarts, over outputs and
files of the real tools and systems (tests/fixtures/system, sources in SOURCES.md)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_session.probes.base import ProbeContext
from safe_session.probes.system import linux, macos, power, windows
from safe_session.probes.system.sockets import Socket, port_state
from tests.registry_image import RegistryImage

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "system"
LINUX, MACOS, WINDOWS = FIXTURES / "linux", FIXTURES / "macos", FIXTURES / "windows"


def test_gsettings_without_gnome_remote_desktop_means_off() -> None:
    assert (
        linux.parse_gsettings_bool((LINUX / "gsettings_rdp_no_schema_debian12.txt").read_text())
        is False
    )
    assert linux.parse_gsettings_bool("true\n") is True
    assert linux.parse_gsettings_bool("false\n") is False
    assert linux.parse_gsettings_bool("(process:1): GLib-WARNING **: oops\n") is None


@pytest.mark.parametrize(
    ("parser", "file", "needed"),
    [
        (linux.parse_needs_restarting, "needs_restarting_r_required.txt", True),
        (linux.parse_needs_restarting, "needs_restarting_r_not_required.txt", False),
        (linux.parse_zypper_needs_rebooting, "zypper_needs_rebooting_required.txt", True),
        (linux.parse_zypper_needs_rebooting, "zypper_needs_rebooting_not_required.txt", False),
    ],
)
def test_restart_tools(parser: object, file: str, needed: bool) -> None:
    assert parser((LINUX / file).read_text()) is needed  # type: ignore[operator]
    assert parser("") is None  # type: ignore[operator]


def test_linux_restart_markers(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "run").mkdir(parents=True)
    fact = linux.restart_reasons(root, "6.1.0-13-amd64", ask_tools=False)
    assert fact.reasons == () and "/run/reboot-required" in fact.looked_at
    for name in ("reboot-required", "reboot-required.pkgs"):
        (root / "run" / name).write_bytes((LINUX / name).read_bytes())
    fact = linux.restart_reasons(root, "6.1.0-13-amd64", ask_tools=False)
    assert [r.text for r in fact.reasons] == [
        "updates were installed that need a restart (2 packages)"
    ]
    os.symlink("/var/cache/PackageKit/prepared-update", root / "system-update")  # dangling: counts
    assert len(linux.restart_reasons(root, "x", ask_tools=False).reasons) == 2


def test_a_removed_running_kernel(tmp_path: Path) -> None:
    modules = tmp_path / "usr" / "lib" / "modules"
    (modules / "6.9.8-arch1-1").mkdir(parents=True)
    fact = linux.restart_reasons(tmp_path, "6.9.7-arch1-1", ask_tools=False)
    assert ["kernel was updated" in r.text for r in fact.reasons] == [True]
    (modules / "6.9.7-arch1-1").mkdir()
    assert linux.restart_reasons(tmp_path, "6.9.7-arch1-1", ask_tools=False).reasons == ()
    # a container or virtual machine without any modules folder: nothing to conclude
    assert linux.kernel_replaced("6.18.44-fc-v1300", []) is None


@pytest.mark.parametrize(
    ("file", "has_battery", "percent", "plugged"),
    [
        ("power_supply_laptop_on_battery.json", True, 22.0, False),
        ("power_supply_desktop_wireless_mouse.json", False, None, None),
        ("power_supply_thinkpad_two_batteries_charging.json", True, 60.0, True),
        ("power_supply_usb_c_not_charging.json", True, 18.0, True),
    ],
)
def test_power_supplies(
    file: str, has_battery: bool, percent: float | None, plugged: bool | None
) -> None:
    fact = linux.parse_power_supplies(json.loads((LINUX / file).read_text()))
    assert (fact.has_battery, fact.percent, fact.plugged) == (has_battery, percent, plugged)


def test_power_read_from_a_sysfs_tree(tmp_path: Path) -> None:
    supplies = json.loads((LINUX / "power_supply_laptop_on_battery.json").read_text())
    for name, files in supplies.items():
        folder = tmp_path / "sys" / "class" / "power_supply" / name
        folder.mkdir(parents=True)
        for file, text in files.items():
            (folder / file).write_text(text)
    fact = linux.read_power(tmp_path)
    assert (fact.has_battery, fact.percent, fact.plugged) == (True, 22.0, False)
    assert linux.read_power(tmp_path / "nothing").has_battery is False  # no power_supply folder


def test_psutil_battery_readings() -> None:
    class Battery:
        percent, secsleft, power_plugged = 47.5, 3600, False

    assert power.from_psutil(None).has_battery is False
    fact = power.from_psutil(Battery())
    assert (fact.percent, fact.plugged) == (47.5, False)
    fact = power.gather(ProbeContext(os_name="linux"))  # this machine: a real answer
    assert fact.has_battery in (True, False)


def test_print_disabled_both_spellings_and_only_its_block() -> None:
    new = macos.parse_print_disabled(
        (MACOS / "launchctl_print_disabled_screensharing_on_macos14.txt").read_text()
    )
    assert new["com.apple.screensharing"] is False and new["com.openssh.sshd"] is True
    assert "com.example.helper" not in new
    old = macos.parse_print_disabled(
        (MACOS / "launchctl_print_disabled_remote_login_on_macos12.txt").read_text()
    )
    assert old["com.openssh.sshd"] is False and old["com.apple.screensharing"] is True
    assert (
        macos.parse_print_disabled((MACOS / "launchctl_print_disabled_empty.txt").read_text()) == {}
    )


def test_netstat_ports_and_states() -> None:
    sockets = macos.parse_netstat(
        (MACOS / "netstat_an_p_tcp_screensharing_connected.txt").read_text()
    )
    assert port_state(sockets, (5900,)) == port_state(
        [Socket(5900, "LISTEN"), Socket(5900, "ESTABLISHED")], (5900,)
    )
    assert port_state(sockets, (5900,)).connected and not port_state(sockets, (22,)).listening
    # a virtual machine's screen on 127.0.0.1:5900, and a viewer on this computer showing it
    quiet = macos.parse_netstat((MACOS / "netstat_an_p_tcp_nothing_shared.txt").read_text())
    assert [s.port for s in quiet if s.loopback] == [631, 5900, 5900]
    assert not port_state(quiet, (5900, 22)).listening and not port_state(quiet, (5900,)).connected


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS lists sockets to root only")
def test_this_computers_own_ports() -> None:
    """psutil's view, here: a listener on the loopback address is left out, one on every
    address counts."""
    import socket

    from safe_session.probes.system.sockets import local_tcp_sockets

    with socket.socket() as inside, socket.socket() as everywhere:
        inside.bind(("127.0.0.1", 0))
        inside.listen()
        everywhere.bind(("0.0.0.0", 0))
        everywhere.listen()
        sockets = local_tcp_sockets()
        inside_port, everywhere_port = inside.getsockname()[1], everywhere.getsockname()[1]
        assert not port_state(sockets, (inside_port,)).listening
        assert port_state(sockets, (everywhere_port,)).listening


PROC_NET_TCP = """\
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:A181 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1115764 1 0000000071f80a5c 100 0 0 10 0
   2: 00000000:0D3D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1085 1 00000000fb12e57a 100 0 0 10 0
   3: 0F02000A:0D3D 6401A8C0:D6D8 01 00000000:00000000 03:00000B32 00000000     0        0 0 3 000000007ff6f297
   4: garbage
"""
PROC_NET_TCP6 = """\
  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0
   2: 00000000000000000000000000000000:170C 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4 1 0 100 0 0 10 0
"""


def test_linux_tcp_lists_ports_states_and_loopback() -> None:
    from safe_session.probes.system.sockets import Socket, parse_proc_net_tcp

    assert parse_proc_net_tcp(PROC_NET_TCP, "little") == [
        Socket(41345, "LISTEN", True),  # 127.0.0.1
        Socket(3389, "LISTEN", False),  # every address: remote desktop reachable
        Socket(3389, "ESTABLISHED", False),  # 10.0.2.15, someone connected from 192.168.1.100
    ]
    assert parse_proc_net_tcp(PROC_NET_TCP6, "little") == [
        Socket(22, "LISTEN", True),  # ::1
        Socket(8080, "LISTEN", True),  # ::ffff:127.0.0.1
        Socket(5900, "LISTEN", False),  # :: (every address)
    ]
    assert parse_proc_net_tcp("") == [] and parse_proc_net_tcp("header\n1: zz:zz 0A") == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's own lists")
def test_linux_tcp_lists_agree_with_psutil_here() -> None:
    """The kernel's lists read directly give what psutil gives (which also walks every
    process's files, for the process names the check never asks for)."""
    import socket

    from safe_session.probes.system.sockets import local_tcp_sockets, proc_tcp_sockets

    with socket.socket() as inside, socket.socket() as everywhere:
        inside.bind(("127.0.0.1", 0))
        inside.listen()
        everywhere.bind(("0.0.0.0", 0))
        everywhere.listen()
        ours = proc_tcp_sockets()
        theirs = local_tcp_sockets()
        for port, loopback in (
            (inside.getsockname()[1], True),
            (everywhere.getsockname()[1], False),
        ):
            assert (port, "LISTEN", loopback) in {(s.port, s.state, s.loopback) for s in ours}
        listening = {(s.port, s.loopback) for s in ours if s.state == "LISTEN"}
        assert listening == {(s.port, s.loopback) for s in theirs if s.state == "LISTEN"}


def test_mac_sharing_services() -> None:
    disabled = macos.parse_print_disabled(
        (MACOS / "launchctl_print_disabled_screensharing_on_macos14.txt").read_text()
    )
    sockets = macos.parse_netstat(
        (MACOS / "netstat_an_p_tcp_screensharing_connected.txt").read_text()
    )
    fact = macos.remote_from(disabled, sockets, False)
    found = {s.name: (s.on, s.listening, s.connected) for s in fact.services}
    assert found == {
        "Screen Sharing": (True, True, True),
        "Remote Management": (False, True, True),
        "Remote Login (SSH)": (False, False, False),
    }
    unknown = macos.remote_from(None, None, None, ("the Sharing settings",))
    assert all(s.on is None and s.listening is None for s in unknown.services)


def test_mac_software_update_records(tmp_path: Path) -> None:
    fact = macos.restart_reasons(
        MACOS / "com.apple.SoftwareUpdate_macos_update_waiting.plist",
        MACOS / "Updates_index_one_downloaded.plist",
    )
    strong = [r.text for r in fact.reasons if r.strong]
    assert strong == [
        "macOS Sonoma 14.7 is ready to install, and installing it restarts the Mac "
        "(macOS updates are set to install by themselves)"
    ]
    assert [r.strong for r in fact.reasons] == [True, False]
    quiet = macos.restart_reasons(
        MACOS / "com.apple.SoftwareUpdate_safari_only.plist", tmp_path / "x"
    )
    assert quiet.reasons == ()
    with pytest.raises(Exception, match="Apple's servers"):
        macos.restart_reasons(tmp_path / "x", tmp_path / "y")
    assert macos.parse_software_update_prefs(b"garbage") is None


def test_windows_remote_desktop_allowed_and_listening() -> None:
    image = RegistryImage(WINDOWS / "rdp_allowed_someone_can_connect.reg")
    sockets = [Socket(3389, "LISTEN"), Socket(3389, "ESTABLISHED"), Socket(51000, "ESTABLISHED")]
    fact = windows.remote_from_registry(image, sockets)
    found = {s.name: (s.on, s.listening, s.connected) for s in fact.services}
    assert found == {"Remote Desktop": (True, True, True), "OpenSSH server": (False, False, False)}
    home = windows.remote_from_registry(image, [])  # Windows Home: allowed, nothing listens
    assert home.services[0].on is True and home.services[0].listening is False


def test_windows_group_policy_wins() -> None:
    image = RegistryImage(WINDOWS / "rdp_denied_by_policy_update_waiting.reg")
    fact = windows.remote_from_registry(image, None, ("the open ports (denied)",))
    assert fact.services[0].on is False and "Group Policy" in fact.services[0].how
    assert fact.services[1].on is False  # sshd set to start by hand


def test_windows_restart_markers() -> None:
    waiting = windows.restart_from_registry(
        RegistryImage(WINDOWS / "rdp_denied_by_policy_update_waiting.reg")
    )
    assert [(r.text, r.strong) for r in waiting.reasons] == [
        ("Windows finished installing updates and waits for a restart", True),
        ("Windows Update waits for a restart", True),
        ("the computer's new name takes effect at the next restart", True),
    ]
    renames = windows.restart_from_registry(
        RegistryImage(WINDOWS / "rdp_allowed_someone_can_connect.reg")
    )
    assert [(r.strong, r.source) for r in renames.reasons] == [(False, windows.SESSION_MANAGER)]


@given(st.text(max_size=400))
def test_tool_parsers_never_raise(text: str) -> None:
    macos.parse_print_disabled(text)
    macos.parse_netstat(text)
    for parser in (linux.parse_gsettings_bool, linux.parse_needs_restarting):
        assert parser(text) in (True, False, None)


@given(st.binary(max_size=400))
def test_plist_parsers_never_raise(data: bytes) -> None:
    macos.parse_software_update_prefs(data)
    macos.parse_updates_index(data)
