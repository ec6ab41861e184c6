"""The "Before your session" flow, driven with Pilot: the real screens and engine, fake probes."""

from __future__ import annotations

from typing import Any

from textual.widgets import Button, Static

from safe_session.engine import HeadStart
from safe_session.model import Status
from safe_session.probes.base import ProbeContext
from safe_session.tui.app import SafeSessionApp
from safe_session.tui.screens.before import BeforeScreen
from safe_session.tui.screens.confirm_action import ConfirmActionScreen
from safe_session.tui.screens.detail import DetailScreen
from safe_session.tui.widgets.check_row import CheckRow
from safe_session.tui.widgets.confirm_row import ConfirmBox
from safe_session.tui.widgets.level_meter import LevelMeter
from safe_session.tui.widgets.verdict import VerdictBar
from tests.tui.fakes import (
    ALL_PASS,
    MIXED,
    WATCHED,
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


def verdict(app: SafeSessionApp) -> str:
    return plain(app.screen.query_one(VerdictBar))


def before(scenario: Scenario, **kw: Any) -> SafeSessionApp:
    return SafeSessionApp(config(scenario, **kw), "before")


async def test_first_screen_comes_before_any_probe_and_results_stream_in() -> None:
    scenario = Scenario(dict(ALL_PASS))
    scenario.hold("wifi", "procs", "sessions", "room")
    app = before(scenario)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BeforeScreen)
        text = screen_text(app)
        assert "Before your session" in text and "Quick exit" in text
        assert "From Dr. Ana Ruiz, Couples & Sex Therapy · ana@example.org" in text
        assert "Nothing leaves this computer, nothing is recorded." in text
        for check_id in ("network.wifi", "apps.remote_access", "system.other_sessions"):
            assert "… Checking" in row_text(app, check_id)
        assert verdict(app).splitlines() == [
            "… Checking…",
            "Still checking: your network, the apps that are open, who else is logged in, "
            "your headphones and the room's sound. Left: 2 questions to answer.",
        ]

        # The room is listened to: the meter shows the live level while its check runs.
        meter = app.screen.query_one(LevelMeter)
        await wait_until(pilot, lambda: meter.display and "dB" in plain(meter))
        assert "Listening to the room" in plain(meter)

        scenario.release("wifi")
        await wait_until(pilot, lambda: "✓ OK" in row_text(app, "network.wifi"))
        assert "Connected to HomeNet (WPA2)" in row_text(app, "network.wifi")
        assert "… Checking" in row_text(app, "apps.remote_access")
        assert "Still checking: the apps that are open," in verdict(app)
        assert "your network" not in verdict(app)

        scenario.release()
        await settle(pilot)
        # every check has finished: what is left is the person's own answers, not a "Ready"
        assert verdict(app) == "○ Answer the 2 questions below\nLeft: 2 questions to answer."
        assert not meter.display, "the meter goes away once the room has been judged"
        assert scenario.calls == {"wifi": 1, "procs": 1, "sessions": 1, "room": 1}


async def test_verdict_and_rows_for_mixed_results_say_status_in_words() -> None:
    app = before(Scenario(dict(MIXED)))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert "! Caution" in row_text(app, "network.wifi")
        assert "✗ Problem" in row_text(app, "apps.remote_access")
        assert "? Unknown" in row_text(app, "system.other_sessions")
        assert "Could not check: this computer does not let us list who is logged in." in row_text(
            app, "system.other_sessions"
        )
        assert verdict(app).splitlines() == [
            "✗ Not ready yet",
            "Left: 1 problem to fix, 1 caution to look at, 1 check that could not finish, "
            "2 questions to answer.",
        ]


async def test_no_verdict_over_rows_still_checking_nor_questions_unanswered() -> None:
    scenario = Scenario(
        {**ALL_PASS, "wifi": fact("warn", "Connected to Airport_Free, an open network.")}
    )
    scenario.hold("room")
    app = before(scenario)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: "! Caution" in row_text(app, "network.wifi"))
        await wait_until(pilot, lambda: "✓ OK" in row_text(app, "system.other_sessions"))
        assert verdict(app).splitlines() == [
            "… Checking…",
            "Still checking: your headphones and the room's sound. "
            "Left: 1 caution to look at, 2 questions to answer.",
        ]
        scenario.release()
        await settle(pilot)
        assert verdict(app).splitlines() == [
            "○ Answer the 2 questions below",
            "Left: 1 caution to look at, 2 questions to answer.",
        ]
        for box in app.screen.query(ConfirmBox):
            box.focus()
            await pilot.press("space")
        await pilot.pause()
        assert verdict(app) == "! Ready with cautions\nLeft: 1 caution to look at."


