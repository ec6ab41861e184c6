"""Sound on macOS: `system_profiler SPAudioDataType`, as JSON (`-json`, asked first) and as
text, its table and its parsers.

macOS lists one physical device twice when it has an input and an output (two blocks with the
same name); only output blocks are kept. The output source says what the built-in output is
playing through ("Internal Speakers", "Headphones"); wired headphones show `Transport:
Built-in`, so transport alone never means speakers. JSON keys and values are the same in every
language; the text form is translated, so the JSON form is asked for first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from safe_session.probes.audio.model import (
    HeadphonesFact,
    JudgedBy,
    Kind,
    OutputDevice,
    Transport,
    fact_from,
    unmarked_is_unknown,
)
from safe_session.probes.audio.names import kind_from_name, normalise, transport_from_name
from safe_session.probes.base import Unavailable
from safe_session.probes.tools import ToolSpec, ToolTable

_TRANSPORTS: dict[str, Transport] = {
    "builtin": "builtin",
    "built-in": "builtin",
    "usb": "usb",
    "bluetooth": "bluetooth",
    "bluetooth_le": "bluetooth",
    "bluetoothle": "bluetooth",
    "bluetooth le": "bluetooth",
    "hdmi": "hdmi",
    "displayport": "hdmi",
    "display_port": "hdmi",
}
_PLACEHOLDERS = {"", "default", "spaudio_default", "unknown"}


def _transport(raw: str) -> Transport:
    key = raw.strip().lower().removeprefix("coreaudio_device_type_")
    return _TRANSPORTS.get(key, "unknown")


def _device(
    name: str, source: str, transport_raw: str, is_default: bool, outputs: bool
) -> OutputDevice | None:
    if not outputs:
        return None
    transport = _transport(transport_raw)
    kind: Kind = "unknown"
    how: JudgedBy = "none"
    if source.strip().lower() not in _PLACEHOLDERS and source.strip() != name.strip():
        kind = kind_from_name(source)
        how = "output source" if kind != "unknown" else "none"
    if kind == "unknown":
        kind = kind_from_name(name)
        how = "name" if kind != "unknown" else "none"
    if kind == "unknown" and transport == "hdmi":
        kind, how = "hdmi", "transport"
    if transport == "unknown":
        transport = transport_from_name(name)
    return OutputDevice(
        name=name.strip(),
        is_default=is_default,
        active=None,
        kind=kind,
        transport=transport,
        judged_by=how,
    )


# --- JSON ------------------------------------------------------------------------------------


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every device dictionary, however deep the `_items` nesting (older macOS adds a level)."""
    if isinstance(node, dict):
        if any(str(k).startswith("coreaudio_") for k in node) and "_name" in node:
            yield node
        for value in node.values():
            if isinstance(value, list | dict):
                yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def parse_json(text: str) -> list[OutputDevice]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    out: list[OutputDevice] = []
    for item in _walk(data.get("SPAudioDataType", data) if isinstance(data, dict) else data):
        name = item.get("_name")
        if not isinstance(name, str):
            continue
        source = item.get("coreaudio_output_source")
        default = item.get("coreaudio_default_audio_output_device") == "spaudio_yes"
        outputs = (
            _count(item.get("coreaudio_device_output")) > 0
            or default
            or (isinstance(source, str) and "coreaudio_device_output" not in item)
        )
        transport = item.get("coreaudio_device_transport")
        device = _device(
            name,
            source if isinstance(source, str) else "",
            transport if isinstance(transport, str) else "",
            default,
            outputs,
        )
        if device is not None:
            out.append(device)
    return unmarked_is_unknown(out)


# --- text ------------------------------------------------------------------------------------
# system_profiler translates its labels and some values. English is what the fixtures show; the
# other words below are the usual macOS translations, matched loosely (accents removed, parts
# of words), so a translated label still says "output", "default" or "source".

_COLON = re.compile(r"[:：]")


def _key_value(line: str) -> tuple[str, str] | None:
    """("Transport", "Built-in") from "  Transport: Built-in" (French puts a space before the
    colon, Chinese and Japanese may use a full-width one). Read without a backtracking pattern:
    the text comes from the system and must never cost more than linear time."""
    colon = _COLON.search(line)
    if colon is None:
        return None
    key, value = line[: colon.start()].strip(), line[colon.end() :]
    if not key or not value[:1].isspace() or not value.strip():
        return None
    return key, value.strip()


def _header(line: str) -> str | None:
    """ "MacBook Pro Speakers" from "        MacBook Pro Speakers:"."""
    stripped = line.strip()
    if not stripped.endswith((":", "：")):
        return None
    name = stripped[:-1].strip()
    return name or None


