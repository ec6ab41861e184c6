"""Contrast as WCAG 2 measures it, read from what the app really draws: every cell of the
current screen (or of its dialog), with the colours Textual resolved for it after themes,
transparency, focus and NO_COLOR's monochrome filter.

Text needs 4.5:1 against its background (WCAG 1.4.3); graphics that are part of a control or
show state (tick boxes, bars, borders, the scroll bar, a focus mark) need 3:1 (WCAG 1.4.11),
and so does the change focus makes to a widget (WCAG 2.4.13's contrast part)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from rich.color import Color as RichColor
from textual.app import App
from textual.geometry import Region
from textual.widget import Widget

TEXT = 4.5
GRAPHIC = 3.0


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: RichColor) -> float:
    rgb = colour.get_truecolor()
    return 0.2126 * _channel(rgb.red) + 0.7152 * _channel(rgb.green) + 0.0722 * _channel(rgb.blue)


def ratio(a: RichColor, b: RichColor) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_graphic(char: str) -> bool:
    """Box drawing and block elements: borders, bars, tick boxes, the scroll bar."""
    return 0x2500 <= ord(char) <= 0x259F


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    char: str
    fg: RichColor
    bg: RichColor
    bold: bool

    @property
    def contrast(self) -> float:
        return ratio(self.fg, self.bg)

    @property
    def needed(self) -> float:
        return GRAPHIC if is_graphic(self.char) else TEXT


def cells(app: App[object], region: Region | None = None) -> Iterator[Cell]:
    """Every cell the screen shows, inside `region` when given."""
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            style = segment.style
            for char in segment.text:
                width = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
                inside = region is None or region.contains(x, y)
                if inside and style is not None:
                    fg, bg = style.color, style.bgcolor
                    if style.reverse:
                        fg, bg = bg, fg
                    if char.isspace() and fg is None:
                        fg = bg  # a blank cell: only its background shows
                    assert fg is not None and bg is not None, f"no colour at {x},{y}: {char!r}"
                    yield Cell(x, y, char, fg, bg, bool(style.bold))
                x += width


def where(app: App[object]) -> Region | None:
    """The part to read: a dialog's box when one is open (the screen behind it is dimmed on
    purpose), else the whole screen."""
    dialogs = app.screen.query("#dialog")
    return dialogs.first().region if dialogs else None


def too_faint(app: App[object]) -> list[str]:
    """Each cell whose contrast is under what it needs, described for the failure message."""
    faint: dict[tuple[str, str, str], str] = {}
    for cell in cells(app, where(app)):
        if cell.char.isspace():
            continue
        if cell.contrast < cell.needed:
            fg, bg = cell.fg.get_truecolor(), cell.bg.get_truecolor()
            key = (cell.char, str(fg), str(bg))
            faint.setdefault(
                key,
                f"{cell.char!r} at {cell.x},{cell.y}: {cell.contrast:.2f}:1 < {cell.needed}:1 "
                f"(#{fg.red:02x}{fg.green:02x}{fg.blue:02x} on #{bg.red:02x}{bg.green:02x}"
                f"{bg.blue:02x})",
            )
    return list(faint.values())


def snapshot(app: App[object], widget: Widget) -> dict[tuple[int, int], Cell]:
    """The cells of `widget` (and the column left of it, where a focus bar may be drawn)."""
    region = widget.region.grow((0, 0, 0, 1))
    return {(c.x, c.y): c for c in cells(app, region)}


def focus_change(before: dict[tuple[int, int], Cell], after: dict[tuple[int, int], Cell]) -> float:
    """How visible focus is: the strongest contrast between a cell's background without focus
    and with it, or of a mark drawn with focus where there was none (a bar beside a row)."""
    best = 1.0
    for key, now in after.items():
        then = before.get(key)
        if then is None:
            continue
        best = max(best, ratio(now.bg, then.bg))
        if then.char.isspace() and not now.char.isspace():
            best = max(best, now.contrast)
    return best
