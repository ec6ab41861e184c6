"""What every probe shares: its context and the way it says "I could not find out"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import threading

from safe_session.platforms import current_os

if TYPE_CHECKING:
    from safe_session.model import OSName

DEFAULT_LISTEN_SECONDS = 3.0  # how long the room is listened to, unless `--listen` says


class Unavailable(Exception):
    """The probe could not find out. `reason` is shown to the person, so write it plainly.

    `situation` picks catalog advice for this case (e.g. "permission", "missing_tool").
    """

    def __init__(self, reason: str, situation: str = "unknown") -> None:
        super().__init__(reason)
        self.reason = reason
        self.situation = situation


@dataclass
class ProbeContext:
    """What probes read about this run (its inputs), and nothing they could act on. The run's
    policy (profile, thresholds) is not here: rules and the engine apply it (plan.Policy)."""

    os_name: OSName = field(default_factory=current_os)
    listen_seconds: float = DEFAULT_LISTEN_SECONDS
    since: datetime | None = None
    domains: tuple[str, ...] = ()
    extra_apps: tuple[str, ...] = ()  # the profile's platform apps, looked for after a session
    on_level: Callable[[float], None] | None = None  # live microphone level in dBFS, for a meter
    stop: Callable[[], bool] | None = None  # asked while listening on request: True ends it
    # Set once the screen is drawn: work a probe can put off while it waits anyway (loading
    # the sound analysis) waits for it, within limits, so it never slows the first frame.
    defer_until: threading.Event | None = None
