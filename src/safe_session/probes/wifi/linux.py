"""Wi-Fi on Linux: pure parsers for nmcli, wpa_cli, iw and iwconfig, the table of those tools,
and asking them in turn (nmcli, then wpa_cli, iw and iwconfig).

Only nmcli and wpa_cli can tell a link's security. `iw` and `iwconfig` tell whether the link is
up and its name; "Encryption key:off" from iwconfig is no evidence of an open network on modern
drivers, so their security is always "unknown". Every tool runs through the runner with a
timeout; what each could not tell is kept, so the final "unknown" says why.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from msgspec.structs import replace

from safe_session.probes.base import Unavailable
from safe_session.probes.tools import Budget, ToolSpec, ToolTable
from safe_session.probes.wifi.reading import (
    MAC_LIKE,
    Security,
    WifiReading,
    best_of,
    clean_text,
    decode_escapes,
    unknown,
)

# ---------------------------------------------------------------------------------------- nmcli

# Values that mark the row in use: `*` (IN-USE), or yes in older ACTIVE columns (translated in
# table mode, so the common languages are here too).
_IN_USE_YES = frozenset(
    {"*", "yes", "ja", "oui", "sí", "si", "sim", "да", "tak", "ano", "igen", "evet", "kyllä"}
    | {"是", "はい", "예", "ναι", "так", "jah", "jā", "taip", "da"}
)
_IN_USE_NO = frozenset(
    {"", "no", "nein", "non", "não", "nao", "нет", "nie", "ne", "nem", "hayır", "ei", "nej"}
    | {"否", "いいえ", "아니요", "όχι", "ні", "nee", "ne"}
)
_MODES = frozenset({"infra", "ad-hoc", "mesh", "n/a", "infrastructure", "adhoc", "ap"})
# The patterns here are strings: `re` compiles each one the first time a parser uses it and keeps
# it, so a run pays only for the outputs it reads (a computer on a cable reads none).
_NMCLI_SECURITY_TOKEN = r"^(WPA[123]?|WEP|802\.1X|OWE(-TM)?|--)$"
_BARS = r"^[▂▄▆█_*]{1,4}$"
_RATE = r"(?i)^\d+(\.\d+)?\s*\S*bit/s$"
_NUMBER = r"^\d+(\.\d+)?$"
_FREQ = r"(?i)^\d+\s*MHz$"
# `-f ALL` adds a NAME column (AP[1], AP[2]...) before the SSID, and a D-Bus path.
_AP_NAME = r"^AP\[\d+\]$|^/org/freedesktop/"

_HEADER_ROLES = {
    "IN-USE": "in_use",
    "*": "in_use",
    "ACTIVE": "in_use",
    "ACTIVO": "in_use",
    "AKTIV": "in_use",
    "SSID": "ssid",
    "SECURITY": "security",
    "BSSID": "bssid",
    "DEVICE": "device",
}


def nmcli_security(value: str) -> Security:
    """nmcli's security column: empty or `--` is open; `WPA1 WPA2`, `WPA2 WPA3`,
    `WPA2 802.1X`, `OWE`, `WEP` as listed (the strongest offered is what is used)."""
    tokens = value.split()
    if not tokens or tokens == ["--"]:
        return "open"
    upper = {t.upper() for t in tokens}
    enterprise = "802.1X" in upper
    if "WPA3" in upper:
        return "wpa3-enterprise" if enterprise else "wpa3-personal"
    if "WPA2" in upper:
        return "wpa2-enterprise" if enterprise else "wpa2-personal"
    if "WPA1" in upper or "WPA" in upper:
        return "wpa-enterprise" if enterprise else "wpa-personal"
    if "OWE" in upper or "OWE-TM" in upper:
        return "owe"
    if "WEP" in upper or enterprise:  # 802.1X without WPA is dynamic WEP
        return "wep"
    return "unknown"


def _split_terse(line: str) -> list[str]:
    """Split one `nmcli -t` line on unescaped colons, undoing `\\:` and `\\\\`."""
    fields: list[str] = []
    cur: list[str] = []
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line):
            cur.append(line[i + 1])
            i += 2
            continue
        if ch == ":":
            fields.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    fields.append("".join(cur))
    return fields


def _width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _slice_columns(line: str, starts: Sequence[int], wide: bool = True) -> list[str]:
    """Cut a table row at the header's column starts, counted in screen cells as nmcli pads
    (or in characters, with `wide=False`, for versions that pad by character count)."""
    cells = ["" for _ in starts]
    col = 0
    pos = 0
    for ch in line:
        while col + 1 < len(starts) and pos >= starts[col + 1]:
            col += 1
        cells[col] += ch
        pos += _width(ch) if wide else 1
    return [c.strip() for c in cells]


def _is_security_value(value: str) -> bool:
    tokens = value.split()
    return all(re.match(_NMCLI_SECURITY_TOKEN, t.upper()) for t in tokens)


def _is_in_use_value(value: str) -> bool:
    return value.strip().casefold() in _IN_USE_YES | _IN_USE_NO


def _column_roles(rows: list[list[str]], headers: Sequence[str] | None) -> dict[str, int]:
    """Which column holds what: from English header names when there are any, else by what the
    values look like (a MAC, a mode, a rate, signal bars, security words, the in-use mark)."""
    roles: dict[str, int] = {}
    if headers:
        for index, name in enumerate(headers):
            role = _HEADER_ROLES.get(name.strip().upper())
            if role and role not in roles:
                roles[role] = index
        if "ssid" in roles and "security" in roles and "in_use" in roles:
            return roles
    width = max((len(r) for r in rows), default=0)
    columns = [[r[i] if i < len(r) else "" for r in rows] for i in range(width)]
    typed: set[int] = set()
    if "in_use" not in roles:
        for index, values in enumerate(columns):
            marks = [v.strip().casefold() for v in values]
            if not all(_is_in_use_value(v) for v in values):
                continue
            # A column of in-use marks; with nothing marked, only the first column counts.
            if any(m in _IN_USE_YES - {""} for m in marks) or index == 0:
                roles["in_use"] = index
                break
    if "in_use" in roles:
        typed.add(roles["in_use"])
    for index, values in enumerate(columns):
        if index in typed:
            continue
        stripped = [v.strip() for v in values]
        if all(re.match(MAC_LIKE, v) for v in stripped if v) and any(stripped):
            typed.add(index)
            roles.setdefault("bssid", index)
        elif any(stripped) and all(
            v.casefold() in _MODES
            or re.match(_BARS, v)
            or re.match(_RATE, v)
            or re.match(_NUMBER, v)
            or re.match(_FREQ, v)
            or re.match(_AP_NAME, v)
            for v in stripped
            if v
        ):
            typed.add(index)
    if "security" not in roles:
        candidates = [
            i
            for i, values in enumerate(columns)
            if i not in typed and all(_is_security_value(v) for v in values)
        ]
        with_words = [i for i in candidates if any(v.strip() for v in columns[i])]
        chosen = (with_words or candidates)[-1:] if candidates else []
        if chosen:
            roles["security"] = chosen[0]
            typed.add(chosen[0])
    else:
        typed.add(roles["security"])
    if "ssid" not in roles:
        rest = [i for i in range(width) if i not in typed and i not in roles.values()]
        if rest:
            roles["ssid"] = rest[0]
    return roles


def _looks_like_header(line: str) -> bool:
    words = line.split()
    if not words or re.match(MAC_LIKE, words[0]) or ":" in line:
        return False
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and line == line.upper() and ("SSID" in line or len(words) >= 3)


def parse_nmcli(text: str, fields: Sequence[str] | None = None) -> WifiReading:
    """`nmcli dev wifi list` as a table, or `nmcli -t dev wifi list` (optionally `-f FIELDS`,
    named in `fields`). The network in use is the row marked `*` (or `yes`)."""
    lines = [ln for ln in clean_text(text).split("\n") if ln.strip()]
    if not lines:
        return unknown("nmcli listed no Wi-Fi networks (Wi-Fi may be off)", "nmcli")
    if lines[0].lstrip().startswith("Error:") or lines[0].startswith("Warning:"):
        return unknown(f"nmcli could not list networks: {lines[0].strip()[:120]}", "nmcli")
    headers: list[str] | None = None
    rows: list[list[str]]
    if _looks_like_header(lines[0]) and not fields:
        header = lines[0]
        starts: list[int] = []
        pos = 0
        prev_space = True
        for ch in header:
            if not ch.isspace() and prev_space:
                starts.append(pos)
            prev_space = ch.isspace()
            pos += _width(ch)
        if not starts:
            return unknown("nmcli printed nothing that could be read", "nmcli")
        starts[0] = 0
        headers = _slice_columns(header, starts)
        rows = [_slice_columns(ln, starts) for ln in lines[1:]]
        if "SECURITY" in [h.upper() for h in headers]:
            at = [h.upper() for h in headers].index("SECURITY")
            rows = [
                row if _is_security_value(row[at]) else _slice_columns(ln, starts, wide=False)
                for row, ln in zip(rows, lines[1:], strict=True)
            ]
    else:
        rows = [_split_terse(ln) for ln in lines if ":" in ln]
        headers = [f.upper() for f in fields] if fields else _terse_default_headers(rows)
    if not rows:
        return unknown("nmcli listed no Wi-Fi networks (Wi-Fi may be off)", "nmcli")
    roles = _column_roles(rows, headers)
    if "in_use" not in roles:
        if all(len(r) == 1 for r in rows):
            return unknown("nmcli printed nothing that could be read", "nmcli")
        return unknown("nmcli's list does not mark which network is in use", "nmcli")
    in_use = [
        r
        for r in rows
        if roles["in_use"] < len(r) and r[roles["in_use"]].strip().casefold() in _IN_USE_YES
    ]
    if not in_use:
        return WifiReading(state="disconnected", source="nmcli", reason="no network is in use")
    row = in_use[0]
    ssid: str | None = None
    if "ssid" in roles and roles["ssid"] < len(row):
        ssid = row[roles["ssid"]]
        if headers is not None and ssid == "--" and not fields:
            ssid = None  # the table shows a hidden network's name as --
        ssid = ssid or None
    security: Security = "unknown"
    reason = None
    if "security" in roles and roles["security"] < len(row):
        value = row[roles["security"]]
        security = nmcli_security(value) if _is_security_value(value) else "unknown"
    if security == "unknown":
        reason = "nmcli did not show this network's security"
    return WifiReading("connected", ssid, security, reason, source="nmcli")


def _terse_default_headers(rows: list[list[str]]) -> list[str] | None:
    """The default `-t` columns of the nmcli versions in use (one layout per field count)."""
    if not rows:
        return None
    counts = {len(r) for r in rows}
    if len(counts) != 1:
        return None
    n = counts.pop()
    sample = rows[0]
    if n == 9 and re.match(MAC_LIKE, sample[1]):
        return ["IN-USE", "BSSID", "SSID", "MODE", "CHAN", "RATE", "SIGNAL", "BARS", "SECURITY"]
    if n == 8 and _is_in_use_value(sample[0]) and sample[2].casefold() in _MODES:
        return ["IN-USE", "SSID", "MODE", "CHAN", "RATE", "SIGNAL", "BARS", "SECURITY"]
    return None


def parse_nmcli_connectivity(text: str) -> bool | None:
    """`nmcli -t -f CONNECTIVITY general`: True for a captive portal NetworkManager already
    noticed, False when it has full access, None when it cannot say."""
    value = clean_text(text).strip().splitlines()[:1]
    word = value[0].strip().casefold() if value else ""
    if word == "portal":
        return True
    if word == "full":
        return False
    return None


# -------------------------------------------------------------------------------------- wpa_cli

_WPA_CONNECTING = {
    "AUTHENTICATING",
    "ASSOCIATING",
    "ASSOCIATED",
    "4WAY_HANDSHAKE",
    "GROUP_HANDSHAKE",
}
# DORMANT: disconnected and not trying to reconnect (wpa_supplicant's WPA_DORMANT).
_WPA_DOWN = {"DISCONNECTED", "INACTIVE", "SCANNING", "INTERFACE_DISABLED", "DORMANT"}


def wpa_key_mgmt_security(key_mgmt: str, pairwise: str = "") -> Security:
    """wpa_supplicant's key_mgmt names (wpa_key_mgmt_txt) to a security class."""
    k = key_mgmt.strip().upper()
    p = pairwise.strip().upper()
    if k in ("NONE", ""):
        if "WEP" in p:
            return "wep"
        return "open" if k == "NONE" else "unknown"
    if k == "OWE":
        return "owe"
    if "IEEE 802.1X (NO WPA)" in k:
        return "wep"
    if "SUITE-B-192" in k or ("SAE" in k and ("EAP" in k or "802.1X" in k)):
        return "wpa3-enterprise"
    if "SAE" in k or k == "DPP":
        return "wpa3-personal"
    enterprise = any(w in k for w in ("EAP", "802.1X", "FILS", "OSEN", "SUITE-B"))
    if k.startswith("WPA2") or k.startswith("FT") or k.startswith("FILS") or k == "OSEN":
        return "wpa2-enterprise" if enterprise else "wpa2-personal"
    if k.startswith("WPA"):  # WPA-PSK, WPA/IEEE 802.1X/EAP, WPA-NONE: the first WPA
        return "wpa-enterprise" if enterprise else "wpa-personal"
    return "unknown"


