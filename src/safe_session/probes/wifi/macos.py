"""Wi-Fi on macOS: pure parsers for CoreWLAN values, `system_profiler` (text and `-json`),
`wdutil info`, `airport -I` and `networksetup -getairportnetwork`, the table of those tools, and
asking them in turn.

The sources, best first: CoreWLAN (pyobjc, the optional `macos` extra), then
`system_profiler -json`, `wdutil info` (needs administrator rights) and `airport -I` (macOS 14.3
and older); `networksetup` names the network when the others could not.
macOS 14+ hides the network name (`<redacted>`) unless Location Services allows it, while the
security stays visible; `airport` only printed a deprecation warning from 14.4 and is gone from
14.5; on 15 `networksetup` says "not associated" even while connected. None of those is
"disconnected".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from msgspec.structs import replace

from safe_session.probes.base import Unavailable
from safe_session.probes.tools import Budget, ToolSpec, ToolTable
from safe_session.probes.wifi.reading import (
    PERMISSION,
    Security,
    WifiReading,
    best_of,
    clean_text,
    fold,
    is_redacted,
    security_from_text,
    unknown,
)

HIDDEN_NAME = "macOS hides the network name unless Location Services allows it"

# ------------------------------------------------------------------------------------ CoreWLAN

# CWSecurity (CoreWLAN/CoreWLANTypes.h); kCWSecurityUnknown is NSIntegerMax.
CW_SECURITY: dict[int, Security] = {
    0: "open",
    1: "wep",
    2: "wpa-personal",
    3: "wpa2-personal",  # WPA Personal Mixed: WPA/WPA2, WPA2 is used
    4: "wpa2-personal",
    5: "wpa2-personal",  # Personal
    6: "wep",  # Dynamic WEP
    7: "wpa-enterprise",
    8: "wpa2-enterprise",  # WPA Enterprise Mixed
    9: "wpa2-enterprise",
    10: "wpa2-enterprise",  # Enterprise
    11: "wpa3-personal",
    12: "wpa3-enterprise",
    13: "wpa3-personal",  # WPA3 Transition
    14: "owe",
    15: "owe",  # OWE Transition
}
CW_MODE_NONE = 0
CW_MODE_STATION = 1


def reading_from_corewlan(
    interface: str | None,
    power_on: bool | None,
    mode: int | None,
    ssid: str | None,
    security: int | None,
) -> WifiReading:
    """A CWInterface's answers (powerOn, interfaceMode, ssid, security) as a reading."""
    if power_on is False:
        return WifiReading(
            "disconnected", interface=interface, source="corewlan", reason="Wi-Fi is turned off"
        )
    if mode == CW_MODE_NONE:
        return WifiReading("disconnected", interface=interface, source="corewlan")
    if mode != CW_MODE_STATION:
        return unknown("this Mac's Wi-Fi is not joined to a network as a client", "corewlan")
    sec = CW_SECURITY.get(security, "unknown") if security is not None else "unknown"
    name = None if is_redacted(ssid) else ssid
    reason = None
    situation = None
    if sec == "unknown":
        reason = "macOS did not share the security in use"
    elif name is None:
        reason, situation = HIDDEN_NAME, PERMISSION
    return WifiReading(
        "connected", name, sec, reason, interface=interface, source="corewlan", situation=situation
    )


# ------------------------------------------------------------------------------ system_profiler


def _sp_security(value: str) -> Security | None:
    """`spairport_security_mode_wpa2_personal` (also Apple's `pairport_` misspelling) or the
    text form `WPA2 Personal`."""
    v = value.strip()
    m = re.search(r"security_mode_(.*)$", v)
    if m:
        words = m.group(1).replace("_", " ")
        if words.strip() in ("none", "open"):
            return "open"
        if "transition" in words and "owe" in words:
            return "owe"
        if "transition" in words and "wpa3" in words:
            return "wpa3-enterprise" if "enterprise" in words else "wpa3-personal"
        if "mixed" in words:
            return "wpa2-enterprise" if "enterprise" in words else "wpa2-personal"
        return security_from_text(words)
    return security_from_text(v)


