"""Telling "no sound server is listening" apart from other `pactl` failures.

When PulseAudio or PipeWire is not running, every form of a `pactl` command fails the same way;
a probe that knows this asks once instead of trying each older form of the command in turn.
"""

from __future__ import annotations

from safe_session.probes.base import Unavailable

# pactl's words (the probes run it in the C locale) when it cannot reach a server at all:
# "Connection failure: Connection refused", "... Access denied", "... Timeout".
_NO_SERVER = "Connection failure:"


def unreachable(exc: Unavailable) -> bool:
    """True when `pactl` failed because no sound server answered, not because of the command."""
    return exc.situation == "tool_failed" and _NO_SERVER in exc.reason
