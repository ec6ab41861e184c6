"""The "After your session" flow with Pilot: logout steps, the portal's address feeding the
history check, and actions shown exactly, done only when confirmed."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from textual.widgets import Input, Static

from safe_session.actions.base import ActionPlan, ActionResult
from safe_session.model import Result, Status
from safe_session.probes.base import ProbeContext
from safe_session.tui.app import SafeSessionApp
from safe_session.tui.screens.after import AfterScreen
from safe_session.tui.screens.confirm_action import ConfirmActionScreen
from safe_session.tui.screens.start import StartScreen
from safe_session.tui.widgets.check_row import CheckRow
from safe_session.words import since_words
from tests.tui.fakes import (
    AFTER_FOUND,
    ALL_PASS,
    MIXED,
    Scenario,
    actions_for,
    config,
    fact,
    profile,
)
from tests.tui.screen import plain, screen_text, settle, wait_until


def row_text(app: SafeSessionApp, check_id: str) -> str:
    row = app.screen.query_one(f"#row-{check_id.replace('.', '-')}")
    return " ".join(plain(s) for s in row.query(Static))


def after(scenario: Scenario, **kw: Any) -> SafeSessionApp:
    return SafeSessionApp(config(scenario, "after", **kw), "after")


async def test_logout_steps_name_the_portal_from_the_profile() -> None:
    prof = profile(steps=("Delete the session link from your calendar.",))
    app = after(Scenario(dict(ALL_PASS)), prof=prof)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AfterScreen)
        text = screen_text(app)
        assert "After your session" in text
        assert "Log out of SimplePractice, then close its window or app." in text
        assert "Have you logged out of SimplePractice?" in text
        # the profile's own step is a row to tick, like the catalog's confirmations
        assert "Delete the session link from your calendar." in row_text(
            app, "after.profile_step_1"
        )
        assert "Looking at what changed on this computer since" in text
        assert plain(app.screen.query_one("#verdict")).startswith("✓ All clear")


async def test_logout_step_is_neutral_without_a_platform() -> None:
    app = after(Scenario(dict(ALL_PASS)), prof=profile(platform="", domains=()))
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        assert "Log out of your therapy portal or video app, then close its window." in screen_text(
            app
        )


async def test_action_confirmed_is_performed_and_its_result_shown() -> None:
    scenario = Scenario(dict(AFTER_FOUND))
    actions = actions_for(scenario)
    app = after(scenario, actions=actions)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        row = row_text(app, "after.downloads")
        assert "! Caution" in row
        # What will happen is on screen before anything is asked.
        assert "Moves these files from Downloads to the system trash." in row
        assert "• /home/ana/Downloads/worksheet.pdf" in row

        app.screen.query_one("#row-after-downloads", CheckRow).focus()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmActionScreen)
        text = screen_text(app)
        assert "Move 2 files to the trash" in text
        assert "This is exactly what will happen:" in text
        assert (
            "• /home/ana/Downloads/worksheet.pdf" in text
            and "• /home/ana/Downloads/notes.txt" in text
        )
        assert actions["trash_downloads"].performed == []

        await pilot.press("y")
        await wait_until(
            pilot, lambda: "Done: moved 2 files to the trash" in row_text(app, "after.downloads")
        )
        await settle(pilot)
        performed = actions["trash_downloads"].performed
        assert len(performed) == 1 and performed[0].targets == (
            "/home/ana/Downloads/worksheet.pdf",
            "/home/ana/Downloads/notes.txt",
        )
        # It was checked again afterwards: nothing is left.
        assert "✓ OK" in row_text(app, "after.downloads")
        assert scenario.calls["downloads"] == 2
        assert (
            actions["clear_clipboard"].performed == [] and actions["forget_history"].performed == []
        )


async def test_action_cancelled_does_nothing() -> None:
    scenario = Scenario(dict(AFTER_FOUND))
    actions = actions_for(scenario)
    app = after(scenario, actions=actions)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await pilot.click("#row-after-clipboard .plan-button")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmActionScreen)
        assert app.screen.focused is not None and app.screen.focused.id == "no"
        await pilot.press("enter")  # the default answer is No
        await pilot.pause()
        app.screen.query_one("#row-after-clipboard", CheckRow).focus()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        assert actions["clear_clipboard"].performed == []
        assert "! Caution" in row_text(app, "after.clipboard")
        assert "Done" not in row_text(app, "after.clipboard")
        assert scenario.calls["clipboard"] == 1


async def test_failed_action_says_what_was_not_done() -> None:
    scenario = Scenario(dict(AFTER_FOUND))
    actions = actions_for(scenario)
    actions["trash_downloads"].ok = False
    app = after(scenario, actions=actions)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        app.screen.query_one("#row-after-downloads", CheckRow).focus()
        await pilot.press("x", "y")
        await wait_until(pilot, lambda: "Not done" in row_text(app, "after.downloads"))
        await settle(pilot)
        text = row_text(app, "after.downloads")
        assert "Not done: the files were in use" in text
        assert "could not: /home/ana/Downloads/notes.txt" in text
        assert "! Caution" in text


async def test_portal_address_feeds_the_history_check() -> None:
    scenario = Scenario(dict(AFTER_FOUND))
    app = after(scenario, domains=())
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        assert scenario.seen_domains == [()]
        assert "No portal address was given" in row_text(app, "after.browser_history")
        field = app.screen.query_one("#domains", Input)
        field.focus()
        await pilot.press(*"https://Portal.Example.com/login?next=1, not a domain!")
        await pilot.press("enter")
        await settle(pilot)
        assert scenario.seen_domains[-1] == ("portal.example.com",)
        note = plain(app.screen.query_one("#domains-note"))
        assert "Looking for visits to portal.example.com." in note
        assert "Not a web address: not, a, domain!" in note
        row = row_text(app, "after.browser_history")
        assert "! Caution" in row and "• portal.example.com (firefox)" in row


class BrokenPlan:
    def plan(self, result: Result, ctx: ProbeContext) -> list[ActionPlan]:
        raise RuntimeError("no")

    def perform(self, plan: ActionPlan, dry_run: bool = False) -> Any:
        raise AssertionError("never performed")


async def test_an_action_that_cannot_be_prepared_is_said_plainly() -> None:
    scenario = Scenario(dict(AFTER_FOUND))
    actions: dict[str, Any] = {**actions_for(scenario), "clear_clipboard": BrokenPlan()}
    app = after(scenario, actions=actions)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        text = row_text(app, "after.clipboard")
        assert "The tidy-up for this could not be prepared (RuntimeError)." in text
        assert not app.screen.query("#row-after-clipboard .plan-button")
        assert app.screen.board["after.clipboard"].result.status is Status.WARN


async def test_after_confirmation_is_a_checkbox() -> None:
    app = after(Scenario(dict(ALL_PASS)))
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await pilot.click("#row-after-portal_logout ConfirmBox")
        await pilot.pause()
        assert app.screen.board["after.portal_logout"].result.status is Status.PASS
        assert plain(app.screen.query_one("#verdict")) == "✓ All clear\nNothing left to do."


async def test_confirmations_show_the_question_as_the_plan_words_it() -> None:
    """The plan names the portal once; the row and the detail view show its words, also when
    the box starts ticked."""
    for confirmed in (frozenset(), frozenset({"after.portal_logout"})):
        app = after(Scenario(dict(ALL_PASS)), confirmed=confirmed)
        async with app.run_test(size=(100, 50)) as pilot:
            await settle(pilot)
            assert "Have you logged out of SimplePractice?" in row_text(app, "after.portal_logout")
            await pilot.press("i")
            await pilot.pause()
            assert "Have you logged out of SimplePractice?" in screen_text(app)


class OneByOne:
    """Like the real downloads action: one plan per file, each confirmed on its own."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.performed: list[ActionPlan] = []

    def plan(self, result: Result, ctx: ProbeContext) -> list[ActionPlan]:
        return [
            ActionPlan(
                "trash_downloads",
                result.id,
                f"Move {f['path']} to the Trash",
                f"Moves {f['path']} from Downloads to the Trash.",
                (f["path"],),
            )
            for f in result.details["files"]
        ]

    def perform(self, plan: ActionPlan, dry_run: bool = False) -> ActionResult:
        self.performed.append(plan)
        files = self.scenario.facts["downloads"]["details"]["files"]  # type: ignore[index]
        left = [f for f in files if f["path"] not in plan.targets]
        self.scenario.facts["downloads"] = fact(
            "warn" if left else "pass", f"{len(left)} files.", files=left
        )
        return ActionResult(True, f"moved {plan.targets[0]} to the Trash", plan.targets)


