"""Files that arrived in the Downloads folder during the session window.

The folder is the system's own (platformdirs: the XDG user dir on Linux, the Known Folder on
Windows, ~/Downloads on macOS). Subfolders are looked into; symlinks are never followed, so
nothing outside the folder is ever listed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from safe_session.probes.base import ProbeContext
from safe_session.probes.files.file_times import TimeSource, arrival
from safe_session.probes.sources import Missing
from safe_session.state import window_start

MAX_DEPTH = 6
MAX_SCANNED = 20_000
MAX_LISTED = 500


@dataclass(frozen=True)
class DownloadedFile:
    path: str
    size: int
    modified: datetime
    arrived: datetime
    time_source: TimeSource


@dataclass(frozen=True)
class DownloadsFact:
    folder: str
    exists: bool
    since: datetime
    files: tuple[DownloadedFile, ...]
    truncated: bool = False
    unknown: str | None = None  # why the folder could not be looked at
    situation: str = "unknown"
    missing: tuple[Missing, ...] = ()  # parts of the folder that were not looked into


def downloads_folder() -> Path:
    return Path(platformdirs.user_downloads_dir())


def _utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _walk(folder: Path, unread: list[str], depth: int = 0) -> Iterator[tuple[Path, os.stat_result]]:
    """Regular files under `folder`, depth first, never through a symlink. Folders that could
    not be opened, or lie deeper than MAX_DEPTH, go to `unread`: they were not looked into."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        unread.append(str(folder))
        return
    for entry in entries:
        try:
            if entry.is_symlink():
                continue
            if entry.is_dir(follow_symlinks=False):
                if depth < MAX_DEPTH:
                    yield from _walk(Path(entry.path), unread, depth + 1)
                else:
                    unread.append(entry.path)
                continue
            if entry.is_file(follow_symlinks=False):
                yield Path(entry.path), entry.stat(follow_symlinks=False)
        except OSError:
            unread.append(entry.path)


def arrived_since(path: Path, since: datetime) -> DownloadedFile | None:
    """The file as a download of this window, or None when it was here before `since` (or is
    not a regular file)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    came = arrival(path, st)
    if came.when < since.timestamp():
        return None
    return DownloadedFile(str(path), st.st_size, _utc(st.st_mtime), _utc(came.when), came.source)


def find_new_files(
    folder: Path, since: datetime, unread: list[str] | None = None
) -> tuple[list[DownloadedFile], bool]:
    """New files, and whether the walk stopped early (too many files, or enough found)."""
    found: list[DownloadedFile] = []
    unread = [] if unread is None else unread
    for scanned, (path, _) in enumerate(_walk(folder, unread), start=1):
        if scanned > MAX_SCANNED or len(found) >= MAX_LISTED:
            return found, True
        item = arrived_since(path, since)
        if item is not None:
            found.append(item)
    return found, False


def gather(ctx: ProbeContext) -> DownloadsFact:
    """Could-not-tell comes back as a fact too, so the report keeps `files`."""
    since = window_start(ctx.since)
    try:
        folder = downloads_folder()
    except Exception as exc:  # platformdirs asks the system; any failure means "unknown"
        reason = f"the Downloads folder could not be found ({type(exc).__name__})"
        return DownloadsFact("", False, since, (), unknown=reason)
    if not folder.is_dir():
        return DownloadsFact(str(folder), False, since, ())
    if not os.access(folder, os.R_OK | os.X_OK):
        reason = "this computer did not give permission to look in Downloads"
        return DownloadsFact(str(folder), True, since, (), unknown=reason, situation="permission")
    unread: list[str] = []
    files, truncated = find_new_files(folder, since, unread)
    files.sort(key=lambda f: f.arrived, reverse=True)
    missing = [Missing(_shown(path, folder), "it could not be opened") for path in unread[:5]]
    if len(unread) > 5:
        missing.append(Missing(f"{len(unread) - 5} more folders", "they could not be opened"))
    if truncated and not files:
        missing.append(
            Missing(f"the files after the first {MAX_SCANNED:,}", "there are too many to look at")
        )
    return DownloadsFact(str(folder), True, since, tuple(files), truncated, missing=tuple(missing))


def _shown(path: str, folder: Path) -> str:
    """A folder inside Downloads as the person knows it: `Downloads/private`."""
    try:
        return str(Path(folder.name) / Path(path).relative_to(folder))
    except ValueError:
        return path
