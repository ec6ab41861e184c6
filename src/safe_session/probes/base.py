"""What every probe shares: its context and the way it says "I could not find out"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from safe_session.platforms import current_os

if TYPE_CHECKING:
    from safe_session.model import OSName
    from safe_session.profile import Profile


class Unavailable(Exception):
    """The probe could not find out. `reason` is shown to the person, so write it plainly.

    `situation` picks catalog advice for this case (e.g. "permission", "missing_tool").
    """

    def __init__(self, reason: str, situation: str = "unknown") -> None:
        super().__init__(reason)
        self.reason = reason
        self.situation = situation


def _default_profile() -> Profile:
    from safe_session.profile import BUILTIN

    return BUILTIN


@dataclass
class ProbeContext:
    """Everything a probe may need to know about this run, and nothing it could act on."""

    os_name: OSName = field(default_factory=current_os)
    profile: Profile = field(default_factory=_default_profile)
    listen_seconds: float = 3.0
    acoustic_test: bool = False
    since: datetime | None = None
    domains: tuple[str, ...] = ()
    on_level: Callable[[float], None] | None = None  # live microphone level in dBFS, for a meter