def parse_wpa_cli(text: str) -> WifiReading:
    """`wpa_cli status` (key=value lines; a "Selected interface" line may come first)."""
    values: dict[str, str] = {}
    interface = None
    for raw in clean_text(text).split("\n"):
        line = raw.strip()
        m = re.match(r"^Selected interface '(.*)'$", line)
        if m:
            interface = m.group(1)
            continue
        key, sep, value = raw.partition("=")
        if sep and key and key == key.strip() and key not in values:
            values[key] = value
    state = values.get("wpa_state", "").strip().upper()
    if not state:
        first = clean_text(text).strip().split("\n")[0][:120]
        reason = "wpa_cli did not say whether Wi-Fi is connected"
        if first and "=" not in first:
            reason = f"wpa_cli could not answer: {first}"
        return unknown(reason, "wpa_cli")
    if state in _WPA_DOWN:
        return WifiReading("disconnected", source="wpa_cli", interface=interface)
    if state != "COMPLETED":
        return WifiReading(
            source="wpa_cli",
            interface=interface,
            reason="Wi-Fi was still connecting"
            if state in _WPA_CONNECTING
            else f"wpa_cli reported an unexpected state ({state[:40]})",
        )
    ssid_raw = values.get("ssid")
    ssid = decode_escapes(ssid_raw, backslash_escapes=True) if ssid_raw else None
    pairwise = values.get("pairwise_cipher", "")
    security = wpa_key_mgmt_security(values.get("key_mgmt", ""), pairwise)
    return WifiReading(
        "connected",
        ssid or None,
        security,
        None if security != "unknown" else "wpa_cli did not show the security in use",
        interface=interface,
        cipher=pairwise.strip().upper() or None,
        source="wpa_cli",
    )


