"""One plan, three front ends: for the same plan, the screen, `--plain` and `--json` show the
same rows in the same order, with the same statuses, the profile's own questions and the checks
it switched off included. Run with the shipped catalog and each example profile; the probes are
stand-ins that cannot look, so every automatic row is "unknown" at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safe_session.data import load_catalog
from safe_session.model import Phase, Status
from safe_session.plan import RunOptions, RunPlan, make_plan
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.profile import BUILTIN, Profile, load_profile
from safe_session.report import to_json, to_plain
from safe_session.runs import run_plan
from safe_session.text import inert
from safe_session.tui.app import SafeSessionApp
from safe_session.tui.config import UIConfig
from safe_session.tui.status import look_of
from safe_session.tui.widgets.check_row import CheckRow
from safe_session.tui.widgets.confirm_row import ConfirmBox, ConfirmRow
from safe_session.words import NOTE_WORD, STATUS_WORDS, plain_word
from tests.conftest import ROOT
from tests.tui.screen import plain, settle

PROFILES = sorted((ROOT / "checks" / "profiles").glob("*.toml"))
WORDS = {*STATUS_WORDS.values(), NOTE_WORD}


def cannot_look(ctx: ProbeContext) -> object:
    raise Unavailable("this test does not look")


PROBES = {s.probe: cannot_look for s in load_catalog().checks if s.probe}


def plan_for(profile: Profile, phase: Phase) -> RunPlan:
    options = RunOptions(phase=phase, profile=profile, os_name="linux", no_audio=True)
    return make_plan(options)


def flat(text: str) -> str:
    return " ".join(text.split())


def plain_rows(text: str) -> list[tuple[str, str]]:
    """(status word, everything the row says, as one line) for each row of the plain report."""
    rows: list[tuple[str, str]] = []
    for block in text.split("\n\n"):
        word, _, rest = block.partition(" ")
        if word in WORDS and block[:1] != " ":
            rows.append((word, flat(rest)))
    return rows


async def screen_rows(plan: RunPlan) -> list[tuple[str, Status, str]]:
    """(id, status, words) for each row the screen shows, top to bottom."""
    config = UIConfig(plan, probes=PROBES, record_start=False)
    app = SafeSessionApp(config, plan.phase)
    async with app.run_test(size=(160, 200)) as pilot:
        await settle(pilot)
        await pilot.pause()
        rows = []
        for widget in app.screen.query("CheckRow, ConfirmRow"):
            assert isinstance(widget, CheckRow | ConfirmRow)
            result = widget.row.result
            assert result is not None, f"{widget.row.spec.id} still checking"
            if isinstance(widget, ConfirmRow):
                words = flat(plain(widget.query_one(ConfirmBox)))
            else:
                words = flat(" ".join(plain(w) for w in widget.query("RowLine")))
            rows.append((widget.row.spec.id, result.status, words))
        return rows


@pytest.mark.parametrize("phase", ["before", "after"])
@pytest.mark.parametrize("path", [None, *PROFILES], ids=lambda p: p.stem if p else "builtin")
async def test_screen_plain_and_json_show_the_same_rows(path: Path | None, phase: Phase) -> None:
    """Each row is titled by what was found (its headline) on the screen and in `--plain`, and
    JSON carries that headline beside the catalog's title."""
    profile = load_profile(path) if path else BUILTIN
    plan = plan_for(profile, phase)
    report = run_plan(plan, probes=PROBES)
    as_json = json.loads(to_json(report))["results"]
    as_plain = plain_rows(to_plain(report))
    on_screen = await screen_rows(plan)

    ids = [r["id"] for r in as_json]
    assert ids == list(plan.order)
    # The screen groups its rows (checks first, then questions); the set and each row agree.
    assert sorted(i for i, _, _ in on_screen) == sorted(ids)
    assert len(as_plain) == len(as_json)
    screen_by_id = {i: (status, words) for i, status, words in on_screen}
    for row, result, (word, said) in zip(as_json, report.results, as_plain, strict=True):
        status, words = screen_by_id[row["id"]]
        assert status.value == row["status"], row["id"]
        assert row["title"] == plan.get(row["id"]).spec.title  # type: ignore[union-attr]
        assert row["headline"] == result.finding
        assert word == plain_word(result)
        assert words.startswith(f"{look_of(result).word} ") or look_of(result).word in words
        # --plain: the headline, then the rest of the summary, then the advice
        assert said.startswith(flat(f"{inert(result.finding)} {inert(result.said)}")), said
        planned = plan.get(row["id"])
        assert planned is not None
        if planned.is_confirm and status is not Status.SKIPPED:
            # a question reads the same everywhere: the plan's words, the portal named
            assert planned.asks in words, (planned.asks, words)
            if status is Status.MANUAL:
                assert row["summary"] == row["headline"] == planned.asks
                assert said.startswith(flat(planned.asks))
        else:
            assert flat(inert(result.finding)) in words
            assert flat(inert(result.said)) in words
            if status is Status.UNKNOWN:
                assert row["headline"].startswith("Could not ")


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_each_example_profile_questions_and_switches_reach_the_plan(path: Path) -> None:
    profile = load_profile(path)
    before, after = plan_for(profile, "before"), plan_for(profile, "after")
    asked = [c.text for c in profile.data.confirm]
    steps = [s.text for s in profile.data.after_step]
    assert (
        asked
        and [
            r.asks
            for r in before.rows
            if r.id.endswith(tuple(f".profile_{n}" for n in range(1, len(asked) + 1)))
        ]
        == asked
    )
    assert [r.asks for r in after.rows if r.id.startswith("after.profile_step_")] == steps
    for off in profile.data.checks.off:
        row = before.get(off) or after.get(off)
        assert row is not None and row.skipped and "switched off by the profile" in row.skipped
