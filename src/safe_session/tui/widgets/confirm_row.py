"""A confirmation only the person can give (the door is closed, the portal is logged out), as a
checkbox. Ticking it makes the check pass; it is never a pass until they do."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from safe_session.model import Status
from safe_session.tui.board import Row
from safe_session.tui.literal import literal
from safe_session.tui.status import look_of
from safe_session.tui.theme import is_high_contrast, themed
from safe_session.tui.widgets.check_row import ROW_KEYS, CheckRow, RowMessage, row_id
from safe_session.tui.widgets.row_line import STATUS_WIDTH, RowLine

BOX_WIDTH = 4  # "[✓]" and a space before the question


class ConfirmBox(RowLine, can_focus=True):
    """The row's status, a tick box, and the question beside it, wrapping under itself. Drawn
    as one widget (a checkbox, a status and a question were four); the mark is "[✓]" or "[ ]",
    so it reads the same without colour."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick / untick"),
        Binding("enter", "tick", "Tick / untick", show=False),
    ]
    INDENT = STATUS_WIDTH + BOX_WIDTH

    class Changed(Message):
        """The person ticked or unticked the box."""

        def __init__(self, box: ConfirmBox, value: bool) -> None:
            super().__init__()
            self.box, self.value = box, value

    def __init__(self, row: Row, value: bool) -> None:
        self.row, self.value = row, value
        super().__init__(*self._words(plain=False))

    def _words(self, *, plain: bool) -> tuple[Content, Content]:
        """The status and the box, then the question. `plain`: the status and question take the
        row's one colour (a focused row in high contrast is a bright block)."""
        look = look_of(self.row.result)
        # "[ ]" and "[✓]" in the text's own colour: a box anyone reads as one, as clear as the
        # words beside it in every theme (a focused row in high contrast draws it in its one
        # colour, like the rest of the row).
        box = "bold" if plain else themed(self.app, "bold $foreground")
        mark = Content.assemble(("[", box), ("✓" if self.value else " ", box), ("]", box), " ")
        status = Content.styled(
            look.label, "bold" if plain else themed(self.app, f"bold {look.colour}")
        )
        return status.truncate(STATUS_WIDTH, pad=True) + mark, literal(
            self.row.asks, one_line=False
        )

    _focused = False  # set by the focus events themselves: `has_focus` lags behind them

    def restyle(self) -> None:
        plain = self._focused and is_high_contrast(self.app)
        self.show(*self._words(plain=plain))

    def set_value(self, value: bool) -> None:
        """Show `value` without telling anyone (the row was judged, not clicked)."""
        self.value = value
        self.restyle()

    def toggle(self) -> None:
        self.set_value(not self.value)
        self.post_message(self.Changed(self, self.value))

    def action_tick(self) -> None:
        self.toggle()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.toggle()

    def on_focus(self) -> None:
        self._focused = True
        self.restyle()

    def on_blur(self) -> None:
        self._focused = False
        self.restyle()


class ConfirmRow(Widget):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("i", "details", "Why?"), *ROW_KEYS]

    class Toggled(RowMessage):
        def __init__(self, check_id: str, value: bool) -> None:
            super().__init__(check_id)
            self.value = value

    def __init__(self, row: Row) -> None:
        super().__init__(id=row_id(row.spec.id))
        self.row = row
        self._box = ConfirmBox(row, self._ticked(row))

    def compose(self) -> ComposeResult:
        yield self._box

    @staticmethod
    def _ticked(row: Row) -> bool:
        return row.result is not None and row.result.status is Status.PASS

    def show(self, row: Row) -> None:
        self.row = self._box.row = row
        self._box.set_value(self._ticked(row))

    def restyle(self) -> None:
        self._box.restyle()

    def on_confirm_box_changed(self, event: ConfirmBox.Changed) -> None:
        event.stop()
        self.post_message(self.Toggled(self.row.spec.id, event.value))

    def action_details(self) -> None:
        self.post_message(CheckRow.Details(self.row.spec.id))