# ------------------------------------------------------------------------------------------- iw

_NO_SECURITY_IW = "iw does not show a network's security"


def parse_iw(text: str) -> WifiReading:
    """`iw dev IF link` (or `iw dev`): whether the link is up and its name; never the
    security."""
    body = clean_text(text)
    if re.search(r"^\s*Not connected\.?\s*$", body, re.MULTILINE):
        return WifiReading("disconnected", source="iw")
    connected = re.search(r"^\s*Connected to\s+(\S+)(?:\s+\(on\s+([^)]+)\))?", body, re.MULTILINE)
    ssid_match = re.search(r"^\s*SSID:\s?(.*)$", body, re.MULTILINE)
    if connected:
        ssid = decode_escapes(ssid_match.group(1)) if ssid_match else None
        return WifiReading(
            "connected",
            ssid or None,
            "unknown",
            _NO_SECURITY_IW,
            interface=connected.group(2),
            source="iw",
        )
    # `iw dev` lists interfaces; a managed one with an `ssid` line is associated.
    blocks = re.split(r"^\s*Interface\s+", body, flags=re.MULTILINE)[1:]
    if blocks:
        for block in blocks:
            name = block.split("\n", 1)[0].strip()
            m = re.search(r"^\s*ssid\s(.*)$", block, re.MULTILINE)
            if m and re.search(r"^\s*type managed", block, re.MULTILINE):
                return WifiReading(
                    "connected",
                    decode_escapes(m.group(1)) or None,
                    "unknown",
                    _NO_SECURITY_IW,
                    interface=name,
                    source="iw",
                )
        if any(re.search(r"^\s*type managed", b, re.MULTILINE) for b in blocks):
            return WifiReading("disconnected", source="iw")
    if re.search(r"^\s*Authenticated with", body, re.MULTILINE):
        return unknown("Wi-Fi was still connecting", "iw")
    first = body.strip().split("\n")[0][:120] if body.strip() else ""
    return unknown(f"iw could not answer: {first}" if first else "iw printed nothing", "iw")


