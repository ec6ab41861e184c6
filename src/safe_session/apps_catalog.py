"""The known-apps catalog (`checks/apps.toml`): which apps watch, record or interrupt a session.

Plain data, validated with msgspec; every problem names the file, line and key. The matcher
(`app_matcher`) compiles it once for fast lookups.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Literal

import msgspec

from safe_session.data.catalog import checks_dir
from safe_session.data.toml_errors import DataError, convert, error_at, load_toml

Category = Literal[
    "remote_access", "screen_capture", "monitoring", "notifications", "video_call", "browser"
]
Sure = Literal["high", "medium", "low"]
CATEGORIES: tuple[str, ...] = (
    "remote_access",
    "screen_capture",
    "monitoring",
    "notifications",
    "video_call",
    "browser",
)
SURENESS: tuple[str, ...] = ("high", "medium", "low")
CHOICES: dict[str, tuple[str, ...]] = {
    "category": CATEGORIES,
    "sure": SURENESS,
    "role": ("viewer",),
    "also": CATEGORIES,
}
_BUNDLE_ID = re.compile(r"^[A-Za-z0-9*][A-Za-z0-9.*_-]*$")


class CommandLine(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """A process name whose command line must also match `pattern` (a regular expression)."""

    process: list[str]
    pattern: str
    sure: Sure | None = None  # overrides the app's own


class KnownApp(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    name: str
    category: Category
    sure: Sure
    role: Literal["viewer"] | None = None
    also: list[Category] = []  # further categories, e.g. a video-call app that pops up chat
    linux: list[str] = []
    macos: list[str] = []
    windows: list[str] = []
    bundle_ids: list[str] = []
    bundles: list[str] = []
    folders: list[str] = []
    command_line: list[CommandLine] = []

    @property
    def categories(self) -> tuple[str, ...]:
        return (self.category, *(c for c in self.also if c != self.category))

    def names_for(self, os_name: str) -> list[str]:
        names: list[str] = getattr(self, os_name, [])
        return names


class AppsFile(msgspec.Struct, forbid_unknown_fields=True):
    app: list[KnownApp]


class AppsCatalog(msgspec.Struct, frozen=True):
    apps: tuple[KnownApp, ...]

    def in_category(self, category: str) -> tuple[KnownApp, ...]:
        return tuple(a for a in self.apps if category in a.categories)


def load_apps_file(path: Path, label: str | None = None) -> AppsCatalog:
    """Load and validate an apps file; every problem is a DataError with file, line and key."""
    name = label or path.name
    data, text = load_toml(path, name)
    parsed = convert(data, text, AppsFile, name, CHOICES)
    seen: set[str] = set()
    for index, app in enumerate(parsed.app):
        _validate(app, index, text, name, seen)
    if not parsed.app:
        raise DataError(name, None, "app", "lists no apps")
    return AppsCatalog(tuple(parsed.app))


def _validate(app: KnownApp, index: int, text: str, name: str, seen: set[str]) -> None:
    def fail(path: list[str | int], problem: str) -> DataError:
        return error_at(text, name, ["app", index, *path], problem)

    if not app.name.strip():
        raise fail(["name"], "must not be empty")
    if app.name in seen:
        raise fail(["name"], f'"{app.name}" is listed twice')
    seen.add(app.name)
    ways = (app.linux, app.macos, app.windows, app.bundle_ids, app.bundles, app.folders)
    if not any(ways) and not app.command_line:
        raise fail(["name"], "gives no way to recognise the app (names, bundles, folders...)")
    for key in ("linux", "macos", "windows", "bundles", "folders"):
        for value in getattr(app, key):
            if not value.strip() or "/" in value or "\\" in value:
                raise fail([key], f'expected a plain name without slashes, got "{value}"')
    for value in app.bundle_ids:
        if not _BUNDLE_ID.match(value):
            raise fail(["bundle_ids"], f'"{value}" is not a bundle identifier')
    for value in app.bundles:
        if not value.lower().endswith(".app"):
            raise fail(["bundles"], f'expected a name ending in ".app", got "{value}"')
    for i, rule in enumerate(app.command_line):
        if not rule.process:
            raise fail(["command_line", i, "process"], "names no process")
        try:
            re.compile(rule.pattern)
        except re.error as exc:
            raise fail(["command_line", i, "pattern"], f"not a valid pattern ({exc})") from None


def apps_file() -> Path:
    return checks_dir() / "apps.toml"


_lock = threading.Lock()
_loaded: AppsCatalog | None = None


def load_apps() -> AppsCatalog:
    """The shipped catalog of known apps, built from `checks/apps.toml` ahead of time
    (`shipped_build`); probes in several threads ask for it at once."""
    global _loaded
    with _lock:
        if _loaded is None:
            from safe_session.shipped.apps import APPS

            _loaded = APPS
        return _loaded
