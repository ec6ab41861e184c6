"""The system family on Windows: its own remote access and updates waiting for a restart, read
from the registry (HKEY_LOCAL_MACHINE; these keys need no administrator rights) with `winreg`,
never through a tool, so there is no table of tools. What the values mean is decided by pure
functions over a `RegistryReader`, which the tests give a registry image.

Remote Desktop is allowed when `fDenyTSConnections` is 0 under
`SYSTEM\\CurrentControlSet\\Control\\Terminal Server` (a Group Policy value under
`SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services` wins); it listens on
`WinStations\\RDP-Tcp` `PortNumber` (3389 unless changed). Windows Home has no Remote Desktop
host: the value can say "allowed" with nothing listening, so the port is read too (psutil).
The OpenSSH server is the `sshd` service (Start 2: starts with Windows).

Restart (the markers Windows' own servicing and update stack leave, the same ones the common
"pending reboot" scripts read): `Component Based Servicing\\RebootPending` (or
`RebootInProgress`, `PackagesPending`), `WindowsUpdate\\Auto Update\\RebootRequired`, a computer
rename or domain join waiting, and, weaker, `Session Manager` `PendingFileRenameOperations` (a
program asked for files to be replaced at the next start; antivirus and installers often leave
these without asking for a restart).
"""

from __future__ import annotations

import sys
from typing import Protocol

from safe_session.probes.base import Unavailable
from safe_session.probes.system.facts import (
    RemoteLoginFact,
    RemoteService,
    RestartFact,
    RestartReason,
    ServiceKind,
)
from safe_session.probes.system.sockets import Socket, local_tcp_sockets, services_seen

TERMINAL_SERVER = r"SYSTEM\CurrentControlSet\Control\Terminal Server"
TS_POLICY = r"SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services"
RDP_TCP = TERMINAL_SERVER + r"\WinStations\RDP-Tcp"
SSHD = r"SYSTEM\CurrentControlSet\Services\sshd"
CBS = r"SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing"
WU = r"SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update"
SESSION_MANAGER = r"SYSTEM\CurrentControlSet\Control\Session Manager"
UPDATE_EXE = r"SOFTWARE\Microsoft\Updates\UpdateExeVolatile"
ACTIVE_NAME = r"SYSTEM\CurrentControlSet\Control\ComputerName\ActiveComputerName"
NEXT_NAME = r"SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName"
NETLOGON = r"SYSTEM\CurrentControlSet\Services\Netlogon"


class RegistryReader(Protocol):
    """HKEY_LOCAL_MACHINE, read-only: a key's values by name; OSError when the key is absent."""

    def values(self, path: str) -> dict[str, object]: ...


def _values(reader: RegistryReader, path: str) -> dict[str, object] | None:
    try:
        return reader.values(path)
    except OSError:
        return None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def remote_from_registry(
    reader: RegistryReader, sockets: list[Socket] | None, unseen: tuple[str, ...] = ()
) -> RemoteLoginFact:
    """Remote Desktop and the OpenSSH server, from the registry and the open ports."""
    policy = _int((_values(reader, TS_POLICY) or {}).get("fDenyTSConnections"))
    setting_values = _values(reader, TERMINAL_SERVER)
    setting = _int((setting_values or {}).get("fDenyTSConnections"))
    deny = policy if policy is not None else setting
    rdp_on: bool | None = None if deny is None else deny == 0
    if setting_values is None and policy is None:
        unseen = (*unseen, "the Remote Desktop setting")
    port = _int((_values(reader, RDP_TCP) or {}).get("PortNumber")) or 3389
    sshd = _values(reader, SSHD)
    ssh_on = None if sshd is None else _int(sshd.get("Start")) == 2
    how_rdp = "Group Policy" if policy is not None else "Remote Desktop setting"
    found: list[RemoteService] = []
    services: tuple[tuple[str, ServiceKind, bool | None, tuple[int, ...], str], ...] = (
        ("Remote Desktop", "desktop", rdp_on, (port,), how_rdp),
        ("OpenSSH server", "ssh", ssh_on if sshd is not None else False, (22,), "sshd service"),
    )
    found.extend(services_seen(services, sockets))
    return RemoteLoginFact(tuple(found), unseen)


