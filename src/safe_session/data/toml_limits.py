"""The limits a TOML file anyone may have written must keep, checked in one linear pass before
it is parsed.

tomllib's cost can grow faster than the text it reads: a dotted key of N parts makes it keep
every prefix (N² memory: 4 GB from a 64 KB file), dotted table headers and inline tables do
the same, and arrays and inline tables recurse. So every such construct is bounded here, and
the first one over its bound is a `DataError` with its line, column and the key it sits under.
Invisible or control characters outside strings (in comments, say) are refused here too;
inside strings they reach the values, where validation names each one.

The scan only measures: it never decides what is valid TOML. Text it does not understand is
stepped over one character at a time, so it always ends, and whatever tomllib then reads has
been measured up to the point where tomllib itself stops.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NoReturn

from safe_session.data.toml_errors import DataError, Key, dotted
from safe_session.text import UNSAFE_CHARACTERS


@dataclass(frozen=True)
class TomlLimits:
    """Bounds far above anything a valid file of its kind needs."""

    nesting: int = 10  # levels of table names, key parts, arrays and inline tables together
    key_parts: int = 6  # parts of one dotted key or table name (`a.b.c` has 3)
    key_chars: int = 100  # characters in one part of a key
    string_chars: int = 4000  # characters between a string's quotes, as written
    bare_chars: int = 64  # characters of a number, date, time or true/false
    items: int = 100  # entries in one array or inline table
    entries: int = 500  # keys set and table headers, in the whole file


# Outside strings: tab, newline and CRLF are the only controls TOML allows; anything invisible
# there (in a comment, say) can hide what a file does from the person reading it.
_UNSAFE_OUTSIDE = re.compile(f"(?![\t\n]|\r\n){UNSAFE_CHARACTERS}")
# Where each kind of string may end (or, basic strings, hold an escape).
_STOPS = {
    ('"', False): re.compile(r'[\\"\n]'),
    ('"', True): re.compile(r'\\|"""'),
    ("'", False): re.compile(r"['\n]"),
    ("'", True): re.compile(r"'''"),
}
_BARE_END = re.compile(r"[ \t\r\n,\[\]{}=#\"']")


class _Frame:
    """An open array (`[`) or inline table (`{`), with the depth of what is directly in it."""

    __slots__ = ("close", "depth", "items", "key")

    def __init__(self, close: str, depth: int, key: list[Key]) -> None:
        self.close, self.depth, self.items, self.key = close, depth, 0, key


