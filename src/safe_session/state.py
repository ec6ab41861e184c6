"""The state folder: it holds the start time of the last session and nothing else.

No SSIDs, names, URLs or file names are ever written here (a privacy promise).
"""

from __future__ import annotations

import contextlib
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import platformdirs

FILE_NAME = "session-start"
DEFAULT_WINDOW = timedelta(hours=2)


def state_dir() -> Path:
    override = os.environ.get("SAFE_SESSION_STATE_DIR")
    return Path(override) if override else Path(platformdirs.user_state_dir("safe-session"))


def record_session_start(when: datetime) -> bool:
    """Write the start time; failure to write is not a reason to stop the checks.

    The folder is made private (0700) when it is created; one that is a link, is not the
    person's own, or that others may write into is refused. The text goes to a new file with a
    random name, created exclusively and never through a link, is flushed to disk, then takes
    the final name in one step: whatever sits at either name cannot send the write elsewhere.
    """
    text = (when.astimezone(UTC).isoformat(timespec="seconds") + "\n").encode("ascii")
    try:
        with _open_folder(create=True) as folder:
            _write_new(folder, text)
        return True
    except OSError:
        return False


def last_session_start() -> datetime | None:
    """The recorded start, read only from a regular file in a folder that passes the same tests
    as for writing, never through a link, and never more than a line of it."""
    try:
        with _open_folder(create=False) as folder:
            raw = _read_small(folder)
        when = datetime.fromisoformat(raw.decode("ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class _Refused(OSError):
    """The state folder is not one to write into or read from."""


class _Folder:
    """The state folder, opened once (POSIX: a descriptor every name is looked up from, so the
    folder cannot be swapped between the checks and the write); Windows: its path."""

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self.fd = fd

    def __enter__(self) -> _Folder:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO put at the file's name must not block a read
_BINARY = getattr(os, "O_BINARY", 0)
_POSIX = os.name != "nt" and os.open in os.supports_dir_fd
MAX_READ = 64  # one ISO time and a line end


def _open_folder(create: bool) -> _Folder:
    path = state_dir()
    if create and not os.path.lexists(path):
        if not path.parent.is_dir():
            path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700)
    if not _POSIX:
        # Windows: no links to refuse by flag, no owner by number; the folder is in the
        # person's own profile unless SAFE_SESSION_STATE_DIR says otherwise.
        if path.is_symlink() or not path.is_dir():
            raise _Refused("the state folder is not a folder")
        return _Folder(path, None)
    fd = os.open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
    try:
        st = os.fstat(fd)
        if not stat.S_ISDIR(st.st_mode):
            raise _Refused("the state folder is not a folder")
        if st.st_uid != os.getuid():
            raise _Refused("the state folder belongs to someone else")
        if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise _Refused("others may write into the state folder")
    except BaseException:
        os.close(fd)
        raise
    return _Folder(path, fd)


def _write_new(folder: _Folder, data: bytes) -> None:
    # os.urandom is what `secrets` draws on; importing `secrets` (hmac, hashlib, random) took
    # about 5 ms of every run's start-up
    temporary = f"{FILE_NAME}.{os.urandom(8).hex()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
    if folder.fd is not None:
        fd = os.open(temporary, flags, 0o600, dir_fd=folder.fd)
    else:
        fd = os.open(folder.path / temporary, flags, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if folder.fd is not None:
            os.replace(temporary, FILE_NAME, src_dir_fd=folder.fd, dst_dir_fd=folder.fd)
            with contextlib.suppress(OSError):
                os.fsync(folder.fd)  # the new name itself reaches the disk
        else:
            os.replace(folder.path / temporary, folder.path / FILE_NAME)
    except BaseException:
        with contextlib.suppress(OSError):
            if folder.fd is not None:
                os.unlink(temporary, dir_fd=folder.fd)
            else:
                os.unlink(folder.path / temporary)
        raise


def _read_small(folder: _Folder) -> bytes:
    flags = os.O_RDONLY | _NOFOLLOW | _CLOEXEC | _NONBLOCK | _BINARY
    if folder.fd is not None:
        fd = os.open(FILE_NAME, flags, dir_fd=folder.fd)
    else:
        if (folder.path / FILE_NAME).is_symlink():
            raise _Refused("the start file is a link")
        fd = os.open(folder.path / FILE_NAME, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _Refused("the start file is not a regular file")
        return os.read(fd, MAX_READ)
    finally:
        os.close(fd)


def default_window_start(now: datetime | None = None) -> datetime:
    """The session window's start when none was given: the start recorded today by the last
    `check` or UI run, else two hours ago."""
    now = now or datetime.now(UTC)
    recorded = last_session_start()
    if (
        recorded is not None
        and recorded.astimezone().date() == now.astimezone().date()
        and recorded <= now
    ):
        return recorded
    return now - DEFAULT_WINDOW


def window_start(since: datetime | None) -> datetime:
    """`since` as an aware UTC time, or the default start when it is None."""
    if since is None:
        return default_window_start()
    return (since if since.tzinfo else since.astimezone()).astimezone(UTC)
