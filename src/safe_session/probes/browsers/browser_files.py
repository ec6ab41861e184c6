"""Reading a browser's own small files (JSON preferences, `prefs.js`, manifests) within bounds.

Everything here treats the file as hostile: a huge, damaged or oddly typed file never raises and
never makes a check slow; the answer is then "could not read" with a plain reason. Only
`read_bounded` touches the disk.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

# Larger than any real file of these kinds (a heavy Chromium `Preferences` is a few MB), small
# enough that a hostile file cannot make a check slow or eat the memory.
MAX_BYTES = 32 * 1024 * 1024
MAX_NAME = 200  # an extension's name, as shown
MAX_ITEMS = 100_000  # logins, add-ons or extensions looked at in one file


def read_bounded(path: Path, limit: int = MAX_BYTES) -> bytes | None:
    """The file's bytes; None when it does not exist. Raises OSError when it cannot be read
    or is larger than `limit`."""
    from safe_session.regular_files import read_regular  # a pipe or device there never waits

    try:
        data = read_regular(path, limit + 1, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if len(data) > limit:
        raise OSError(f"{path.name} is larger than {limit // (1024 * 1024)} MB")
    return data


def as_text(data: object, limit: int = MAX_BYTES) -> tuple[str | None, str | None]:
    """`(text, None)` or `(None, reason)`. Bytes are UTF-8 (undecodable bytes replaced); a
    byte-order mark is dropped."""
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        if len(raw) > limit:
            return None, "the file is too large"
        text = raw.decode("utf-8", errors="replace")
    elif isinstance(data, str):
        text = data
    else:
        return None, "no text was given"
    if len(text) > limit:
        return None, "the file is too large"
    return text.removeprefix("\ufeff"), None


def load_json(data: object, what: str) -> tuple[Any, str | None]:
    """`(value, None)` or `(None, reason)`; never raises (deep nesting and giant numbers
    included)."""
    text, why = as_text(data)
    if text is None:
        return None, f"{what}: {why}"
    if not text.strip():
        return None, f"{what} is empty"
    try:
        return json.loads(text), None
    except (ValueError, RecursionError, MemoryError):
        return None, f"{what} is not valid JSON"


def get(value: object, *path: str) -> object:
    """`value[path[0]][path[1]]...` through dicts only; None when any step is missing."""
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def short(text: str, limit: int = MAX_NAME) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Firefox's prefs.js ----------------------------------------------------------------------

_USER_PREF = re.compile(
    r"""^\s*user_pref\(\s*"((?:[^"\\]|\\.){1,200})"\s*,\s*(.{0,4096}?)\s*\)\s*;\s*$"""
)
_INTEGER = re.compile(r"-?\d{1,19}")
_ESCAPE = re.compile(r"\\(.)")
_MAX_LINE = 8192
_BAD = object()


def _pref_value(raw: str) -> object:
    if raw == "true":
        return True
    if raw == "false":
        return False
    if _INTEGER.fullmatch(raw):
        return int(raw)
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        # prefs.js escapes `\` and `"` (and writes \n, \r); anything else stays as written.
        return _ESCAPE.sub(lambda m: {"n": "\n", "r": "\r"}.get(m[1], m[1]), raw[1:-1])
    return _BAD  # not a value Firefox writes


def firefox_prefs(text: str, prefixes: tuple[str, ...]) -> dict[str, object]:
    """The `user_pref("name", value);` lines of a prefs.js whose names start with `prefixes`;
    the last line for a name wins, as in Firefox."""
    found: dict[str, object] = {}
    for line in text.splitlines():
        if len(line) > _MAX_LINE or "user_pref" not in line:
            continue
        m = _USER_PREF.match(line)
        if m and m[1].startswith(prefixes):
            value = _pref_value(m[2])
            if value is not _BAD:
                found[m[1]] = value
    return found
