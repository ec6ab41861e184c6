"""The system family on Linux: its own remote access, the battery, and updates waiting for a
restart. Everything is read from files anyone may read (/proc, /sys, /run) and from the tools in
`TOOLS`; nothing asks for a password or changes anything.

Remote access: GNOME's desktop sharing and remote desktop (`gsettings`; no such schema means the
feature is not installed), and listening sockets on the ports remote-desktop (3389, 3390 when
GNOME's system-wide Remote Login moves the person's own sharing there), VNC (5900-5909: xrdp,
x11vnc, wayvnc, krfb, Vino, TigerVNC) and SSH (22) servers use, whichever program owns them.

Battery: /sys/class/power_supply. Only the computer's own batteries count: a wireless mouse,
keyboard or game pad reports a battery too, with `scope` "Device" (psutil would take the first
name in sorted order, so a desktop with a wireless mouse would look like a laptop on battery).

Restart: the markers each distribution's updater leaves (Debian and Ubuntu's
/run/reboot-required and its .pkgs list, openSUSE's /run/reboot-needed, systemd's offline-update
/system-update link, rpm-ostree's staged deployment, NixOS's booted and current system), a
running kernel whose modules folder the update removed (Arch and others), and Fedora's
`needs-restarting -r` and openSUSE's `zypper needs-rebooting`.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Mapping
from pathlib import Path

from safe_session.probes.base import Unavailable
from safe_session.probes.system.facts import (
    PowerFact,
    RemoteLoginFact,
    RemoteService,
    RestartFact,
    RestartReason,
    ServiceKind,
)
from safe_session.probes.system.sockets import Socket, port_state, proc_tcp_sockets
from safe_session.probes.tools import Budget, ToolSpec, ToolTable
from safe_session.regular_files import read_regular_text

RDP_PORTS = (3389, 3390)
VNC_PORTS = tuple(range(5900, 5910))
SSH_PORTS = (22,)
# (name, kind, ports, the tool that says whether it is switched on)
SERVICES: tuple[tuple[str, ServiceKind, tuple[int, ...], str | None], ...] = (
    ("Remote desktop (RDP)", "desktop", RDP_PORTS, "gsettings-rdp"),
    ("Screen sharing (VNC)", "desktop", VNC_PORTS, "gsettings-vnc"),
    ("SSH server", "ssh", SSH_PORTS, None),
)
POWER_SUPPLY = "sys/class/power_supply"
POWER_FILES = ("type", "scope", "status", "present", "online", "capacity")
ENERGY_FILES = ("energy_now", "energy_full", "charge_now", "charge_full")


# --- pure parsers ----------------------------------------------------------------------------


def parse_gsettings_bool(text: str) -> bool | None:
    """`gsettings get SCHEMA enable` (its output and error output together): "true"/"false";
    "No such schema" or "No such key" means the feature is not installed here: off."""
    words = text.strip().splitlines()
    first = words[0].strip() if words else ""
    if first in ("true", "false"):
        return first == "true"
    if "No such schema" in text or "No such key" in text:
        return False
    return None


def parse_needs_restarting(text: str) -> bool | None:
    """`needs-restarting -r` (dnf-utils; dnf5's `dnf needs-restarting -r` words it alike)."""
    if "Reboot is required" in text or "Reboot is needed" in text:
        return True
    if "Reboot should not be necessary" in text or "No core libraries or services" in text:
        return False
    return None


def parse_zypper_needs_rebooting(text: str) -> bool | None:
    """`zypper needs-rebooting` (exit 102 when a restart is needed)."""
    if "Reboot is required" in text or "Reboot is suggested" in text:
        return True
    if "Reboot is probably not necessary" in text or "No core libraries or services" in text:
        return False
    return None


def count_packages(text: str) -> int:
    """How many packages /run/reboot-required.pkgs names (one a line, may repeat)."""
    return len({line.strip() for line in text.splitlines() if line.strip()})


def kernel_replaced(release: str, module_folders: list[str] | None) -> bool | None:
    """The running kernel's modules folder is gone while others are there: the kernel was
    updated (Arch, Manjaro and others remove the old one). None when it cannot be told (a
    container, WSL or a virtual machine without any modules folder)."""
    if not release or not module_folders:
        return None
    return release not in module_folders


def parse_power_supplies(entries: Mapping[str, Mapping[str, str]]) -> PowerFact:
    """The computer's own batteries and mains power from /sys/class/power_supply: `entries` is
    {supply name: {file name: its text}}."""
    batteries: list[Mapping[str, str]] = []
    mains: list[Mapping[str, str]] = []
    for name in sorted(entries):
        entry = entries[name]
        kind = entry.get("type", "").strip()
        if entry.get("scope", "").strip().lower() == "device":
            continue  # a mouse, keyboard or game pad, or what charges one
        if kind == "Battery" and not _is(entry, "present", "0"):  # "0": an empty battery bay
            batteries.append(entry)
        elif kind in ("Mains", "USB", "USB_C", "USB_PD", "BrickID", "Wireless"):
            mains.append(entry)
    if not batteries:
        return PowerFact(False, source="/sys/class/power_supply")
    plugged: bool | None = None
    if any(_is(m, "online", "1") for m in mains):
        plugged = True
    else:
        statuses = {b.get("status", "").strip() for b in batteries}
        if statuses & {"Charging", "Full"}:
            plugged = True
        elif "Discharging" in statuses or (mains and all(_is(m, "online", "0") for m in mains)):
            plugged = False
    return PowerFact(True, _percent(batteries), plugged, "/sys/class/power_supply")


def _is(entry: Mapping[str, str], key: str, value: str) -> bool:
    return entry.get(key, "").strip() == value


def _number(entry: Mapping[str, str], key: str) -> float | None:
    try:
        value = float(entry.get(key, "").strip())
    except ValueError:
        return None
    return value if value >= 0 else None


def _percent(batteries: list[Mapping[str, str]]) -> float | None:
    for now_key, full_key in (("energy_now", "energy_full"), ("charge_now", "charge_full")):
        nows = [_number(b, now_key) for b in batteries]
        fulls = [_number(b, full_key) for b in batteries]
        if all(v is not None for v in nows + fulls) and sum(f or 0 for f in fulls) > 0:
            total = sum(n or 0 for n in nows) / sum(f or 0 for f in fulls) * 100
            return round(min(total, 100.0), 1)
    capacities = [_number(b, "capacity") for b in batteries]
    known = [c for c in capacities if c is not None]
    return round(min(sum(known) / len(known), 100.0), 1) if known else None


TOOLS = ToolTable[bool | None](
    ToolSpec(
        "gsettings-rdp",
        ("gsettings", "get", "org.gnome.desktop.remote-desktop.rdp", "enable"),
        parse_gsettings_bool,
        2.0,
        ok_codes=(0, 1),
    ),
    ToolSpec(
        "gsettings-vnc",
        ("gsettings", "get", "org.gnome.desktop.remote-desktop.vnc", "enable"),
        parse_gsettings_bool,
        2.0,
        ok_codes=(0, 1),
    ),
    ToolSpec(
        "needs-restarting",
        ("needs-restarting", "-r"),
        parse_needs_restarting,
        6.0,
        ok_codes=(0, 1),
    ),
    ToolSpec(
        "zypper-needs-rebooting",
        ("zypper", "--non-interactive", "needs-rebooting"),
        parse_zypper_needs_rebooting,
        6.0,
        ok_codes=(0, 102),
    ),
)


# --- reading this computer -------------------------------------------------------------------


def _ask(tool: str, budget: Budget) -> bool | None:
    """A tool's answer; None when it is missing, failed or said nothing we understand."""
    spec = TOOLS[tool]
    try:
        done = spec.run(timeout=budget.timeout(spec.timeout), env=_c_locale())
    except Unavailable:
        return None
    return spec.parse(done.stdout + "\n" + done.stderr)


def _c_locale() -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C", "LANG": "C"}


def remote_services(
    sockets: list[Socket] | None = None, budget: Budget | None = None
) -> RemoteLoginFact:
    budget = budget or Budget(5.0)
    unseen: list[str] = []
    if sockets is None:
        try:
            sockets = proc_tcp_sockets()
        except Unavailable as exc:
            unseen.append(f"the open ports ({exc.reason})")
    found: list[RemoteService] = []
    for name, kind, ports, tool in SERVICES:
        on = _ask(tool, budget) if tool else None
        how = [f"GNOME settings ({'on' if on else 'off'})"] if on is not None else []
        if sockets is None:
            listening = connected = None
        else:
            state = port_state(sockets, ports)
            listening, connected = state.listening, state.connected
            how.append("port " + (str(ports[0]) if len(ports) == 1 else f"{ports[0]}-{ports[-1]}"))
        found.append(RemoteService(name, kind, on, listening, connected, ", ".join(how)))
    return RemoteLoginFact(tuple(found), tuple(unseen))


def read_power(root: Path = Path("/")) -> PowerFact:
    folder = root / POWER_SUPPLY
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return PowerFact(False, source="no /sys/class/power_supply")
    except OSError as exc:
        raise Unavailable(f"the power supply could not be read ({exc.strerror or exc})") from None
    entries: dict[str, dict[str, str]] = {}
    for name in names[:64]:
        entry: dict[str, str] = {}
        for file in (*POWER_FILES, *ENERGY_FILES):
            try:
                entry[file] = (folder / name / file).read_text(errors="replace")[:100]
            except OSError:
                continue
        entries[name] = entry
    return parse_power_supplies(entries)


def _exists(path: Path) -> bool:
    return os.path.lexists(path)


def restart_reasons(
    root: Path = Path("/"),
    release: str | None = None,
    budget: Budget | None = None,
    ask_tools: bool = True,
) -> RestartFact:
    """`root` and `release` stand for the computer's folders and kernel (tests give their own);
    `ask_tools=False` reads only the files."""
    budget = budget or Budget(7.0)
    reasons: list[RestartReason] = []
    looked: list[str] = []
    for marker in ("run/reboot-required", "var/run/reboot-required"):
        looked.append("/" + marker)
        if _exists(root / marker):
            text = "updates were installed that need a restart"
            try:
                pkgs = read_regular_text(root / (marker + ".pkgs"), 100_000)
                count = count_packages(pkgs)
                if count:
                    text += f" ({count} package{'s' if count != 1 else ''})"
            except OSError:
                pass
            reasons.append(RestartReason(text, True, "/" + marker))
            break
    for marker, text in (
        ("run/reboot-needed", "updates were installed that need a restart"),
        ("system-update", "an update is prepared and installs at the next restart"),
        ("run/ostree/staged-deployment", "a system update is staged for the next restart"),
    ):
        looked.append("/" + marker)
        if _exists(root / marker):
            reasons.append(RestartReason(text, True, "/" + marker))
    release = release if release is not None else platform.release()
    folders: list[str] = []
    for base in ("usr/lib/modules", "lib/modules"):
        try:
            folders += os.listdir(root / base)
        except OSError:
            continue
    looked.append("the running kernel's modules")
    if kernel_replaced(release, folders):
        reasons.append(
            RestartReason(
                "the system's kernel was updated; the one running now was removed",
                True,
                "/usr/lib/modules",
            )
        )
    booted, current = root / "run/booted-system/kernel", root / "run/current-system/kernel"
    if _exists(booted) and _exists(current):
        looked.append("/run/booted-system")
        try:
            if os.readlink(booted) != os.readlink(current):
                reasons.append(
                    RestartReason("a new system generation waits for a restart", True, "NixOS")
                )
        except OSError:
            pass
    for tool, source in (
        ("needs-restarting", "needs-restarting -r"),
        ("zypper-needs-rebooting", "zypper needs-rebooting"),
    ):
        if not ask_tools:
            break
        answer = _ask(tool, budget)
        if answer is not None:
            looked.append(source)
        if answer:
            reasons.append(
                RestartReason(
                    "core libraries or services were updated since the start", True, source
                )
            )
    return RestartFact(tuple(reasons), tuple(looked))
