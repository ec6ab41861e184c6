"""The known-apps catalog (`checks/apps.toml`): which apps watch, record or interrupt a session.

Plain data, validated with msgspec; every problem names the file, line and key. Its schema is
`data.apps_types`; a run reads the apps built from it ahead of time (`safe_session.data.load_apps`)
and the matcher (`app_matcher`) compiles them once for fast lookups.
"""

from __future__ import annotations

import re
from pathlib import Path

from safe_session.data.apps_types import CATEGORIES, SURENESS, AppsCatalog, AppsFile, KnownApp
from safe_session.data.catalog import checks_dir
from safe_session.data.toml_errors import DataError, convert, error_at, load_toml

CHOICES: dict[str, tuple[str, ...]] = {
    "category": CATEGORIES,
    "sure": SURENESS,
    "role": ("viewer",),
    "also": CATEGORIES,
}
_BUNDLE_ID = re.compile(r"^[A-Za-z0-9*][A-Za-z0-9.*_-]*$")


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
