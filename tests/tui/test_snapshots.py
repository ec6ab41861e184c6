"""Snapshots of the key screens (SVG files in __snapshots__/, reviewed by eye before they were
committed). Regenerate with `pytest tests/tui --snapshot-update` and look at every change."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot

from safe_session.tui.app import SafeSessionApp
from tests.hostile import HOSTILE_STRINGS
from tests.tui.fakes import (
    AFTER_FOUND,
    ALL_PASS,
    MIXED,
    UNKNOWNS,
    WATCHED,
    Scenario,
    actions_for,
    config,
    fact,
    profile,
)
from tests.tui.screen import settle

Snap = Callable[..., bool]
MARKUP, LINK, SHELL, CLEAR, COLOUR, OSC52, TITLE, OSC8, C1, NUL, BIDI, ISOLATE, LINES, CAFE = (
    HOSTILE_STRINGS
)


def app(facts: dict[str, object], phase: str = "before", **kw: Any) -> SafeSessionApp:
    return SafeSessionApp(config(Scenario(dict(facts)), phase, since=None, **kw), phase)


def then(*keys: str, focus: str | None = None) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if focus:
            pilot.app.screen.query_one(focus).focus()
            await pilot.wait_for_scheduled_animations()  # scrolling to the focused row
            await pilot.pause()
        await pilot.press(*keys)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run_before


class TestBefore:
    def test_all_pass(self, snap_compare: Snap) -> None:
        assert snap_compare(app(ALL_PASS), terminal_size=(100, 36), run_before=then())

    def test_mixed(self, snap_compare: Snap) -> None:
        assert snap_compare(app(MIXED), terminal_size=(100, 36), run_before=then())

    def test_unknowns(self, snap_compare: Snap) -> None:
        assert snap_compare(app(UNKNOWNS), terminal_size=(100, 36), run_before=then())

    def test_mixed_80x24(self, snap_compare: Snap) -> None:
        assert snap_compare(app(MIXED), terminal_size=(80, 24), run_before=then())

    def test_confirmed_and_scrolled_to_the_end_80x24(self, snap_compare: Snap) -> None:
        ticked = then("space", "down", "space", focus="#row-room-private ConfirmBox")
        assert snap_compare(app(ALL_PASS), terminal_size=(80, 24), run_before=ticked)

    def test_detail_80x24(self, snap_compare: Snap) -> None:
        detail = then("enter", focus="#row-apps-remote_access")
        assert snap_compare(app(MIXED), terminal_size=(80, 24), run_before=detail)

    def test_high_contrast_80x24(self, snap_compare: Snap) -> None:
        assert snap_compare(
            app(MIXED, high_contrast=True), terminal_size=(80, 24), run_before=then()
        )

    def test_hostile_strings(self, snap_compare: Snap) -> None:
        facts = dict(MIXED)
        facts["wifi"] = fact("warn", f"Connected to {OSC52}{BIDI}, an open network.", ssid=OSC52)
        facts["procs"] = fact(
            "fail",
            f"{LINK} is running: {CLEAR}",
            matches=[{"name": MARKUP, "pid": 1}, {"name": COLOUR + NUL, "pid": 2}],
        )
        prof = profile(practice=f"{MARKUP} {C1}", contact=OSC8)
        assert snap_compare(app(facts, prof=prof), terminal_size=(100, 36), run_before=then())

    def test_safety_note_80x24(self, snap_compare: Snap) -> None:
        facts = {**ALL_PASS, "sessions": WATCHED}
        look = then(focus="#row-system-other_sessions")
        assert snap_compare(app(facts), terminal_size=(80, 24), run_before=look)

    def test_ready_moment_with_the_command_to_run_afterwards(self, snap_compare: Snap) -> None:
        ready = app(
            ALL_PASS,
            confirmed=frozenset({"room.private", "room.door_closed"}),
            after_command="safe-session after --profile solo-therapist.toml",
        )
        assert snap_compare(ready, terminal_size=(100, 36), run_before=then())

    def test_keys_80x24(self, snap_compare: Snap) -> None:
        assert snap_compare(app(ALL_PASS), terminal_size=(80, 24), run_before=then("question_mark"))


class TestAfter:
    def test_findings(self, snap_compare: Snap) -> None:
        assert snap_compare(app(AFTER_FOUND, "after"), terminal_size=(100, 50), run_before=then())

    def test_findings_80x24(self, snap_compare: Snap) -> None:
        assert snap_compare(app(AFTER_FOUND, "after"), terminal_size=(80, 24), run_before=then())

    def test_confirm_action_80x24(self, snap_compare: Snap) -> None:
        ask = then("x", focus="#row-after-downloads")
        assert snap_compare(app(AFTER_FOUND, "after"), terminal_size=(80, 24), run_before=ask)

    def test_many_actions_listed_as_buttons_80x24(self, snap_compare: Snap) -> None:
        facts = dict(AFTER_FOUND)
        files = [{"path": f"/home/ana/Downloads/scan-{i}.pdf"} for i in range(9)]
        facts["downloads"] = fact("warn", "9 files arrived in Downloads.", files=files)
        scenario = Scenario(facts)
        actions = actions_for(scenario)
        actions["trash_downloads"].per_target = True
        many = SafeSessionApp(config(scenario, "after", actions=actions, since=None), "after")
        look = then(focus="#row-after-downloads")
        assert snap_compare(many, terminal_size=(80, 24), run_before=look)

    def test_session_start_80x24(self, snap_compare: Snap) -> None:
        change = then("s", *"18:61", "enter", focus="#row-after-downloads")
        assert snap_compare(app(AFTER_FOUND, "after"), terminal_size=(80, 24), run_before=change)

    def test_no_address_known_focus_in_the_field_80x24(self, snap_compare: Snap) -> None:
        assert snap_compare(
            app(AFTER_FOUND, "after", domains=()), terminal_size=(80, 24), run_before=then()
        )

    def test_all_clear_without_a_profile_platform(self, snap_compare: Snap) -> None:
        prof = profile(practice="", contact="", platform="", domains=())
        assert snap_compare(
            app(ALL_PASS, "after", prof=prof), terminal_size=(80, 30), run_before=then()
        )
