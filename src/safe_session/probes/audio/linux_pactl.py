"""Parsing PulseAudio's and PipeWire's `pactl list sinks` (text) and `pactl -f json list sinks`.

The kind of a sink is judged from what the sound server knows, strongest first: the active
port's type (`type: Headphones`), the active port's name (`analog-output-headphones`,
`headphone-output`, `[Out] Speaker`), `device.form_factor`, `device.icon_name`; the sink's
description is read only when all of those are silent. A Bluetooth sink is not headphones by
being Bluetooth: plenty of Bluetooth sinks are speakers, and their port and form factor say so.

The text form is localised (labels, port types and availability are translated), so the text
parser leans on what is not translated: indentation, property keys, port names and states.
The probe asks for the C locale anyway.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from safe_session.probes.audio.model import JudgedBy, Kind, OutputDevice, Transport
from safe_session.probes.audio.names import kind_from_name

# pa_device_port_type names as pactl prints them (C locale).
_PORT_TYPES: dict[str, Kind] = {
    "speaker": "speakers",
    "headphones": "headphones",
    "headset": "headset",
    "handset": "headset",
    "earpiece": "headphones",
    "hdmi": "hdmi",
    "tv": "hdmi",
    "car": "speakers",
    "hifi": "speakers",
    "portable": "speakers",
}
# Words in port names (not translated): ALSA mixer paths, bluez5 and UCM names.
_PORT_WORDS: dict[str, Kind] = {
    "speaker": "speakers",
    "speakers": "speakers",
    "headphone": "headphones",
    "headphones": "headphones",
    "earpiece": "headphones",
    "headset": "headset",
    "handset": "headset",
    "hdmi": "hdmi",
    "tv": "hdmi",
    "car": "speakers",
    "hifi": "speakers",
    "portable": "speakers",
}
# device.form_factor values (PulseAudio's proplist.h; PipeWire uses the same).
_FORM_FACTORS: dict[str, Kind] = {
    "speaker": "speakers",
    "headphone": "headphones",
    "headphones": "headphones",
    "headset": "headset",
    "handset": "headset",
    "tv": "hdmi",
    "car": "speakers",
    "hifi": "speakers",
    "portable": "speakers",
}
_ICONS: tuple[tuple[str, Kind], ...] = (
    ("audio-headset", "headset"),
    ("audio-headphones", "headphones"),
    ("audio-speakers", "speakers"),
    ("video-display", "hdmi"),
)
# IDLE: a stream is connected but nothing plays; that says nothing either way.
_STATES: dict[str, bool | None] = {"RUNNING": True, "IDLE": None, "SUSPENDED": False}


@dataclass
class _Port:
    name: str
    type: str = ""
    unavailable: bool = False


@dataclass
class _Sink:
    name: str = ""
    description: str = ""
    state: str = ""
    props: dict[str, str] = field(default_factory=dict)
    ports: list[_Port] = field(default_factory=list)
    active_port: str | None = None


def _words(text: str) -> set[str]:
    # letters only: UCM names number their ports ("[Out] HDMI1", "[Out] Speaker2")
    return set(re.findall(r"[a-z]+", text.lower()))


def _kind_of_port(port: _Port) -> tuple[Kind, JudgedBy]:
    by_type = _PORT_TYPES.get(port.type.strip().lower())
    if by_type is None and port.type.strip():
        translated = kind_from_name(port.type)  # "Typ: Kopfhörer", "type : Haut-parleur"
        by_type = translated if translated != "unknown" else None
    if by_type:
        return by_type, "port type"
    kinds = {_PORT_WORDS[w] for w in _words(port.name) if w in _PORT_WORDS}
    if len(kinds) == 1:
        return kinds.pop(), "port name"
    return "unknown", "none"  # several kinds in one port name is a combined port


def _judge(sink: _Sink) -> tuple[Kind, JudgedBy]:
    port = next((p for p in sink.ports if p.name == sink.active_port), None)
    if port is not None:
        kind, how = _kind_of_port(port)
        if kind != "unknown":
            return kind, how
    factor = _FORM_FACTORS.get(sink.props.get("device.form_factor", "").strip().lower())
    if factor:
        return factor, "form factor"
    icon = sink.props.get("device.icon_name", "").lower()
    for prefix, kind in _ICONS:
        if icon.startswith(prefix):
            return kind, "icon"
    named = kind_from_name(sink.description or sink.props.get("device.description", ""))
    if named != "unknown":
        return named, "name"
    return "unknown", "none"


def _transport(sink: _Sink, kind: Kind) -> Transport:
    props = sink.props
    bus = props.get("device.bus", "").lower()
    api = props.get("device.api", "").lower()
    name = sink.name.lower()
    if bus == "bluetooth" or api.startswith("bluez") or name.startswith(("bluez_", "bluez.")):
        return "bluetooth"
    if kind == "hdmi":
        return "hdmi"
    if bus == "usb" or name.startswith("alsa_output.usb-"):
        return "usb"
    if bus in ("pci", "platform", "isa") or props.get("device.form_factor") == "internal":
        return "builtin"
    if name.startswith("alsa_output.pci-") or name.startswith("alsa_output.platform-"):
        return "builtin"
    return "unknown"


def _device(sink: _Sink, default: str | None) -> OutputDevice:
    kind, how = _judge(sink)
    active = _STATES.get(sink.state.strip().upper())
    port = next((p for p in sink.ports if p.name == sink.active_port), None)
    if port is not None and port.unavailable:
        active = False  # its active port is unplugged: nothing is heard from it
    is_default = None if default is None else sink.name == default
    return OutputDevice(
        name=sink.description or sink.props.get("device.description", "") or sink.name,
        is_default=is_default,
        active=active,
        kind=kind,
        transport=_transport(sink, kind),
        id=sink.name or None,
        judged_by=how,
    )


# --- text ------------------------------------------------------------------------------------

# A block's first line: "Sink #3" and its translations ("Ziel #3", "Аудиоприёмник №3",
# "Cíl č. 3", "Rinktuvas Nr.3", and "3. odpływ" in Polish and Hungarian).
# The patterns are strings: `re` compiles each on first use, so reading the JSON listing, as
# PulseAudio and PipeWire 16 and later allow, never pays for the text form's patterns.
_HEADER = r"^\s*[^\s:：=\"][^:：=]*(?:#|№|č\.|Nr\.)\s*\d+\s*$|^\s*\d+\.\s+\w+\s*$"
_PROP = r'^([A-Za-z0-9_.\-:]+)\s*=\s*"(.*)"\s*$'
# `pactl info`'s "Default Sink:" line, in the languages pactl is translated into.
_DEFAULT_SINK_LABELS = (
    "Default Sink",
    "Standard-Ziel",
    "Destination par défaut",
    "Destino por defecto",
    "Destino padrão",
    "Destino predeterminado",
    "Sink predefinito",
    "Standaardafvoer",
    "Standard sink",
    "Standardsluk",
    "Förvald mottagare",
    "Oletusnielu",
    "Domyślny odpływ",
    "Výchozí cíl",
    "Predvolený cieľ",
    "Alapértelmezett nyelő",
    "Zadani slivnik",
    "Numatytasis rinktuvas",
    "Öntanımlı Alıcı",
    "Muara Baku",
    "Conducte per defecte",
    "Depósito predefinido",
    "Προεπιλεγμένος δέκτης",
    "Аудиоприёмник по умолчанию",
    "Типовий приймач",
    "Агаданы прыёмнік",
    "デフォルトシンク",
    "기본 싱크",
    "默认音频入口",
    "預設 Sink",
)
_DEFAULT_SINK = (
    r"(?m)^(?:" + "|".join(map(re.escape, _DEFAULT_SINK_LABELS)) + r")\s*[:：]\s*(\S+)\s*$"
)
# "not available" as pactl's translations print it (the probe asks for the C locale anyway).
_UNAVAILABLE = (
    "not available",
    "nicht verfügbar",
    "non disponible",
    "no disponible",
    "non disponibile",
    "não disponível",
    "indisponível",
    "niet beschikbaar",
    "niedostępny",
    "niedostępne",
    "není k dispozici",
    "inte tillgänglig",
    "ikke tilgjengelig",
    "ikke tilgængelig",
    "ei saatavilla",
    "недоступно",
    "недоступен",
    "недоступний",
    "利用不可",
    "使用不可",
    "不可用",
    "無法使用",
    "사용할 수 없음",
    "nedostupno",
    "nem érhető el",
    "tidak tersedia",
    "ikkje tilgjengeleg",
    "non dispoñíbel",
    "ei käytettävissä",
    "kullanılabilir değil",
    "nedisponebla",
    "לא זמין",
)
# The "type:" label of a port line, translated.
_TYPE_LABELS = (
    "type",
    "typ",
    "tipo",
    "tyyppi",
    "típus",
    "τύπος",
    "тип",
    "类型",
    "類型",
    "タイプ",
    "유형",
)


def _indent(line: str) -> int:
    """Depth of a line: tabs count one level each; PulseAudio's old space layout uses 4."""
    stripped = line.lstrip("\t")
    tabs = len(line) - len(stripped)
    spaces = len(stripped) - len(stripped.lstrip(" "))
    return tabs + spaces // 4


