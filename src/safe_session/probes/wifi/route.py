"""Which connection carries this computer's traffic: the default route (netifaces), and whether
a VPN or other tunnel carries it.

A VPN that takes all traffic either owns the default route or, like OpenVPN's `def1`, adds the
two half-routes 0.0.0.0/1 and 128.0.0.0/1 (seen in /proc/net/route on Linux). A tunnel that is
up without either may carry everything through policy routing (wg-quick) or only some subnets:
then `vpn_active` is None ("a VPN is on, unsure whether it carries everything").
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec
import psutil

from safe_session.probes.base import ProbeContext, Unavailable

# Interface names of tunnels and VPN clients on Linux, macOS and BSD.
TUNNEL_PREFIXES = (
    "tun",
    "tap",
    "wg",
    "utun",
    "ppp",
    "ipsec",
    "vti",
    "xfrm",
    "gpd",
    "tailscale",
    "zt",
    "nordlynx",
    "nordtun",
    "proton",
    "pvpn",
    "mullvad",
    "cscotun",
    "ipip",
    "gre",
    "l2tp",
    "pptp",
    "sit",
    "zerotier",
    "warp",
    "cloudflarewarp",
    "expressvpn",
    "surfshark",
    "outline",
)
# Words in Windows adapter names and descriptions that mean a VPN or tunnel adapter.
TUNNEL_WORDS = (
    "vpn",
    "tap-windows",
    "tap-win32",
    "wintun",
    "wireguard",
    "openvpn",
    "nordlynx",
    "tunnel",
    "anyconnect",
    "globalprotect",
    "pangp",
    "fortinet",
    "forticlient",
    "juniper",
    "pulse secure",
    "tailscale",
    "zerotier",
    "mullvad",
    "proton",
    "cloudflare warp",
    "sonicwall",
    "checkpoint",
    "wan miniport (ikev2)",
    "wan miniport (l2tp)",
    "wan miniport (pptp)",
    "wan miniport (sstp)",
)


def is_tunnel_name(name: str | None) -> bool:
    """True for names of tunnel interfaces (tun0, wg0, utun3, ppp0, "NordLynx", "OpenVPN
    Wintun"); False for everything else, Wi-Fi and Ethernet included."""
    if not name:
        return False
    low = name.strip().casefold()
    if low.startswith(TUNNEL_PREFIXES):
        return True
    return any(word in low for word in TUNNEL_WORDS)


class RouteFact(msgspec.Struct, frozen=True):
    """The default route and the tunnels that are up. Names are the system's (GUIDs on
    Windows); `friendly` maps them to the names people see where they differ."""

    default_interface: str | None
    gateway: str | None
    vpn_interface: str | None  # a tunnel that carries the default route (or both half-routes)
    tunnels_up: tuple[str, ...]  # tunnels that are up with a routable address
    friendly: Mapping[str, str]

    @property
    def vpn_active(self) -> bool | None:
        if self.vpn_interface:
            return True
        return None if self.tunnels_up else False

    def name(self, iface: str | None) -> str | None:
        return self.friendly.get(iface, iface) if iface else None


def default_route(gateways: Mapping[Any, Any]) -> tuple[str, str | None] | None:
    """(interface, gateway) of the default route in netifaces' `gateways()` answer, IPv4 first."""
    import netifaces  # macOS and Windows; Linux reads /proc instead

    default = gateways.get("default") if isinstance(gateways, Mapping) else None
    if isinstance(default, Mapping):
        for family in (netifaces.AF_INET, netifaces.AF_INET6):
            entry = default.get(family)
            if isinstance(entry, tuple | list) and len(entry) >= 2 and entry[1]:
                return str(entry[1]), str(entry[0]) if entry[0] else None
    # Some systems list the default only in the per-family lists, flagged as default.
    for family in (netifaces.AF_INET, netifaces.AF_INET6):
        entries = gateways.get(family) if isinstance(gateways, Mapping) else None
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, tuple | list) and len(entry) >= 3 and entry[2] and entry[1]:
                return str(entry[1]), str(entry[0]) if entry[0] else None
    return None


def half_default_interfaces(proc_net_route: str) -> set[str]:
    """Interfaces that hold both 0.0.0.0/1 and 128.0.0.0/1 in /proc/net/route: a VPN taking
    all IPv4 traffic without replacing the default route."""
    low: set[str] = set()
    high: set[str] = set()
    for line in proc_net_route.splitlines()[1:]:
        parts = line.split()
        if len(parts) < 8:
            continue
        iface, dest, mask = parts[0], parts[1].upper(), parts[7].upper()
        if mask != "00000080":  # /1, little-endian hex
            continue
        if dest == "00000000":
            low.add(iface)
        elif dest == "00000080":
            high.add(iface)
    return low & high