_YES = {
    "yes",
    "oui",
    "ja",
    "si",
    "sim",
    "tak",
    "так",
    "da",
    "да",
    "ano",
    "igen",
    "ναι",
    "co",
    "כן",
    "نعم",
    "ใช",
    "はい",
    "是",
    "예",
    "evet",
    "kylla",
}
_OUTPUT = (
    "output",
    "sortie",
    "ausgang",
    "ausgabe",
    "salida",
    "uscita",
    "saida",
    "uitvoer",
    "uitgang",
    "utmatning",
    "utenhet",
    "ulostulo",
    "vystup",
    "kimenet",
    "utgang",
    "wyjsc",
    "выход",
    "вывод",
    "出力",
    "输出",
    "輸出",
    "출력",
)
_INPUT = (
    "input",
    "entree",
    "eingang",
    "eingabe",
    "entrada",
    "ingresso",
    "invoer",
    "ingang",
    "ingang",
    "wejsc",
    "вход",
    "ввод",
    "入力",
    "输入",
    "輸入",
    "입력",
)
_DEFAULT = (
    "default",
    "defaut",
    "standard",
    "predetermin",
    "predefinit",
    "padrao",
    "omision",
    "forvald",
    "oletus",
    "vychozi",
    "alapertelmezett",
    "standaard",
    "domysln",
    "умолчани",
    "デフォルト",
    "既定",
    "默认",
    "預設",
    "기본",
)
_SYSTEM = (
    "system",
    "systeme",
    "sistema",
    "systeem",
    "systemow",
    "систем",
    "システム",
    "系统",
    "系統",
    "시스템",
)
_SOURCE = (
    "source",
    "quelle",
    "fuente",
    "origen",
    "sorgente",
    "fonte",
    "origem",
    "bron",
    "kalla",
    "zrodlo",
    "источник",
    "ソース",
    "源",
    "소스",
)
_TRANSPORT = ("transport", "trasporto", "транспорт", "トランスポート", "传输", "傳輸", "전송")
_BUILT_IN = {
    "integre",
    "integriert",
    "integrado",
    "integrato",
    "embutido",
    "ingebouwd",
    "inbyggd",
    "wbudowany",
    "встроенный",
    "内蔵",
    "内置",
    "内建",
    "內建",
    "내장",
}


def _has(label: str, words: tuple[str, ...]) -> bool:
    return any(w in label for w in words)


def _read_block(keys: dict[str, str]) -> tuple[bool, bool, str, str]:
    """(has outputs, is the default output, output source, transport) from translated labels."""
    outputs = default = False
    source = transport = ""
    for label, value in keys.items():
        if _has(label, _TRANSPORT):
            transport = value
        elif _has(label, _OUTPUT) and not _has(label, _INPUT):
            if _has(label, _DEFAULT):
                if not _has(label, _SYSTEM) and normalise(value) in _YES:
                    default = True
                    outputs = True
            elif _has(label, _SOURCE):
                source, outputs = value, True
            else:
                outputs = True  # "Output Channels" and its translations
    if normalise(transport) in _BUILT_IN:
        transport = "built-in"
    return outputs, default, source, transport


def parse_text(text: str) -> list[OutputDevice]:
    """The text form, in any language; blank lines and indentation may vary (pasted output)."""
    blocks: list[tuple[str, dict[str, str]]] = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        pair = _key_value(raw)
        if pair and blocks:
            blocks[-1][1][normalise(pair[0])] = pair[1]
            continue
        header = _header(raw)
        if header:
            blocks.append((header, {}))
    out: list[OutputDevice] = []
    for name, keys in blocks:
        outputs, default, source, transport = _read_block(keys)
        device = _device(name, source, transport, default, outputs)
        if device is not None:
            out.append(device)
    return unmarked_is_unknown(out)


# ---------------------------------------------------------------------------------------- tools

TOOLS = ToolTable[list[OutputDevice]](
    ToolSpec(
        "system_profiler-json", ("system_profiler", "-json", "SPAudioDataType"), parse_json, 8.0
    ),
    ToolSpec("system_profiler", ("system_profiler", "SPAudioDataType"), parse_text, 8.0),
)


def read(reasons: list[str]) -> HeadphonesFact | None:
    as_json = TOOLS["system_profiler-json"]
    try:
        devices = as_json.read()
        if devices:
            return fact_from(devices, "system_profiler-json")
    except Unavailable as exc:
        if exc.situation == "missing_tool":
            raise
        reasons.append(exc.reason)  # macOS before 10.15 has no -json
    return fact_from(TOOLS["system_profiler"].read(), "system_profiler")
