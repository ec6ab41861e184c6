"""What every screen shares: quick exit, the command palette, high contrast and NO_COLOR."""

from __future__ import annotations

import asyncio

import pytest
from textual.command import CommandPalette

from safe_session.tui.app import SafeSessionApp
from safe_session.tui.screens.before import BeforeScreen
from safe_session.tui.screens.detail import DetailScreen
from safe_session.tui.theme import HIGH_CONTRAST, high_contrast_from_env
from safe_session.tui.widgets.check_row import CheckRow
from tests.tui.fakes import ALL_PASS, Scenario, config
from tests.tui.screen import screen_lines, settle, wait_until


def held() -> Scenario:
    scenario = Scenario(dict(ALL_PASS))
    scenario.hold("wifi", "procs", "sessions", "room")
    return scenario


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
async def test_quick_exit_leaves_at_once_while_probes_still_hang(key: str) -> None:
    scenario = held()
    app = SafeSessionApp(config(scenario), "before")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
    assert app.return_code == 0
    assert app._exit_renderables == [], "quick exit prints nothing"
    assert not any(g.is_set() for g in scenario.gates.values()), "the probes are still hanging"
    # The worker threads gave up waiting for the engine: the process would not wait for the
    # hanging probes (they hold for 20 s) before the prompt comes back.
    await asyncio.wait_for(asyncio.get_running_loop().shutdown_default_executor(), timeout=5)
    scenario.release()


async def test_quick_exit_works_from_the_detail_view_and_from_its_button() -> None:
    app = SafeSessionApp(config(held()), "before")
    async with app.run_test() as pilot:
        await pilot.pause()
        app.screen.query_one(CheckRow).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0

    app = SafeSessionApp(config(held()), "before")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.click("#quick-exit")
        await pilot.pause()
    assert app.return_code == 0


async def test_command_palette_offers_quick_exit_contrast_and_check_again() -> None:
    scenario = Scenario(dict(ALL_PASS))
    app = SafeSessionApp(config(scenario), "before")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles[:3] == ["Quick exit", "High contrast", "Check everything again"]
        assert "Screenshot" not in str(titles), "no command writes the screen to a file"
        app._toggle_keys()  # the "Keys" command: every key and what it does
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        app._toggle_keys()
        await pilot.pause()
        assert not app.screen.query("HelpPanel")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"high contrast")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.theme == HIGH_CONTRAST.name)
        assert app.has_class("-high-contrast")


async def test_high_contrast_by_option_and_by_key() -> None:
    app = SafeSessionApp(config(Scenario(dict(ALL_PASS)), high_contrast=True), "before")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == HIGH_CONTRAST.name and app.has_class("-high-contrast")
        await pilot.press("c")
        assert app.theme == "safe-session" and not app.has_class("-high-contrast")
        await pilot.press("c")
        assert app.theme == HIGH_CONTRAST.name


@pytest.mark.parametrize(
    ("value", "on"), [("1", True), ("yes", True), ("0", False), ("", False), ("false", False)]
)
def test_high_contrast_from_environment(
    monkeypatch: pytest.MonkeyPatch, value: str, on: bool
) -> None:
    monkeypatch.setenv("SAFE_SESSION_HIGH_CONTRAST", value)
    assert high_contrast_from_env() is on


async def test_no_color_renders_in_monochrome_and_keeps_status_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = SafeSessionApp(config(Scenario(dict(ALL_PASS))), "before")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert app.no_color
        colours = set()
        for strip in app.screen._compositor.render_strips():
            for segment in strip:
                for colour in (segment.style.color, segment.style.bgcolor) if segment.style else ():
                    if colour is not None:
                        colours.add(colour.get_truecolor())
        assert colours, "nothing was rendered"
        assert all(c.red == c.green == c.blue for c in colours), colours
        text = "\n".join(screen_lines(app))
        assert "✓ OK" in text and "○ Confirm" in text and "○ Answer the 2 questions below" in text


async def test_before_screen_is_the_first_screen_and_rows_are_reachable_by_keys() -> None:
    app = SafeSessionApp(config(Scenario(dict(ALL_PASS))), "before")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BeforeScreen)
        assert isinstance(app.focused, CheckRow) and app.focused.row.spec.id == "network.wifi"
        await pilot.press("down")
        assert isinstance(app.focused, CheckRow) and app.focused.row.spec.id == "apps.remote_access"