def linux_default_route(
    proc_net_route: str, proc_net_ipv6_route: str = ""
) -> tuple[str, str | None] | None:
    """(interface, gateway) of the default route from /proc/net/route (IPv4 first, lowest
    metric), else /proc/net/ipv6_route. Reading these files needs no socket at all, unlike
    netlink, so the tool keeps to its promise of local (AF_UNIX) sockets only."""
    best: tuple[int, str, str | None] | None = None
    for line in proc_net_route.splitlines()[1:]:
        parts = line.split()
        if len(parts) < 8 or parts[1] != "00000000" or parts[7] != "00000000":
            continue
        try:
            flags, metric, gw = int(parts[3], 16), int(parts[6]), int(parts[2], 16)
        except ValueError:
            continue
        if not flags & 0x1:  # RTF_UP
            continue
        gateway = socket.inet_ntoa(gw.to_bytes(4, "little")) if gw else None
        if best is None or metric < best[0]:
            best = (metric, parts[0], gateway)
    if best:
        return best[1], best[2]
    for line in proc_net_ipv6_route.splitlines():
        parts = line.split()
        if len(parts) < 10 or parts[0] != "0" * 32 or parts[1] != "00" or parts[9] == "lo":
            continue
        try:
            flags = int(parts[8], 16)
        except ValueError:
            continue
        if not flags & 0x1 or flags & 0x200:  # up, and not a reject route
            continue
        hop = parts[4]
        gateway = None
        if hop != "0" * 32:
            gateway = str(ipaddress.IPv6Address(bytes.fromhex(hop)))
        return parts[9], gateway
    return None


def linux_tunnels_up(sys_class_net: Path) -> tuple[str, ...]:
    """Tunnel interfaces that are administratively up, from /sys/class/net (no socket)."""
    up = []
    try:
        names = sorted(p.name for p in sys_class_net.iterdir())
    except OSError:
        return ()
    for name in names:
        if not is_tunnel_name(name):
            continue
        try:
            flags = int((sys_class_net / name / "flags").read_text().strip(), 16)
        except (OSError, ValueError):
            continue
        if flags & 0x1:  # IFF_UP
            up.append(name)
    return tuple(up)


def _routable(addresses: list[Any]) -> bool:
    for addr in addresses:
        if addr.family not in (socket.AF_INET, socket.AF_INET6):
            continue
        text = str(addr.address).split("%")[0]
        try:
            ip = ipaddress.ip_address(text)
        except ValueError:
            continue
        if not (ip.is_link_local or ip.is_loopback):
            return True
    return False


def _friendly_names(interfaces: list[str]) -> dict[str, str]:
    """On Windows netifaces names interfaces by GUID; match them to the adapter names people
    see (psutil's) through their shared IPv4 addresses."""
    try:
        by_name = psutil.net_if_addrs()
    except (OSError, RuntimeError):
        return {}
    by_addr: dict[str, str] = {}
    for name, addrs in by_name.items():
        for addr in addrs:
            if addr.family == socket.AF_INET:
                by_addr[str(addr.address)] = name
    import netifaces

    friendly: dict[str, str] = {}
    for iface in interfaces:
        if iface in by_name:
            continue
        try:
            info = netifaces.ifaddresses(iface)
        except (ValueError, OSError):
            continue
        for entry in info.get(netifaces.AF_INET, []):
            match = by_addr.get(str(entry.get("addr", "")))
            if match:
                friendly[iface] = match
                break
    return friendly


def gather_linux_route(proc_root: Path = Path("/proc"), sys_root: Path = Path("/sys")) -> RouteFact:
    """Linux: the route tables in /proc and the interfaces in /sys: files, not sockets."""
    try:
        v4 = (proc_root / "net" / "route").read_text()
    except OSError as exc:
        raise Unavailable(f"the network routes could not be read ({exc.strerror or exc})") from None
    try:
        v6 = (proc_root / "net" / "ipv6_route").read_text()
    except OSError:
        v6 = ""
    found = linux_default_route(v4, v6)
    iface, gateway = found if found else (None, None)
    vpn: str | None = iface if iface and is_tunnel_name(iface) else None
    if vpn is None:
        vpn = next(iter(sorted(half_default_interfaces(v4))), None)
    return RouteFact(iface, gateway, vpn, linux_tunnels_up(sys_root / "class" / "net"), {})


def gather_route(proc_root: Path = Path("/proc")) -> RouteFact:
    """The default route and the tunnels; no packet is sent. netifaces and psutil on macOS and
    Windows; on Linux the kernel's own files (netifaces would open a netlink socket)."""
    if sys.platform.startswith("linux") and (proc_root / "net" / "route").exists():
        return gather_linux_route(proc_root)
    try:
        import netifaces

        gateways = netifaces.gateways()
    except (OSError, ValueError, RuntimeError) as exc:
        raise Unavailable(f"the network routes could not be read ({exc})") from None
    found = default_route(gateways)
    iface, gateway = found if found else (None, None)
    friendly = _friendly_names([iface] if iface else [])
    # Addresses only (getifaddrs): psutil.net_if_stats would open an AF_INET socket for its
    # ioctls, and this tool opens no Internet socket at all. A tunnel with a routable address
    # is up.
    try:
        addrs = psutil.net_if_addrs()
    except (OSError, RuntimeError):
        addrs = {}
    tunnels_up = tuple(
        sorted(
            name
            for name, entries in addrs.items()
            if is_tunnel_name(name) and _routable(list(entries))
        )
    )
    vpn: str | None = None
    if iface and (is_tunnel_name(iface) or is_tunnel_name(friendly.get(iface))):
        vpn = iface
    elif sys.platform.startswith("linux"):
        try:
            halves = half_default_interfaces((proc_root / "net" / "route").read_text())
        except OSError:
            halves = set()
        vpn = next(iter(sorted(halves)), None)
    return RouteFact(iface, gateway, vpn, tunnels_up, friendly)


def gather(ctx: ProbeContext) -> RouteFact:
    return gather_route()
