"""Apps on macOS: whether a Focus is on, from the Focus assertions file
(`~/Library/DoNotDisturb/DB/Assertions.json`), readable only with Full Disk Access; a Focus
turned on by a schedule may not show there. No tool is run, so there is no table of tools.
"""

from __future__ import annotations

import json
from pathlib import Path

from safe_session.probes.apps.dnd import DndReading
from safe_session.regular_files import read_regular_text

MAX_ASSERTIONS_BYTES = 4 * 1024 * 1024


def parse_focus_assertions(text: str) -> bool | None:
    """macOS Assertions.json: a Focus is on when some entry holds assertion records."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    entries = data.get("data") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return None
    return any(isinstance(e, dict) and bool(e.get("storeAssertionRecords")) for e in entries)


def read(home: Path | None = None) -> DndReading:
    path = (home or Path.home()) / "Library" / "DoNotDisturb" / "DB" / "Assertions.json"
    try:
        text = read_regular_text(path, MAX_ASSERTIONS_BYTES, follow_symlinks=False)
    except PermissionError:
        return DndReading(
            None, None, "macOS shows whether a Focus is on only to apps with Full Disk Access"
        )
    except OSError:
        return DndReading(None, None, "macOS did not say whether a Focus is on")
    on = parse_focus_assertions(text)
    if on is None:
        return DndReading(None, None, "macOS's Focus settings could not be read")
    return DndReading(on, "Focus")
