"""Reading a TOML file that anyone may have written, so that nothing in it can hang, exhaust or
crash the reader: only regular files, a bounded read, valid UTF-8, every construct whose cost
grows faster than its size bounded before parsing (`toml_limits`), and duplicate keys named with
their line.

Every failure is a `DataError` with the file, and the line and key where they are known.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from safe_session.data.toml_errors import (
    DataError,
    Key,
    decode_utf8,
    dotted,
    key_lines,
    syntax_error,
)
from safe_session.data.toml_limits import TomlLimits, check_limits
from safe_session.regular_files import NotRegularFile, read_regular

_DIGITS = re.compile(r"[0-9a-fA-F_]{4000,}")


def read_bounded(path: Path, name: str, max_bytes: int) -> bytes:
    """At most `max_bytes` of a regular file (`regular_files`): a device, pipe, folder or
    kernel file is refused before it is read, so `/dev/zero` or a FIFO cannot hang or fill
    memory."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DataError(name, None, None, "file not found") from None
    except (OSError, ValueError) as exc:
        raise DataError(name, None, None, f"cannot be read ({_reason(exc)})") from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError(name, None, None, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise DataError(name, None, None, "is not a regular file (a device or a pipe?)")
    if info.st_size > max_bytes:
        raise DataError(name, None, None, _too_big(info.st_size, max_bytes))
    try:
        raw = read_regular(path, max_bytes + 1)
    except NotRegularFile as exc:
        raise DataError(name, None, None, f"is not a regular file ({exc.strerror})") from None
    except (OSError, ValueError) as exc:
        raise DataError(name, None, None, f"cannot be read ({_reason(exc)})") from None
    if len(raw) > max_bytes:
        raise DataError(name, None, None, _too_big(len(raw), max_bytes, more=True))
    return raw


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _too_big(size: int, limit: int, more: bool = False) -> str:
    amount = f"more than {limit:,}" if more else f"{size:,}"
    return f"is {amount} bytes; at most {limit:,} bytes are allowed"


def parse_untrusted(raw: bytes, name: str, limits: TomlLimits | int) -> tuple[dict[str, Any], str]:
    """Decode, measure and parse; the parsed data and the text (for locating later problems).

    `limits` (or just the nesting limit) is checked in one pass before tomllib sees the text,
    so no construct can make parsing slow or big (`toml_limits`)."""
    text = decode_utf8(raw, name).removeprefix("\ufeff")  # Windows editors may add a BOM
    check_limits(text, name, limits if isinstance(limits, TomlLimits) else TomlLimits(limits))
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        duplicate = _duplicate_key(text) if _is_duplicate(exc) else None
        if duplicate is not None:
            line, path, first = duplicate
            raise DataError(
                name, line, dotted(path), f"is set twice (first on line {first}); set it once"
            ) from None
        raise syntax_error(exc, name, text) from None
    except RecursionError:  # the nesting scan should make this unreachable
        raise DataError(name, None, None, "values are nested too deeply") from None
    except ValueError as exc:  # int() refuses numbers of more than 4300 digits
        found = _DIGITS.search(text)
        at = text.count("\n", 0, found.start()) + 1 if found else None
        problem = "holds a number with far too many digits" if "digits" in str(exc) else str(exc)
        raise DataError(name, at, None, problem) from None


def _is_duplicate(exc: tomllib.TOMLDecodeError) -> bool:
    msg = str(exc)
    return msg.startswith(("Cannot overwrite a value", "Cannot declare"))


def _duplicate_key(text: str) -> tuple[int, list[Key], int] | None:
    """The first key or table set twice: its line, key path and the line of the first one."""
    seen: dict[tuple[Key, ...], int] = {}
    for number, path, header in key_lines(text):
        if header and path and isinstance(path[-1], int):
            continue  # `[[a]]` repeats by design
        key = tuple(path)
        if key in seen:
            return number, path, seen[key]
        seen[key] = number
    return None


def _string_end(text: str, start: int) -> int:
    """Index just past the string that starts at `start` (or the end of its line if unclosed)."""
    quote = text[start]
    triple = text.startswith(quote * 3, start)
    closing = quote * 3 if triple else quote
    i, n = start + len(closing), len(text)
    while i < n:
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text.startswith(closing, i):
            return i + len(closing)
        if not triple and text[i] == "\n":
            return i
        i += 1
    return n


def array_item_line(text: str, key_line: int, index: int) -> int | None:
    """The line where entry `index` of the array set on `key_line` (`key = [ … ]`) starts, so a
    problem in a list written one entry per line names that entry's line; None if not found."""
    lines = text.splitlines(keepends=True)
    if not 1 <= key_line <= len(lines):
        return None
    start = sum(len(raw) for raw in lines[: key_line - 1])
    equals = lines[key_line - 1].find("=")
    if equals < 0:
        return None
    i, n, line, depth, count = start + equals + 1, len(text), key_line, 0, 0
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif depth == 0:
            if c == "[":
                depth = 1
            elif not c.isspace():
                return None  # not an array
        elif depth == 1 and count == index and not c.isspace() and c not in ",]}":
            return line
        elif c in "\"'":
            end = _string_end(text, i)
            line += text.count("\n", i, end)
            i = end
            continue
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return None
        elif c == "," and depth == 1:
            count += 1
        i += 1
    return None
