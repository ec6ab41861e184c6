"""One corpus of hostile strings, reused wherever system or profile text reaches the person:
SSIDs, process names, device names, file names, URLs and profile text can all carry these."""

from __future__ import annotations

HOSTILE_STRINGS: tuple[str, ...] = (
    "[bold red]PWNED[/bold red]",  # Rich/Textual markup
    "[link=https://evil.example]click[/link]",
    "$(rm -rf ~)`id`",  # shell syntax: must never be run, just shown
    "Net\x1b[2J\x1b[H",  # ANSI: clear screen, cursor home
    "Net\x1b[31mred\x1b[0m",  # ANSI colour
    "Net\x1b]52;c;cm0gLXJmIC8=\x07",  # OSC 52: write to the clipboard
    "Net\x1b]0;title\x1b\\",  # OSC: set the window title
    "Net\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "Net\x9b2J\x9d0;c1\x9c",  # C1 controls (CSI, OSC, ST)
    "Net\x00\x07\x08\x7f",  # NUL, BEL, backspace, DEL
    "Net\u202eevil\u202c",  # bidi override
    "Net\u2066iso\u2069\u200b\ufeff",  # isolates, zero-width
    "line one\nline two\rcarriage",
    "Café 日本 🎧",  # ordinary non-ASCII text must survive untouched
)

# What the terminal must never receive raw from any of the above.
FORBIDDEN_IN_TERMINAL: tuple[str, ...] = (
    "\x1b",
    "\x9b",
    "\x9d",
    "\x9c",
    "\x07",
    "\x00",
    "\u202e",
    "\u2066",
)

# Names that are not valid UTF-8, as a file, process, device or network name can be: the
# system hands them over as bytes, or decoded with `surrogateescape` (HOSTILE_NAMES), and
# printing those writes the raw bytes back. 0x9b alone is CSI to a terminal reading 8-bit
# controls.
HOSTILE_BYTES: tuple[bytes, ...] = (
    b"\x9b31mred\x9b0m",  # 8-bit CSI: colour
    b"\xff\xfe name",  # never UTF-8 (a UTF-16 byte order mark)
    b"Net\x1b[2J\x9b2J",  # ESC and 8-bit CSI: clear the screen
    b"half \xc3( sequence",  # a broken two-byte sequence
    b"\xed\xa0\x80 surrogate",  # a surrogate written as UTF-8: invalid
    b"over\xc0\xaflong",  # an overlong slash
    b"\xc2\x9b2J valid C1",  # U+009B, valid UTF-8 for a C1 control
    b"\xe2\x80\xae evil",  # U+202E, valid UTF-8 for a bidi override
    b"Caf\xc3\xa9 \xe6\x97\xa5",  # ordinary UTF-8 must survive
)
HOSTILE_NAMES: tuple[str, ...] = tuple(b.decode("utf-8", "surrogateescape") for b in HOSTILE_BYTES)


def terminal_safe(out: bytes, encoding: str = "utf-8") -> str:
    """`out` (what a program wrote to a terminal) decoded, after asserting that it holds no
    byte that is not part of valid UTF-8 (or `encoding`), and no C0 (but tab and newline),
    DEL, C1, bidi or zero-width character."""
    text = out.decode(encoding)  # UTF-8 raises on a stray byte such as a raw 0x9b
    for ch in text:
        code = ord(ch)
        assert ch in "\t\n" or not (code < 0x20 or 0x7F <= code <= 0x9F), repr(ch)
        assert not 0x200B <= code <= 0x200F and not 0x202A <= code <= 0x202E, repr(ch)
        assert not 0x2066 <= code <= 0x2069 and code not in (0x061C, 0xFEFF), repr(ch)
    return text
