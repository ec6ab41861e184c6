"""The Wi-Fi link that carries this computer's traffic: its name, its security, whether a
captive portal or a VPN is involved.

`parse_output(tool, text)` is the pure entry point for every supported tool's output (the
contract's parsers); `gather(ctx)` finds the default route (`route`), reads the Wi-Fi link with
the best source this system has (`linux`, `macos`, `windows`: each holds its parsers, its table
of tools and the way it asks) and returns a `WifiFact` for the `network.wifi` rule. Nothing here
sends a packet: captive portals are known only when the system already noticed one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Literal

import msgspec
from msgspec.structs import replace

from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.tools import Budget, ToolLookup, ToolSpec
from safe_session.probes.wifi import route as routes
from safe_session.probes.wifi.reading import SECURITIES, Security, State, WifiReading, unknown

__all__ = [
    "SECURITIES",
    "TOOLS",
    "Security",
    "State",
    "WifiFact",
    "WifiReading",
    "gather",
    "parse_output",
]

# Every system's table of tools, by tool name; a system's module loads when first looked in.
TOOLS: Mapping[str, ToolSpec[WifiReading]] = ToolLookup("wifi", ("linux", "macos", "windows"))

PROBE_BUDGET = 9.0  # seconds for all the tools the probe may try in turn


def parse_output(tool: str, text: str) -> WifiReading:
    """Parse one tool's output into a reading. Unknown tools raise ValueError; no text makes
    it raise: what cannot be read is an "unknown" reading with the reason."""
    spec = TOOLS.get(tool)
    if spec is None:
        raise ValueError(f"unknown Wi-Fi tool {tool!r}; expected one of {', '.join(TOOLS)}")
    try:
        return spec.parse(text)
    except Exception as exc:  # a parser bug must not become a crash or a guess
        return unknown(f"{tool}'s output could not be read ({type(exc).__name__})", tool)


Connection = Literal["wifi", "wired", "none", "unknown"]


class WifiFact(msgspec.Struct, frozen=True):
    """What carries the traffic (under any VPN), and the Wi-Fi reading when that is Wi-Fi."""

    connection: Connection
    interface: str | None
    reading: WifiReading | None
    captive_portal: bool | None
    vpn_active: bool | None
    vpn_interface: str | None


def _same_interface(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return a.strip("{}").casefold() == b.strip("{}").casefold()


def _fact(
    route: routes.RouteFact,
    connection: Connection,
    interface: str | None,
    reading: WifiReading | None = None,
    captive: bool | None = None,
) -> WifiFact:
    vpn_iface = route.vpn_interface or (route.tunnels_up[0] if route.tunnels_up else None)
    return WifiFact(
        connection,
        route.name(interface) or interface,
        reading,
        captive,
        route.vpn_active,
        route.name(vpn_iface),
    )


def _tunnel(route: routes.RouteFact, iface: str | None) -> bool:
    return routes.is_tunnel_name(iface) or routes.is_tunnel_name(route.name(iface))


def assemble_linux(
    route: routes.RouteFact,
    wireless: tuple[str, ...] | None,
    read: Callable[[str], tuple[WifiReading, bool | None]],
) -> WifiFact:
    """`wireless` None: the kernel's list of Wi-Fi cards could not be read, so an interface is
    never taken for a cable on its name alone; the Wi-Fi tools are asked about it instead."""
    carrier = route.default_interface
    known = wireless or ()
    carrier_is_wifi = carrier is not None and (carrier in known or carrier.startswith("wl"))
    if carrier is not None and not carrier_is_wifi and not _tunnel(route, carrier):
        if wireless is not None:
            return _fact(route, "wired", carrier)
        reading, captive = read(carrier)
        if reading.state == "connected":
            return _fact(route, "wifi", carrier, reading, captive)
        why = reading.reason or "the Wi-Fi tools did not say"
        unseen = replace(reading, reason=f"the list of Wi-Fi cards could not be read, and {why}")
        return _fact(route, "unknown", carrier, unseen)
    if wireless is None:
        wireless = ()
    target = carrier if carrier_is_wifi else (wireless[0] if wireless else None)
    if target is None:
        return _fact(route, "wired" if carrier else "none", carrier)
    reading, captive = read(target)
    if not carrier_is_wifi and reading.state != "connected":
        # A VPN (or nothing) carries the traffic and Wi-Fi is not what lies beneath it.
        return _fact(route, "wired" if carrier else "none", carrier)
    return _fact(route, "wifi", target, reading, captive)


def assemble_macos(route: routes.RouteFact, reading: WifiReading) -> WifiFact:
    carrier = route.default_interface
    tunnel = _tunnel(route, carrier)
    if carrier is None:
        if reading.state == "connected":
            return _fact(route, "wifi", reading.interface, reading)
        return _fact(route, "none", None)
    if not tunnel and reading.interface and not _same_interface(carrier, reading.interface):
        return _fact(route, "wired", carrier)  # the Wi-Fi card is another interface
    if reading.state == "disconnected":
        return _fact(route, "wired", carrier)
    if tunnel and reading.state != "connected":
        return (
            _fact(route, "wired", carrier)
            if reading.state != "unknown"
            else _fact(route, "wifi", reading.interface, reading)
        )
    return _fact(route, "wifi", reading.interface or carrier, reading)


def assemble_windows(route: routes.RouteFact, readings: list[WifiReading]) -> WifiFact:
    carrier = route.default_interface
    if readings and all(r.situation == "no_wifi" for r in readings):
        return _fact(route, "wired" if carrier else "none", carrier)
    mine = next((r for r in readings if _same_interface(r.interface_id, carrier)), None)
    if mine is not None:
        return _fact(route, "wifi", mine.interface, mine)
    known_ids = [r for r in readings if r.interface_id]
    if carrier is not None and not _tunnel(route, carrier) and known_ids:
        return _fact(route, "wired", carrier)
    connected = [r for r in readings if r.state == "connected"]
    if connected:
        return _fact(route, "wifi", connected[0].interface, connected[0])
    undecided = [r for r in readings if r.state == "unknown"]
    if undecided:  # e.g. Location permission: cannot even tell whether Wi-Fi is in use
        return _fact(
            route, "wifi" if carrier is None else "unknown", undecided[0].interface, undecided[0]
        )
    return _fact(route, "wired" if carrier else "none", carrier)


def gather(ctx: ProbeContext, sys_root: Path = Path("/sys")) -> WifiFact:
    route = routes.gather_route()
    budget = Budget(PROBE_BUDGET)
    if ctx.os_name == "linux":
        from safe_session.probes.wifi import linux

        wireless = linux.wireless_interfaces(sys_root)
        return assemble_linux(route, wireless, lambda i: linux.read(i, budget))
    if ctx.os_name == "macos":
        from safe_session.probes.wifi import macos

        carrier = route.default_interface
        return assemble_macos(route, macos.read(carrier, budget))
    if ctx.os_name == "windows":
        from safe_session.probes.wifi import windows

        try:
            readings = windows.read(budget)
        except Unavailable as exc:
            readings = [WifiReading(reason=exc.reason, situation=exc.situation)]
        return assemble_windows(route, readings)
    raise Unavailable(f"Wi-Fi cannot be checked on this system ({ctx.os_name})")
