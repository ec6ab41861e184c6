"""What a system says about Do Not Disturb (Focus, Focus Assist): one type for every reader."""

from __future__ import annotations

import msgspec


class DndReading(msgspec.Struct, frozen=True):
    on: bool | None  # None: could not tell
    source: str | None  # where it was read, e.g. "gsettings"
    reason: str | None = None  # why it could not be told
