"""Which local TCP ports are listening, and which have someone connected, read on this computer
only (nothing is sent). Linux: /proc/net/tcp and /proc/net/tcp6 themselves (world-readable:
every socket is seen), read by `parse_proc_net_tcp`; psutil reads the same files but then walks
every process's open files to name each socket's process, which took 7-17 ms a run, and the
check never asks which process. Windows: psutil, which asks GetExtendedTcpTable. macOS lets only
root do that, so there `netstat` is read instead (`macos.parse_netstat`). Sockets are matched by
port and state, never by process.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterable

import msgspec

from safe_session.probes.base import Unavailable
from safe_session.probes.system.facts import RemoteService, ServiceKind

LISTEN, ESTABLISHED = "LISTEN", "ESTABLISHED"


class Socket(msgspec.Struct, frozen=True):
    port: int  # the local port
    state: str  # "LISTEN", "ESTABLISHED", ...
    loopback: bool = False  # bound to this computer's own address: not reachable from elsewhere


def is_loopback(address: str) -> bool:
    """127.0.0.0/8, ::1 and IPv4 loopback written as IPv6 (`::ffff:127.0.0.1`)."""
    host = address.strip().lower().removeprefix("::ffff:")
    return host.startswith("127.") or host in ("::1", "localhost")


class PortState(msgspec.Struct, frozen=True):
    listening: bool
    connected: bool


def port_state(sockets: Iterable[Socket], ports: Iterable[int]) -> PortState:
    """Whether any of `ports` is listening, and whether someone is connected to one of them
    (an established connection whose local end is that port). Sockets on the loopback address
    are left out: nothing outside this computer can reach them (a virtual machine's own VNC
    screen, say)."""
    wanted = set(ports)
    listening = connected = False
    for sock in sockets:
        if sock.port in wanted and not sock.loopback:
            listening = listening or sock.state == LISTEN
            connected = connected or sock.state == ESTABLISHED
    return PortState(listening, connected)


# The kernel's TCP states as /proc/net/tcp numbers them, in psutil's words.
TCP_STATES = {
    "01": ESTABLISHED,
    "02": "SYN_SENT",
    "03": "SYN_RECV",
    "04": "FIN_WAIT1",
    "05": "FIN_WAIT2",
    "06": "TIME_WAIT",
    "07": "CLOSE",
    "08": "CLOSE_WAIT",
    "09": "LAST_ACK",
    "0A": LISTEN,
    "0B": "CLOSING",
}


def _address(hex_address: str, byteorder: str) -> str | None:
    """`0100007F` (IPv4) or 32 hex digits (IPv6), each 32-bit word in the host's byte order."""
    try:
        raw = bytes.fromhex(hex_address)
    except ValueError:
        return None
    if len(raw) not in (4, 16):
        return None
    if byteorder == "little":
        raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    family = socket.AF_INET if len(raw) == 4 else socket.AF_INET6
    return socket.inet_ntop(family, raw)


def parse_proc_net_tcp(text: str, byteorder: str = sys.byteorder) -> list[Socket]:
    """Linux's /proc/net/tcp or /proc/net/tcp6 (pure; lines it cannot read are left out)."""
    out: list[Socket] = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 4 or ":" not in fields[1]:
            continue
        hex_address, _, hex_port = fields[1].rpartition(":")
        address = _address(hex_address, byteorder)
        try:
            port = int(hex_port, 16)
        except ValueError:
            continue
        if address is None:
            continue
        out.append(Socket(port, TCP_STATES.get(fields[3].upper(), "NONE"), is_loopback(address)))
    return out


def proc_tcp_sockets(net: str = "/proc/net") -> list[Socket]:
    """This computer's TCP sockets on Linux, from the kernel's own lists."""
    out: list[Socket] = []
    read = False
    for name in ("tcp", "tcp6"):
        try:
            with open(f"{net}/{name}", encoding="ascii", errors="replace") as fh:
                out.extend(parse_proc_net_tcp(fh.read()))
            read = True
        except FileNotFoundError:
            continue  # no IPv6 on this computer
        except OSError as exc:
            raise Unavailable(f"the list of open ports could not be read ({exc})") from None
    if not read:
        raise Unavailable("the list of open ports could not be read (no /proc/net/tcp)")
    return out


def local_tcp_sockets() -> list[Socket]:
    """This computer's TCP sockets (psutil; Linux and Windows)."""
    import psutil

    try:
        found = psutil.net_connections(kind="tcp")
    except psutil.AccessDenied:
        raise Unavailable(
            "this computer does not let us list its open ports", "permission"
        ) from None
    except (OSError, RuntimeError) as exc:
        raise Unavailable(f"the list of open ports could not be read ({exc})") from None
    out: list[Socket] = []
    for conn in found:
        laddr = conn.laddr
        port = getattr(laddr, "port", None)
        if isinstance(port, int):
            ip = str(getattr(laddr, "ip", ""))
            out.append(Socket(port, str(conn.status), is_loopback(ip)))
    return out


def services_seen(
    services: Iterable[tuple[str, ServiceKind, bool | None, tuple[int, ...], str]],
    sockets: list[Socket] | None,
) -> list[RemoteService]:
    """Each (name, kind, switched on, ports, where that was read) with what its ports show:
    listening and connected, or None for both when the sockets could not be read."""
    found: list[RemoteService] = []
    for name, kind, on, ports, how in services:
        state = port_state(sockets, ports) if sockets is not None else None
        found.append(
            RemoteService(
                name,
                kind,
                on,
                state.listening if state else None,
                state.connected if state else None,
                f"{how}, port {'/'.join(str(p) for p in ports)}",
            )
        )
    return found
