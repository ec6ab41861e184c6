"""The verdict at the top of a screen: a symbol and words that update as results come in, and
what is left to do."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from safe_session.model import Verdict
from safe_session.tui.board import Board

SYMBOLS: dict[Verdict, tuple[str, str]] = {
    Verdict.READY: ("✓", "verdict-ready"),
    Verdict.CAUTIONS: ("!", "verdict-cautions"),
    Verdict.NOT_READY: ("✗", "verdict-not-ready"),
}


def verdict_words(board: Board) -> tuple[Content, str]:
    """What the bar says, and the class that colours its edge: no verdict's symbol while the
    checks or the person's answers are still to come."""
    headline = board.headline()
    if board.phase == "before":
        waiting = board.waiting_for()
    else:  # after: a caution shows as soon as it is found
        waiting = "checks" if headline.endswith("…") else None
    if waiting == "checks":
        symbol, css = "…", "verdict-running"
    elif waiting == "answers":
        symbol, css = "○", "verdict-running"
    else:
        symbol, css = SYMBOLS[board.verdict]
    return Content.assemble((f"{symbol} {headline}", "bold"), "\n", board.left()), css


class VerdictBar(Static):
    def __init__(self, board: Board, *, id: str | None = None) -> None:
        words, css = verdict_words(board)  # built saying it: no update before the first frame
        super().__init__(words, id=id, classes=css)

    def show(self, board: Board) -> None:
        words, css = verdict_words(board)
        self.set_classes(css)
        self.update(words)
