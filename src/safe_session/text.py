"""Making hostile strings inert before they reach a terminal.

SSIDs, process names, file names and profile text can carry escape sequences (colour, cursor
moves, OSC 52 clipboard writes), C0/C1 controls, bidi overrides and zero-width characters. A
name that is not valid UTF-8 arrives as bytes, or as text holding lone surrogates (Python's
`surrogateescape`), and printing that writes the raw byte back: 0x9b is a CSI to a terminal
that reads 8-bit controls. Everything shown goes through `inert` first, which turns all of
these into visible escapes; the JSON report carries such bytes as the same visible escapes.
"""

from __future__ import annotations

import re
from functools import cache

# One list of what is never shown raw, shared with the profile checks (`profile.validate`)
# and the TOML pre-scan (`data.toml_limits`): C0 and C1 controls and DEL; the Arabic letter
# mark, zero-width spaces, joiners and marks; line and paragraph separators; bidi embeddings,
# overrides and isolates; invisible operators; the zero-width no-break space (BOM); and lone
# surrogates (`\udc80`-`\udcff` stand for undecodable bytes).
UNSAFE_CHARACTERS = (
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\ud800-\udfff]"
)


@cache
def _hostile(one_line: bool) -> re.Pattern[str]:
    """Compiled on first use (about 0.4 ms each): a `--json` run shows nothing raw."""
    if one_line:
        return re.compile(UNSAFE_CHARACTERS)
    return re.compile(f"(?![\t\n]){UNSAFE_CHARACTERS}")  # tab and newline kept


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8: show the byte
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def as_text(value: object) -> str:
    """`value` as text: bytes decoded as UTF-8, each byte that is not kept as a lone surrogate
    (which `inert` shows as `\\xNN`)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "surrogateescape")
    return str(value)


def inert(value: object, *, one_line: bool = True) -> str:
    """Return `value` (text or bytes) as text that a terminal shows literally.

    Control, format and invisible characters and undecodable bytes become visible `\\xNN` /
    `\\uNNNN` escapes; with `one_line`, newlines and tabs too. The result is always valid
    Unicode (no lone surrogates). Markup characters are left alone: the UI never interprets
    markup and plain output has none.
    """
    return _hostile(one_line).sub(_escape, as_text(value))


def is_printable(value: str) -> bool:
    """True when `inert` would leave the string unchanged."""
    return not _hostile(True).search(value)


def undecodable_shown(value: str) -> str:
    """`value` with only its undecodable bytes (lone surrogates) made visible escapes: the
    JSON report's form, where other characters travel as exact data."""
    if not _SURROGATE.search(value):
        return value
    return _SURROGATE.sub(_escape, value)


_SURROGATE = re.compile("[\ud800-\udfff]")
