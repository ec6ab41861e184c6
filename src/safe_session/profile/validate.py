"""Checking a parsed profile, collecting every problem with its line and key.

msgspec stops at the first error, and a therapist fixing a profile wants them all, so the data is
walked here using the schema's own type information (`msgspec.inspect`: the size limits live
once, on the types in `profile.model`). Then come the rules that types cannot say: check ids that
exist, checks that cannot be switched off, bare host names, available languages, and text that is
plain (no control characters, escape sequences or invisible reordering characters).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

import msgspec
import msgspec.inspect as mi

from safe_session.data import load_catalog, load_protected
from safe_session.data.catalog_types import Catalog
from safe_session.data.toml_errors import DataError, Key, convert, dotted, key_lines, locate_in
from safe_session.data.toml_reading import array_item_line
from safe_session.profile.model import LANGUAGES, PROTECTED, ProfileFile
from safe_session.text import UNSAFE_CHARACTERS

MAX_PROBLEMS = 50  # more than this is a wrong file, not a profile with mistakes

# The check ids the outside contract names. A profile written against the contract stays valid
# on a version whose catalog does not have one of them yet; the setting then has no effect.
CONTRACT_CHECK_IDS: frozenset[str] = frozenset(
    {
        "network.wifi",
        "apps.remote_access",
        "apps.screen_capture",
        "apps.monitoring",
        "apps.notifications",
        "apps.browsers",
        "system.other_sessions",
        "devices.mic_camera_in_use",
        "audio.headphones",
        "audio.ambient_noise",
        "audio.speaker_leak",
        "browsers.sync",
        "browsers.saved_logins",
        "browsers.extensions",
        "system.remote_login",
        "system.power",
        "system.pending_restart",
        "room.private",
        "room.door_closed",
        "room.earshot",
        "room.phone_silenced",
        "room.voice_assistants",
        "room.camera_view",
        "account.two_factor",
        "after.apps_open",
        "after.browser_history",
        "after.downloads",
        "after.clipboard",
        "after.recent_files",
        "after.portal_logout",
        "after.lock_screen",
    }
)
_CONFIRMATION_FAMILIES = ("room.", "account.")
_CONTRACT_CONFIRMATIONS = frozenset({"after.portal_logout", "after.lock_screen"})

# Characters that are never plain text, the ones `text.inert` escapes: C0 and C1 controls
# (escape sequences start with ESC or a C1 CSI/OSC), DEL, line and paragraph separators, bidi
# marks, embeddings, overrides and isolates (they reorder what is shown), zero-width and other
# invisible characters (they hide or join text unseen), and lone surrogates.
_UNSAFE = re.compile(UNSAFE_CHARACTERS)
_REORDERING = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_HOST = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")
_IPV4 = re.compile(r"^[0-9.]+$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):/*")

Problem = tuple[list[Key], str]


class ProfileError(DataError):
    """Every problem found in one profile. `str()` is the first, with a count of the rest."""

    def __init__(self, problems: Sequence[DataError], more: int = 0) -> None:
        first = problems[0]
        super().__init__(first.file, first.line, first.key, first.problem, column=first.column)
        self.problems = tuple(problems)
        self.more = more
        rest = len(problems) - 1 + more
        if rest:
            noun = "problem" if rest == 1 else "problems"
            self.args = (
                f"{first} (and {rest} more {noun}: `safe-session profile validate` lists them)",
            )


def validate(
    data: dict[str, Any], text: str, name: str, catalog: Catalog | None = None
) -> ProfileFile:
    """The typed profile, or a ProfileError naming every problem found (up to MAX_PROBLEMS)."""
    problems: list[Problem] = []
    _walk(data, mi.type_info(ProfileFile), [], problems)
    problems.extend(_rules(data, catalog or load_catalog()))
    if problems:
        lines = list(key_lines(text))
        shown = [
            _located(text, lines, name, path, problem) for path, problem in problems[:MAX_PROBLEMS]
        ]
        shown.sort(key=lambda e: e.line or 0)
        raise ProfileError(shown, more=max(0, len(problems) - MAX_PROBLEMS))
    parsed = convert(data, text, ProfileFile, name)  # cannot fail once the walk found nothing
    domains = [_host_of(d) or d for d in parsed.platform.domains]
    return msgspec.structs.replace(
        parsed, platform=msgspec.structs.replace(parsed.platform, domains=domains)
    )


def _located(
    text: str, lines: list[tuple[int, list[Key], bool]], name: str, path: list[Key], problem: str
) -> DataError:
    """The problem with the line of its key, and long keys shortened for the message."""
    line, found = locate_in(lines, path)
    if line is not None and path and isinstance(path[-1], int):
        line = array_item_line(text, line, path[-1]) or line
    shown = [_short(k) if isinstance(k, str) else k for k in found]
    column = _column(text, line, problem) if line is not None else None
    return DataError(name, line, dotted(shown) or None, problem, column=column)


# -- the structure, from the schema's types ------------------------------------------------------


def _walk(value: object, info: mi.Type, path: list[Key], out: list[Problem]) -> None:
    if isinstance(info, mi.UnionType):  # `X | None`: TOML has no null, so it is X
        info = next(t for t in info.types if not isinstance(t, mi.NoneType))
    if isinstance(info, mi.StructType):
        _walk_table(value, info, path, out)
    elif isinstance(info, mi.ListType):
        if not isinstance(value, list):
            out.append((path, f"expected a list, got {_kind(value)}"))
        elif info.max_length is not None and len(value) > info.max_length:
            out.append((path, f"has {len(value)} entries; at most {info.max_length} are allowed"))
        else:
            for index, item in enumerate(value):
                _walk(item, info.item_type, [*path, index], out)
    elif isinstance(info, mi.StrType):
        if not isinstance(value, str):
            out.append((path, f"expected text in quotes, got {_kind(value)}"))
        elif info.max_length is not None and len(value) > info.max_length:
            out.append(
                (
                    path,
                    f"is {len(value):,} characters long; at most {info.max_length} are allowed",
                )
            )
        elif (problem := unsafe_text(value)) is not None:
            out.append((path, problem))
    elif isinstance(info, mi.IntType):
        if isinstance(value, bool) or not isinstance(value, int):
            out.append((path, f"expected a whole number, got {_kind(value)}"))
        elif not _in_range(value, info.ge, info.le):
            out.append((path, f"expected a whole number from {info.ge} to {info.le}, got {value}"))
    elif isinstance(info, mi.FloatType):
        if isinstance(value, bool) or not isinstance(value, int | float):
            out.append((path, f"expected a number, got {_kind(value)}"))
        elif not math.isfinite(value) or not _in_range(value, info.ge, info.le):
            out.append((path, f"expected a number from {info.ge:g} to {info.le:g}, got {value:g}"))
    elif isinstance(info, mi.LiteralType):
        if not any(type(value) is type(v) and value == v for v in info.values):
            allowed = ", ".join(f'"{v}"' for v in info.values)
            out.append((path, f"expected one of {allowed}, got {_kind(value)}"))
    else:  # pragma: no cover - a schema type this walker was not taught
        raise TypeError(f"cannot check {info!r}")


def _walk_table(value: object, info: mi.StructType, path: list[Key], out: list[Problem]) -> None:
    if not isinstance(value, dict):
        out.append((path, f"expected a table, got {_kind(value)}"))
        return
    names = [f.encode_name for f in info.fields]
    for key in value:
        if key not in names:
            out.append(
                (
                    [*path, key],
                    "unknown key (not one a profile may set)"
                    + (_hint(key, names) if len(out) < MAX_PROBLEMS else ""),
                )
            )
    for f in info.fields:
        if f.encode_name in value:
            _walk(value[f.encode_name], f.type, [*path, f.encode_name], out)
        elif f.required:
            out.append((path, f"missing required key `{f.encode_name}`"))


def _in_range(value: float, ge: float | None, le: float | None) -> bool:
    return (ge is None or value >= ge) and (le is None or value <= le)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, float):
        return f"a decimal number ({value!r})"
    if isinstance(value, int):
        return f"a whole number ({value})"
    if isinstance(value, str):
        return f'text ("{_short(value)}")'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime | date | time):
        return "a date or time"
    return type(value).__name__


def _short(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def _hint(key: str, names: Sequence[str]) -> str:
    if len(key) > 40:
        return ""
    close = difflib.get_close_matches(key.lower(), names, n=1)
    return f'; did you mean "{close[0]}"?' if close else ""


def unsafe_text(value: str) -> str | None:
    """Why `value` is not plain one-line text, or None when it is."""
    found = _UNSAFE.search(value)
    if found is None:
        return None
    ch = found.group(0)
    where = f"(U+{ord(ch):04X}, at character {found.start() + 1})"
    if ch in "\n\r\u2028\u2029":
        return f"contains a line break {where}; write it on one line"
    if ch == "\x1b" or ch in "\x9b\x9d":
        return f"contains a terminal escape character {where}; profile text must be plain text"
    if _REORDERING.match(ch):
        return (
            f"contains an invisible character that reorders text {where}; "
            "profile text must be plain text"
        )
    if ord(ch) >= 0x100:
        return f"contains an invisible character {where}; profile text must be plain text"
    return f"contains a control character {where}; profile text must be plain text"


def _column(text: str, line: int, problem: str) -> int | None:
    """The column on `line` of the character a text problem names `(U+XXXX, ...)`: written
    as itself, or as the escape that stands for it; None when it is not found there."""
    found = re.search(r"\(U\+([0-9A-F]{4,6}), at character", problem)
    lines = text.splitlines()
    if found is None or not 1 <= line <= len(lines):
        return None
    code = int(found.group(1), 16)
    ch = chr(code)
    row = lines[line - 1]
    lowered = row.lower()
    spellings = [f"\\u{code:04x}", f"\\u{code:08x}", _SHORT_ESCAPES.get(ch, "")]
    at = [row.find(ch)] + [lowered.find(s) for s in spellings if s]
    hits = [i for i in at if i >= 0]
    return min(hits) + 1 if hits else None


# -- the rules that types cannot say -------------------------------------------------------------


def _rules(data: dict[str, Any], catalog: Catalog) -> list[Problem]:
    out: list[Problem] = []
    out.extend(_check_lists(data, catalog))
    out.extend(_domains(data))
    for index, app in _strings(_table(data, "platform"), "apps"):
        if not app.strip():
            out.append((["platform", "apps", index], "must not be empty"))
        elif "/" in app or "\\" in app:
            out.append(
                (["platform", "apps", index], 'write the app\'s name, like "Zoom", not a path')
            )
        elif unsafe_text(app) is None and (kind := load_protected().kind_of(app)):
            out.append(
                (
                    ["platform", "apps", index],
                    f'"{_short(app)}" is {kind}: safe-session never offers to close it; '
                    'name the platform\'s own app, like "Zoom"',
                )
            )
    for key in ("confirm", "after_step"):
        entries = data.get(key)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            text = entry.get("text") if isinstance(entry, dict) else None
            if isinstance(text, str) and not text.strip():
                out.append(([key, index, "text"], "must not be empty"))
    language = data.get("language")
    if isinstance(language, str) and unsafe_text(language) is None and language not in LANGUAGES:
        out.append((["language"], f'"{_short(language)}" is not available: {_languages()}'))
    thresholds = _table(data, "thresholds")
    quiet, noisy = _finite(thresholds, "noise_quiet_dbfs"), _finite(thresholds, "noise_noisy_dbfs")
    if quiet is not None and noisy is not None and quiet >= noisy:
        out.append(
            (
                ["thresholds", "noise_quiet_dbfs"],
                f"must be below noise_noisy_dbfs ({noisy:g}): a quiet room is quieter than "
                "a noisy one",
            )
        )
    return out


def _check_lists(data: dict[str, Any], catalog: Catalog) -> list[Problem]:
    out: list[Problem] = []
    checks = _table(data, "checks")
    known = {c.id: c for c in catalog.checks}
    ids = set(known) | CONTRACT_CHECK_IDS
    valid: dict[str, set[str]] = {"off": set(), "stricter": set()}
    for key in ("off", "stricter"):
        seen: set[str] = set()
        for index, check_id in _strings(checks, key):
            path: list[Key] = ["checks", key, index]
            shown = _short(check_id)
            if check_id in seen:
                out.append((path, f'"{shown}" is listed twice'))
                continue
            seen.add(check_id)
            problem = _unknown_check(check_id, ids)
            if problem is None and key == "off" and check_id in PROTECTED:
                problem = (
                    f'"{check_id}" can never be switched off by a profile: '
                    f"{PROTECTED[check_id]}. It can be made stricter instead"
                )
            if problem is None and key == "stricter" and _is_confirmation(check_id, catalog):
                problem = (
                    f'"{check_id}" is a question the person answers; it cannot be made stricter'
                )
            if problem is not None:
                out.append((path, problem))
            else:
                valid[key].add(check_id)
    for index, check_id in _strings(checks, "stricter"):
        if check_id in valid["off"] and check_id in valid["stricter"]:
            out.append(
                (
                    ["checks", "stricter", index],
                    f'"{check_id}" is also switched off in checks.off; choose one',
                )
            )
    return out


def _unknown_check(check_id: str, ids: set[str]) -> str | None:
    if check_id in ids:
        return None
    shown = _short(check_id)
    if "*" in check_id:
        return f'"{shown}" has a wildcard; name each check, like "network.wifi"'
    group = sorted(i for i in ids if i.startswith(check_id + "."))
    if group:
        return f'"{shown}" is a group of checks; name each one, like "{group[0]}"'
    close = difflib.get_close_matches(check_id, sorted(ids), n=1) if len(check_id) <= 64 else []
    hint = f'; did you mean "{close[0]}"?' if close else ""
    return f'no check is called "{shown}"{hint}'


def _is_confirmation(check_id: str, catalog: Catalog) -> bool:
    spec = catalog.get(check_id)
    if spec is not None:
        return spec.kind == "confirm"
    return check_id.startswith(_CONFIRMATION_FAMILIES) or check_id in _CONTRACT_CONFIRMATIONS


def _domains(data: dict[str, Any]) -> list[Problem]:
    out: list[Problem] = []
    seen: set[str] = set()
    for index, domain in _strings(_table(data, "platform"), "domains"):
        path: list[Key] = ["platform", "domains", index]
        problem = domain_problem(domain)
        host = _host_of(domain)
        if problem is None and host in seen:
            problem = f'"{domain}" is listed twice'
        if problem is not None:
            out.append((path, problem))
        elif host:
            seen.add(host)
    return out


def domain_problem(domain: str) -> str | None:
    """Why `domain` is not a bare host name like "clientsecure.me", or None when it is."""
    if unsafe_text(domain) is not None:
        return None  # already reported as text that is not plain
    shown = _short(domain)
    example = 'like "clientsecure.me"'
    if not domain.strip():
        return "must not be empty"
    if domain != domain.strip() or " " in domain:
        return f'"{shown}" has spaces in it; write the host name only, {example}'
    scheme = _SCHEME.match(domain)
    if scheme and "://" in domain:
        return (
            f'write the bare host name, {example}, without "{_short(scheme.group(0))}": '
            "nothing in a profile is opened or fetched"
        )
    if "*" in domain:
        return f'"{shown}" has a wildcard; write each domain itself, {example}'
    if "@" in domain:
        return f'"{shown}" is not a host name (it has "@"); write the host name only, {example}'
    if "/" in domain or "?" in domain or "#" in domain:
        return f'"{shown}" has a path; write the host name only, {example}'
    if ":" in domain:
        return f'"{shown}" has a port or is not a host name; write the host name only, {example}'
    host = _host_of(domain)
    if host is not None and "." not in host.strip("."):
        return f'"{shown}" is not a full domain name; write the portal\'s domain, {example}'
    if host is None or not _HOST.match(host):
        return f'"{shown}" is not a host name: use letters, digits, hyphens and dots, {example}'
    if _IPV4.match(host):
        return f'"{shown}" is an IP address; write the portal\'s domain name, {example}'
    return None


def _host_of(domain: str) -> str | None:
    """Lower case, and international names in the ASCII form browsers store."""
    try:
        return domain.lower().encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        return None


def _languages() -> str:
    names = [f'{name} ("{code}")' for code, name in LANGUAGES.items()]
    if len(names) == 1:
        return f"safe-session's text exists only in {names[0]} so far"
    return "safe-session's text exists in " + ", ".join(names)


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _strings(table: dict[str, Any], key: str) -> list[tuple[int, str]]:
    """The (index, text) entries of a list of text; anything else was reported by the walk."""
    value = table.get(key)
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]


def _finite(table: dict[str, Any], key: str) -> float | None:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)
