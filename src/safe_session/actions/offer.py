"""What a finding offers to do: the action plans the screen shows as buttons and `after
--guided` asks about, made the same way for both (nothing is done here)."""

from __future__ import annotations

from collections.abc import Callable

from safe_session.actions.base import ActionModule, ActionPlan
from safe_session.model import Result, Status
from safe_session.probes.base import ProbeContext

ACTIONABLE = (Status.WARN, Status.FAIL)


def plans_for(
    action: str | None,
    result: Result,
    ctx: ProbeContext,
    load: Callable[[str], ActionModule],
) -> tuple[tuple[ActionPlan, ...], str | None]:
    """The plans for `result` of a check whose catalog entry names `action`, and why none could
    be prepared when that failed."""
    if not action or result.status not in ACTIONABLE:
        return (), None
    try:
        return tuple(load(action).plan(result, ctx)), None
    except Exception as exc:
        return (), f"The tidy-up for this could not be prepared ({type(exc).__name__})."
