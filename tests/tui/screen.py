"""Reading what the app shows, for assertions: the text on screen and what a widget says."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget


def screen_lines(app: App[object]) -> list[str]:
    """Every line of the current screen as the terminal would show it (text, no styles)."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def screen_text(app: App[object]) -> str:
    return "\n".join(screen_lines(app))


def plain(widget: Widget) -> str:
    visual = getattr(widget, "visual", None)
    return getattr(visual, "plain", None) or str(visual)


async def wait_until(
    pilot: Pilot[object], condition: Callable[[], bool], seconds: float = 10
) -> None:
    """Let the app run until `condition` holds (results arrive from worker threads)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the app did not get there in time:\n" + screen_text(pilot.app))
        await pilot.pause(0.02)
    await pilot.pause()


async def settle(pilot: Pilot[object]) -> None:
    """Wait until no check is running and the screen has caught up."""
    screen = pilot.app.screen
    board = getattr(screen, "board", None)
    if board is not None:
        await wait_until(pilot, lambda: not board.pending())
    await asyncio.sleep(0)
    await pilot.pause()
