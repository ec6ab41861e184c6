"""The moment the person is ready: that they can join now (the portal named from the profile),
and what to run when the session is over, as they started safe-session this time."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from safe_session.model import Status, Verdict
from safe_session.tui.board import Board
from safe_session.tui.literal import literal
from safe_session.words import join_now

DEFAULT_AFTER = "safe-session after"


def after_line(command: str, end: str = ".") -> Content:
    """ "After your session, run safe-session after --profile x.toml." (the command inert)."""
    return Content.assemble(
        "After your session, run ", literal(command or DEFAULT_AFTER, "bold"), end
    )


def is_ready(board: Board) -> bool:
    """Every check ran and passed (or was switched off) and every question is answered."""
    return (
        not board.pending() and board.verdict is Verdict.READY and board.count(Status.MANUAL) == 0
    )


class ReadyMoment(Static):
    """Shown only once `is_ready`; hidden again if a recheck finds something."""

    DEFAULT_CSS = """
    ReadyMoment {
        height: auto;
        padding: 0 1;
        border-left: thick $success;
        text-style: bold;
    }
    """

    def __init__(self, portal: str, after_command: str, *, id: str | None = None) -> None:
        words = Content("\n").join(
            [Content("You're ready. ") + literal(join_now(portal)), after_line(after_command)]
        )
        super().__init__(words, id=id)
        self.display = False

    def show(self, board: Board) -> None:
        self.display = is_ready(board)
