"""Sound on Windows: the default endpoint through Core Audio, else PowerShell's endpoint list,
and the parsers for Windows' views of audio endpoints.

- The Core Audio endpoint form factor (`PKEY_AudioEndpoint_FormFactor`): the system's own
  answer, read by `windows_coreaudio`; `from_endpoint` turns it into an `OutputDevice`.
- PowerShell `Get-PnpDevice -Class AudioEndpoint` (a table, or JSON from `ConvertTo-Json`):
  names and status only, inputs and outputs mixed, no default. An `InstanceId` of
  `SWD\\MMDEVAPI\\{0.0.0.…}` is an output, `{0.0.1.…}` an input.
- `Get-AudioDevice -List` from the AudioDeviceCmdlets module (three generations of field names).

Endpoint names are translated ("Haut-parleurs", "Kopfhörer") and may be the combined jack
("Speakers/Headphones"), which stays unknown.
"""

from __future__ import annotations

import json
import re
from typing import Any

from safe_session.probes.audio.model import (
    HeadphonesFact,
    JudgedBy,
    Kind,
    OutputDevice,
    Transport,
    fact_from,
    mark_default,
    unmarked_is_unknown,
)
from safe_session.probes.audio.names import is_input_name, kind_from_name, transport_from_name
from safe_session.probes.base import Unavailable
from safe_session.probes.tools import ToolSpec, ToolTable

# EndpointFormFactor (mmdeviceapi.h)
FORM_FACTORS: dict[int, Kind] = {
    1: "speakers",  # Speakers
    3: "headphones",  # Headphones
    5: "headset",  # Headset
    6: "headset",  # Handset
    9: "hdmi",  # DigitalAudioDisplayDevice
}
# 0 RemoteNetworkDevice, 2 LineLevel, 4 Microphone, 7 UnknownDigitalPassthrough, 8 SPDIF,
# 10 UnknownFormFactor: they do not say where the sound is heard.

_ENUMERATORS: dict[str, Transport] = {
    "BTHENUM": "bluetooth",
    "BTHHFENUM": "bluetooth",
    "BTHLEDEVICE": "bluetooth",
    "BTHLE": "bluetooth",
    "USB": "usb",
    "HDAUDIO": "builtin",
    "INTELAUDIO": "builtin",
    "ACPI": "builtin",
}
_FLOW = re.compile(r"\{0\.0\.([01])\.", re.IGNORECASE)


def _by_name(name: str) -> tuple[Kind, Transport, JudgedBy]:
    kind = kind_from_name(name)
    return kind, transport_from_name(name), "name" if kind != "unknown" else "none"


def from_endpoint(
    name: str,
    form_factor: int | None,
    enumerator: str | None,
    is_default: bool | None = True,
    active: bool | None = True,
    endpoint_id: str | None = None,
) -> OutputDevice:
    """An endpoint as Core Audio describes it: the form factor decides; the name only when the
    form factor says nothing."""
    kind, transport, how = _by_name(name)
    factor = FORM_FACTORS.get(form_factor) if form_factor is not None else None
    if factor is not None:
        kind, how = factor, "form factor"
    bus = _ENUMERATORS.get((enumerator or "").strip().upper())
    if kind == "hdmi":
        transport = "hdmi"
    elif bus is not None:
        transport = bus
    return OutputDevice(name, is_default, active, kind, transport, endpoint_id, how)


def _flow_is_output(instance_id: str) -> bool | None:
    match = _FLOW.search(instance_id)
    return None if match is None else match.group(1) == "0"


def _pnp_row(status: str, name: str, instance_id: str) -> OutputDevice | None:
    output = _flow_is_output(instance_id)
    if output is False or (output is None and is_input_name(name.split(" (")[0])):
        return None
    kind, transport, how = _by_name(name)
    return OutputDevice(
        name=name,
        is_default=None,
        active=status.strip().upper() == "OK" if status.strip() else None,
        kind=kind,
        transport=transport,
        id=instance_id or None,
        judged_by=how,
    )


def _columns(header: str, rule: str) -> list[tuple[str, int, int | None]]:
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
    cols: list[tuple[str, int, int | None]] = []
    for i, (start, _end) in enumerate(spans):
        stop = spans[i + 1][0] if i + 1 < len(spans) else None
        cols.append((header[start:stop].strip().lower(), start, stop))
    return cols


def parse_get_pnpdevice(text: str) -> list[OutputDevice]:
    """`Get-PnpDevice -Class AudioEndpoint` as a table (any column order, possibly without its
    header), or the same objects piped through `ConvertTo-Json`."""
    stripped = text.strip().lstrip("\ufeff")
    if stripped[:1] in "[{":
        return _pnp_json(stripped)
    if _LIST_FIELD.search(text):
        return _pnp_list(text)
    lines = text.splitlines()
    out: list[OutputDevice] = []
    cols: list[tuple[str, int, int | None]] = []
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if i + 1 < len(lines) and re.fullmatch(r"\s*-+(\s+-+)*\s*", lines[i + 1] or "x"):
            cols = _columns(line, lines[i + 1])
            continue
        if re.fullmatch(r"\s*-+(\s+-+)*\s*", line):
            continue
        row: dict[str, str] = {}
        if cols:
            for title, start, stop in cols:
                row[title] = line[start:stop].strip()
        else:
            m = re.match(r"^\s*(\S+)\s+AudioEndpoint\s+(.+?)\s*$", line)
            if not m:
                continue
            row = {"status": m.group(1), "class": "AudioEndpoint", "friendlyname": m.group(2)}
        if row.get("class", "AudioEndpoint").lower() != "audioendpoint":
            continue
        name = row.get("friendlyname") or row.get("name") or ""
        if not name:
            continue
        device = _pnp_row(row.get("status", ""), name, row.get("instanceid", ""))
        if device is not None:
            out.append(device)
    return out