class _Scan:
    def __init__(self, text: str, name: str, limits: TomlLimits) -> None:
        self.text, self.name, self.limits = text, name, limits
        self.n = len(text)
        self.table: list[Key] = []  # the last table header's path
        self.strings: list[tuple[int, int]] = []  # where each string starts and ends
        self.entries = 0
        self.headers: dict[tuple[Key, ...], int] = {}  # `[[a]]` headers seen, for indices

    # -- failing, with line and column ---------------------------------------------------------

    def fail(self, pos: int, problem: str, key: list[Key] | None = None) -> NoReturn:
        line = self.text.count("\n", 0, pos) + 1
        column = pos - (self.text.rfind("\n", 0, pos) + 1) + 1
        shown = [_short(k) if isinstance(k, str) else k for k in (key or [])]
        raise DataError(self.name, line, dotted(shown) or None, problem, column=column)

    # -- the pieces ------------------------------------------------------------------------------

    def skip_space(self, i: int, newlines: bool) -> int:
        """Past blanks, and comments; past line ends too when `newlines`."""
        text, n = self.text, self.n
        while i < n:
            c = text[i]
            if c in " \t" or (newlines and c in "\r\n"):
                i += 1
            elif c == "#":
                end = text.find("\n", i)
                i = n if end < 0 else end
            else:
                break
        return i

    def string(self, i: int, key: list[Key]) -> tuple[int, str]:
        """Index past the string starting at `i`, and what is between its quotes as written;
        an unclosed one ends with its line (or the file, if multi-line)."""
        text, n = self.text, self.n
        quote = text[i]
        triple = text.startswith(quote * 3, i)
        start = i + (3 if triple else 1)
        stops = _STOPS[(quote, triple)]
        j = start
        while True:
            found = stops.search(text, j)
            if found is None:
                j = end = n
                break
            j = found.start()
            if text[j] == "\\":
                j += 2
                continue
            if text[j] == "\n":  # only single-line strings stop at a line's end
                end = j
                break
            end = j
            j += len(found.group(0))
            extra = 0
            while triple and extra < 2 and j < n and text[j] == quote:  # `""""a"""""` is legal
                j, end, extra = j + 1, end + 1, extra + 1
            break
        self.strings.append((i, j))
        if end - start > self.limits.string_chars:
            self.fail(
                i,
                f"holds a text of more than {self.limits.string_chars:,} characters; "
                "no text in this file is that long",
                key,
            )
        return j, text[start:end]

    def key_path(self, i: int, stop: str, where: list[Key]) -> tuple[int, list[Key]]:
        """A dotted key from `i` up to `stop` (`=` or `]`), bounded; index at `stop` (or where
        the key ended without it) and its parts."""
        text, n, limits = self.text, self.n, self.limits
        parts: list[Key] = []
        while True:
            i = self.skip_space(i, newlines=False)
            if i >= n or text[i] in stop or text[i] in "\r\n":
                return i, parts
            if text[i] in "\"'":
                start = i
                i, part = self.string(i, [*where, *parts])
                if len(part) > limits.key_chars:
                    self.fail(start, self._long_key(), [*where, *parts, part])
            elif text[i] == ".":
                i += 1
                continue
            else:
                found = _BARE_END.search(text, i)
                end = n if found is None else found.start()
                end = min(end, n)
                word = text[i:end]
                if not word:  # a character no key has: the parser will say so
                    return i, parts
                pieces = word.split(".")
                for piece in pieces:
                    if len(piece) > limits.key_chars:
                        self.fail(i, self._long_key(), [*where, *parts, piece])
                    if piece:
                        parts.append(piece)
                        self._check_parts(i, where, parts)
                i = end
                continue
            parts.append(part)
            self._check_parts(start, where, parts)

    def _check_parts(self, pos: int, where: list[Key], parts: list[Key]) -> None:
        if len(parts) > self.limits.key_parts:
            self.fail(
                pos,
                f"a key or table name of more than {self.limits.key_parts} parts; "
                "no key in this file has that many",
                [*where, *parts[: self.limits.key_parts], "…"],
            )

    def _long_key(self) -> str:
        return (
            f"a key of more than {self.limits.key_chars} characters; no key in this file is "
            "that long"
        )

    def count_entry(self, pos: int, key: list[Key]) -> None:
        self.entries += 1
        if self.entries > self.limits.entries:
            self.fail(
                pos,
                f"sets more than {self.limits.entries} keys and tables; "
                "no file of this kind needs that many",
                key,
            )

    def deeper(self, pos: int, depth: int, key: list[Key]) -> None:
        if depth > self.limits.nesting:
            self.fail(pos, f"values are nested more than {self.limits.nesting} levels deep", key)

    # -- the file --------------------------------------------------------------------------------

    def run(self) -> None:
        text, n = self.text, self.n
        i = 0
        while i < n:
            i = self.skip_space(i, newlines=True)
            if i >= n:
                break
            header = text[i] == "["
            i = self.header(i) if header else self.statement(i, self.table, len(self.table))
            # whatever is left of the line (a comment, or text the parser will refuse)
            i = self.skip_space(i, newlines=False)
            if i < n and text[i] not in "\r\n":
                i += 1

    def header(self, i: int) -> int:
        text = self.text
        many = text.startswith("[[", i)
        start = i
        i, parts = self.key_path(i + (2 if many else 1), "]", [])
        self.count_entry(start, parts)
        self.deeper(start, len(parts), parts)
        if many:
            seen = self.headers.get(tuple(parts), -1) + 1
            self.headers[tuple(parts)] = seen
            parts = [*parts, seen]
        self.table = parts
        return i + (2 if text.startswith("]]", i) else 1 if text.startswith("]", i) else 0)

    def statement(self, i: int, where: list[Key], depth: int) -> int:
        """`key = value` from `i`: index past the value."""
        start = i
        i, parts = self.key_path(i, "=", where)
        key = [*where, *parts]
        if i >= self.n or self.text[i] != "=":
            return i  # not a key/value pair: the parser says what is wrong
        self.count_entry(start, key)
        depth += len(parts)
        self.deeper(start, depth, key)
        return self.value(i + 1, key, depth)

    def value(self, i: int, key: list[Key], depth: int) -> int:
        """Index past the value from `i`, arrays and inline tables included (iteratively: the
        scan itself must not recurse however deep the text goes)."""
        text, n, limits = self.text, self.n, self.limits
        stack: list[_Frame] = []
        while True:
            inside = stack[-1] if stack else None
            i = self.skip_space(i, newlines=inside is not None and inside.close == "]")
            if i >= n:
                return i
            c = text[i]
            if inside is not None and c == inside.close:
                stack.pop()
                i += 1
                if not stack:
                    return i
                continue
            if inside is not None and c == ",":
                inside.items += 1
                if inside.items >= limits.items:
                    self.fail(
                        i,
                        f"a list or table of more than {limits.items} entries; "
                        "no list in this file is that long",
                        inside.key,
                    )
                i += 1
                continue
            here = inside.key if inside is not None else key
            level = inside.depth if inside is not None else depth
            if inside is not None and inside.close == "}":  # `{ key = value, ... }`
                start = i
                i, parts = self.key_path(i, "=", here)
                if i >= n or text[i] != "=":
                    return i
                self.count_entry(start, [*here, *parts])
                self.deeper(start, level + len(parts), [*here, *parts])
                here, level = [*here, *parts], level + len(parts)
                i = self.skip_space(i + 1, newlines=False)
                if i >= n:
                    return i
                c = text[i]
            if c in "[{":
                self.deeper(i, level + 1, here)
                stack.append(_Frame("]" if c == "[" else "}", level + 1, here))
                i += 1
                continue
            if c in "\"'":
                i, _ = self.string(i, here)
            else:
                found = _BARE_END.search(text, i)
                end = n if found is None else found.start()
                if end == i:  # a character no value starts with: the parser will say so
                    return i + 1
                if end - i > limits.bare_chars:
                    digits = text[i].isdigit() or text[i] in "+-"
                    self.fail(
                        i,
                        "holds a number with far too many digits"
                        if digits
                        else f"holds a value of more than {limits.bare_chars} characters "
                        "without quotes; write text in quotes",
                        here,
                    )
                i = end
            if not stack:
                return i


def check_limits(text: str, name: str, limits: TomlLimits) -> None:
    """Refuse `text` before parsing when it goes beyond `limits` anywhere, or holds an invisible
    or control character outside its strings; a DataError with line, column and key."""
    scan = _Scan(text, name, limits)
    scan.run()
    starts = [start for start, _ in scan.strings]
    for found in _UNSAFE_OUTSIDE.finditer(text):
        pos = found.start()
        index = bisect.bisect_right(starts, pos) - 1
        if index >= 0 and pos < scan.strings[index][1]:
            continue  # inside a string: validation names the key it belongs to
        scan.fail(
            pos,
            f"holds an invisible or control character (U+{ord(found.group(0)):04X}) outside "
            "any text; remove it",
        )


def _short(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[:limit] + "…"
