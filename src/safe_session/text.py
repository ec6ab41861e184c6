"""Making hostile strings inert before they reach a terminal.

SSIDs, process names, file names and profile text can carry escape sequences (colour, cursor
moves, OSC 52 clipboard writes), C0/C1 controls and bidi overrides. Terminal output shows them as
visible escapes instead; the JSON report carries them as data.
"""

from __future__ import annotations

import re
import unicodedata

# C0 (except tab/newline handled by callers), DEL, C1, and the bidi/invisible format characters
# that can reorder or hide text on screen.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_HOSTILE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "\u200b-\u200d\u2028\u2029\ufeff]")
_HOSTILE_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI + "\u200b-\u200d\u2028\u2029\ufeff]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def inert(value: object, *, one_line: bool = True) -> str:
    """Return `value` as text that a terminal shows literally.

    Control and format characters become visible `\\xNN`/`\\uNNNN` escapes; with `one_line`,
    newlines and tabs too. Markup characters are left alone: the UI never interprets markup and
    plain output has none.
    """
    text = str(value)
    pattern = _HOSTILE_ONE_LINE if one_line else _HOSTILE
    return pattern.sub(_escape, text)


def is_printable(value: str) -> bool:
    """True when `inert` would leave the string unchanged."""
    return not _HOSTILE_ONE_LINE.search(value) and all(
        unicodedata.category(c) != "Cs" for c in value
    )