# ------------------------------------------------------------------------------------- iwconfig

_NOT_ASSOCIATED = r"(?i)Access Point:\s*(Not-Associated|Invalid|00:00:00:00:00:00)"
_ESSID = r'(?m)ESSID:"(.*?)"(?=\s{2,}|\s*$|\s+Nickname:)'


def parse_iwconfig(text: str) -> WifiReading:
    """`iwconfig [IF]`: one block per interface; the first associated wireless one wins."""
    body = clean_text(text)
    blocks: list[tuple[str, str]] = []
    for line in body.split("\n"):
        if line and not line[0].isspace():
            name, _, rest = line.partition(" ")
            blocks.append((name, rest))
        elif blocks:
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + "\n" + line)
    wireless = [
        (name, block)
        for name, block in blocks
        if "no wireless extensions" not in block and ("ESSID" in block or "IEEE" in block)
    ]
    if not wireless:
        return unknown("iwconfig shows no Wi-Fi interface", "iwconfig")
    for name, block in wireless:
        if re.search(_NOT_ASSOCIATED, block) or re.search(r"ESSID:\s*off/any", block):
            continue
        ap = re.search(r"Access Point:\s*([0-9A-Fa-f:]{17})", block)
        essid = re.search(_ESSID, block)
        if ap or essid:
            return WifiReading(
                "connected",
                decode_escapes(essid.group(1)) if essid and essid.group(1) else None,
                "unknown",
                "iwconfig cannot show a network's security",
                interface=name,
                source="iwconfig",
            )
    return WifiReading("disconnected", source="iwconfig", interface=wireless[0][0])


