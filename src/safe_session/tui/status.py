"""How a status looks on screen: a symbol and a word always, colour only as a third signal."""

from __future__ import annotations

from dataclasses import dataclass

from safe_session.model import Result, Status
from safe_session.words import SCREEN_NOTE_WORD, SCREEN_WORDS, WAITING_WORD, is_note


@dataclass(frozen=True)
class Look:
    symbol: str
    word: str
    css: str  # class name the stylesheet colours (the detail view's status line)
    colour: str  # the theme colour of the symbol and word in a row, drawn by the row itself

    @property
    def label(self) -> str:
        return f"{self.symbol} {self.word}"


LOOKS: dict[Status, Look] = {
    Status.PASS: Look("✓", SCREEN_WORDS[Status.PASS], "pass", "$success"),
    Status.WARN: Look("!", SCREEN_WORDS[Status.WARN], "warn", "$warning"),
    Status.FAIL: Look("✗", SCREEN_WORDS[Status.FAIL], "fail", "$error"),
    Status.UNKNOWN: Look("?", SCREEN_WORDS[Status.UNKNOWN], "unknown", "$warning"),
    Status.SKIPPED: Look("-", SCREEN_WORDS[Status.SKIPPED], "skipped", "$text-muted"),
    Status.MANUAL: Look("○", SCREEN_WORDS[Status.MANUAL], "manual", "$primary"),
}
MUTED = "$text-muted"  # what was found, beside the title: quieter than the title itself
WAITING = Look("…", WAITING_WORD, "waiting", "$text-muted")
# A safety note: calm, in the colour of information, never the red of a problem to fix.
NOTE = Look("i", SCREEN_NOTE_WORD, "safety-note", "$secondary")
STATUS_CLASSES = tuple(look.css for look in (*LOOKS.values(), WAITING, NOTE))


def look_of(result: Result | None) -> Look:
    if result is None:
        return WAITING
    return NOTE if is_note(result) else LOOKS[result.status]
