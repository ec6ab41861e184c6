"""What the UI is given to run: the run plan, and optional stand-ins for tests.

Probes, rules and actions can be replaced so tests drive the real screens with fake facts (and
a plan made from a small fixed catalog); without them the real ones are loaded by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from safe_session.engine import HeadStart, ProbeFn, RuleFn
from safe_session.plan import RunPlan

if TYPE_CHECKING:
    from safe_session.actions.base import ActionModule


@dataclass
class UIConfig:
    """Everything one UI session needs; the command line builds it from its options."""

    plan: RunPlan
    probes: Mapping[str, ProbeFn] | None = None
    rules: Mapping[str, RuleFn] | None = None
    actions: Mapping[str, ActionModule] = field(default_factory=dict)
    high_contrast: bool = False
    record_start: bool = True  # the before run notes the session's start for `after`
    head_start: HeadStart | None = None  # the listening, begun before the screen was drawn

    def action(self, name: str) -> ActionModule:
        if name in self.actions:
            return self.actions[name]
        from safe_session.actions.base import load_action  # not needed for the first frame

        return load_action(name)
