"""The engine isolates probes: a probe that raises, hangs, is refused or returns nonsense makes
its own checks unknown, and the others complete on time."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from safe_session.data.catalog_types import CheckSpec
from safe_session.engine import Engine, HeadStart
from safe_session.model import Outcome, Result, Status
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.profile import Profile, ProfileFile
from safe_session.rules.base import Params


def spec(check_id: str, probe: str, timeout: float = 1.0, **kw: Any) -> CheckSpec:
    return CheckSpec(
        id=check_id,
        title=check_id,
        why="why",
        phase="before",
        probe=probe,
        rule="test.judge",
        timeout=timeout,
        **kw,
    )


def judge(fact: object, params: Params) -> Outcome:
    if not isinstance(fact, dict):
        raise TypeError("nonsense")
    return Outcome(
        Status(fact["status"]),
        fact.get("summary", "done"),
        {"n": 1},
        fact.get("situation", "default"),
    )


RULES = {"test.judge": judge}
release = threading.Event()


def hang(ctx: ProbeContext) -> object:
    release.wait(30)
    return {"status": "pass"}


PROBES = {
    "good": lambda ctx: {"status": "pass"},
    "warn": lambda ctx: {"status": "warn", "situation": "odd"},
    "raises": lambda ctx: 1 / 0,
    "hangs": hang,
    "refused": lambda ctx: (_ for _ in ()).throw(PermissionError(13, "denied")),
    "missing": lambda ctx: (_ for _ in ()).throw(
        Unavailable("the tool `nmcli` is not installed", "missing_tool")
    ),
    "garbage": lambda ctx: "\x00\xff garbage",
}


def run(specs: list[CheckSpec], **kw: Any) -> list[Result]:
    return Engine(ProbeContext(os_name="linux"), probes=PROBES, rules=RULES, **kw).run(specs)


def by_id(results: list[Result]) -> dict[str, Result]:
    return {r.id: r for r in results}


def test_failures_are_unknown_with_plain_reasons_and_others_complete() -> None:
    specs = [
        spec("t.good", "good"),
        spec("t.raises", "raises"),
        spec("t.refused", "refused"),
        spec("t.missing", "missing"),
        spec("t.garbage", "garbage"),
        spec("t.warn", "warn"),
    ]
    r = by_id(run(specs))
    assert r["t.good"].status is Status.PASS
    assert r["t.warn"].status is Status.WARN
    assert r["t.raises"].status is Status.UNKNOWN
    assert (
        r["t.raises"].summary
        == "Could not check: something went wrong while looking (ZeroDivisionError)."
    )
    assert (
        r["t.refused"].summary == "Could not check: this computer did not give permission to look."
    )
    assert r["t.missing"].summary == "Could not check: the tool `nmcli` is not installed."
    assert (
        r["t.garbage"].summary
        == "Could not check: what was found could not be understood (TypeError)."
    )
    assert all(x.details.get("reason") for x in r.values() if x.status is Status.UNKNOWN)


def test_a_hanging_probe_times_out_without_delaying_the_rest() -> None:
    release.clear()
    seen: list[tuple[str, float]] = []
    start = time.monotonic()
    engine = Engine(ProbeContext(os_name="linux"), probes=PROBES, rules=RULES)
    results = engine.run(
        [spec("t.hangs", "hangs", timeout=0.5), spec("t.good", "good")],
        on_result=lambda res: seen.append((res.id, time.monotonic() - start)),
    )
    total = time.monotonic() - start
    release.set()
    r = by_id(results)
    assert r["t.hangs"].status is Status.UNKNOWN
    assert "longer than 0.5 seconds" in r["t.hangs"].summary
    assert total < 1.5
    assert seen[0][0] == "t.good" and seen[0][1] < 0.4  # streamed before the hung probe gave up


def test_probes_run_concurrently() -> None:
    def slow(ctx: ProbeContext) -> object:
        time.sleep(0.4)
        return {"status": "pass"}

    probes = {f"p{i}": slow for i in range(6)}
    start = time.monotonic()
    Engine(ProbeContext(), probes=probes, rules=RULES).run(
        [spec(f"t.p{i}", f"p{i}") for i in range(6)]
    )
    assert time.monotonic() - start < 1.2


def test_one_probe_serves_several_checks_once() -> None:
    calls = []

    def counted(ctx: ProbeContext) -> object:
        calls.append(1)
        return {"status": "pass"}

    results = Engine(ProbeContext(), probes={"shared": counted}, rules=RULES).run(
        [spec("t.a", "shared"), spec("t.b", "shared")]
    )
    assert len(calls) == 1 and [r.status for r in results] == [Status.PASS, Status.PASS]


def test_results_keep_catalog_order() -> None:
    specs = [spec("t.raises", "raises"), spec("t.good", "good"), spec("t.warn", "warn")]
    assert [r.id for r in run(specs)] == ["t.raises", "t.good", "t.warn"]


def test_advice_follows_situation_and_os() -> None:
    advice = {
        "default": {"all": ["general"]},
        "odd": {"all": ["odd one"], "linux": ["on linux"], "windows": ["on windows"]},
    }
    import msgspec

    s = msgspec.convert(
        {
            "id": "t.warn",
            "title": "t",
            "why": "w",
            "phase": "before",
            "probe": "warn",
            "rule": "test.judge",
            "advice": advice,
        },
        CheckSpec,
    )
    [r] = run([s])
    assert r.advice == ("odd one", "on linux")


def test_pass_has_no_advice() -> None:
    [r] = run([spec("t.good", "good", advice={})])
    assert r.advice == ()


def test_profile_stricter_turns_warn_into_fail() -> None:
    profile = Profile(
        name="Clinic",
        source="file",
        data=ProfileFile(
            checks=__import__("safe_session.profile", fromlist=["ChecksPolicy"]).ChecksPolicy(
                stricter=["t.warn"]
            )
        ),
    )
    from safe_session.plan import Policy

    engine = Engine(ProbeContext(os_name="linux"), Policy(profile, "linux"), PROBES, RULES)
    [r] = engine.run([spec("t.warn", "warn")])
    assert r.status is Status.FAIL


@pytest.mark.parametrize("confirmed", [False, True])
def test_confirmations(confirmed: bool) -> None:
    s = CheckSpec(
        id="room.door_closed",
        title="Door",
        why="w",
        phase="before",
        kind="confirm",
        question="Is the door closed?",
    )
    [r] = Engine(ProbeContext()).run(
        [s], confirmed=frozenset({"room.door_closed"} if confirmed else ())
    )
    assert r.status is (Status.PASS if confirmed else Status.MANUAL)
    assert r.details == {"confirmed": confirmed}
    assert "Is the door closed?" in r.summary


def test_missing_probe_module_is_unknown_not_a_crash() -> None:
    [r] = Engine(ProbeContext(), rules=RULES).run([spec("t.none", "does_not_exist")])
    assert r.status is Status.UNKNOWN and "part of safe-session is missing" in r.summary


# --- the head start: the listening begun before the screen is drawn -------------------------


def test_a_head_start_is_run_once_and_its_result_taken_by_the_first_run() -> None:
    calls: list[ProbeContext] = []

    def listen(ctx: ProbeContext) -> object:
        calls.append(ctx)
        if ctx.on_level is not None:
            ctx.on_level(-42.0)  # before the screen follows: dropped
        return {"status": "warn", "situation": "odd"}

    probes = {**PROBES, "listen": listen}
    listening = spec("t.listen", "listen", audio=True)
    head = HeadStart.listening([listening, spec("t.good", "good")], ProbeContext(), probes)
    assert head is not None and head.names == {"listen"}  # only the listening starts early
    engine = Engine(ProbeContext(os_name="linux"), probes=probes, rules=RULES)
    first = by_id(engine.run([listening, spec("t.good", "good")], head_start=head))
    assert first["t.listen"].status is Status.WARN and first["t.good"].status is Status.PASS
    assert len(calls) == 1  # not started a second time
    assert head.names == frozenset()  # handed over once
    again = by_id(engine.run([listening], head_start=head))  # "check again" listens afresh
    assert again["t.listen"].status is Status.WARN and len(calls) == 2


def test_a_head_start_hands_the_live_level_to_the_screen_and_waits_for_its_first_frame() -> None:
    heard: list[float] = []
    seen: dict[str, object] = {}
    go = threading.Event()

    def listen(ctx: ProbeContext) -> object:
        assert ctx.on_level is not None and ctx.defer_until is not None
        ctx.on_level(-60.0)  # nobody follows yet
        seen["drawn before"] = ctx.defer_until.is_set()
        go.wait(5)
        seen["drawn after"] = ctx.defer_until.wait(5)
        ctx.on_level(-30.0)
        return {"status": "pass"}

    head = HeadStart.listening(
        [spec("t.listen", "listen", audio=True)], ProbeContext(), {"listen": listen}
    )
    assert head is not None
    head.follow_levels(heard.append)
    head.screen_drawn()
    go.set()
    results = Engine(ProbeContext(), probes={"listen": listen}, rules=RULES).run(
        [spec("t.listen", "listen", audio=True)], head_start=head
    )
    assert results[0].status is Status.PASS
    assert seen == {"drawn before": False, "drawn after": True}
    assert heard == [-30.0]


def test_a_head_start_counts_its_time_limit_from_when_it_began() -> None:
    release.clear()
    hanging = spec("t.hangs", "hangs", timeout=1.0, audio=True)
    head = HeadStart.listening([hanging], ProbeContext(listen_seconds=0.0), PROBES)
    time.sleep(0.8)  # the screen is being drawn
    began = time.monotonic()
    try:
        result = Engine(ProbeContext(listen_seconds=0.0), probes=PROBES, rules=RULES).run(
            [hanging], head_start=head
        )[0]
    finally:
        release.set()
    assert result.status is Status.UNKNOWN and "longer than" in result.summary
    assert time.monotonic() - began < 1.0  # the limit began with the head start, not the run


def test_a_sound_test_that_plays_is_never_started_before_the_screen() -> None:
    tone = spec("t.tone", "good", audio=True, opt_in="acoustic_test")
    assert HeadStart.listening([tone, spec("t.good", "good")], ProbeContext(), PROBES) is None