def _sp_status(value: str) -> str | None:
    v = value.casefold()
    if "connected" in v and "disconnected" not in v:
        return "connected"
    if v.endswith("_off") or v in ("off",) or "disconnected" in v or "not_associated" in v:
        return "disconnected"
    if "associated" in v and "not" in v:
        return "disconnected"
    return None


def parse_system_profiler_json(text: str) -> WifiReading:
    """`system_profiler -json SPAirPortDataType`: the interface with a current network."""
    try:
        data = json.loads(clean_text(text))
    except (ValueError, RecursionError):
        return unknown("system_profiler's answer could not be read", "system_profiler")
    items = data.get("SPAirPortDataType") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return unknown("system_profiler listed no Wi-Fi information", "system_profiler")
    seen_card = False
    for item in items:
        interfaces = item.get("spairport_airport_interfaces") if isinstance(item, dict) else None
        for iface in interfaces if isinstance(interfaces, list) else []:
            if not isinstance(iface, dict):
                continue
            name = iface.get("_name") if isinstance(iface.get("_name"), str) else None
            status = iface.get("spairport_status_information")
            status_word = _sp_status(status) if isinstance(status, str) else None
            current = iface.get("spairport_current_network_information")
            if status_word or "spairport_wireless_card_type" in iface:
                seen_card = True
            if isinstance(current, dict) and (
                "_name" in current or "spairport_security_mode" in current
            ):
                raw_name = current.get("_name")
                ssid = raw_name if isinstance(raw_name, str) and not is_redacted(raw_name) else None
                mode = current.get("spairport_security_mode")
                sec = (_sp_security(mode) if isinstance(mode, str) else None) or "unknown"
                return _connected(name, ssid, sec, "system_profiler")
            if status_word == "disconnected":
                return WifiReading("disconnected", interface=name, source="system_profiler")
    if seen_card:
        return WifiReading("disconnected", source="system_profiler")
    return unknown("system_profiler listed no Wi-Fi interface", "system_profiler")


def _connected(interface: str | None, ssid: str | None, sec: Security, source: str) -> WifiReading:
    reason = None
    situation = None
    if sec == "unknown":
        reason = f"{source} did not show the security in use"
    elif ssid is None:
        reason, situation = HIDDEN_NAME, PERMISSION
    return WifiReading(
        "connected", ssid, sec, reason, interface=interface, source=source, situation=situation
    )


@dataclass
class _Node:
    key: str
    value: str | None
    indent: int
    children: list[_Node] = field(default_factory=list)


def _tree(text: str) -> _Node:
    root = _Node("", None, -1)
    stack = [root]
    for raw in text.split("\n"):
        if not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip(" \t"))
        line = raw.strip()
        if line.endswith(":"):
            key, value = line[:-1].strip(), None
        else:
            key, sep, rest = line.partition(": ")
            if not sep:
                key, sep, rest = line.partition(":")
            value = rest.strip() if sep else line
            key = key.strip() if sep else ""
        node = _Node(key, value, indent)
        while len(stack) > 1 and stack[-1].indent >= indent:
            stack.pop()
        stack[-1].children.append(node)
        if value is None:
            stack.append(node)
    return root


def _walk(node: _Node) -> list[_Node]:
    out = [node]
    for child in node.children:
        out.extend(_walk(child))
    return out


_IFACE_NAME = re.compile(r"^[a-z]{2,6}\d+$")
_CURRENT = "current network information"
_STATUS_KEYS = {"status", "statut", "estado", "stato", "状态", "状態", "상태", "статус"}


