"""What the UI is given to run: the run options, and optional stand-ins for tests.

Probes, rules, actions and the catalog can be replaced so tests drive the real screens with fake
facts and a small fixed catalog; without them the real ones are loaded by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, cast

from safe_session.data.catalog_types import Catalog
from safe_session.engine import ProbeFn, RuleFn
from safe_session.model import Result
from safe_session.probes.base import ProbeContext
from safe_session.runs import RunOptions

if TYPE_CHECKING:
    from safe_session.actions.base import ActionPlan, ActionResult


class ActionModule(Protocol):
    """What `safe_session.actions.<name>` exposes (see actions/base.py)."""

    def plan(self, result: Result, ctx: ProbeContext) -> list[ActionPlan]: ...

    def perform(self, plan: ActionPlan, dry_run: bool = False) -> ActionResult: ...


@dataclass
class UIConfig:
    """Everything one UI session needs; the command line builds it from its options."""

    options: RunOptions
    catalog: Catalog | None = None
    probes: Mapping[str, ProbeFn] | None = None
    rules: Mapping[str, RuleFn] | None = None
    actions: Mapping[str, ActionModule] = field(default_factory=dict)
    high_contrast: bool = False
    record_start: bool = True  # the before run notes the session's start for `after`

    def action(self, name: str) -> ActionModule:
        if name in self.actions:
            return self.actions[name]
        module = importlib.import_module(f"safe_session.actions.{name}")
        return cast(ActionModule, module)
