"""A confirmation only the person can give (the door is closed, the portal is logged out), as a
checkbox. Ticking it makes the check pass; it is never a pass until they do."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Checkbox, Static

from safe_session.model import Status
from safe_session.tui.board import Row
from safe_session.tui.literal import literal
from safe_session.tui.status import STATUS_CLASSES, look_of
from safe_session.tui.widgets.check_row import ROW_KEYS, CheckRow, RowMessage, row_id


class ConfirmBox(Checkbox):
    """A checkbox whose mark is a tick or a blank, so it reads the same without colour."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Tick / untick"),
        Binding("enter", "toggle_button", "Tick / untick", show=False),
    ]

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button

    def render(self) -> Content:
        return self._button  # just the box: the question is its own, wrapping, widget

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._button.cell_length


class ConfirmRow(Widget):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("i", "details", "Why?"), *ROW_KEYS]

    class Toggled(RowMessage):
        def __init__(self, check_id: str, value: bool) -> None:
            super().__init__(check_id)
            self.value = value

    def __init__(self, row: Row) -> None:
        super().__init__(id=row_id(row.spec.id))
        self.row = row

    def compose(self) -> ComposeResult:
        yield Static(classes="status")
        # The question sits beside the box, not in its label: a label never wraps.
        yield ConfirmBox(Content(""), value=self._ticked(self.row))
        yield Static(literal(self.row.asks, one_line=False), classes="question")

    def on_mount(self) -> None:
        self.show(self.row)

    @staticmethod
    def _ticked(row: Row) -> bool:
        return row.result is not None and row.result.status is Status.PASS

    def show(self, row: Row) -> None:
        self.row = row
        look = look_of(row.result)
        status = self.query_one(".status", Static)
        status.update(Content.styled(look.label, "bold"))
        status.remove_class(*STATUS_CLASSES)
        status.add_class(look.css)
        self.query_one(".question", Static).update(literal(row.asks, one_line=False))
        box = self.query_one(ConfirmBox)
        ticked = self._ticked(row)
        if box.value != ticked:
            with box.prevent(Checkbox.Changed):
                box.value = ticked

    def on_click(self, event: events.Click) -> None:
        """A click on the question ticks the box too."""
        if event.widget is not None and event.widget.has_class("question"):
            self.query_one(ConfirmBox).toggle()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(self.Toggled(self.row.spec.id, event.value))

    def action_details(self) -> None:
        self.post_message(CheckRow.Details(self.row.spec.id))
