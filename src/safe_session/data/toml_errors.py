"""Turning TOML and schema errors into `file:line: key: what was expected` messages.

tomllib gives lines for syntax errors only, and msgspec gives a key path without a line, so the
line of a key path is found by reading the TOML text's table headers and keys.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import msgspec

T = TypeVar("T")
Key = str | int

# Linear on any line (possessive blanks, one lazy group ended by a bracket): these run over
# every line of a refused profile, the lines of its multi-line strings included.
_HEADER = re.compile(r"^\s*+(\[\[?)\s*+(.+?)\]\]?\s*+(#.*)?$")
_KEYLINE = re.compile(
    r"""^\s*+((?:[A-Za-z0-9_-]++|"[^"]*+"|'[^']*+')(?:\s*+\.\s*+(?:[A-Za-z0-9_-]++|"[^"]*+"|'[^']*+'))*+)\s*+="""
)
_PATH_TOKEN = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")
# msgspec builds a type's decoder on first use; two threads doing that for one type at once
# have crashed the interpreter, and probes load data files in threads.
_CONVERT_LOCK = threading.Lock()
ANY_KEY = "\x00any"
MAX_DATA_BYTES = (
    16 * 1024 * 1024
)  # a data file without a limit of its own  # msgspec writes `[...]` for "some key of this table"


class DataError(ValueError):
    """A data file is not what it must be. `str()` is the one-line message shown to people."""

    def __init__(
        self,
        file: str,
        line: int | None,
        key: str | None,
        problem: str,
        *,
        column: int | None = None,
    ) -> None:
        self.file, self.line, self.key, self.problem = file, line, key, problem
        self.column = column if line else None
        where = file + (f":{line}" if line else "") + (f":{column}" if line and column else "")
        super().__init__(f"{where}: {key + ': ' if key else ''}{problem}")


def _split_dotted(text: str) -> list[str]:
    parts = re.findall(r'"[^"]*"|\'[^\']*\'|[^.\s]+', text)
    return [_unquote(p) for p in parts]


def _unquote(part: str) -> str:
    """A key as TOML reads it: quotes removed, and escapes like `\\u001b` decoded."""
    if part[:1] == '"' and "\\" in part:
        import tomllib  # only on an error's path: start-up reads the shipped data with tomli

        try:
            value = tomllib.loads(f"k = {part}")["k"]
        except tomllib.TOMLDecodeError:
            value = None
        if isinstance(value, str):
            return value
    return part[1:-1] if part[:1] in "\"'" else part


def locate(text: str, path: list[Key]) -> int | None:
    """Best line (1-based) for a key path like ["check", 2, "severity"]; None if not found."""
    return locate_path(text, path)[0]