async def test_many_actions_are_listed_as_buttons_and_done_one_at_a_time() -> None:
    scenario = Scenario(dict(AFTER_FOUND))
    files = [{"path": f"/home/ana/Downloads/file{i}.pdf", "size": 1} for i in range(8)]
    scenario.facts["downloads"] = fact("warn", "8 files arrived.", files=files)
    one_by_one = OneByOne(scenario)
    app = after(scenario, actions={**actions_for(scenario), "trash_downloads": one_by_one})
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        row = app.screen.query_one("#row-after-downloads", CheckRow)
        assert "Each of these asks first, showing exactly what it will do:" in row_text(
            app, "after.downloads"
        )
        assert "… and 2 more: x goes through them in turn." in row_text(app, "after.downloads")
        assert len(row.query(".plan-button")) == 6
        row.focus()
        await pilot.press("x")
        await pilot.pause()
        assert "Moves /home/ana/Downloads/file0.pdf from Downloads to the Trash." in screen_text(
            app
        )
        await pilot.press("y")
        await wait_until(
            pilot,
            lambda: "Done: moved /home/ana/Downloads/file0.pdf" in row_text(app, "after.downloads"),
        )
        await settle(pilot)
        assert "7 files" in row_text(app, "after.downloads")
        assert "… and 1 more" in row_text(app, "after.downloads")
        app.screen.query_one("#row-after-downloads", CheckRow).focus()
        await pilot.press("x", "y")
        await wait_until(pilot, lambda: len(one_by_one.performed) == 2)
        assert [p.targets for p in one_by_one.performed] == [
            ("/home/ana/Downloads/file0.pdf",),
            ("/home/ana/Downloads/file1.pdf",),
        ]


