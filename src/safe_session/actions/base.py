"""The shapes every action shares: a plan shown to the person, and the result of doing it."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from safe_session.model import Result
    from safe_session.probes.base import ProbeContext


@dataclass(frozen=True)
class ActionPlan:
    """One thing the person can choose to do, described exactly before it is done."""

    action: str  # module name in safe_session.actions
    check_id: str
    label: str  # short, for a button: "Close Zoom"
    description: str  # exactly what will happen, in plain words
    targets: tuple[str, ...] = ()  # what it touches (hostile text: show inertly)
    payload: dict[str, Any] = field(default_factory=dict)  # what `perform` needs
    doing: str = ""  # said at once while it runs: "Asking AnyDesk to close…"

    @property
    def working(self) -> str:
        return self.doing or f"{self.label}…"


@dataclass(frozen=True)
class ActionResult:
    ok: bool
    message: str  # plain words for the person
    done: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    dry_run: bool = False


class ActionModule(Protocol):
    """What each `safe_session.actions.<name>` module exposes: `plan` says what could be done
    (nothing is done), `perform` does one plan, only after the person said yes."""

    def plan(self, result: Result, ctx: ProbeContext) -> list[ActionPlan]: ...

    def perform(self, plan: ActionPlan, dry_run: bool = False) -> ActionResult: ...


def load_action(name: str) -> ActionModule:
    """The action a catalog entry names (`action = "close_app"`)."""
    return cast(ActionModule, importlib.import_module(f"safe_session.actions.{name}"))
