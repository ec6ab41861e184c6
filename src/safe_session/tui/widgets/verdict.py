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


class VerdictBar(Static):
    def show(self, board: Board) -> None:
        headline = board.headline()
        running = headline.endswith("…")
        symbol, css = ("…", "verdict-running") if running else SYMBOLS[board.verdict]
        if board.phase == "after" and not running and board.verdict is Verdict.CAUTIONS:
            symbol, css = "!", "verdict-cautions"
        self.set_classes(css)
        self.update(Content.assemble((f"{symbol} {headline}", "bold"), "\n", board.left()))