def _leading_spaces(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _depth_reader(lines: list[str]) -> Callable[[str], int]:
    """How deep a line sits. pactl indents with tabs; output pasted into a forum or an issue
    often has them turned into spaces (8, 4, 2...), and a pasted block may be indented as a
    whole. The step is then the smallest indent under the block headers."""
    if any(line.lstrip(" ").startswith("\t") for line in lines):
        return _indent
    heads = [_leading_spaces(line) for line in lines if re.match(_HEADER, line)]
    base = min(heads) if heads else 0
    steps = [
        _leading_spaces(line) - base
        for line in lines
        if line.strip() and _leading_spaces(line) > base and not re.match(_HEADER, line)
    ]
    step = min(steps) if steps else 4
    return lambda line: max(0, _leading_spaces(line) - base) // step


def _label_value(body: str) -> tuple[str, str, str]:
    """ "Name: x", "Description\xa0: x" (French), "描述：x" (Chinese, a full-width colon)."""
    colon = min((i for i in (body.find(":"), body.find("：")) if i >= 0), default=-1)
    if colon < 0:
        return body, "", ""
    return body[:colon], body[colon], body[colon + 1 :]


def _parse_port(text: str) -> _Port | None:
    # "name: Description (type: X, priority: N, available)"; UCM names have spaces
    # (no regular expression: text from the system must never cost quadratic time)
    name, sep, rest = text.partition(": ")
    if not sep or not name.strip() or " = " in text:
        return None
    rest = rest.rstrip()
    # the details are in the last parentheses ("Digital Output (S/PDIF) (type: SPDIF, ...)")
    opening = rest.rfind(" (")
    extra = rest[opening + 2 : -1] if opening >= 0 and rest.endswith(")") else ""
    parts = [p.strip() for p in extra.split(",")]
    port_type = ""
    for part in parts:
        key, sep, value = part.partition(":")
        if sep and key.strip().lower() in _TYPE_LABELS:
            port_type = value.strip()
    unavailable = any(
        p.lower() in _UNAVAILABLE or p.lower().startswith("not available") for p in parts
    )
    return _Port(name, port_type, unavailable)


def parse_text(text: str) -> list[OutputDevice]:
    """`pactl list sinks` in any locale. A `Default Sink:` line (from `pactl info`) is used
    when present; without it, no sink is marked default."""
    default_match = re.search(_DEFAULT_SINK, text)
    default = default_match.group(1) if default_match else None
    sinks: list[tuple[_Sink, list[tuple[str, str]]]] = []
    current: _Sink | None = None
    fields: list[tuple[str, str]] = []
    section = ""
    lines = text.splitlines()
    depth_of = _depth_reader(lines)
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            continue
        if re.match(_HEADER, line):
            # `pactl list` (without "sinks") also prints sources, cards, modules: skip those
            skip = (
                line.strip()
                .lower()
                .startswith(("sink input", "source", "card", "module", "client", "sample"))
            )
            current, fields, section = (None, [], "") if skip else (_Sink(), [], "")
            if current is not None:
                sinks.append((current, fields))
            continue
        if current is None:
            continue
        depth = depth_of(line)
        body = line.strip()
        if depth <= 1:
            label, sep, value = _label_value(body)
            label, value = label.strip().lower(), value.strip()
            section = label if sep and not value else ""
            if not sep or not value:
                continue
            fields.append((label, value))
            if value.upper() in _STATES:
                current.state = value.upper()
            elif label == "name":
                current.name = value
            elif label == "description":
                current.description = value
            elif label == "active port":
                current.active_port = value
            continue
        prop = re.match(_PROP, body)
        if prop:
            current.props[prop.group(1)] = prop.group(2)
        elif depth == 2 and section not in _NOT_PORT_SECTIONS:
            port = _parse_port(body)
            if port is not None:
                current.ports.append(port)
    out: list[OutputDevice] = []
    for sink, sink_fields in sinks:
        _fill_untranslated(sink, sink_fields)
        if _is_sink(sink):
            out.append(_device(sink, default))
    return out


# Blocks of a translated `pactl list` that are not sinks, recognised by their names.
_NOT_SINK_PREFIXES = (
    "alsa_input.",
    "bluez_input.",
    "bluez_source.",
    "alsa_card.",
    "bluez_card.",
    "module-",
)


def _is_sink(sink: _Sink) -> bool:
    if not sink.name:
        return "device.description" in sink.props
    return not (sink.name.endswith(".monitor") or sink.name.startswith(_NOT_SINK_PREFIXES))


_NOT_PORT_SECTIONS = ("properties", "formats", "volume", "base volume")


def _fill_untranslated(sink: _Sink, fields: list[tuple[str, str]]) -> None:
    """Labels are translated in other locales; find the values by what they look like."""
    port_names = {p.name for p in sink.ports}
    if sink.active_port is None:
        # the active port is the one first-level value that names a listed port
        sink.active_port = next((v for _, v in fields if v in port_names), None)
    if not sink.name:
        monitor = next((v for _, v in fields if v.endswith(".monitor") and " " not in v), "")
        sink.name = monitor.removesuffix(".monitor")
    if not sink.description:
        sink.description = sink.props.get("device.description", "")


# --- JSON ------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def parse_json(text: str, default: str | None = None) -> list[OutputDevice]:
    """`pactl -f json list sinks`. Not JSON, or not a list of sinks: an empty list."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    if not isinstance(data, list):
        return []
    out: list[OutputDevice] = []
    for item in data:
        if not isinstance(item, dict):
            continue
        props_raw = item.get("properties")
        props = (
            {str(k): _text(v) for k, v in props_raw.items()} if isinstance(props_raw, dict) else {}
        )
        ports: list[_Port] = []
        ports_raw = item.get("ports")
        for p in ports_raw if isinstance(ports_raw, list) else []:
            if isinstance(p, dict):
                # "availability" in pactl's JSON; older wrappers say "available": "no"
                availability = _text(p.get("availability")).lower()
                unplugged = availability in _UNAVAILABLE or _text(p.get("available")) == "no"
                ports.append(_Port(_text(p.get("name")), _text(p.get("type")), unplugged))
        sink = _Sink(
            name=_text(item.get("name")),
            description=_text(item.get("description")) or props.get("device.description", ""),
            state=_text(item.get("state")),
            props=props,
            ports=ports,
            active_port=_text(item.get("active_port")) or None,
        )
        out.append(_device(sink, default))
    return out


def with_default_sink(devices: list[OutputDevice], default: str | None) -> list[OutputDevice]:
    """The sinks with the one named `default` marked, as `parse_json(text, default)` gives
    them; with no default named, they stay as they are."""
    if default is None:
        return devices
    return [replace(d, is_default=(d.id or "") == default) for d in devices]


def parse_default_sink(text: str) -> str | None:
    """`pactl get-default-sink` (just the name) or `pactl info` (a `Default Sink:` line)."""
    match = re.search(_DEFAULT_SINK, text)
    if match:
        return match.group(1)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) == 1 and " " not in lines[0] and ":" not in lines[0]:
        return lines[0]
    return None
