"""Asking this computer about its Wi-Fi link, per system, best source first.

Linux: nmcli, then wpa_cli, iw and iwconfig. macOS: CoreWLAN (pyobjc, the optional `macos`
extra), then `system_profiler -json`, `wdutil info` (needs administrator rights) and `airport -I`
(macOS 14.3 and older). Windows: the Native Wifi API, then `netsh wlan show interfaces`.
Every tool runs through the runner with a timeout; what each could not tell is kept, so the
final "unknown" says why. Nothing here sends anything over the network.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import msgspec

from safe_session.probes import runner
from safe_session.probes.base import Unavailable
from safe_session.probes.wifi_linux import (
    parse_iw,
    parse_iwconfig,
    parse_nmcli,
    parse_nmcli_connectivity,
    parse_proc_net_wireless,
    parse_wpa_cli,
)
from safe_session.probes.wifi_reading import PERMISSION, WifiReading

TOOL_TIMEOUT = 3.0
SLOW_TOOL_TIMEOUT = 8.0  # system_profiler takes a few seconds
AIRPORT = (
    "/System/Library/PrivateFrameworks/Apple80211.framework/Versions/Current/Resources/airport"
)
NMCLI_FIELDS = ("IN-USE", "SSID", "SECURITY")
NMCLI_OLD_FIELDS = ("ACTIVE", "SSID", "SECURITY")


class Budget:
    """The time left for the whole Wi-Fi probe, shared by the tools it tries in turn."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def timeout(self, wanted: float) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0.2:
            raise Unavailable("there was no time left to ask another tool", "timeout")
        return min(wanted, left)


class Tried(msgspec.Struct, frozen=True):
    source: str
    reason: str
    situation: str


def is_complete(reading: WifiReading) -> bool:
    """A reading that answers the question: not connected, or connected with a security."""
    if reading.state == "disconnected":
        return True
    return reading.state == "connected" and reading.security != "unknown"


def best_of(
    attempts: list[tuple[str, Callable[[], WifiReading]]],
) -> WifiReading:
    """Try each source in order; the first complete answer wins. Otherwise the most useful
    partial one (connected, security unknown), with every source's reason in `reason`."""
    tried: list[Tried] = []
    partial: WifiReading | None = None
    for source, attempt in attempts:
        try:
            reading = attempt()
        except Unavailable as exc:
            tried.append(Tried(source, exc.reason, exc.situation))
            if exc.situation == "timeout" and "no time left" in exc.reason:
                break
            continue
        if is_complete(reading):
            return reading
        tried.append(
            Tried(
                source, reading.reason or f"{source} could not tell", reading.situation or "unknown"
            )
        )
        if partial is None or (partial.state != "connected" and reading.state == "connected"):
            partial = reading
    situations = {t.situation for t in tried}
    if PERMISSION in situations:
        situation = PERMISSION
    elif situations and situations <= {"missing_tool"}:
        situation = "missing_tool"
    elif "timeout" in situations:
        situation = "timeout"
    else:
        situation = "unknown"
    reason = "; ".join(dict.fromkeys(t.reason for t in tried)) or "no Wi-Fi tool answered"
    if partial is not None:
        return replace(partial, reason=reason, situation=partial.situation or situation)
    return WifiReading(reason=reason, situation=situation)


# ---------------------------------------------------------------------------------------- Linux


def linux_wireless_interfaces(
    sys_root: Path = Path("/sys"), proc_root: Path = Path("/proc")
) -> tuple[str, ...]:
    """Wi-Fi interfaces as the kernel lists them (sysfs `wireless`/`phy80211`, /proc)."""
    names: set[str] = set()
    net = sys_root / "class" / "net"
    try:
        for entry in net.iterdir():
            if (entry / "wireless").exists() or (entry / "phy80211").exists():
                names.add(entry.name)
    except OSError:
        pass
    with contextlib.suppress(OSError):
        names.update(parse_proc_net_wireless((proc_root / "net" / "wireless").read_text()))
    return tuple(sorted(names))


def _nmcli(iface: str | None, budget: Budget) -> WifiReading:
    scope = ["ifname", iface] if iface else []
    try:
        out = runner.run(
            [
                "nmcli",
                "-t",
                "-f",
                ",".join(NMCLI_FIELDS),
                "device",
                "wifi",
                "list",
                *scope,
                "--rescan",
                "no",
            ],
            timeout=budget.timeout(TOOL_TIMEOUT),
        )
        return parse_nmcli(out.stdout, NMCLI_FIELDS)
    except Unavailable as exc:
        if exc.situation != "tool_failed" or "NetworkManager is not running" in exc.reason:
            raise
    # Older nmcli: no IN-USE field and no --rescan option.
    out = runner.run(
        ["nmcli", "-t", "-f", ",".join(NMCLI_OLD_FIELDS), "device", "wifi", "list", *scope],
        timeout=budget.timeout(TOOL_TIMEOUT),
    )
    return parse_nmcli(out.stdout, NMCLI_OLD_FIELDS)


def _captive_portal_linux(budget: Budget) -> bool | None:
    """NetworkManager's own connectivity state; this never sends a request itself."""
    try:
        out = runner.run(
            ["nmcli", "-t", "-f", "CONNECTIVITY", "general"], timeout=budget.timeout(TOOL_TIMEOUT)
        )
    except Unavailable:
        return None
    return parse_nmcli_connectivity(out.stdout)