def key_lines(text: str) -> Iterator[tuple[int, list[Key], bool]]:
    """Each table header and `key =` line: its number, its resolved key path, and whether it is
    a header (`[[a]]` headers end in their array index)."""
    table: list[Key] = []
    counts: dict[tuple[Key, ...], int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(raw)
        if header and not _KEYLINE.match(raw):
            names: list[Key] = list(_split_dotted(header.group(2)))
            if header.group(1) == "[[":
                # the index counts headers of this name under the same resolved parent
                parent = _resolve(names[:-1], table)
                key = (*parent, names[-1])
                counts[key] = counts.get(key, -1) + 1
                table = [*parent, names[-1], counts[key]]
            else:
                table = _resolve(names, table)
            yield number, list(table), True
        else:
            keyline = _KEYLINE.match(raw)
            if keyline:
                yield number, [*table, *_split_dotted(keyline.group(1))], False


def locate_path(text: str, path: list[Key]) -> tuple[int | None, list[Key]]:
    """The best line for `path`, and the path with any `ANY_KEY` filled in from the text."""
    return locate_in(key_lines(text), path)


def locate_in(
    lines: Iterable[tuple[int, list[Key], bool]], path: list[Key]
) -> tuple[int | None, list[Key]]:
    """`locate_path` over `key_lines` read once, for placing many problems in one text."""
    best_line, best_len, best_path = None, 0, list(path)
    for number, candidate, _header in lines:
        common = _common_prefix(candidate, path)
        if common > best_len or (
            common == best_len and common == len(candidate) and best_line is None
        ):
            best_line, best_len = number, common
            best_path = [*candidate[:common], *path[common:]]
    return best_line, best_path


def _resolve(names: list[Key], current: list[Key]) -> list[Key]:
    """Give `[a.b]` the array indices of the innermost `[[a]]` seen, as TOML does."""
    out: list[Key] = []
    i = 0
    for name in names:
        out.append(name)
        if i < len(current) and current[i] == name:
            i += 1
            if i < len(current) and isinstance(current[i], int):
                out.append(current[i])
                i += 1
        else:
            i = len(current)
    return out


def _common_prefix(a: list[Key], b: list[Key]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y and not (y == ANY_KEY and isinstance(x, str)):
            break
        n += 1
    return n


def _parse_path(path_text: str) -> list[Key]:
    out: list[Key] = []
    for name, idx in _PATH_TOKEN.findall(path_text):
        out.append(name if not idx else ANY_KEY if idx == "..." else int(idx))
    return out


def dotted(path: list[Key]) -> str:
    out = ""
    for key in path:
        if key == ANY_KEY:
            out += "[...]"
        else:
            out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def load_toml(
    path: Path, label: str | None = None, max_bytes: int | None = None
) -> tuple[dict[str, Any], str]:
    """Read and parse a TOML file; every failure is a DataError naming the file."""
    from safe_session.regular_files import read_regular

    name = label or str(path)
    limit = max_bytes or MAX_DATA_BYTES
    try:
        raw = read_regular(path, limit + 1)
    except FileNotFoundError:
        raise DataError(name, None, None, "file not found") from None
    except OSError as exc:
        raise DataError(name, None, None, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > limit:
        raise DataError(name, None, None, f"is more than {limit:,} bytes; at most so many are read")
    text = decode_utf8(raw, name)
    try:
        return _fast_loads(text), text
    except ValueError as exc:  # tomli's and tomllib's TOMLDecodeError are ValueErrors
        raise syntax_error(exc, name, text) from None


def _fast_loads(text: str) -> dict[str, Any]:
    """The shipped data files, parsed by tomli's compiled parser where it is installed (three
    times faster than tomllib, same grammar and messages). Profiles, which anyone may write,
    keep to tomllib behind their own limits (toml_reading)."""
    try:
        import tomli
    except ImportError:
        import tomllib

        return tomllib.loads(text)
    data: dict[str, Any] = tomli.loads(text)
    return data


def decode_utf8(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(name, line, None, "is not valid UTF-8 text") from None


def syntax_error(exc: ValueError, name: str, text: str | None = None) -> DataError:
    """tomllib's message, with its line moved to where our messages keep it ("at end of
    document" is the last line, when the text is given)."""
    msg = str(exc)
    m = re.search(r"\(at line (\d+), column \d+\)", msg)
    at_line = int(m.group(1)) if m else None
    if at_line is None and text is not None and msg.endswith("(at end of document)"):
        at_line = max(1, len(text.splitlines()))
    problem = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", msg)
    return DataError(name, at_line, None, f"invalid TOML: {problem or 'is not valid TOML'}")


def convert(
    data: dict[str, Any],
    text: str,
    type_: type[T],
    name: str,
    choices: dict[str, tuple[str, ...]] | None = None,
) -> T:
    """Validate parsed TOML against a msgspec type, with file, line and key in the error.

    `choices` names the allowed values of literal-typed keys, so the message can list them.
    """
    try:
        with _CONVERT_LOCK:
            return msgspec.convert(data, type=type_, strict=True)
    except msgspec.ValidationError as exc:
        raise schema_error(str(exc), text, name, choices or {}) from None


def schema_error(
    message: str, text: str, name: str, choices: dict[str, tuple[str, ...]] | None = None
) -> DataError:
    problem, _, where = message.partition(" - at `")
    path = _parse_path(where.rstrip("`")) if where else []
    unknown = re.match(r"Object contains unknown field `(.+)`", problem)
    missing = re.match(r"Object missing required field `(.+)`", problem)
    if unknown:
        path.append(unknown.group(1))
        problem = "unknown key (not one this file may set)"
    elif missing:
        problem = f"missing required key `{missing.group(1)}`"
    elif problem.startswith("Invalid enum value") and path and str(path[-1]) in (choices or {}):
        allowed = ", ".join(f'"{c}"' for c in (choices or {})[str(path[-1])])
        problem = f"expected one of {allowed}, got {problem.removeprefix('Invalid enum value ')}"
    else:
        problem = _plain_problem(problem)
    line, path = locate_path(text, path)
    return DataError(name, line, dotted(path) or None, problem)


def _plain_problem(problem: str) -> str:
    problem = problem.replace("Expected `", "expected `")
    problem = re.sub(r"Invalid enum value (.+)", r"\1 is not one of the allowed values", problem)
    return problem


def error_at(text: str, name: str, path: list[Key], problem: str) -> DataError:
    line, path = locate_path(text, path)
    return DataError(name, line, dotted(path), problem)
