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
