"""Wi-Fi on Windows: the Native Wifi API first (`windows_wlanapi`), then `netsh wlan show
interfaces`, with the pure parser for netsh's output in any Windows display language.

Labels and values are translated (`Abierta`/`Ninguna`, `WPA2 - Personnel`, `Verbunden`), so
the parser reads structure, not English words:
- each interface is a paragraph holding a GUID-valued (or MAC-valued) line;
- the SSID line is labelled `SSID` in every language (the BSSID label may contain "SSID");
- the authentication line follows the radio-type line (`802.11ax`) and the cipher line follows
  it; WPA/WEP/OWE names are never translated, "Open"/"None" are, so open is what remains when
  neither line names any encryption;
- a paragraph without an SSID line is an interface that is not connected.
Windows 11 24H2 without Location permission prints an explanation and no data; that is
"unknown" with the reason, never "disconnected".
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from msgspec.structs import replace

from safe_session.probes.base import Unavailable
from safe_session.probes.tools import Budget, ToolSpec, ToolTable
from safe_session.probes.wifi.reading import (
    MAC_LIKE,
    PERMISSION,
    Security,
    WifiReading,
    clean_text,
    fold,
    is_complete,
    security_from_text,
    unknown,
)

MAC = re.compile(r"^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$")
GUID = re.compile(r"^\{?[0-9A-Fa-fxX]{8}-([0-9A-Fa-fxX]{4}-){3}[0-9A-Fa-fxX]{12}\}?$")
_KV = re.compile(r"^(\s*)([^:：]*?)\s*[:：]\s?(.*)$")
_RADIO = re.compile(r"^802\.11\s*[a-z]{0,2}$", re.IGNORECASE)
_CIPHERS = {
    "CCMP": "CCMP",
    "CCMP-256": "CCMP-256",
    "GCMP": "GCMP",
    "GCMP-256": "GCMP-256",
    "TKIP": "TKIP",
    "WEP": "WEP",
    "WEP40": "WEP",
    "WEP104": "WEP",
    "WEP-40": "WEP",
    "WEP-104": "WEP",
}
# AKM suite selectors in "Connected Akm-cipher" (IEEE 802.11 table 9-151; 00-50-f2 is WPA1).
_AKM: dict[str, Security] = {
    "00-0f-ac:01": "wpa2-enterprise",
    "00-0f-ac:02": "wpa2-personal",
    "00-0f-ac:03": "wpa2-enterprise",
    "00-0f-ac:04": "wpa2-personal",
    "00-0f-ac:05": "wpa2-enterprise",
    "00-0f-ac:06": "wpa2-personal",
    "00-0f-ac:08": "wpa3-personal",
    "00-0f-ac:09": "wpa3-personal",
    "00-0f-ac:0c": "wpa3-enterprise",
    "00-0f-ac:12": "wpa3-enterprise",
    "00-0f-ac:13": "wpa3-enterprise",
    "00-0f-ac:18": "owe",
    "00-0f-ac:24": "wpa3-personal",
    "00-0f-ac:25": "wpa3-personal",
    "00-50-f2:01": "wpa-enterprise",
    "00-50-f2:02": "wpa-personal",
}
_CONNECTING = {"associating", "authenticating", "discovering", "disconnecting"}
_DISCONNECTED = {
    "disconnected",
    "getrennt",
    "déconnecté",
    "desconectado",
    "disconnesso",
    "disconnessa",
    "niet verbonden",
    "frånkopplad",
    "rozłączono",
    "отключено",
    "切断されました",
    "已断开连接",
    "已中斷連線",
}
# "connected" as the State line says it, for a block that shows no SSID or radio lines.
_CONNECTED = {
    "connected",
    "verbunden",
    "connecté",
    "conectado",
    "connesso",
    "connessa",
    "verbonden",
    "połączono",
    "подключено",
    "соединено",
    "接続されました",
    "已连接",
    "已連線",
    "연결됨",
    "bağlandı",
}
LOCATION_MARKERS = ("ms-settings:privacy-location", "location permission", "WlanQueryInterface")
# "There is no wireless interface on the system." in the display languages (folded: no case,
# no accents). The sentence is the whole answer, so a fragment of it is enough.
_NO_INTERFACE = tuple(
    fold(w)
    for w in (
        "no wireless interface",
        "is 0 interface",
        "are 0 interfaces",
        "keine drahtlosschnittstelle",
        "keine drahtlose schnittstelle",
        "keine wlan-schnittstelle",
        "aucune interface sans fil",
        "pas d'interface sans fil",
        "ninguna interfaz inalambrica",
        "no hay interfaz inalambrica",
        "nessuna interfaccia wireless",
        "nessuna interfaccia senza fili",
        "nenhuma interface sem fio",
        "nao ha interface sem fio",
        "nao existe nenhuma interface sem fio",
        "geen draadloze interface",
        "brak interfejsu bezprzewodowego",
        "нет беспроводного интерфейса",
        "нет беспроводных интерфейсов",
        "kablosuz arabirim yok",
        "ingen trådlös",
        "inget trådlöst gränssnitt",
        "нет интерфейса беспроводной сети",
        "nie ma interfejsu bezprzewodowego",
        "žádné bezdrátové rozhraní",
        "ワイヤレス インターフェイスがありません",
        "没有无线接口",
        "沒有無線介面",
        "무선 인터페이스가 없습니다",
    )
)


@dataclass
class _Line:
    label: str
    value: str


def _paragraphs(text: str) -> list[list[_Line]]:
    """Key/value lines grouped by blank lines; continuation lines join the previous value."""
    out: list[list[_Line]] = [[]]
    for raw in text.split("\n"):
        if not raw.strip():
            if out[-1]:
                out.append([])
            continue
        m = _KV.match(raw)
        if m and m.group(2).strip():
            out[-1].append(_Line(m.group(2).strip(), m.group(3).strip()))
        elif out[-1]:
            extra = raw.strip().lstrip(":：").strip()
            out[-1][-1].value = f"{out[-1][-1].value} {extra}".strip()
    return [p for p in out if p]


# A GUID or an address as people redact them before publishing ("xxxxxxxx-xxxx-...",
# "xx:xx:xx:xx:xx:xx", one x too many): still the shape of one, so still an interface.
_GUID_LIKE = re.compile(r"^\{?[0-9A-Fa-fxX]{6,10}(-[0-9A-Fa-fxX]{3,5}){3}-[0-9A-Fa-fxX]{10,14}\}?$")


def _is_interface(par: list[_Line]) -> bool:
    if any(GUID.match(ln.value) or _GUID_LIKE.match(ln.value) for ln in par):
        return True
    if len(par) >= 2 and any(
        ln.label.upper() == "SSID" or ln.value.casefold() in _DISCONNECTED for ln in par
    ):
        return True  # a trimmed block: the SSID line, or a state that says "disconnected"
    if len(par) < 4:
        return False
    # The SSID line is labelled "SSID" in every language; an address shape also marks one.
    return any(MAC.match(ln.value) or re.match(MAC_LIKE, ln.value) for ln in par) or (
        any(ln.label.upper() == "SSID" for ln in par) and any(_RADIO.match(ln.value) for ln in par)
    )


def _cipher(value: str) -> str | None:
    return _CIPHERS.get(value.strip().upper().replace(" ", ""))


def _security(
    auth: str | None, cipher: str | None, akm: str | None, rest: list[str] | None = None
) -> Security:
    """The authentication and cipher lines, the AKM line when there is one, and `rest` (the
    block's other values after the radio type) so that "open" is said only when nothing in
    the block names any encryption: a missing or displaced line must not read as open."""
    named = security_from_text(auth) if auth is not None else None
    if named is not None and named != "open":
        return named
    from_akm = _akm_security(akm) if akm else None
    if from_akm is not None:
        return from_akm
    c = _cipher(cipher or "")
    if c == "WEP":
        return "wep"
    for value in rest or []:
        elsewhere = security_from_text(value)
        if elsewhere is not None and elsewhere != "open":
            return elsewhere
        if _cipher(value) == "WEP":
            return "wep"
        if _cipher(value) is not None:
            return "unknown"  # a cipher but no readable authentication: encrypted, kind unknown
    if c is not None:
        return "unknown"  # "Open" beside CCMP contradicts itself
    if auth is not None and (named == "open" or cipher is not None):
        # "Open"/"None" in the display language: neither line names any encryption.
        return "open"
    return "unknown"


def _akm_security(value: str) -> Security | None:
    m = re.search(r"akm\s*=\s*([0-9a-fA-F]{2}-[0-9a-fA-F]{2}-[0-9a-fA-F]{2}:[0-9a-fA-F]{2})", value)
    return _AKM.get(m.group(1).lower()) if m else None


def _after(par: list[_Line], radio_at: int) -> tuple[str | None, str | None]:
    """The authentication and cipher values: the two lines after the radio type."""
    auth = par[radio_at + 1].value if radio_at + 1 < len(par) else None
    cipher = par[radio_at + 2].value if radio_at + 2 < len(par) else None
    return auth, cipher


def _rest(par: list[_Line], radio_at: int | None, ssid: str | None) -> list[str]:
    """Values after the radio type (or all of them), without the network and profile names."""
    start = radio_at + 1 if radio_at is not None else 0
    return [ln.value for ln in par[start:] if ln.value != ssid and ln.label.upper() != "SSID"]


def _akm_line(par: list[_Line]) -> str | None:
    return next((ln.value for ln in par if "akm" in ln.value.casefold()), None)


def _read_interface(par: list[_Line]) -> WifiReading:
    name = par[0].value or None
    guid = next((ln.value.strip("{}") for ln in par if GUID.match(ln.value)), None)
    if guid is not None and "x" in guid.casefold():
        guid = None  # a placeholder, not an identifier
    ssid_at = next((i for i, ln in enumerate(par) if ln.label.upper() == "SSID"), None)
    if ssid_at is None:
        state_value = ""
        for ln in par:
            if ln.value.casefold() in _DISCONNECTED:
                state_value = ln.value
        radio_at = next((i for i, ln in enumerate(par) if _RADIO.match(ln.value)), None)
        if not state_value and radio_at is not None:
            # A radio type and an authentication without an SSID line: joined to a network
            # whose name Windows left out, which is not "not connected".
            named = _security(*_after(par, radio_at), _akm_line(par), _rest(par, radio_at, None))
            return WifiReading(
                "connected",
                None,
                named,
                "netsh did not show the network's name",
                interface=name,
                interface_id=guid,
                source="netsh",
            )
        if not state_value and any(ln.value.casefold() in _CONNECTED for ln in par):
            return WifiReading(
                "connected",
                reason="netsh says connected but shows neither the network nor its security",
                interface=name,
                interface_id=guid,
                source="netsh",
            )
        return WifiReading(
            "disconnected",
            interface=name,
            interface_id=guid,
            source="netsh",
            reason=None if state_value else "netsh lists no network for this interface",
        )
    # The state line comes right before the SSID line.
    state_value = par[ssid_at - 1].value.casefold() if ssid_at > 0 else ""
    ssid = par[ssid_at].value or None
    radio_at = next((i for i, ln in enumerate(par) if _RADIO.match(ln.value)), None)
    auth: str | None = None
    cipher: str | None = None
    if radio_at is not None and radio_at + 1 < len(par):
        auth, cipher = _after(par, radio_at)
    else:  # no radio-type line: the first value that names a security, and the next line
        for i, ln in enumerate(par):
            if i > ssid_at and security_from_text(ln.value) not in (None, "open"):
                auth = ln.value
                cipher = par[i + 1].value if i + 1 < len(par) else None
                break
    security = _security(auth, cipher, _akm_line(par), _rest(par, radio_at, ssid))
    if state_value in _CONNECTING:
        return WifiReading(
            interface=name,
            interface_id=guid,
            source="netsh",
            reason="Wi-Fi was still connecting",
            ssid=ssid,
        )
    return WifiReading(
        "connected",
        ssid,
        security,
        None if security != "unknown" else "netsh did not show the security in use",
        interface=name,
        interface_id=guid,
        cipher=_cipher(cipher or "") if cipher is not None else None,
        source="netsh",
    )


def parse_netsh_interfaces(text: str) -> list[WifiReading]:
    """One reading per interface listed, in order."""
    return [_read_interface(p) for p in _paragraphs(clean_text(text)) if _is_interface(p)]


def location_blocked(text: str) -> bool:
    body = clean_text(text)
    return any(marker.casefold() in body.casefold() for marker in LOCATION_MARKERS)


def parse_netsh(text: str) -> WifiReading:
    """The connected interface's reading (the first one); else what the interfaces say."""
    body = clean_text(text)
    readings = parse_netsh_interfaces(body)
    blocked = location_blocked(body)
    connected = [r for r in readings if r.state == "connected"]
    if connected:
        best = connected[0]
        if best.security == "unknown" and blocked:
            return _permission(best)
        return best
    if blocked:
        return _permission(None)
    if readings and all(r.state == "disconnected" for r in readings):
        return readings[0]
    if readings:
        return readings[0]
    if re.search(r"wlansvc", body, re.IGNORECASE):
        return unknown("the Windows Wi-Fi service (WLAN AutoConfig) is not running", "netsh")
    folded = fold(body)
    if any(phrase in folded for phrase in _NO_INTERFACE):
        # Windows says outright that it has no Wi-Fi adapter: no Wi-Fi link can exist.
        return WifiReading(
            "disconnected",
            reason="this computer has no Wi-Fi adapter",
            source="netsh",
            situation="no_wifi",
        )
    first = body.strip().split("\n")[0][:120] if body.strip() else ""
    return unknown(
        f"netsh could not answer: {first}" if first else "netsh printed nothing", "netsh"
    )


def _permission(base: WifiReading | None) -> WifiReading:
    return WifiReading(
        state=base.state if base else "unknown",
        ssid=base.ssid if base else None,
        reason="Windows shares Wi-Fi details only with Location permission turned on",
        interface=base.interface if base else None,
        interface_id=base.interface_id if base else None,
        source="netsh",
        situation=PERMISSION,
    )


# ---------------------------------------------------------------------------------------- tools

TOOL_TIMEOUT = 3.0

# Exit code 1 comes with Location permission's refusal, which the parser explains.
TOOLS = ToolTable[WifiReading](
    ToolSpec(
        "netsh",
        ("netsh", "wlan", "show", "interfaces"),
        parse_netsh,
        TOOL_TIMEOUT,
        ok_codes=(0, 1),
    ),
)


# ------------------------------------------------------------------------------ asking Windows


def console_encoding() -> str:  # pragma: no cover - Windows only
    """The code page netsh writes in (the console's, else the OEM one)."""
    if sys.platform != "win32":
        return "utf-8"
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    page = int(kernel32.GetConsoleOutputCP()) or int(kernel32.GetOEMCP())
    return "utf-8" if page == 65001 else f"cp{page}"


def read(budget: Budget) -> list[WifiReading]:
    """Every Wi-Fi interface's reading; Native Wifi API first, netsh when it fails."""
    from safe_session.probes.wifi import windows_wlanapi

    reasons: list[str] = []
    try:
        readings = windows_wlanapi.query()
        if readings:
            return readings
        reasons.append("Windows lists no Wi-Fi interface")
    except Unavailable as exc:
        reasons.append(exc.reason)
    spec = TOOLS["netsh"]
    try:
        out = spec.run(budget.timeout(spec.timeout), encoding=console_encoding())
    except Unavailable as exc:
        raise Unavailable("; ".join([*reasons, exc.reason]), exc.situation) from None
    if "wlansvc" in out.stdout.casefold():
        raise Unavailable("the Windows Wi-Fi service is not running: no Wi-Fi in use", "no_wifi")
    readings = netsh_readings(out.stdout)
    if not readings and spec.parse(out.stdout).situation == "no_wifi":
        raise Unavailable("this computer has no Wi-Fi adapter", "no_wifi")
    if not readings:
        first = out.stdout.strip().split("\n")[0][:120] or out.stderr.strip()[:120]
        raise Unavailable("; ".join([*reasons, f"netsh could not answer: {first}"]), "tool_failed")
    return readings


def netsh_readings(text: str) -> list[WifiReading]:
    """Every interface netsh lists, each with Location permission's refusal where it applies."""
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