async def test_focus_starts_in_the_address_field_when_no_address_is_known() -> None:
    app = after(Scenario(dict(AFTER_FOUND)), domains=())
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        field = app.screen.query_one("#domains", Input)
        assert app.focused is field
        await pilot.press(*"portal.example.org")
        assert field.value == "portal.example.org"
        # Up and down leave the field, as they leave every row.
        await pilot.press("down")
        assert isinstance(app.focused, CheckRow)
        assert app.focused.row.spec.id == "after.downloads"
        await pilot.press("up")
        assert app.focused is field
        await pilot.press("up")
        assert app.focused is not field


async def test_the_address_field_takes_letters_only_when_it_has_focus() -> None:
    scenario = Scenario(dict(AFTER_FOUND))
    app = after(scenario)  # the profile names the portal: focus starts on the first row
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        field = app.screen.query_one("#domains", Input)
        assert app.focused is not field and field.value == "clientsecure.me"
        app.screen.query_one("#row-after-clipboard", CheckRow).focus()
        await pilot.press("z", "q", "k")  # no key of a row: nothing happens
        assert field.value == "clientsecure.me"
        field.focus()
        await pilot.press("end", *".x")
        assert field.value == "clientsecure.me.x"


async def test_a_portal_address_with_no_visits_says_so_with_the_address() -> None:
    scenario = Scenario(dict(AFTER_FOUND))
    scenario.facts["history"] = fact(
        "pass",
        "No visits to clientsecure.mee were found in Firefox or Chromium history "
        "(2 browser profiles). Check the address is right.",
        entries=[],
    )
    app = after(scenario, domains=("clientsecure.mee",))
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        note = plain(app.screen.query_one("#domains-note", Static))
        assert "No visits to clientsecure.mee were found in Firefox or Chromium history" in note
        assert "Check the address is right." in note


async def test_the_row_says_what_an_action_is_doing_before_it_has_finished() -> None:
    scenario = Scenario(dict(MIXED))
    actions = actions_for(scenario)
    actions["close_app"].gate = threading.Event()
    app = SafeSessionApp(config(scenario, actions=actions), "before")
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        app.screen.query_one("#row-apps-remote_access", CheckRow).focus()
        await pilot.press("x", "y")
        await wait_until(
            pilot, lambda: "Asking AnyDesk to close…" in row_text(app, "apps.remote_access")
        )
        assert actions["close_app"].performed == []  # still running: said at once
        actions["close_app"].gate.set()
        await wait_until(
            pilot, lambda: "Done: AnyDesk closed" in row_text(app, "apps.remote_access")
        )
        assert "Asking AnyDesk to close…" not in row_text(app, "apps.remote_access")


async def test_the_session_start_is_shown_and_can_be_changed() -> None:
    scenario = Scenario(dict(AFTER_FOUND))
    since = datetime.now(UTC) - timedelta(minutes=30)
    app = after(scenario, since=since)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        shown = since_words(since)  # the date too, just after midnight
        assert f"Looking at what changed on this computer since {shown}" in screen_text(app)
        assert scenario.calls["downloads"] == 1
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press(*"later", "enter")  # not understood: said, and nothing changes
        await pilot.pause()
        assert "neither minutes ago" in plain(app.screen.query_one("#start-note", Static))
        field = app.screen.query_one("#start-typed", Input)
        field.value = ""
        await pilot.press(*"50", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AfterScreen))
        await settle(pilot)
        assert isinstance(app.screen, AfterScreen)
        start = app.screen.ctx.since
        assert start is not None
        assert abs((datetime.now(UTC) - start) - timedelta(minutes=50)) < timedelta(minutes=1)
        new = since_words(start)
        assert f"since {new}" in screen_text(app)
        assert scenario.calls["downloads"] == 2  # looked again, from the new start
        # Escape leaves it as it was.
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, AfterScreen))
        assert app.screen.ctx.since == start