def parse_proc_net_wireless(text: str) -> tuple[str, ...]:
    """Interface names listed in /proc/net/wireless: the wireless ones, nothing about links."""
    names = []
    for line in clean_text(text).split("\n")[2:]:
        name, sep, _ = line.partition(":")
        if sep and name.strip():
            names.append(name.strip())
    return tuple(names)


# ---------------------------------------------------------------------------------------- tools

TOOL_TIMEOUT = 3.0
NMCLI_FIELDS = ("IN-USE", "SSID", "SECURITY")
NMCLI_OLD_FIELDS = ("ACTIVE", "SSID", "SECURITY")


def parse_nmcli_in_use(text: str) -> WifiReading:
    """`nmcli -t -f IN-USE,SSID,SECURITY device wifi list`, as the probe asks for it."""
    return parse_nmcli(text, NMCLI_FIELDS)


def parse_nmcli_active(text: str) -> WifiReading:
    """The same from an older nmcli, which has no IN-USE field (and no --rescan option)."""
    return parse_nmcli(text, NMCLI_OLD_FIELDS)


_LIST_ON = ("device", "wifi", "list", "ifname", "{iface}")
# `nmcli` is the contract's name for any `nmcli device wifi list` output (a table, or `-t`);
# the probe asks for the fields it reads, in the terse form.
TOOLS = ToolTable[WifiReading](
    ToolSpec("nmcli", ("nmcli", "device", "wifi", "list"), parse_nmcli, TOOL_TIMEOUT),
    ToolSpec(
        "nmcli-in-use",
        ("nmcli", "-t", "-f", ",".join(NMCLI_FIELDS), *_LIST_ON, "--rescan", "no"),
        parse_nmcli_in_use,
        TOOL_TIMEOUT,
    ),
    ToolSpec(
        "nmcli-active",
        ("nmcli", "-t", "-f", ",".join(NMCLI_OLD_FIELDS), *_LIST_ON),
        parse_nmcli_active,
        TOOL_TIMEOUT,
    ),
    ToolSpec("wpa_cli", ("wpa_cli", "-i", "{iface}", "status"), parse_wpa_cli, TOOL_TIMEOUT),
    ToolSpec("iw", ("iw", "dev", "{iface}", "link"), parse_iw, TOOL_TIMEOUT),
    ToolSpec("iwconfig", ("iwconfig", "{iface}"), parse_iwconfig, TOOL_TIMEOUT),
)
# Not a reading: whether NetworkManager already noticed a captive portal.
CONNECTIVITY = ToolSpec(
    "nmcli-connectivity",
    ("nmcli", "-t", "-f", "CONNECTIVITY", "general"),
    parse_nmcli_connectivity,
    TOOL_TIMEOUT,
)


