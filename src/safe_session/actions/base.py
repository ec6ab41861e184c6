"""The shapes every action shares: a plan shown to the person, and the result of doing it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ActionPlan:
    """One thing the person can choose to do, described exactly before it is done."""

    action: str  # module name in safe_session.actions
    check_id: str
    label: str  # short, for a button: "Close Zoom"
    description: str  # exactly what will happen, in plain words
    targets: tuple[str, ...] = ()  # what it touches (hostile text: show inertly)
    payload: dict[str, Any] = field(default_factory=dict)  # what `perform` needs


@dataclass(frozen=True)
class ActionResult:
    ok: bool
    message: str  # plain words for the person
    done: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    dry_run: bool = False
