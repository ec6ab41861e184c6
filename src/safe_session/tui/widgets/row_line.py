"""A row's words as one widget: the status (symbol and word) in a column of its own, and beside
it the title and what was found, wrapped with a hanging indent.

One widget instead of a status, a title and a summary each in its own container: the first
screen holds every check, and each widget costs a style and layout pass before it can be drawn.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static

STATUS_WIDTH = 12  # "… Checking" and "✓ OK" alike, so titles line up


def hanging(
    status: Content, body: Content, width: int, indent: int = STATUS_WIDTH
) -> list[Content]:
    """`status` on the first line in `indent` cells, `body` wrapped in the rest of `width`."""
    lines = body.wrap(max(1, width - indent)) or [Content("")]
    first = status.truncate(indent, pad=True)
    blank = Content(" " * indent)
    return [first + lines[0], *(blank + line for line in lines[1:])]


class RowLine(Static):
    """The status column and the words of one row. `visual` holds them unwrapped, in reading
    order, for anything that reads the row's text."""

    INDENT = STATUS_WIDTH  # where the words start, on every line

    def __init__(self, status: Content, body: Content, *, classes: str = "") -> None:
        self._status, self._body = status, body
        self._lines: tuple[int, list[Content]] | None = None
        super().__init__(self._reading(), classes=classes)

    def _reading(self) -> Content:
        return Content.assemble(self._status, " ", self._body)

    def show(self, status: Content, body: Content) -> None:
        if status.is_same(self._status) and body.is_same(self._body):
            return
        self._status, self._body, self._lines = status, body, None
        self.update(self._reading())

    def lines(self, width: int) -> list[Content]:
        if self._lines is None or self._lines[0] != width:
            self._lines = (width, hanging(self._status, self._body, width, self.INDENT))
        return self._lines[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width)) if width else 0

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.size.width))
