"""The system family on macOS: its own remote access and updates waiting for a restart, read
without administrator rights and without asking Apple's servers.

Remote access (System Settings > General > Sharing): `launchctl print-disabled system` (anyone
may read the system domain) says whether Screen Sharing (`com.apple.screensharing`) and Remote
Login (`com.openssh.sshd`) are enabled; a label missing from it has its default, which for both
is off. Remote Management leaves `/Library/Application Support/Apple/Remote Desktop/
RemoteManagement.launchd` and runs `ARDAgent`. launchd itself listens for these services, so no
process shows while no one is connected: the ports (5900 screen sharing, 3283 Remote
Management's reporting, 22 SSH) are read from `netstat`, the only way to list sockets on macOS
without root.

Restart: `softwareupdate --list` would ask Apple's servers, so it is never run. What the last
check found is in `/Library/Preferences/com.apple.SoftwareUpdate.plist` (`RecommendedUpdates`;
a macOS update restarts the computer when it installs, other updates such as Safari's do not)
with whether macOS updates install by themselves (`AutomaticallyInstallMacOSUpdates`), and
downloaded updates waiting to install are in `/Library/Updates/index.plist` (`ProductPaths`).
"""

from __future__ import annotations

import plistlib
import re
from pathlib import Path

import msgspec

from safe_session.probes.base import Unavailable
from safe_session.probes.system.facts import (
    RemoteLoginFact,
    RemoteService,
    RestartFact,
    RestartReason,
    ServiceKind,
)
from safe_session.probes.system.sockets import Socket, is_loopback, services_seen
from safe_session.probes.tools import Budget, ToolSpec, ToolTable

REMOTE_MANAGEMENT_MARKER = Path(
    "/Library/Application Support/Apple/Remote Desktop/RemoteManagement.launchd"
)
SOFTWARE_UPDATE_PREFS = Path("/Library/Preferences/com.apple.SoftwareUpdate.plist")
UPDATES_INDEX = Path("/Library/Updates/index.plist")
MAX_PLIST_BYTES = 4 * 1024 * 1024

_DISABLED_LINE = re.compile(r'^\s*"([^"]{1,200})"\s*=>\s*(\w+)\s*$')
_DISABLED = {"disabled": True, "true": True, "enabled": False, "false": False}
_STATE_WORDS = ("LISTEN", "ESTABLISHED")


# --- pure parsers ----------------------------------------------------------------------------


def parse_print_disabled(text: str) -> dict[str, bool]:
    """`launchctl print-disabled system` -> {label: disabled}. macOS 13 and later write
    `=> disabled` / `=> enabled`, earlier versions `=> true` / `=> false`. Only the
    "disabled services" block counts (later blocks list login items)."""
    out: dict[str, bool] = {}
    inside = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("disabled services") and stripped.endswith("{"):
            inside = True
            continue
        if inside and stripped.startswith("}"):
            break
        if inside:
            m = _DISABLED_LINE.match(line)
            if m and m[2].lower() in _DISABLED:
                out[m[1]] = _DISABLED[m[2].lower()]
    return out


def parse_netstat(text: str) -> list[Socket]:
    """`netstat -an -p tcp`: the local port and state of each TCP socket. macOS writes the
    port after the address's last dot (`*.5900`, `192.168.1.20.5900`, `fe80::1%lo0.22`)."""
    out: list[Socket] = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 6 or not parts[0].startswith("tcp"):
            continue
        local, state = parts[3], parts[5]
        address, dot, port = local.rpartition(".")
        if dot and port.isdigit() and state in _STATE_WORDS:
            out.append(Socket(int(port), state, is_loopback(address)))
    return out


class SoftwareUpdates(msgspec.Struct, frozen=True):
    restart_updates: tuple[str, ...]  # names of waiting updates that restart the computer
    other_updates: int  # waiting updates that do not
    automatic_macos: bool | None  # macOS updates install by themselves


def _load_plist(data: bytes) -> object:
    try:
        return plistlib.loads(data)
    except Exception:  # plistlib raises several kinds on damaged data
        return None


def parse_software_update_prefs(data: bytes) -> SoftwareUpdates | None:
    """com.apple.SoftwareUpdate.plist (binary or XML); None when it is not such a file."""
    prefs = _load_plist(data)
    if not isinstance(prefs, dict):
        return None
    updates = prefs.get("RecommendedUpdates", [])
    restart: list[str] = []
    other = 0
    for update in updates[:200] if isinstance(updates, list) else []:
        if not isinstance(update, dict):
            continue
        name = update.get("Display Name")
        key = str(update.get("Product Key") or update.get("Identifier") or "")
        macos = (
            update.get("MobileSoftwareUpdate") is True
            or key.startswith("MSU_UPDATE")
            or (isinstance(name, str) and name.startswith("macOS"))
        )
        if macos:
            label = name if isinstance(name, str) and name.strip() else "a macOS update"
            restart.append(label.strip()[:100])
        else:
            other += 1
    automatic = prefs.get("AutomaticallyInstallMacOSUpdates")
    return SoftwareUpdates(
        tuple(restart), other, automatic if isinstance(automatic, bool) else None
    )


