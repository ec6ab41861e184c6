"""A profile's effect on a run: its confirmations and after-session steps become `manual` rows,
its switches and thresholds reach the checks, and its text stays data in every output. Profiles
here are built in code, so even text the loader refuses is shown to be inert downstream."""

from __future__ import annotations

import json

import pytest

from safe_session.data import load_catalog
from safe_session.data.catalog_types import CheckSpec
from safe_session.engine import Engine
from safe_session.model import Outcome, Report, Status
from safe_session.plan import NO_PORTAL, Policy, RunOptions, RunPlan, SelectionError, make_plan
from safe_session.probes.base import ProbeContext
from safe_session.profile import (
    BUILTIN,
    ChecksPolicy,
    Confirmation,
    Practice,
    Profile,
    ProfileFile,
    Step,
    Thresholds,
)
from safe_session.profile.describe import describe
from safe_session.report import to_json, to_plain
from safe_session.rules.base import Params
from safe_session.runs import run_plan
from safe_session.text import inert
from tests.hostile import FORBIDDEN_IN_TERMINAL, HOSTILE_STRINGS
from tests.schema_check import assert_report


def profile_with(text: str = "Is the camera cover open?", name: str = "Dr. Ruiz") -> Profile:
    data = ProfileFile(
        practice=Practice(name=name, contact=text),
        confirm=[Confirmation(text=text), Confirmation(text="Alone?", title=text, about="account")],
        after_step=[Step(text=text, why=text)],
        checks=ChecksPolicy(off=["room.earshot"]),
    )
    return Profile(name=name, source="file", path="p.toml", data=data)


def options(profile: Profile, phase: str = "before", **kw: object) -> RunOptions:
    return RunOptions(phase=phase, profile=profile, os_name="linux", **kw)  # type: ignore[arg-type]


def plan(options: RunOptions) -> RunPlan:
    return make_plan(options)


def run_phase(options: RunOptions) -> Report:
    return run_plan(make_plan(options))


def test_confirmations_are_manual_rows_after_the_catalog_ones() -> None:
    report = run_phase(options(profile_with(), only=("room", "account")))
    ids = [r.id for r in report.results]
    assert ids[-2:] == ["room.profile_1", "account.profile_2"]
    assert ids.index("account.two_factor") < ids.index("room.profile_1")
    mine = {r.id: r for r in report.results}
    assert mine["room.profile_1"].status is Status.MANUAL
    assert mine["room.profile_1"].title == "Asked by Dr. Ruiz"
    assert mine["room.profile_1"].summary == "Is the camera cover open?"
    assert mine["room.profile_1"].details == {"confirmed": False}
    assert mine["room.earshot"].status is Status.SKIPPED
    assert "switched off by the profile of Dr. Ruiz" in mine["room.earshot"].summary
    assert_report(json.loads(to_json(report)))
    assert report.verdict.value == "ready"  # reminders never change the verdict


def test_a_profile_confirmation_can_be_confirmed_skipped_and_selected() -> None:
    profile = profile_with()
    confirmed = run_phase(
        options(profile, only=("room.profile_1",), confirmed=frozenset({"room.profile_1"}))
    )
    [row] = confirmed.results
    assert (row.status, row.summary) == (Status.PASS, "You confirmed: Is the camera cover open?")
    skipped = run_phase(options(profile, only=("room",), skip=("room.profile_1",)))
    assert {r.id: r.status for r in skipped.results}["room.profile_1"] is Status.SKIPPED
    with pytest.raises(SelectionError):
        plan(options(profile, only=("room.profile_9",)))


def test_after_steps_are_manual_rows_in_the_after_phase_only() -> None:
    profile = profile_with("Close the portal tab.")
    after = run_phase(
        options(profile, "after", only=("after.portal_logout", "after.profile_step_1"))
    )
    assert [(r.id, r.status) for r in after.results] == [
        ("after.portal_logout", Status.MANUAL),
        ("after.profile_step_1", Status.MANUAL),
    ]
    assert after.results[1].title == "A step from Dr. Ruiz"
    before_ids = {s.id for s in plan(options(profile)).to_run()}
    assert "after.profile_step_1" not in before_ids and "room.profile_1" in before_ids


def test_the_selection_order_lists_catalog_then_profile() -> None:
    selection = plan(options(profile_with()))
    catalog_ids = [c.id for c in load_catalog().phase("before")]
    assert list(selection.order) == [*catalog_ids, "room.profile_1", "account.profile_2"]


def judge(fact: object, params: Params) -> Outcome:
    assert isinstance(fact, dict)
    fact["params"] = dict(params.values)
    return Outcome(Status.WARN, "Many tabs.")


def test_thresholds_reach_the_rule_and_stricter_makes_a_warn_a_fail() -> None:
    spec = CheckSpec(
        id="apps.browsers",
        title="Few browsers",
        why="why",
        phase="before",
        probe="fake",
        rule="fake.judge",
        params={"max_tabs": 20, "other": 1},
    )
    seen: dict[str, object] = {}
    profile = Profile(
        name="Clinic",
        source="file",
        data=ProfileFile(
            thresholds=Thresholds(browser_tabs=5, browsers=1),
            checks=ChecksPolicy(stricter=["apps.browsers"]),
        ),
    )
    engine = Engine(
        ProbeContext(os_name="linux"),
        Policy(profile, "linux"),
        probes={"fake": lambda ctx: seen},
        rules={"fake.judge": judge},
    )
    [result] = engine.run([spec])
    assert seen["params"] == {"max_tabs": 5, "max_browsers": 1, "other": 1}
    assert result.status is Status.FAIL


@pytest.mark.parametrize("hostile", HOSTILE_STRINGS)
def test_profile_text_is_data_in_json_and_inert_in_plain_text(hostile: str) -> None:
    profile = profile_with(hostile, name=hostile)
    before = run_phase(options(profile, only=("room", "account")))
    after = run_phase(
        options(profile, "after", only=("after.portal_logout", "after.profile_step_1"))
    )
    for report in (before, after):
        text = to_json(report)
        assert all(32 <= ord(c) < 127 or c == "\n" for c in text)  # escapes only, as data
        data = json.loads(text)
        assert_report(data)
        assert data["profile"] == {"name": hostile, "source": "file", "contact": hostile}
        plain = to_plain(report)
        assert not any(bad in plain for bad in FORBIDDEN_IN_TERMINAL), repr(plain)
    rows = {r["id"]: r for r in json.loads(to_json(before))["results"]}
    assert rows["room.profile_1"]["summary"] == hostile
    assert rows["room.profile_1"]["title"] == f"Asked by {hostile}"
    assert rows["account.profile_2"]["title"] == hostile
    assert json.loads(to_json(after))["results"][-1]["summary"] == hostile
    # shown as written: markup literally, controls as visible escapes
    assert f"CONFIRM   {inert(hostile)}\n" in to_plain(before)
    shown = "\n".join(describe(profile, hostile, load_catalog()))
    assert not any(bad in shown for bad in FORBIDDEN_IN_TERMINAL), repr(shown)


def test_saved_logins_run_only_with_a_portal_address() -> None:
    without = make_plan(RunOptions(profile=BUILTIN, os_name="linux"))
    row = without.get("browsers.saved_logins")
    assert row is not None and row.skipped == NO_PORTAL
    with_domain = make_plan(RunOptions(profile=BUILTIN, os_name="linux", domains=("a.example",)))
    row = with_domain.get("browsers.saved_logins")
    assert row is not None and row.skipped is None
    assert with_domain.inputs.domains == ("a.example",)
