"""The default route and VPN helpers, and how the Wi-Fi probe decides which link carries the
traffic on each system (pure parts; the tool-running parts are in integration tests)."""

from __future__ import annotations

from pathlib import Path

import netifaces
import pytest

from safe_session.probes import wifi
from safe_session.probes.wifi import route as routes
from safe_session.probes.wifi.reading import WifiReading
from safe_session.probes.wifi.route import RouteFact


def route(
    iface: str | None,
    vpn: str | None = None,
    tunnels: tuple[str, ...] = (),
    friendly: dict[str, str] | None = None,
) -> RouteFact:
    return RouteFact(iface, "192.0.2.1" if iface else None, vpn, tunnels, friendly or {})


@pytest.mark.parametrize(
    "name",
    [
        "tun0",
        "tap1",
        "wg0",
        "utun3",
        "ppp0",
        "ipsec0",
        "tailscale0",
        "nordlynx",
        "NordLynx",
        "OpenVPN Wintun",
        "ProtonVPN TUN",
        "Cisco AnyConnect Secure Mobility",
    ],
)
def test_tunnel_names(name: str) -> None:
    assert routes.is_tunnel_name(name)


@pytest.mark.parametrize("name", ["eth0", "wlan0", "en0", "wlp2s0", "Wi-Fi", "Ethernet", "", None])
def test_not_tunnel_names(name: str | None) -> None:
    assert not routes.is_tunnel_name(name)


def test_default_route_from_netifaces_shapes() -> None:
    both = {
        "default": {
            netifaces.AF_INET: ("192.0.2.1", "wlan0"),
            netifaces.AF_INET6: ("fe80::1", "wlan1"),
        }
    }
    assert routes.default_route(both) == ("wlan0", "192.0.2.1")
    v6 = {"default": {netifaces.AF_INET6: ("fe80::1", "en0")}}
    assert routes.default_route(v6) == ("en0", "fe80::1")
    flagged = {"default": {}, netifaces.AF_INET: [("10.0.0.1", "tun0", True)]}
    assert routes.default_route(flagged) == ("tun0", "10.0.0.1")
    assert routes.default_route({"default": {}}) is None
    assert routes.default_route({}) is None


def test_half_default_routes_mark_a_full_vpn() -> None:
    # Real /proc/net/route layout; OpenVPN's def1 adds 0.0.0.0/1 and 128.0.0.0/1 via tun0.
    text = (
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
        "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
        "tun0\t00000000\t0100080A\t0003\t0\t0\t0\t00000080\t0\t0\t0\n"
        "tun0\t00000080\t0100080A\t0003\t0\t0\t0\t00000080\t0\t0\t0\n"
        "wlan0\t0001A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0\n"
    )
    assert routes.half_default_interfaces(text) == {"tun0"}
    assert routes.half_default_interfaces(text.replace("00000080\t0\t0\t0\n", "", 1)) == set()


def test_vpn_active_is_tri_state() -> None:
    assert route("tun0", vpn="tun0").vpn_active is True
    assert route("eth0", tunnels=("wg0",)).vpn_active is None
    assert route("eth0").vpn_active is False


def fixed(reading: WifiReading, captive: bool | None = None):  # type: ignore[no-untyped-def]
    calls: list[str | None] = []

    def read(iface: str | None) -> tuple[WifiReading, bool | None]:
        calls.append(iface)
        return reading, captive

    return read, calls


OPEN = WifiReading("connected", "CE_WLAN", "open", source="nmcli", interface="wlan0")


def test_linux_wired_never_asks_the_wifi_tools() -> None:
    read, calls = fixed(OPEN)
    fact = wifi.assemble_linux(route("eth0"), ("wlan0",), read)
    assert fact.connection == "wired" and calls == []


def test_linux_wifi_default_route_is_read() -> None:
    read, calls = fixed(OPEN, captive=True)
    fact = wifi.assemble_linux(route("wlan0"), ("wlan0",), read)
    assert (fact.connection, fact.interface, fact.captive_portal) == ("wifi", "wlan0", True)
    assert fact.reading == OPEN and calls == ["wlan0"]


def test_linux_vpn_over_wifi_judges_the_wifi_beneath() -> None:
    read, _calls = fixed(OPEN)
    fact = wifi.assemble_linux(route("tun0", vpn="tun0"), ("wlan0",), read)
    assert (fact.connection, fact.vpn_active, fact.vpn_interface) == ("wifi", True, "tun0")
    down = WifiReading("disconnected", source="nmcli")
    read2, _ = fixed(down)
    assert wifi.assemble_linux(route("tun0", vpn="tun0"), ("wlan0",), read2).connection == "wired"


