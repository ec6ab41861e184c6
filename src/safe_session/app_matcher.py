"""Recognising known apps in a process table, fast enough to run on every check.

The catalog is compiled once per system into hash tables (names, `.app` bundles, bundle ids)
and one regular expression per kind of pattern (install folders, wildcard bundle ids), so a
process costs a few dictionary lookups and at most one regex search, whatever the catalog's
size. Results for a (name, executable) pair are remembered: a browser's hundred processes are
matched once. Pure: it sees only the strings it is given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cached_property

import msgspec

from safe_session.data.apps_types import KnownApp, Sure

LINUX_COMM_LEN = 15  # Linux keeps only this many characters of a process name
_SURE_ORDER: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
_APP_SEGMENT = re.compile(r"([^/]+\.app)(?=/)")
_MEMO_LIMIT = 20_000


class Hit(msgspec.Struct, frozen=True):
    """One known app recognised in one process, and how."""

    app: KnownApp
    how: str
    sure: Sure


def normalize(name: str) -> str:
    """Lower case, without a trailing `.exe`: how names are compared."""
    n = name.strip().lower()
    return n[:-4] if n.endswith(".exe") else n


def basename(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def weaker(a: Sure, b: Sure) -> Sure:
    return a if _SURE_ORDER[a] >= _SURE_ORDER[b] else b


def _glob_to_regex(glob: str) -> str:
    out = []
    for ch in glob.lower():
        out.append("[^/]*" if ch == "*" else "[^/]" if ch == "?" else re.escape(ch))
    return "".join(out)


class _CommandRule(msgspec.Struct, frozen=True):
    pattern: re.Pattern[str]
    app: KnownApp
    sure: Sure


class AppMatcher:
    """The catalog compiled for one system. `match` is pure and thread-safe for reading."""

    def __init__(self, apps: Iterable[KnownApp], os_name: str) -> None:
        self.os_name = os_name
        self._names: dict[str, list[KnownApp]] = {}
        self._truncated: dict[str, list[KnownApp]] = {}
        self._bundles: dict[str, list[KnownApp]] = {}
        self._bundle_ids: dict[str, list[KnownApp]] = {}
        self._commands: dict[str, list[_CommandRule]] = {}
        wild_parts: list[str] = []
        # install folders: exact names in a table, globs in one anchored regex per segment
        self._exact_folders: dict[str, list[tuple[KnownApp, str]]] = {}
        self._glob_folders: dict[str, list[tuple[KnownApp, str]]] = {}
        glob_parts: list[str] = []
        glob_groups: dict[str, str] = {}
        self._wild_apps: dict[str, tuple[KnownApp, str]] = {}
        for app in apps:
            for name in app.names_for(os_name):
                key = normalize(name)
                self._names.setdefault(key, []).append(app)
                if os_name == "linux" and len(key) > LINUX_COMM_LEN:
                    self._truncated.setdefault(key[:LINUX_COMM_LEN], []).append(app)
            for bundle in app.bundles:
                self._bundles.setdefault(bundle.lower(), []).append(app)
            for bid in app.bundle_ids:
                if "*" in bid:
                    group = f"w{len(wild_parts)}"
                    wild_parts.append(f"(?P<{group}>{_glob_to_regex(bid).replace('[^/]', '.')})")
                    self._wild_apps[group] = (app, bid)
                else:
                    self._bundle_ids.setdefault(bid.lower(), []).append(app)
            for folder in app.folders:
                if "*" not in folder and "?" not in folder:
                    self._exact_folders.setdefault(folder.lower(), []).append((app, folder))
                    continue
                pattern = _glob_to_regex(folder)
                if pattern not in glob_groups:
                    glob_groups[pattern] = f"f{len(glob_parts)}"
                    glob_parts.append(f"(?P<{glob_groups[pattern]}>{pattern})")
                self._glob_folders.setdefault(glob_groups[pattern], []).append((app, folder))
            for rule in app.command_line:
                compiled = re.compile(rule.pattern)
                for process in rule.process:
                    self._commands.setdefault(normalize(process), []).append(
                        _CommandRule(compiled, app, rule.sure or app.sure)
                    )
        self._globs = re.compile("|".join(glob_parts)) if glob_parts else None
        self._has_folders = bool(self._exact_folders or glob_parts)
        self._dir_memo: dict[str, tuple[tuple[KnownApp, str], ...]] = {}
        self._wild_parts = wild_parts
        self._memo: dict[tuple[str, str | None], tuple[Hit, ...]] = {}

    @cached_property
    def _wild(self) -> re.Pattern[str] | None:
        """Wildcard bundle ids in one pattern, compiled on first use: only macOS has bundle ids."""
        parts = self._wild_parts
        return re.compile("(?:" + "|".join(parts) + r")\Z") if parts else None

    def wants_command_line(self, name: str, exe: str | None) -> bool:
        """True when this process's command line could decide a match (e.g. ffmpeg)."""
        if not self._commands:
            return False
        if normalize(name) in self._commands:
            return True
        return exe is not None and normalize(basename(exe)) in self._commands

    def match(
        self,
        name: str,
        exe: str | None = None,
        cmdline: Sequence[str] | None = None,
        bundle_id: str | None = None,
    ) -> tuple[Hit, ...]:
        """Every known app this process is, each once, with the surest way it was recognised."""
        key = (name, exe)
        hits = self._memo.get(key)
        if hits is None:
            hits = self._match_name_and_path(name, exe)
            if len(self._memo) < _MEMO_LIMIT:
                self._memo[key] = hits
        if cmdline is None and bundle_id is None:
            return hits
        extra: list[Hit] = list(hits)
        if cmdline:
            extra.extend(self._match_command_line(name, exe, cmdline))
        if bundle_id:
            extra.extend(self._match_bundle_id(bundle_id))
        return _unique(extra)

    def _match_name_and_path(self, name: str, exe: str | None) -> tuple[Hit, ...]:
        found: list[Hit] = []
        key = normalize(name)
        for app in self._names.get(key, ()):
            found.append(Hit(app, "process name", app.sure))
        if self.os_name == "linux" and len(key) == LINUX_COMM_LEN:
            for app in self._truncated.get(key, ()):
                found.append(Hit(app, "process name (shortened by the system)", app.sure))
        if exe:
            exe_key = normalize(basename(exe))
            if exe_key != key:
                for app in self._names.get(exe_key, ()):
                    found.append(Hit(app, "program file name", app.sure))
            path = exe.replace("\\", "/").lower()
            if self._bundles and ".app/" in path:
                for segment in _APP_SEGMENT.findall(path):
                    for app in self._bundles.get(segment, ()):
                        found.append(Hit(app, f"app bundle {segment}", app.sure))
            if self._has_folders:
                for app, folder in self._folder_hits(path.rpartition("/")[0]):
                    sure = weaker(app.sure, "medium")
                    found.append(Hit(app, f"install folder {folder}", sure))
        return _unique(found)

    def _folder_hits(self, folder_path: str) -> tuple[tuple[KnownApp, str], ...]:
        """Apps whose install folder is in this (lower-case) folder path; remembered per path."""
        known = self._dir_memo.get(folder_path)
        if known is not None:
            return known
        found: tuple[tuple[KnownApp, str], ...] = ()
        for segment in folder_path.split("/"):
            exact = self._exact_folders.get(segment)
            if exact:
                found = tuple(exact)
                break
            if self._globs is not None:
                m = self._globs.fullmatch(segment)
                if m and m.lastgroup:
                    found = tuple(self._glob_folders[m.lastgroup])
                    break
        if len(self._dir_memo) < _MEMO_LIMIT:
            self._dir_memo[folder_path] = found
        return found

    def _match_command_line(self, name: str, exe: str | None, cmdline: Sequence[str]) -> list[Hit]:
        rules = self._commands.get(normalize(name)) or (
            self._commands.get(normalize(basename(exe))) if exe else None
        )
        if not rules:
            return []
        text = " ".join(cmdline)
        found: list[Hit] = []
        for rule in rules:
            m = rule.pattern.search(text)
            if m:
                found.append(Hit(rule.app, f"command line ({m.group(0).strip()})", rule.sure))
        return found

    def _match_bundle_id(self, bundle_id: str) -> list[Hit]:
        key = bundle_id.lower()
        found = [Hit(a, f"bundle id {bundle_id}", a.sure) for a in self._bundle_ids.get(key, ())]
        if self._wild is not None:
            m = self._wild.match(key)
            if m and m.lastgroup:
                app, _ = self._wild_apps[m.lastgroup]
                found.append(Hit(app, f"bundle id {bundle_id}", app.sure))
        return found


def _unique(hits: Iterable[Hit]) -> tuple[Hit, ...]:
    """One hit per app: the surest, and the first way found among equals."""
    best: dict[str, Hit] = {}
    for hit in hits:
        prev = best.get(hit.app.name)
        if prev is None or _SURE_ORDER[hit.sure] < _SURE_ORDER[prev.sure]:
            best[hit.app.name] = hit
    return tuple(best.values())
