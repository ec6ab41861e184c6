"""Which local TCP ports are listening, and which have someone connected, read on this computer
only (nothing is sent). Linux and Windows: psutil, which on Linux reads /proc/net/tcp and
/proc/net/tcp6 (world-readable: every socket is seen, though other users' without a process)
and on Windows asks GetExtendedTcpTable. macOS lets only root do that, so there `netstat` is read
instead (`macos.parse_netstat`). Sockets are matched by port and state, never by process.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from safe_session.probes.base import Unavailable

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