# ------------------------------------------------------------------------------ asking the tools


def wireless_interfaces(
    sys_root: Path = Path("/sys"), proc_root: Path = Path("/proc")
) -> tuple[str, ...] | None:
    """Wi-Fi interfaces as the kernel lists them (sysfs `wireless`/`phy80211`, /proc); None
    when neither list could be read: then which interfaces are Wi-Fi is not known."""
    names: set[str] = set()
    read = False
    net = sys_root / "class" / "net"
    try:
        for entry in net.iterdir():
            if (entry / "wireless").exists() or (entry / "phy80211").exists():
                names.add(entry.name)
        read = True
    except OSError:
        pass
    with contextlib.suppress(OSError):
        names.update(parse_proc_net_wireless((proc_root / "net" / "wireless").read_text()))
        read = True
    return tuple(sorted(names)) if read else None


def _nmcli(iface: str, budget: Budget) -> WifiReading:
    spec = TOOLS["nmcli-in-use"]
    try:
        return spec.read(budget.timeout(spec.timeout), iface=iface)
    except Unavailable as exc:
        if exc.situation != "tool_failed" or "NetworkManager is not running" in exc.reason:
            raise
    older = TOOLS["nmcli-active"]
    return older.read(budget.timeout(older.timeout), iface=iface)


def _captive_portal(budget: Budget) -> bool | None:
    """NetworkManager's own connectivity state; this never sends a request itself."""
    try:
        return CONNECTIVITY.read(budget.timeout(CONNECTIVITY.timeout))
    except Unavailable:
        return None


def read(iface: str, budget: Budget) -> tuple[WifiReading, bool | None]:
    def tool(name: str) -> Callable[[], WifiReading]:
        spec = TOOLS[name]
        return lambda: spec.read(budget.timeout(spec.timeout), iface=iface)

    reading = best_of(
        [
            ("nmcli", lambda: _nmcli(iface, budget)),
            ("wpa_cli", tool("wpa_cli")),
            ("iw", tool("iw")),
            ("iwconfig", tool("iwconfig")),
        ]
    )
    captive = _captive_portal(budget) if reading.source == "nmcli" else None
    if reading.interface is None and iface:
        reading = replace(reading, interface=iface)
    return reading, captive
