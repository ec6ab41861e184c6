"""What an output device is, in the contract's words, and which one sound goes to.

Every per-tool parser (pactl, system_profiler, Windows endpoint lists, PortAudio's list) turns
its tool's output into `OutputDevice`s; `default_output` then picks the one the person hears,
and `HeadphonesFact` is what the headphones check judges.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import msgspec

from safe_session.probes.sources import Missing

Kind = Literal["headphones", "headset", "speakers", "hdmi", "unknown"]
Transport = Literal["bluetooth", "usb", "builtin", "hdmi", "unknown"]
# How the kind was judged, strongest first; shown in the report as evidence.
JudgedBy = Literal[
    "port type", "port name", "form factor", "output source", "icon", "transport", "name", "none"
]

PRIVATE_KINDS: frozenset[str] = frozenset({"headphones", "headset"})
PUBLIC_KINDS: frozenset[str] = frozenset({"speakers", "hdmi"})


@dataclass(frozen=True)
class OutputDevice:
    """One sound output. `is_default`/`active` are None when the tool does not say."""

    name: str
    is_default: bool | None
    active: bool | None
    kind: Kind
    transport: Transport
    id: str | None = None  # the system's own identifier (sink name, endpoint id), when known
    judged_by: JudgedBy = "none"

    @property
    def private(self) -> bool | None:
        """True for headphones or a headset, False for speakers or HDMI, None when unknown."""
        if self.kind in PRIVATE_KINDS:
            return True
        if self.kind in PUBLIC_KINDS:
            return False
        return None


def default_output(devices: Sequence[OutputDevice]) -> OutputDevice | None:
    """The output sound goes to: the one marked default, else the only active one, else the
    only one. When several could be it and the tool does not say which, None: guessing here
    would turn "we could not tell" into a finding."""
    marked = [d for d in devices if d.is_default]
    if len(marked) == 1:
        return marked[0]
    if len(marked) > 1:
        return None
    active = [d for d in devices if d.active]
    if len(active) == 1:
        return active[0]
    if len(devices) == 1:
        return devices[0]
    return None


def unmarked_is_unknown(devices: list[OutputDevice]) -> list[OutputDevice]:
    """A listing that marks no device as default does not say which is: None, not False."""
    if any(d.is_default for d in devices):
        return devices
    return [replace(d, is_default=None) for d in devices]


def mark_default(devices: list[OutputDevice], default_name: str | None) -> list[OutputDevice]:
    """Mark the device another source named as default. PortAudio's MME names are cut to 31
    characters, so a name that begins the same way counts; two candidates mark nothing."""
    if not default_name or not default_name.strip():
        return devices
    wanted = default_name.strip().casefold()
    hits = [d for d in devices if d.name.strip().casefold().startswith(wanted)]
    if len(hits) != 1:
        return devices
    return [replace(d, is_default=d is hits[0]) for d in devices]


class HeadphonesFact(msgspec.Struct, frozen=True):
    """The default output as the best available tool saw it, and what it was judged from."""

    default: OutputDevice | None
    outputs: tuple[OutputDevice, ...]
    source: str
    missing: tuple[Missing, ...] = ()  # a better source that did not answer, and why


def fact_from(devices: list[OutputDevice], source: str) -> HeadphonesFact:
    return HeadphonesFact(default_output(devices), tuple(devices), source)