def parse_updates_index(data: bytes) -> int | None:
    """/Library/Updates/index.plist: how many downloaded updates wait to install."""
    index = _load_plist(data)
    if not isinstance(index, dict):
        return None
    paths = index.get("ProductPaths", {})
    return len(paths) if isinstance(paths, dict) else 0


TOOLS = ToolTable[object](
    ToolSpec(
        "launchctl-print-disabled",
        ("launchctl", "print-disabled", "system"),
        parse_print_disabled,
        3.0,
    ),
    ToolSpec("netstat", ("netstat", "-an", "-p", "tcp"), parse_netstat, 4.0),
)


# --- reading this Mac ------------------------------------------------------------------------


def _ardagent_running() -> bool | None:
    import psutil

    try:
        return any(p.info["name"] == "ARDAgent" for p in psutil.process_iter(["name"]))
    except psutil.Error:
        return None


def remote_services(budget: Budget | None = None) -> RemoteLoginFact:
    budget = budget or Budget(5.5)
    unseen: list[str] = []
    disabled: dict[str, bool] | None
    try:
        spec = TOOLS["launchctl-print-disabled"]
        read = spec.read(timeout=budget.timeout(spec.timeout))
        disabled = read if isinstance(read, dict) else None
    except Unavailable as exc:
        disabled = None
        unseen.append(f"the Sharing settings ({exc.reason})")
    sockets: list[Socket] | None
    try:
        spec = TOOLS["netstat"]
        read = spec.read(timeout=budget.timeout(spec.timeout))
        sockets = read if isinstance(read, list) else None
    except Unavailable as exc:
        sockets = None
        unseen.append(f"the open ports ({exc.reason})")
    management = REMOTE_MANAGEMENT_MARKER.exists() or bool(_ardagent_running())
    return remote_from(disabled, sockets, management, tuple(unseen))


def remote_from(
    disabled: dict[str, bool] | None,
    sockets: list[Socket] | None,
    management: bool | None,
    unseen: tuple[str, ...] = (),
) -> RemoteLoginFact:
    """The three Sharing services from what launchd, netstat and Remote Management show."""

    def enabled(label: str) -> bool | None:
        if disabled is None:
            return None
        return disabled.get(label, True) is False  # missing: its default, which is off

    found: list[RemoteService] = []
    services: tuple[tuple[str, ServiceKind, bool | None, tuple[int, ...], str], ...] = (
        ("Screen Sharing", "desktop", enabled("com.apple.screensharing"), (5900,), "launchd"),
        ("Remote Management", "desktop", management, (5900, 3283), "Remote Management"),
        ("Remote Login (SSH)", "ssh", enabled("com.openssh.sshd"), (22,), "launchd"),
    )
    found.extend(services_seen(services, sockets))
    return RemoteLoginFact(tuple(found), unseen)


def _read_small(path: Path) -> bytes | None:
    from safe_session.regular_files import read_regular  # a pipe or device there never waits

    try:
        return read_regular(path, MAX_PLIST_BYTES)
    except OSError:
        return None


def restart_reasons(
    prefs_path: Path = SOFTWARE_UPDATE_PREFS, index_path: Path = UPDATES_INDEX
) -> RestartFact:
    prefs_data, index_data = _read_small(prefs_path), _read_small(index_path)
    prefs = parse_software_update_prefs(prefs_data) if prefs_data is not None else None
    waiting = parse_updates_index(index_data) if index_data is not None else None
    if prefs is None and waiting is None:
        raise Unavailable(
            "macOS keeps no record of waiting updates that can be read without asking Apple's "
            "servers",
            "macos",
        )
    reasons: list[RestartReason] = []
    looked: list[str] = []
    if prefs is not None:
        looked.append(str(prefs_path))
        for name in prefs.restart_updates:
            text = f"{name} is ready to install, and installing it restarts the Mac"
            if prefs.automatic_macos:
                text += " (macOS updates are set to install by themselves)"
            reasons.append(RestartReason(text, True, str(prefs_path)))
    if waiting is not None:
        looked.append(str(index_path))
        if waiting:
            reasons.append(
                RestartReason(
                    f"{waiting} downloaded update{'s' if waiting != 1 else ''} wait to install",
                    False,
                    str(index_path),
                )
            )
    return RestartFact(tuple(reasons), tuple(looked))
