"""What a probe could not look at: a source it asked that was missing, hung or refused, and why.

A check often looks in several places (the device files and the sound server, the process list
and each browser's tabs). A fact names the places that did not answer in `missing`, so that its
rule never calls "nothing found" a pass when part of what it should have looked at was not seen.
"""

from __future__ import annotations

import msgspec


class Missing(msgspec.Struct, frozen=True):
    """One source that did not answer. Both texts are shown to the person, so write plainly."""

    source: str  # what could not be looked at: "the sound server's recording streams"
    reason: str  # why: "the tool `pactl` is not installed on this computer"
    situation: str = "unknown"  # the kind of failure (Unavailable's), for the catalog's advice

    def to_json(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason}


def unseen(missing: tuple[Missing, ...] | list[Missing]) -> str:
    """ "X could not be looked at (why); Y could not be looked at (why)" for a summary."""
    return "; ".join(f"{m.source} could not be looked at ({m.reason})" for m in missing)
