"""Every theme readable, every control and focus visible, measured on what the app draws.

Each screen and dialog is rendered for real (Pilot), focus is moved to every widget that takes
it, and the colours of every cell are read from the screen as drawn (after the theme, layered
transparency and NO_COLOR's monochrome filter), then held to WCAG's ratios: 4.5:1 for text,
3:1 for the graphics of controls (tick boxes, bars, borders, the scroll bar) and for the mark
focus makes."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from safe_session.tui.app import SafeSessionApp
from safe_session.tui.screens.confirm_action import ConfirmActionScreen
from safe_session.tui.screens.detail import DetailScreen
from safe_session.tui.screens.keys import KeysScreen
from safe_session.tui.screens.start import StartScreen
from tests.tui.contrast import GRAPHIC, focus_change, snapshot, too_faint
from tests.tui.fakes import AFTER_FOUND, ALL_PASS, MIXED, WATCHED, Scenario, config
from tests.tui.screen import settle, wait_until

THEMES = ["calm", "high contrast", "no colour", "no colour, high contrast"]
SIZE = (100, 60)
BEFORE = {**MIXED, "room": WATCHED}


def make(
    theme: str, monkeypatch: pytest.MonkeyPatch, phase: str, facts: dict[str, object], **kw: Any
) -> SafeSessionApp:
    if "no colour" in theme:
        monkeypatch.setenv("NO_COLOR", "1")
    scenario = Scenario(dict(facts))
    return SafeSessionApp(
        config(scenario, phase, high_contrast="high contrast" in theme, **kw), phase
    )


async def problems_on_this_screen(pilot: Pilot[Any], label: str) -> list[str]:
    """Faint cells with each widget focused in turn, and focus that does not show."""
    app = pilot.app
    found = [f"{label}: {p}" for p in too_faint(app)]
    for widget in list(app.screen.focus_chain):
        name = f"{label}, {type(widget).__name__}#{widget.id or widget.name}"
        widget.focus()
        await pilot.pause()
        focused = snapshot(app, widget)
        found += [f"{name} focused: {p}" for p in too_faint(app)]
        app.set_focus(None)
        await pilot.pause()
        plain = snapshot(app, widget)
        change = focus_change(plain, focused)
        if change < GRAPHIC:
            found.append(f"{name}: focus changes it by only {change:.2f}:1")
    return found


@pytest.mark.parametrize("theme", THEMES)
async def test_before_screen_and_its_dialogs(theme: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make(theme, monkeypatch, "before", BEFORE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        found = await problems_on_this_screen(pilot, "before")
        app.screen.query_one("#row-apps-remote_access").focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen))
        found += await problems_on_this_screen(pilot, "detail")
        await pilot.press("escape")
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmActionScreen))
        found += await problems_on_this_screen(pilot, "confirm action")
        await pilot.press("n")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, KeysScreen))
        found += await problems_on_this_screen(pilot, "keys")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("theme", THEMES)
async def test_ready_moment(theme: str, monkeypatch: pytest.MonkeyPatch) -> None:
    confirmed = frozenset({"room.private", "room.door_closed"})
    app = make(theme, monkeypatch, "before", ALL_PASS, confirmed=confirmed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: app.screen.query_one("#ready").display)
        found = await problems_on_this_screen(pilot, "ready")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("theme", THEMES)
async def test_after_screen_and_its_dialogs(theme: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make(theme, monkeypatch, "after", AFTER_FOUND)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        found = await problems_on_this_screen(pilot, "after")
        app.screen.query_one("#row-after-downloads").focus()
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press(*"soon", "enter")  # not a time: the note under the field says so
        found += await problems_on_this_screen(pilot, "session start")
    assert not found, "\n".join(found)