def read_linux(iface: str | None, budget: Budget) -> tuple[WifiReading, bool | None]:
    def tool(argv: list[str], parse: Callable[[str], WifiReading]) -> Callable[[], WifiReading]:
        return lambda: parse(runner.run(argv, timeout=budget.timeout(TOOL_TIMEOUT)).stdout)

    wpa = ["wpa_cli", *(["-i", iface] if iface else []), "status"]
    iw = ["iw", "dev", iface, "link"] if iface else ["iw", "dev"]
    iwconfig = ["iwconfig", *([iface] if iface else [])]
    reading = best_of(
        [
            ("nmcli", lambda: _nmcli(iface, budget)),
            ("wpa_cli", tool(wpa, parse_wpa_cli)),
            ("iw", tool(iw, parse_iw)),
            ("iwconfig", tool(iwconfig, parse_iwconfig)),
        ]
    )
    captive = _captive_portal_linux(budget) if reading.source == "nmcli" else None
    if reading.interface is None and iface:
        reading = replace(reading, interface=iface)
    return reading, captive


# ---------------------------------------------------------------------------------------- macOS


def query_corewlan() -> WifiReading:  # pragma: no cover - needs macOS and pyobjc
    try:
        import CoreWLAN
    except ImportError:
        raise Unavailable(
            "the CoreWLAN bridge for Python is not installed (the optional `macos` extra)",
            "missing_tool",
        ) from None
    from safe_session.probes.wifi_macos import reading_from_corewlan

    client = CoreWLAN.CWWiFiClient.sharedWiFiClient()
    iface = client.interface() if client is not None else None
    if iface is None:
        raise Unavailable("this Mac has no Wi-Fi interface")
    name = iface.interfaceName()
    ssid = iface.ssid()
    return reading_from_corewlan(
        str(name) if name is not None else None,
        bool(iface.powerOn()),
        int(iface.interfaceMode()),
        str(ssid) if ssid is not None else None,
        int(iface.security()),
    )


def read_macos(iface: str | None, budget: Budget) -> WifiReading:
    # macOS parsers are imported here, not at start-up on the other systems
    from safe_session.probes.wifi_macos import (
        parse_airport,
        parse_networksetup,
        parse_system_profiler_json,
        parse_wdutil,
    )

    def tool(
        argv: list[str], parse: Callable[[str], WifiReading], slow: bool = False
    ) -> Callable[[], WifiReading]:
        wanted = SLOW_TOOL_TIMEOUT if slow else TOOL_TIMEOUT
        return lambda: parse(runner.run(argv, timeout=budget.timeout(wanted)).stdout)

    reading = best_of(
        [
            ("corewlan", query_corewlan),
            (
                "system_profiler",
                tool(
                    ["system_profiler", "-json", "SPAirPortDataType"],
                    parse_system_profiler_json,
                    slow=True,
                ),
            ),
            ("wdutil", tool(["wdutil", "info"], parse_wdutil)),
            ("airport", tool([AIRPORT, "-I"], parse_airport)),
        ]
    )
    if reading.state == "connected" and reading.ssid is None:
        device = reading.interface or iface
        try:
            named = parse_networksetup(
                runner.run(
                    ["networksetup", "-getairportnetwork", device or "en0"],
                    timeout=budget.timeout(TOOL_TIMEOUT),
                ).stdout
            )
        except Unavailable:
            named = None
        if named is not None and named.ssid:
            reading = replace(
                reading,
                ssid=named.ssid,
                reason=None if reading.situation == PERMISSION else reading.reason,
                situation=None if reading.situation == PERMISSION else reading.situation,
            )
    return reading


# -------------------------------------------------------------------------------------- Windows


def console_encoding() -> str:  # pragma: no cover - Windows only
    """The code page netsh writes in (the console's, else the OEM one)."""
    if sys.platform != "win32":
        return "utf-8"
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    page = int(kernel32.GetConsoleOutputCP()) or int(kernel32.GetOEMCP())
    return "utf-8" if page == 65001 else f"cp{page}"


def read_windows(budget: Budget) -> list[WifiReading]:
    """Every Wi-Fi interface's reading; Native Wifi API first, netsh when it fails."""
    from safe_session.probes import wifi_wlanapi

    reasons: list[str] = []
    try:
        readings = wifi_wlanapi.query()
        if readings:
            return readings
        reasons.append("Windows lists no Wi-Fi interface")
    except Unavailable as exc:
        reasons.append(exc.reason)
    try:
        out = runner.run(
            ["netsh", "wlan", "show", "interfaces"],
            timeout=budget.timeout(TOOL_TIMEOUT),
            encoding=console_encoding(),
            ok_codes=(0, 1),
        )
    except Unavailable as exc:
        raise Unavailable("; ".join([*reasons, exc.reason]), exc.situation) from None
    if "wlansvc" in out.stdout.casefold():
        raise Unavailable("the Windows Wi-Fi service is not running: no Wi-Fi in use", "no_wifi")
    readings = netsh_readings(out.stdout)
    from safe_session.probes.wifi_netsh import parse_netsh  # Windows only

    if not readings and parse_netsh(out.stdout).situation == "no_wifi":
        raise Unavailable("this computer has no Wi-Fi adapter", "no_wifi")
    if not readings:
        first = out.stdout.strip().split("\n")[0][:120] or out.stderr.strip()[:120]
        raise Unavailable("; ".join([*reasons, f"netsh could not answer: {first}"]), "tool_failed")
    return readings


def netsh_readings(text: str) -> list[WifiReading]:
    from safe_session.probes.wifi_netsh import location_blocked, parse_netsh_interfaces

    readings = parse_netsh_interfaces(text)
    if location_blocked(text):
        blocked = WifiReading(
            reason="Windows shares Wi-Fi details only with Location permission turned on",
            source="netsh",
            situation=PERMISSION,
        )
        readings = [
            r
            if is_complete(r) and r.state == "connected"
            else replace(blocked, interface=r.interface, interface_id=r.interface_id)
            for r in readings
        ]
        return readings or [blocked]
    return readings
