"""What the person types as the session's start on the after screen: minutes ago ("50") or a
time today ("18:05", "6:05 pm"), turned into the start of the window the after checks look at."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

MAX_MINUTES = 24 * 60
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})\s*([ap]\.?m\.?)?$", re.IGNORECASE)
_MINUTES = re.compile(r"^(\d{1,4})\s*(m|min|mins|minutes?)?(\s+ago)?$", re.IGNORECASE)


def parse_start(typed: str, now: datetime) -> tuple[datetime | None, str]:
    """(the start, "") or (None, why it could not be understood). `now` is aware."""
    text = " ".join(typed.split())
    if not text:
        return None, "Type how many minutes ago the session started, or the time it started."
    minutes = _MINUTES.match(text)
    if minutes:
        count = int(minutes.group(1))
        if not 1 <= count <= MAX_MINUTES:
            return None, f"Between 1 and {MAX_MINUTES} minutes ago, please."
        return now - timedelta(minutes=count), ""
    clock = _TIME.match(text)
    if clock:
        hour, minute, half = int(clock.group(1)), int(clock.group(2)), clock.group(3)
        if half:
            if not 1 <= hour <= 12:
                return None, f"{text} is not a time on a 12-hour clock."
            hour = hour % 12 + (12 if half.lower().startswith("p") else 0)
        if hour > 23 or minute > 59:
            return None, f"{text} is not a time of day."
        local = now.astimezone()
        when = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if when > local:
            return None, f"{text} today has not come yet."
        return when, ""
    return None, f"{text} is neither minutes ago (like 50) nor a time (like 18:05)."
