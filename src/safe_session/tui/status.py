"""How a status looks on screen: a symbol and a word always, colour only as a third signal."""

from __future__ import annotations

from dataclasses import dataclass

from safe_session.model import Result, Status


@dataclass(frozen=True)
class Look:
    symbol: str
    word: str
    css: str  # class name the stylesheet colours

    @property
    def label(self) -> str:
        return f"{self.symbol} {self.word}"


LOOKS: dict[Status, Look] = {
    Status.PASS: Look("✓", "OK", "pass"),
    Status.WARN: Look("!", "Caution", "warn"),
    Status.FAIL: Look("✗", "Problem", "fail"),
    Status.UNKNOWN: Look("?", "Unknown", "unknown"),
    Status.SKIPPED: Look("-", "Skipped", "skipped"),
    Status.MANUAL: Look("○", "Confirm", "manual"),
}
WAITING = Look("…", "Checking", "waiting")
STATUS_CLASSES = tuple(look.css for look in (*LOOKS.values(), WAITING))


def look_of(result: Result | None) -> Look:
    return WAITING if result is None else LOOKS[result.status]
