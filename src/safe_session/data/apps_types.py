"""The known-apps schema (`checks/apps.toml`): which apps watch, record or interrupt a session.

Types only: `data.apps_catalog` reads and validates the file, and a run reads the apps built
from it ahead of time (`safe_session.shipped.apps`), made of these types.
"""

from __future__ import annotations

from typing import Literal

import msgspec

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