async def test_check_again_runs_only_that_row() -> None:
    scenario = Scenario(dict(ALL_PASS))
    app = before(scenario)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert verdict(app).startswith("○ Answer the 2 questions below")
        scenario.facts["wifi"] = fact(
            "warn", "Connected to Airport_Free, an open network.", ssid="Airport_Free"
        )
        app.screen.query_one("#row-network-wifi", CheckRow).focus()
        await pilot.press("r")
        await settle(pilot)
        assert "! Caution" in row_text(app, "network.wifi")
        assert "Airport_Free" in row_text(app, "network.wifi")
        assert scenario.calls == {"wifi": 2, "procs": 1, "sessions": 1, "room": 1}
        assert verdict(app).startswith("○ Answer the 2 questions below")
        assert "Left: 1 caution to look at" in verdict(app)

        await pilot.press("a")  # check all again
        await settle(pilot)
        assert scenario.calls == {"wifi": 3, "procs": 2, "sessions": 2, "room": 2}


async def test_detail_view_shows_why_found_and_advice_and_checks_again() -> None:
    scenario = Scenario(dict(MIXED))
    app = before(scenario)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#row-apps-remote_access", CheckRow).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        text = screen_text(app)
        assert "Why it matters" in text
        assert "Someone connected through such a tool could watch your screen." in text
        assert "AnyDesk is running: someone could be watching your screen." in text
        assert "name: AnyDesk, pid: 4242" in text  # the evidence
        assert "• Close the app before the session." in text
        assert "• On Linux: quit it from its menu." in text  # advice for this system

        scenario.facts["procs"] = fact("pass", "No remote-access tool is running now.", matches=[])
        await pilot.press("r")
        await wait_until(pilot, lambda: "running now" in screen_text(app))
        assert "✓ OK" in plain(app.screen.query_one("#detail-status"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BeforeScreen)
        assert "✓ OK" in row_text(app, "apps.remote_access")

        await pilot.click("#row-network-wifi .line")  # a click on its words opens a row too
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.check_id == "network.wifi"


async def test_confirmations_are_checkboxes_that_pass_only_when_ticked() -> None:
    app = before(Scenario(dict(ALL_PASS)))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        board = app.screen.board
        assert board["room.private"].result.status is Status.MANUAL
        app.screen.query_one("#row-room-private ConfirmBox", ConfirmBox).focus()
        await pilot.press("space")
        await pilot.pause()
        result = board["room.private"].result
        assert result.status is Status.PASS and result.details == {"confirmed": True}
        assert "✓ OK" in row_text(app, "room.private")
        assert verdict(app) == "○ Answer the question below\nLeft: 1 question to answer."

        # A click on the question's words (beside the box) ticks the box too.
        await pilot.click("#row-room-door_closed ConfirmBox", offset=(20, 0))
        await pilot.pause()
        assert board["room.door_closed"].result.status is Status.PASS
        assert verdict(app) == "✓ Ready\nNothing left to do."

        await pilot.press("a")  # checking everything again keeps what the person confirmed
        await settle(pilot)
        assert board["room.private"].result.status is Status.PASS

        app.screen.query_one("#row-room-private ConfirmBox", ConfirmBox).focus()
        await pilot.press("space")  # untick
        await pilot.pause()
        assert board["room.private"].result.status is Status.MANUAL
        assert "○ Confirm" in row_text(app, "room.private")

        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert "A room of your own keeps what you say private." in screen_text(app)


async def test_confirmations_given_on_the_command_line_start_ticked() -> None:
    app = before(Scenario(dict(ALL_PASS)), confirmed=frozenset({"room.door_closed"}))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#row-room-door_closed ConfirmBox", ConfirmBox).value
        assert app.screen.board["room.door_closed"].result.status is Status.PASS


async def test_skipped_checks_show_as_skipped_and_cannot_be_rechecked() -> None:
    scenario = Scenario(dict(ALL_PASS))
    app = before(scenario, no_audio=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert "- Skipped" in row_text(app, "audio.ambient_noise")
        assert "--no-audio" in row_text(app, "audio.ambient_noise")
        app.screen.query_one("#row-audio-ambient_noise", CheckRow).focus()
        await pilot.press("r")
        await settle(pilot)
        assert "room" not in scenario.calls


async def test_closing_an_app_before_the_session_asks_first_then_checks_again() -> None:
    scenario = Scenario(dict(MIXED))
    actions = actions_for(scenario)
    app = before(scenario, actions=actions)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        row = app.screen.query_one("#row-apps-remote_access", CheckRow)
        assert [b.label.plain for b in row.query(".plan-button").results(Button)] == [
            "Close AnyDesk"
        ]
        assert "• AnyDesk (process 4242)" in row_text(app, "apps.remote_access")
        row.focus()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmActionScreen)
        assert "Anything unsaved in it may be lost." in plain(
            app.screen.query_one("#action-description")
        )
        await pilot.press("n")
        await pilot.pause()
        assert actions["close_app"].performed == []
        await pilot.press("x", "y")
        await wait_until(
            pilot, lambda: "Done: AnyDesk closed" in row_text(app, "apps.remote_access")
        )
        await settle(pilot)
        assert "✓ OK" in row_text(app, "apps.remote_access")
        assert [p.targets for p in actions["close_app"].performed] == [("AnyDesk (process 4242)",)]


AFTER = "safe-session after --profile clinic.toml"


async def test_ready_is_a_moment_that_names_the_portal_and_what_to_run_afterwards() -> None:
    scenario = Scenario(dict(ALL_PASS))
    app = before(scenario, after_command=AFTER)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        moment = app.screen.query_one("#ready", Static)
        assert not moment.display, "not while questions are still open"
        assert f"After your session, run {AFTER}: it helps you log out" in " ".join(
            screen_text(app).split()
        )
        for box in app.screen.query(ConfirmBox):
            box.focus()
            await pilot.press("space")
        await wait_until(pilot, lambda: moment.display)
        said = plain(moment)
        assert "You're ready. You can join SimplePractice now." in said
        assert f"After your session, run {AFTER}." in said
        assert "You can join SimplePractice now." in screen_text(app)
        # A recheck that finds something takes the moment away again.
        app.screen.query_one("#row-apps-remote_access", CheckRow).focus()
        scenario.facts["procs"] = MIXED["procs"]
        await pilot.press("r")
        await settle(pilot)
        assert not moment.display


async def test_ready_without_a_platform_says_your_session() -> None:
    prof = profile(platform="", domains=())
    app = before(Scenario(dict(ALL_PASS)), prof=prof, confirmed=frozenset({"room.private"}))
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#row-room-door_closed ConfirmBox", ConfirmBox)
        box.focus()
        await pilot.press("space")
        await wait_until(pilot, lambda: app.screen.query_one("#ready").display)
        said = plain(app.screen.query_one("#ready", Static))
        assert "You're ready. You can join your session now." in said
        assert "After your session, run safe-session after." in said


async def test_monitoring_software_is_a_calm_safety_note_not_a_problem_to_fix_first() -> None:
    app = before(Scenario({**ALL_PASS, "sessions": WATCHED}))
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        row = row_text(app, "system.other_sessions")
        assert row.startswith("i Note Something here looks like monitoring software")
        assert "Problem" not in row
        assert "There is no need to act right now." in row and "Ctrl+Q" in row
        said = verdict(app)
        assert said.startswith("i Please read the safety note")
        assert "1 safety note to read" in said
        assert "to fix" not in said and "Not ready" not in said
        assert app.screen.query_one(VerdictBar).has_class("verdict-note")
        # Its status is still the catalog's, as the report's contract says.
        result = app.screen.board["system.other_sessions"].result  # type: ignore[attr-defined]
        assert result is not None and result.status is Status.FAIL and result.safety_note


async def test_a_safety_note_beside_a_real_problem_keeps_them_apart() -> None:
    app = before(Scenario({**MIXED, "sessions": WATCHED}))
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        said = verdict(app)
        assert said.startswith("✗ Not ready yet")
        assert "1 safety note to read" in said and "1 problem to fix" in said


async def test_the_listening_begun_before_the_screen_is_shown_and_not_run_again() -> None:
    """The command line starts the listening before the UI loads (a head start): the screen
    takes its result, shows its live level, and lets it load its analysis once drawn."""
    scenario = Scenario(dict(ALL_PASS))
    scenario.hold("room")
    cfg = config(scenario)
    probes = dict(cfg.probes or {})
    contexts: list[ProbeContext] = []

    def room(ctx: ProbeContext) -> object:
        contexts.append(ctx)
        return probes["room"](ctx)

    cfg.head_start = HeadStart.listening(cfg.plan.to_run(), cfg.plan.inputs, {"room": room})
    assert cfg.head_start is not None and cfg.head_start.names == {"room"}
    app = SafeSessionApp(cfg, "before")
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: "✓ OK" in row_text(app, "network.wifi"))
        assert "… Checking" in row_text(app, "audio.ambient_noise")
        assert contexts and contexts[0].defer_until is not None
        await wait_until(pilot, lambda: contexts[0].defer_until.is_set())  # type: ignore[union-attr]
        contexts[0].on_level(-33.0)  # type: ignore[misc]  # the probe's level reaches the meter
        meter = app.screen.query_one(LevelMeter)
        await wait_until(pilot, lambda: "-33" in plain(meter))
        scenario.release("room")
        await wait_until(pilot, lambda: "✓ OK" in row_text(app, "audio.ambient_noise"))
        await settle(pilot)
        assert scenario.calls["room"] == 1  # the head start's run, not a second one