def restart_from_registry(reader: RegistryReader) -> RestartFact:
    """Every marker of a restart Windows is waiting for."""
    reasons: list[RestartReason] = []
    looked: list[str] = []

    def present(path: str) -> bool:
        looked.append(path)
        return _values(reader, path) is not None

    if present(CBS + r"\RebootPending") or present(CBS + r"\RebootInProgress"):
        reasons.append(
            RestartReason("Windows finished installing updates and waits for a restart", True, CBS)
        )
    elif present(CBS + r"\PackagesPending"):
        reasons.append(RestartReason("Windows updates wait for a restart to finish", True, CBS))
    if present(WU + r"\RebootRequired"):
        reasons.append(RestartReason("Windows Update waits for a restart", True, WU))
    volatile = _values(reader, UPDATE_EXE)
    looked.append(UPDATE_EXE)
    if volatile is not None and (_int(volatile.get("Flags")) or 0) != 0:
        reasons.append(RestartReason("an installer waits for a restart", True, UPDATE_EXE))
    active = (_values(reader, ACTIVE_NAME) or {}).get("ComputerName")
    upcoming = (_values(reader, NEXT_NAME) or {}).get("ComputerName")
    looked.append(ACTIVE_NAME)
    if isinstance(active, str) and isinstance(upcoming, str) and active != upcoming:
        reasons.append(
            RestartReason(
                "the computer's new name takes effect at the next restart", True, NEXT_NAME
            )
        )
    netlogon = _values(reader, NETLOGON) or {}
    looked.append(NETLOGON)
    if "JoinDomain" in netlogon or "AvoidSpnSet" in netlogon:
        reasons.append(RestartReason("joining a domain waits for a restart", True, NETLOGON))
    session = _values(reader, SESSION_MANAGER)
    looked.append(SESSION_MANAGER)
    if session is not None:
        pending = [
            entry
            for key in ("PendingFileRenameOperations", "PendingFileRenameOperations2")
            for entry in _strings(session.get(key))
        ]
        if any(entry.strip() for entry in pending):
            reasons.append(
                RestartReason(
                    "a program asked Windows to replace some of its files at the next start",
                    False,
                    SESSION_MANAGER,
                )
            )
    if not looked or all(_values(reader, p) is None for p in (SESSION_MANAGER, ACTIVE_NAME)):
        raise Unavailable("Windows' registry could not be read")
    return RestartFact(tuple(reasons), tuple(dict.fromkeys(looked)))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value[:10_000] if isinstance(v, str)]
    return []


class _WinRegistry:  # pragma: no cover - runs on Windows only
    """HKEY_LOCAL_MACHINE, read-only (64-bit view, so the real keys are read from 32-bit
    Python too)."""

    def values(self, path: str) -> dict[str, object]:
        if sys.platform != "win32":
            raise OSError("the registry exists only on Windows")
        import winreg

        access = winreg.KEY_READ | winreg.KEY_WOW64_64KEY
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path, 0, access) as key:
            count = winreg.QueryInfoKey(key)[1]
            out: dict[str, object] = {}
            for i in range(min(count, 10_000)):
                name, value, _ = winreg.EnumValue(key, i)
                out[name] = value
            return out


def remote_services(reader: RegistryReader | None = None) -> RemoteLoginFact:
    unseen: list[str] = []
    try:
        sockets: list[Socket] | None = local_tcp_sockets()
    except Unavailable as exc:
        sockets = None
        unseen.append(f"the open ports ({exc.reason})")
    return remote_from_registry(reader or _WinRegistry(), sockets, tuple(unseen))


def restart_reasons(reader: RegistryReader | None = None) -> RestartFact:
    return restart_from_registry(reader or _WinRegistry())