# `Format-List` (or `Select-Object *`) prints one "Key : Value" line per property.
_LIST_FIELD = re.compile(r"(?im)^\s*FriendlyName\s+:")
_LIST_LINE = re.compile(r"^\s*([A-Za-z_]+)\s*:\s?(.*?)\s*$")


def _pnp_list(text: str) -> list[OutputDevice]:
    """`Get-PnpDevice -Class AudioEndpoint | Format-List`: blocks split by blank lines."""
    blocks: list[dict[str, str]] = [{}]
    for line in text.splitlines():
        m = _LIST_LINE.match(line)
        if m is None:
            if not line.strip() and blocks[-1]:
                blocks.append({})
            continue
        key = m.group(1).lower()
        if key in blocks[-1]:
            blocks.append({})
        blocks[-1][key] = m.group(2)
    out: list[OutputDevice] = []
    for block in blocks:
        name = block.get("friendlyname", "")
        if not name or block.get("class", "AudioEndpoint").lower() != "audioendpoint":
            continue
        device = _pnp_row(block.get("status", ""), name, block.get("instanceid", ""))
        if device is not None:
            out.append(device)
    return out


def _pnp_json(text: str) -> list[OutputDevice]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    items = data if isinstance(data, list) else [data]
    out: list[OutputDevice] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        name = _str(item.get("FriendlyName")) or _str(item.get("Name"))
        if not name or _str(item.get("Class") or "AudioEndpoint").lower() != "audioendpoint":
            continue
        device = _pnp_row(_str(item.get("Status")), name, _str(item.get("InstanceId")))
        if device is not None:
            out.append(device)
    return out


def _str(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def parse_get_audiodevice(text: str) -> list[OutputDevice]:
    """`Get-AudioDevice -List`: blocks of `Key : Value` lines separated by blank lines."""
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in text.splitlines():
        m = re.match(r"^\s*([A-Za-z]+)\s*:\s?(.*?)\s*$", line)
        if not m:
            if not line.strip() and current:
                blocks.append(current)
                current = {}
            continue
        key = m.group(1).lower()
        if key in current and key == "index":
            blocks.append(current)
            current = {}
        current[key] = m.group(2)
    if current:
        blocks.append(current)
    out: list[OutputDevice] = []
    for block in blocks:
        name = block.get("name", "")
        kind_of_flow = block.get("type", "").lower()
        flow = _flow_is_output(block.get("id", ""))
        if not name or kind_of_flow == "recording" or flow is False:
            continue
        if kind_of_flow != "playback" and flow is None:
            continue
        default_text = block.get("multimediadefault", block.get("default", ""))
        state = block.get("state", "")
        kind, transport, how = _by_name(name)
        out.append(
            OutputDevice(
                name=name,
                is_default=_bool(default_text),
                active=(state.lower() == "active") if state else None,
                kind=kind,
                transport=transport,
                id=block.get("id") or None,
                judged_by=how,
            )
        )
    return unmarked_is_unknown(out)


def _bool(text: str) -> bool | None:
    value = text.strip().lower()
    return True if value == "true" else False if value == "false" else None


# ---------------------------------------------------------------------------------------- tools

_POWERSHELL = ("powershell", "-NoProfile", "-NonInteractive", "-Command")
# UTF-8 so translated endpoint names survive the console's code page.
_PNP_COMMAND = (
    "[Console]::OutputEncoding = [Text.Encoding]::UTF8; "
    "Get-PnpDevice -Class AudioEndpoint | "
    "Select-Object Status,Class,FriendlyName,InstanceId | ConvertTo-Json -Compress"
)

# Get-AudioDevice comes from a module people install themselves: read, never run by the probe.
TOOLS = ToolTable[list[OutputDevice]](
    ToolSpec("get-pnpdevice", (*_POWERSHELL, _PNP_COMMAND), parse_get_pnpdevice, 10.0),
    ToolSpec(
        "get-audiodevice", (*_POWERSHELL, "Get-AudioDevice -List"), parse_get_audiodevice, 10.0
    ),
)


def read(reasons: list[str]) -> HeadphonesFact | None:
    from safe_session.probes.audio import portaudio, windows_coreaudio

    try:
        endpoint = windows_coreaudio.default_endpoint()
        device = from_endpoint(
            endpoint.name, endpoint.form_factor, endpoint.enumerator, endpoint_id=endpoint.id
        )
        return HeadphonesFact(device, (device,), "core-audio")
    except Unavailable as exc:
        if exc.situation == "no_output":
            raise
        reasons.append(exc.reason)
    except OSError as exc:
        reasons.append(f"Windows did not describe the sound output ({exc})")
    devices = TOOLS["get-pnpdevice"].read()
    try:
        devices = mark_default(devices, portaudio.default_name())
    except Unavailable as exc:
        reasons.append(exc.reason)
    return fact_from(devices, "get-pnpdevice")
