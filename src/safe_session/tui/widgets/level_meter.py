"""A live microphone level while the room (or the person's voice) is listened to. Only the level
is shown; the sound itself never leaves the probe, and nothing is recorded."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

FLOOR_DBFS = -80.0
CELLS = 30


def bar(dbfs: float, cells: int = CELLS) -> str:
    """-80 dBFS or less is an empty bar, 0 dBFS a full one."""
    share = (min(max(dbfs, FLOOR_DBFS), 0.0) - FLOOR_DBFS) / -FLOOR_DBFS
    filled = round(share * cells)
    return "█" * filled + "░" * (cells - filled)


class LevelMeter(Static):
    def __init__(self, label: str = "Listening to the room", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.display = False  # shown only while the microphone is listened to

    def show_level(self, dbfs: float) -> None:
        self.display = True
        self.update(
            Content.assemble(
                (self.label, "bold"),
                " (nothing is recorded)\n",
                (bar(dbfs), "$primary"),
                f" {dbfs:5.0f} dB",
            )
        )