def _current_network(iface: _Node) -> _Node | None:
    """The one network under "Current Network Information" (by name, or, in another language,
    the first section whose only sub-section is a network with its own fields)."""
    sections = [c for c in iface.children if c.value is None]
    named = [s for s in sections if fold(s.key) == _CURRENT]
    candidates = named or sections[:1]
    for section in candidates:
        networks = [c for c in section.children if c.value is None and c.children]
        if named and networks:
            return networks[0]
        # Unnamed (another language): only the current network lists a transmit rate and an
        # MCS index, plain numbers; nearby networks under the next section do not.
        if (
            not named
            and len(networks) == 1
            and any(re.fullmatch(r"\d+", c.value or "") for c in networks[0].children)
        ):
            return networks[0]
    return None


def _node_security(network: _Node) -> Security | None:
    for child in network.children:
        if fold(child.key) in ("security", "sicherheit", "securite", "seguridad", "sicurezza"):
            return _sp_security(child.value or "")
    for child in network.children:
        found = _sp_security(child.value or "") if child.value else None
        if found is not None and found != "open":
            return found
    return None


# "Status: Connected" in the languages macOS ships (folded), for a card whose current-network
# block is missing: joined, even though the output does not say to what.
_CONNECTED_STATUS = frozenset(
    fold(w)
    for w in (
        "connected",
        "verbunden",
        "connecté",
        "conectado",
        "connesso",
        "verbonden",
        "接続済み",
        "已连接",
        "已連線",
        "연결됨",
        "подключено",
    )
)


def parse_system_profiler_text(text: str) -> WifiReading:
    """`system_profiler SPAirPortDataType`: indented sections; the current network sits under
    each interface's "Current Network Information" (networks under "Other Local Wi-Fi
    Networks" are not the current one)."""
    body = clean_text(text)
    if body.lstrip().startswith("{"):
        return parse_system_profiler_json(body)
    root = _tree(body)
    interfaces = [n for n in _walk(root) if n.value is None and _IFACE_NAME.match(n.key)]
    seen_card = False
    for iface in interfaces:
        status = next(
            (c.value for c in iface.children if c.value and fold(c.key) in _STATUS_KEYS), None
        )
        if status is not None:
            seen_card = True
        network = _current_network(iface)
        if network is not None:
            ssid = None if is_redacted(network.key) else network.key
            sec = _node_security(network) or "unknown"
            return _connected(iface.key, ssid, sec, "system_profiler")
        if status is not None and fold(status) in _CONNECTED_STATUS:
            return WifiReading(
                "connected",
                interface=iface.key,
                source="system_profiler",
                reason="system_profiler says connected but lists no current network",
            )
        if status is not None and fold(status) in ("off", "not associated", "disconnected"):
            return WifiReading(
                "disconnected",
                interface=iface.key,
                source="system_profiler",
                reason="Wi-Fi is turned off" if fold(status) == "off" else None,
            )
    if seen_card:
        return WifiReading("disconnected", source="system_profiler")
    return unknown("system_profiler listed no Wi-Fi interface", "system_profiler")


# --------------------------------------------------------------------------------------- wdutil


def _sections(body: str) -> dict[str, list[str]]:
    """wdutil's sections: a title line between rules of dashes (—, ─ or -)."""
    sections: dict[str, list[str]] = {}
    current = ""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        stripped = line.strip()
        is_rule = bool(stripped) and set(stripped) <= set("—─-=_")
        if is_rule:
            continue
        prev_rule = (
            i > 0 and bool(lines[i - 1].strip()) and set(lines[i - 1].strip()) <= set("—─-=_")
        )
        if prev_rule and stripped and ":" not in stripped and stripped == stripped.upper():
            current = stripped
            sections.setdefault(current, [])
            continue
        sections.setdefault(current, []).append(line)
    return sections


