"""The state folder: it holds the start time of the last session and nothing else.

No SSIDs, names, URLs or file names are ever written here (a privacy promise).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import platformdirs

FILE_NAME = "session-start"
DEFAULT_WINDOW = timedelta(hours=2)


def state_dir() -> Path:
    override = os.environ.get("SAFE_SESSION_STATE_DIR")
    return Path(override) if override else Path(platformdirs.user_state_dir("safe-session"))


def record_session_start(when: datetime) -> bool:
    """Write the start time; failure to write is not a reason to stop the checks."""
    folder = state_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / (FILE_NAME + ".tmp")
        tmp.write_text(when.astimezone(UTC).isoformat(timespec="seconds") + "\n", encoding="ascii")
        os.replace(tmp, folder / FILE_NAME)
        return True
    except OSError:
        return False


def last_session_start() -> datetime | None:
    """The recorded start; None when there is none or it is not a small regular file (a pipe
    or a device there must not hold `after` up)."""
    from safe_session.regular_files import read_regular

    try:
        raw = read_regular(state_dir() / FILE_NAME, 200, follow_symlinks=False)
        when = datetime.fromisoformat(raw.decode("ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


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
