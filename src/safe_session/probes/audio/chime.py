"""The "play a test sound" step: a short chime on the current output, for the person to say
whether they heard it in their headphones. Plays only; nothing listens meanwhile."""

from __future__ import annotations

from dataclasses import dataclass

from safe_session.probes.audio import soundcard
from safe_session.probes.base import ProbeContext
from safe_session.sound import tone

PLAY_TIMEOUT = 10.0


@dataclass(frozen=True)
class PlayedFact:
    output: str  # the output it was played on, as the system names it
    seconds: float


def gather(ctx: ProbeContext) -> PlayedFact:
    output = soundcard.play(tone.chime, PLAY_TIMEOUT)
    return PlayedFact(output, round(len(tone.CHIME_HZ) * tone.CHIME_NOTE_SECONDS, 2))
