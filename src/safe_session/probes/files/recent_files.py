"""Recently-used entries the session added: a trail of the files you opened.

Linux desktops (GTK apps, and most others) keep the list in `recently-used.xbel` under
$XDG_DATA_HOME (~/.local/share); each `<bookmark>` has the date it was `added`. Windows keeps a
shortcut (`.lnk`) per file in the Recent folder; a new shortcut was made when the file was
first opened. macOS keeps its list in its own binary format, not read here.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.files.file_times import arrival
from safe_session.regular_files import NotRegularFile, read_regular
from safe_session.state import window_start

Source = Literal["xbel", "windows_recent", "macos"]
BOOKMARK_NS = "http://www.freedesktop.org/standards/desktop-bookmarks"
MAX_XBEL_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class XbelBookmark:
    href: str
    added: datetime | None
    apps: tuple[str, ...]


@dataclass(frozen=True)
class RecentEntry:
    name: str  # the file's name, for the person
    target: str  # the entry's own key: the bookmark's href, or the shortcut's path
    added: datetime
    apps: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecentFilesFact:
    source: Source
    location: str
    exists: bool
    since: datetime
    entries: tuple[RecentEntry, ...]
    unknown: str | None = None  # why the list could not be read
    situation: str = "unknown"


def parse_time(value: str | None) -> datetime | None:
    """xbel times: "2026-11-26T19:00:00Z", with or without microseconds. Never raises."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def parse_xbel(text: str) -> list[XbelBookmark] | None:
    """Every `<bookmark>` of an xbel document, in order; None when it is not valid XML."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return None
    out: list[XbelBookmark] = []
    for element in root.iter("bookmark"):
        apps = tuple(
            a.get("name", "")
            for a in element.iter(f"{{{BOOKMARK_NS}}}application")
            if a.get("name")
        )
        out.append(XbelBookmark(element.get("href", ""), parse_time(element.get("added")), apps))
    return out


def name_of(href: str) -> str:
    """`file:///home/a/My%20notes.odt` -> `My notes.odt`; other URIs keep their last part."""
    try:
        path = unquote(urlsplit(href).path)
    except ValueError:
        return href
    return path.rstrip("/").rsplit("/", 1)[-1] or href


def xbel_path() -> Path:
    data = os.environ.get("XDG_DATA_HOME", "")
    base = Path(data) if os.path.isabs(data) else Path.home() / ".local" / "share"
    return base / "recently-used.xbel"


def windows_recent_folder() -> Path:
    appdata = os.environ.get("APPDATA")
    base = Path(appdata) if appdata else Path.home() / "AppData" / "Roaming"
    return base / "Microsoft" / "Windows" / "Recent"


def read_xbel(path: Path) -> str:
    """The list's text: a regular file only, never waiting (`regular_files`)."""
    data = read_regular(path, MAX_XBEL_BYTES + 1, follow_symlinks=False)
    if len(data) > MAX_XBEL_BYTES:
        raise Unavailable("the list of recent files is too large to read")
    return data.decode("utf-8", errors="replace")


def xbel_entries(text: str, since: datetime) -> list[RecentEntry] | None:
    bookmarks = parse_xbel(text)
    if bookmarks is None:
        return None
    return [
        RecentEntry(name_of(b.href), b.href, b.added, b.apps)
        for b in bookmarks
        if b.added is not None and b.added >= since
    ]


def _gather_xbel(since: datetime) -> RecentFilesFact:
    path = xbel_path()
    if not os.path.lexists(path):  # a pipe or a link there is read, and refused with the reason
        return RecentFilesFact("xbel", str(path), False, since, ())
    try:
        text = read_xbel(path)
    except PermissionError:
        raise Unavailable(
            "this computer did not give permission to read the list", "permission"
        ) from None
    except NotRegularFile as exc:
        raise Unavailable(f"the list of recent files could not be read: {exc.strerror}") from None
    except OSError as exc:
        raise Unavailable(f"the list of recent files could not be read ({exc.strerror})") from None
    entries = xbel_entries(text, since)
    if entries is None:
        raise Unavailable("the list of recent files is damaged (it is not valid XML)", "damaged")
    return RecentFilesFact("xbel", str(path), True, since, tuple(entries))


def lnk_entries(folder: Path, since: datetime) -> list[RecentEntry]:
    """Shortcuts in the Recent folder made since `since` (its subfolders are jump lists)."""
    out: list[RecentEntry] = []
    for entry in os.scandir(folder):
        if not entry.name.lower().endswith(".lnk") or not entry.is_file(follow_symlinks=False):
            continue
        came = arrival(Path(entry.path), entry.stat(follow_symlinks=False))
        if came.when >= since.timestamp():
            added = datetime.fromtimestamp(came.when, UTC)
            out.append(RecentEntry(entry.name[: -len(".lnk")], entry.path, added))
    return sorted(out, key=lambda e: e.added, reverse=True)


def _gather_windows(since: datetime) -> RecentFilesFact:
    folder = windows_recent_folder()
    if not folder.is_dir():
        return RecentFilesFact("windows_recent", str(folder), False, since, ())
    try:
        entries = lnk_entries(folder, since)
    except PermissionError:
        raise Unavailable("this computer did not give permission to look", "permission") from None
    return RecentFilesFact("windows_recent", str(folder), True, since, tuple(entries))


def gather(ctx: ProbeContext) -> RecentFilesFact:
    """Could-not-tell comes back as a fact too, so the report keeps `entries`."""
    since = window_start(ctx.since)
    sources: dict[str, Source] = {"windows": "windows_recent", "macos": "macos"}
    source = sources.get(ctx.os_name, "xbel")
    try:
        if source == "windows_recent":
            return _gather_windows(since)
        if source == "macos":
            raise Unavailable(
                "macOS keeps its recent items in its own format, not read here", "macos"
            )
        return _gather_xbel(since)
    except Unavailable as exc:
        return RecentFilesFact(source, "", False, since, (), exc.reason, exc.situation)
