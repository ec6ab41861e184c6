"""Hostile text from the system or a profile is shown literally: markup is not interpreted and
control, escape and bidi characters never reach the terminal (they show as visible escapes).

Every string of the shared corpus goes into every place at once: the profile's practice and
portal names, a summary, evidence, an action's targets. The terminal is wide so nothing wraps.
"""

from __future__ import annotations

from safe_session.text import inert
from safe_session.tui.app import SafeSessionApp
from safe_session.tui.screens.confirm_action import ConfirmActionScreen
from safe_session.tui.screens.detail import DetailScreen
from safe_session.tui.widgets.check_row import CheckRow
from tests.hostile import FORBIDDEN_IN_TERMINAL, HOSTILE_STRINGS
from tests.tui.fakes import AFTER_FOUND, MIXED, Scenario, actions_for, config, fact, profile
from tests.tui.screen import plain, screen_text, settle

ALL = " ".join(HOSTILE_STRINGS)
SIZE = (600, 70)


def assert_inert(text: str) -> None:
    for bad in FORBIDDEN_IN_TERMINAL:
        assert bad not in text, f"{bad!r} reached the screen"


async def test_before_screen_and_detail_show_hostile_text_literally() -> None:
    facts = dict(MIXED)
    facts["wifi"] = fact("warn", "Connected to " + ALL, ssid=ALL)
    facts["procs"] = fact(
        "fail",
        "Running: " + ALL,
        matches=[{"name": h, "pid": i} for i, h in enumerate(HOSTILE_STRINGS)],
    )
    prof = profile(practice=ALL, contact=HOSTILE_STRINGS[5])
    app = SafeSessionApp(config(Scenario(facts), prof=prof), "before")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert_inert(text)
        assert f"From {inert(ALL)} · {inert(HOSTILE_STRINGS[5])}" in text
        assert "Connected to " + inert(ALL) in text
        assert inert(ALL) in text  # under the row's title, "Running"
        assert "From [bold red]PWNED[/bold red] [link=https://evil.example]click[/link]" in text
        app.screen.query_one("#row-apps-remote_access", CheckRow).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert_inert(screen_text(app))
        found = plain(app.screen.query_one("#detail-found"))  # the dialog scrolls: read it all
        for i, hostile in enumerate(HOSTILE_STRINGS):
            assert f"• name: {inert(hostile)}, pid: {i}" in found


async def test_after_screen_shows_hostile_portal_steps_and_targets_literally() -> None:
    facts = dict(AFTER_FOUND)
    facts["downloads"] = fact(
        "warn", "Files arrived.", files=[{"path": h, "size": 1} for h in HOSTILE_STRINGS]
    )
    prof = profile(platform=ALL, steps=HOSTILE_STRINGS)
    app = SafeSessionApp(config(Scenario(facts), "after", prof=prof, since=None), "after")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert_inert(text)
        assert f"Log out of {inert(ALL)}, then close" in text
        for n, hostile in enumerate(HOSTILE_STRINGS, start=1):  # the profile's own steps
            row = app.screen.query_one(f"#row-after-profile_step_{n}")
            shown = "".join(" ".join(plain(s) for s in row.query("ConfirmBox")).split())
            assert "".join(inert(hostile, one_line=False).split()) in shown
        app.screen.query_one("#row-after-downloads", CheckRow).focus()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmActionScreen)
        assert_inert(screen_text(app))
        targets = plain(app.screen.query_one("#action-targets"))
        for hostile in HOSTILE_STRINGS:  # every target, listed before anything is done
            assert f"• {inert(hostile)}" in targets


async def test_markup_in_an_action_label_is_not_interpreted() -> None:
    scenario = Scenario(dict(AFTER_FOUND))
    actions = actions_for(scenario)
    actions["clear_clipboard"].label = "[bold red]PWNED[/bold red] [@click=app.quit]x[/]"
    app = SafeSessionApp(config(scenario, "after", actions=actions, since=None), "after")
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(pilot)
        assert "[bold red]PWNED[/bold red] [@click=app.quit]x[/]" in screen_text(app)