def _kv(lines: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in lines:
        key, sep, value = line.partition(":")
        if sep and key.strip() and key.strip() not in out:
            out[key.strip()] = value.strip()
    return out


def parse_wdutil(text: str) -> WifiReading:
    """`wdutil info`: the WIFI section. `Security: None` means open only while associated;
    with `Op Mode: None` the Mac is not connected."""
    body = clean_text(text)
    sections = _sections(body)
    lines = sections.get("WIFI") or sections.get("WI-FI")
    if lines is None:
        lines = body.split("\n") if "WIFI" not in sections else []
    values = _kv(lines)
    if not values:
        first = body.strip().split("\n")[0][:120] if body.strip() else ""
        if "root" in first.casefold() or "sudo" in first.casefold():
            return unknown("wdutil needs administrator rights to answer", "wdutil", PERMISSION)
        return unknown(
            f"wdutil could not answer: {first}" if first else "wdutil printed nothing", "wdutil"
        )
    iface = values.get("Interface Name") or None
    power = values.get("Power", "")
    if power.casefold().startswith("off"):
        return WifiReading(
            "disconnected", interface=iface, source="wdutil", reason="Wi-Fi is turned off"
        )
    op_mode = values.get("Op Mode", "")
    ssid_raw = values.get("SSID")
    bssid = values.get("BSSID", "")
    if op_mode.casefold() == "none" or (
        not op_mode and (ssid_raw or "").casefold() == "none" and bssid.casefold() == "none"
    ):
        return WifiReading("disconnected", interface=iface, source="wdutil")
    if not op_mode and ssid_raw is None:
        return unknown("wdutil did not say whether Wi-Fi is connected", "wdutil")
    ssid = None if ssid_raw is None or is_redacted(ssid_raw) else ssid_raw
    sec_raw = values.get("Security")
    sec = (security_from_text(sec_raw) if sec_raw else None) or "unknown"
    if op_mode and op_mode.upper() not in ("STA", "STATION"):
        return unknown("this Mac's Wi-Fi is not joined to a network as a client", "wdutil")
    return _connected(iface, ssid, sec, "wdutil")


# -------------------------------------------------------------------------------------- airport

_AIRPORT_LINK_AUTH: dict[str, Security] = {
    "none": "open",
    "open": "open",
    "wpa-psk": "wpa-personal",
    "wpa": "wpa-enterprise",
    "wpa2-psk": "wpa2-personal",
    "wpa2": "wpa2-enterprise",
    "sha256-psk": "wpa2-personal",
    "sha256-8021x": "wpa2-enterprise",
    "ft-psk": "wpa2-personal",
    "ft-8021x": "wpa2-enterprise",
    "wpa3-sae": "wpa3-personal",
    "sae": "wpa3-personal",
    "ft-sae": "wpa3-personal",
    "wpa3": "wpa3-enterprise",
    "wpa3-8021x": "wpa3-enterprise",
    "owe": "owe",
    "leap": "wep",
    "802.1x": "wep",
    "wep": "wep",
    "shared": "wep",  # shared-key authentication exists only with WEP
}


def parse_airport(text: str) -> WifiReading:
    """`airport -I` (macOS 14.3 and older): right-aligned `key: value` lines."""
    body = clean_text(text)
    values: dict[str, str] = {}
    for line in body.split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip():
            values.setdefault(key.strip().casefold(), value.strip())
    if values.get("airport", "").casefold() == "off":
        return WifiReading("disconnected", source="airport", reason="Wi-Fi is turned off")
    state = values.get("state", "").casefold()
    if not state and "ssid" not in values:
        if "deprecated" in body.casefold():
            return unknown(
                "airport is retired on this macOS version and printed no details", "airport"
            )
        first = body.strip().split("\n")[0][:120] if body.strip() else ""
        return unknown(
            f"airport could not answer: {first}" if first else "airport printed nothing", "airport"
        )
    if state == "init" or (not state and not values.get("bssid") and not values.get("ssid")):
        # BSSID alone is empty whenever airport runs without root: a name still means joined.
        return WifiReading("disconnected", source="airport")
    if state and state != "running":
        return unknown("Wi-Fi was still connecting", "airport")
    link = values.get("link auth", "").casefold()
    sec: Security = _AIRPORT_LINK_AUTH.get(link) or security_from_text(link) or "unknown"
    if sec == "open" and values.get("802.11 auth", "").casefold() == "shared":
        sec = "wep"
    ssid_raw = values.get("ssid")
    ssid = None if ssid_raw is None or is_redacted(ssid_raw) else ssid_raw
    return _connected(None, ssid, sec, "airport")


# --------------------------------------------------------------------------------- networksetup


def parse_networksetup(text: str) -> WifiReading:
    """`networksetup -getairportnetwork IF`: the name only; never the security. On macOS 15
    "not associated" is printed even while connected, so it proves nothing."""
    body = clean_text(text).strip()
    m = re.search(r"^Current (?:Wi-Fi|AirPort) Network:\s?(.*)$", body, re.MULTILINE)
    if m:
        name = m.group(1).strip()
        return WifiReading(
            "connected",
            None if is_redacted(name) else name,
            "unknown",
            "networksetup does not show a network's security",
            source="networksetup",
        )
    low = body.casefold()
    if "power is currently off" in low or "is turned off" in low:
        return WifiReading("disconnected", source="networksetup", reason="Wi-Fi is turned off")
    if "not associated" in low:
        return unknown(
            "networksetup says not associated, which recent macOS also says while connected",
            "networksetup",
        )
    first = body.split("\n")[0][:120] if body else ""
    return unknown(
        f"networksetup could not answer: {first}" if first else "networksetup printed nothing",
        "networksetup",
    )


def json_value(data: Any, *keys: str) -> Any:
    """Follow `keys` through nested dicts; None when any step is missing."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


# ---------------------------------------------------------------------------------------- tools

TOOL_TIMEOUT = 3.0
SLOW_TOOL_TIMEOUT = 8.0  # system_profiler takes a few seconds
AIRPORT = (
    "/System/Library/PrivateFrameworks/Apple80211.framework/Versions/Current/Resources/airport"
)

TOOLS = ToolTable[WifiReading](
    ToolSpec("airport", (AIRPORT, "-I"), parse_airport, TOOL_TIMEOUT),
    ToolSpec("wdutil", ("wdutil", "info"), parse_wdutil, TOOL_TIMEOUT),
    # the text parser reads the -json form too
    ToolSpec(
        "system_profiler",
        ("system_profiler", "SPAirPortDataType"),
        parse_system_profiler_text,
        SLOW_TOOL_TIMEOUT,
    ),
    ToolSpec(
        "system_profiler-json",
        ("system_profiler", "-json", "SPAirPortDataType"),
        parse_system_profiler_json,
        SLOW_TOOL_TIMEOUT,
    ),
    ToolSpec(
        "networksetup",
        ("networksetup", "-getairportnetwork", "{device}"),
        parse_networksetup,
        TOOL_TIMEOUT,
    ),
)


# ------------------------------------------------------------------------------ asking the tools


def query_corewlan() -> WifiReading:  # pragma: no cover - needs macOS and pyobjc
    try:
        import CoreWLAN
    except ImportError:
        raise Unavailable(
            "the CoreWLAN bridge for Python is not installed (the optional `macos` extra)",
            "missing_tool",
        ) from None
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


def read(iface: str | None, budget: Budget) -> WifiReading:
    def tool(name: str) -> Callable[[], WifiReading]:
        spec = TOOLS[name]
        return lambda: spec.read(budget.timeout(spec.timeout))

    reading = best_of(
        [
            ("corewlan", query_corewlan),
            ("system_profiler", tool("system_profiler-json")),
            ("wdutil", tool("wdutil")),
            ("airport", tool("airport")),
        ]
    )
    if reading.state == "connected" and reading.ssid is None:
        device = reading.interface or iface
        spec = TOOLS["networksetup"]
        try:
            named: WifiReading | None = spec.read(
                budget.timeout(spec.timeout), device=device or "en0"
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
