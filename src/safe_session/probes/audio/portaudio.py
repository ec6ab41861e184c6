"""PortAudio's device list (`python -m sounddevice`, or `sounddevice.query_devices()`): names
only, the last resort on every system when its own tools are not available.

In the printed list `>` marks the default input, `<` the default output, `*` both. Windows'
MME host API cuts names to 31 characters ("Speakers (Realtek High Definiti"), which the name
reader copes with; a name that says nothing ("default", "pulse") stays unknown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from safe_session.probes.audio.model import (
    HeadphonesFact,
    OutputDevice,
    fact_from,
    unmarked_is_unknown,
)
from safe_session.probes.audio.names import kind_from_name, transport_from_name
from safe_session.probes.tools import ToolSpec, ToolTable

_LINE = re.compile(
    r"^\s*(?:(?P<mark>[><*])\s*)?(?P<index>\d+)\s(?P<name>.*), (?P<api>[^,]*) "
    r"\((?P<ins>\d+) in, (?P<outs>\d+) out\)\s*$"
)


def _device(name: str, is_default: bool | None, index: int) -> OutputDevice:
    kind = kind_from_name(name)
    return OutputDevice(
        name=name,
        is_default=is_default,
        active=None,
        kind=kind,
        transport=transport_from_name(name),
        id=str(index),
        judged_by="name" if kind != "unknown" else "none",
    )


def parse_listing(text: str) -> list[OutputDevice]:
    out: list[OutputDevice] = []
    for line in text.splitlines():
        m = _LINE.match(line.rstrip("\r"))
        if not m or int(m.group("outs")) == 0:
            continue
        mark = m.group("mark")
        out.append(_device(m.group("name").strip(), mark in ("<", "*"), int(m.group("index"))))
    return unmarked_is_unknown(out)


def from_query(
    devices: Sequence[Mapping[str, Any]], default_output: int | None
) -> list[OutputDevice]:
    """`sounddevice.query_devices()` and `sounddevice.default.device[1]`."""
    out: list[OutputDevice] = []
    for index, info in enumerate(devices):
        outs = info.get("max_output_channels", 0)
        name = info.get("name", "")
        if not isinstance(outs, int) or outs <= 0 or not isinstance(name, str):
            continue
        known = default_output is not None and default_output >= 0
        out.append(_device(name, (index == default_output) if known else None, index))
    return out


# The probe asks PortAudio itself (`read`); the printed list is what the contract reads.
TOOLS = ToolTable[list[OutputDevice]](
    ToolSpec("sounddevice", ("python", "-m", "sounddevice"), parse_listing, 10.0),
)


def default_name() -> str | None:
    """The default output's name as PortAudio gives it."""
    from safe_session.probes.audio import soundcard  # PortAudio and numpy, only here

    with soundcard.portaudio() as sd:
        try:
            info = sd.query_devices(kind="output")
        except Exception:
            return None
        name = info.get("name") if isinstance(info, dict) else None
        return name if isinstance(name, str) else None


def read() -> HeadphonesFact:
    from safe_session.probes.audio import soundcard  # PortAudio and numpy, only here

    with soundcard.portaudio() as sd:
        try:
            listing = list(sd.query_devices())
            default = sd.default.device[1]
        except Exception as exc:
            raise soundcard.explain(exc, "speakers") from None
    index = default if isinstance(default, int) else None
    return fact_from(from_query(listing, index), "sounddevice")
