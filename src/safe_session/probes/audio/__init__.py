"""Sound: where it goes (`output`, the headphones check), what the microphone hears in the room
(`ambient`) and whether it hears the speakers (`speaker_leak`).

`parse_output(tool, text)` is the contract's pure parser for every tool's output. Each system's
module (`linux`, `macos`, `windows`, and `portaudio` on any system) holds one table of its tools
(`TOOLS`: command, timeout, parser) and the way it asks them; `output.gather` tries this
system's, best first.
"""

from __future__ import annotations

from collections.abc import Mapping

from safe_session.probes.audio.model import Kind, OutputDevice, Transport, default_output
from safe_session.probes.tools import ToolLookup, ToolSpec

__all__ = [
    "TOOLS",
    "Kind",
    "OutputDevice",
    "Transport",
    "default_output",
    "parse_output",
]

# Every system's table of tools, by tool name; a system's module loads when first looked in.
TOOLS: Mapping[str, ToolSpec[list[OutputDevice]]] = ToolLookup(
    "audio", ("linux", "macos", "windows", "portaudio")
)


def parse_output(tool: str, text: str) -> list[OutputDevice]:
    """The output devices in `tool`'s output. Unknown tools raise ValueError; text that is not
    what the tool prints gives an empty list or unknown readings, never an exception. Windows
    line ends and a byte-order mark are fine; bytes are read as UTF-8."""
    spec = TOOLS.get(tool)
    if spec is None:
        raise ValueError(f"unknown tool {tool!r}; expected one of {', '.join(TOOLS)}")
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str):
        return []
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    # The same tool's other form, handed over under this name: JSON where text was announced,
    # or the reverse. The output itself says which it is.
    other = _OTHER_FORM.get(tool)
    if other is not None and (text.lstrip()[:1] in ("{", "[")) != tool.endswith("-json"):
        spec = TOOLS[other]
    try:
        return spec.parse(text)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return []  # a safety net only: the tests feed each parser odd text directly


_OTHER_FORM = {
    "pactl": "pactl-json",
    "pactl-json": "pactl",
    "system_profiler": "system_profiler-json",
    "system_profiler-json": "system_profiler",
}