def test_linux_no_route() -> None:
    read, _ = fixed(WifiReading("disconnected"))
    assert wifi.assemble_linux(route(None), ("wlan0",), read).connection == "none"
    assert wifi.assemble_linux(route(None), (), read).connection == "none"


def test_macos_decisions() -> None:
    en0 = WifiReading("connected", None, "wpa2-personal", interface="en0", source="corewlan")
    assert wifi.assemble_macos(route("en0"), en0).connection == "wifi"
    assert wifi.assemble_macos(route("en7"), en0).connection == "wired"
    assert wifi.assemble_macos(route("utun4", vpn="utun4"), en0).connection == "wifi"
    off = WifiReading("disconnected", interface="en0", source="corewlan")
    assert wifi.assemble_macos(route("en7"), off).connection == "wired"
    assert wifi.assemble_macos(route(None), off).connection == "none"
    blind = WifiReading(reason="nothing answered")
    assert wifi.assemble_macos(route("en0"), blind).connection == "wifi"


def test_windows_matches_the_default_route_by_guid() -> None:
    guid = "6a03de25-ef87-4ede-87bb-4b9a690efc98"
    wl = WifiReading(
        "connected", "CE_WLAN", "open", interface="Wi-Fi", interface_id=guid, source="wlanapi"
    )
    fact = wifi.assemble_windows(route("{6A03DE25-EF87-4EDE-87BB-4B9A690EFC98}"), [wl])
    assert (fact.connection, fact.reading) == ("wifi", wl)
    other = wifi.assemble_windows(route("{11111111-2222-3333-4444-555555555555}"), [wl])
    assert other.connection == "wired"
    vpn = route(
        "{99999999-2222-3333-4444-555555555555}",
        friendly={"{99999999-2222-3333-4444-555555555555}": "NordLynx"},
    )
    assert wifi.assemble_windows(vpn, [wl]).connection == "wifi"
    blocked = WifiReading(reason="Location", situation="permission", source="netsh")
    assert wifi.assemble_windows(route("{1}"), [blocked]).connection == "unknown"
    no_wifi = WifiReading(reason="service not running", situation="no_wifi")
    assert wifi.assemble_windows(route("{1}"), [no_wifi]).connection == "wired"


PROC_ROUTE = """Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
eth0\t000200C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
"""
PROC_IPV6 = (
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "fe800000000000000000000000000001 00000400 00000001 00000000 00000003 wlp2s0\n"
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200 lo\n"
)


def test_linux_default_route_prefers_lowest_metric_ipv4() -> None:
    assert routes.linux_default_route(PROC_ROUTE) == ("eth0", "192.0.2.1")


def test_linux_default_route_falls_back_to_ipv6_and_skips_reject_routes() -> None:
    header = PROC_ROUTE.splitlines()[0] + "\n"
    assert routes.linux_default_route(header, PROC_IPV6) == ("wlp2s0", "fe80::1")
    assert routes.linux_default_route(header, PROC_IPV6.splitlines()[1]) is None


def test_linux_default_route_ignores_garbage_and_down_routes() -> None:
    assert routes.linux_default_route("garbage\n\x00\xff\n", "nonsense") is None
    down = PROC_ROUTE.replace("\t0003\t", "\t0002\t")
    assert routes.linux_default_route(down) is None


def test_linux_tunnels_up_reads_sysfs_flags(tmp_path: Path) -> None:
    for name, flags in [("tun0", "0x1091"), ("wg0", "0x90"), ("eth0", "0x1003")]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "flags").write_text(flags + "\n")
    assert routes.linux_tunnels_up(tmp_path) == ("tun0",)
    assert routes.linux_tunnels_up(tmp_path / "missing") == ()


def test_linux_route_fact_from_files(tmp_path: Path) -> None:
    (tmp_path / "proc" / "net").mkdir(parents=True)
    (tmp_path / "proc" / "net" / "route").write_text(
        PROC_ROUTE.replace("eth0\t00000000", "tun0\t00000000")
    )
    (tmp_path / "sys" / "class" / "net" / "tun0").mkdir(parents=True)
    (tmp_path / "sys" / "class" / "net" / "tun0" / "flags").write_text("0x1091")
    fact = routes.gather_linux_route(tmp_path / "proc", tmp_path / "sys")
    assert fact.default_interface == "tun0" and fact.vpn_interface == "tun0"
    assert fact.vpn_active is True and fact.tunnels_up == ("tun0",)
