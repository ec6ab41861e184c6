"""One whole run of a plan, without a screen: run its checks and assemble the report."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from safe_session import __version__
from safe_session.engine import Engine, OnResult, ProbeFn, RuleFn
from safe_session.model import Report, Result
from safe_session.plan import RunPlan
from safe_session.platforms import release


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def run_plan(
    plan: RunPlan,
    on_result: OnResult | None = None,
    probes: Mapping[str, ProbeFn] | None = None,
    rules: Mapping[str, RuleFn] | None = None,
) -> Report:
    """Every row of the plan, in the plan's order: skipped rows as planned, the rest run."""
    started = now_iso()
    for skipped in plan.skipped():
        if on_result:
            on_result(skipped)
    engine = Engine(plan.inputs, plan.policy, probes=probes, rules=rules)
    ran = engine.run(plan.to_run(), plan.confirmed, on_result)
    by_id: dict[str, Result] = {r.id: r for r in (*ran, *plan.skipped())}
    return Report(
        phase=plan.phase,
        started_at=started,
        finished_at=now_iso(),
        system=plan.inputs.os_name,
        release=release(),
        profile=plan.profile.to_json(),
        results=tuple(by_id[i] for i in plan.order if i in by_id),
        version=__version__,
        window_start=_window_start(plan),
    )


def _window_start(plan: RunPlan) -> str | None:
    """After the session: where the window it looked at begins, for the report to say."""
    since = plan.inputs.since
    if plan.phase != "after" or since is None:
        return None
    return since.astimezone(UTC).isoformat(timespec="seconds")
