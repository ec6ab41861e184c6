"""Close an app the person chose: only their own processes, politely, then say what happened.

What may never be closed is `never_close`: the system, the desktop, shells and terminals, the
sound system, safe-session and every process above it, other accounts' processes (and, as
root, anything outside the person's session). Such processes are never offered, and are
refused again just before acting. Each process is identified by its number AND its start time,
recorded when the plan is made: a number that now belongs to another program is refused.
Closing is polite: SIGTERM on Linux and macOS, a close request (`taskkill` without `/F`) on
Windows, so the app can save and exit; nothing is forced. Whatever is still running after the
wait is reported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import psutil

from safe_session.actions.base import ActionPlan, ActionResult
from safe_session.actions.never_close import Guard, current_guard, refusal, same_process
from safe_session.model import Result
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.system_tools import run

ACTION = "close_app"
WAIT_SECONDS = 5.0


@dataclass(frozen=True)
class Target:
    pid: int
    name: str
    started: float | None = None  # the process's start time when the plan was made

    def label(self) -> str:
        return f"{self.name} (process {self.pid})"


def plan(result: Result, ctx: ProbeContext) -> list[ActionPlan]:
    """One "Close <app>" per app in the finding that has processes the person may close.

    Unlike other actions' plans this one reads the process table: what must never be closed
    is never offered, and each process's start time is recorded so that `perform` acts only
    on that same process."""
    matches = result.details.get("matches")
    if not isinstance(matches, list):
        return []
    guard = current_guard()
    by_app: dict[str, list[Target]] = {}
    others: dict[str, int] = {}
    kept: dict[str, int] = {}
    for m in matches:
        if not isinstance(m, dict) or not isinstance(m.get("pid"), int):
            continue
        app = str(m.get("app") or m.get("name") or "this app")
        if m.get("own") is False:
            others[app] = others.get(app, 0) + 1
            continue
        targets = by_app.setdefault(app, [])
        if any(t.pid == m["pid"] for t in targets):
            continue
        target = _offered(guard, m["pid"], str(m.get("name", "")))
        if target is None:
            kept[app] = kept.get(app, 0) + 1
        else:
            targets.append(target)
    plans: list[ActionPlan] = []
    for app, targets in by_app.items():
        if not targets:
            continue
        count = len(targets)
        description = (
            f"Ask {app} to close ({count} process{'es' if count != 1 else ''}), the same way "
            "as choosing Quit in the app, so it can save and exit. Anything unsaved in it may be "
            f"lost. If it has not closed after {WAIT_SECONDS:g} seconds, it is left running "
            "and you are told."
        )
        left = others.get(app, 0) + kept.get(app, 0)
        if left:
            description += (
                f" {left} of its processes belong to another account or the system, or keep "
                "your computer or safe-session running, and are left alone."
            )
        plans.append(
            ActionPlan(
                action=ACTION,
                check_id=result.id,
                label=f"Close {app}",
                description=description,
                targets=tuple(t.label() for t in targets),
                payload={
                    "app": app,
                    "processes": [
                        {"pid": t.pid, "name": t.name, "started": t.started} for t in targets
                    ],
                    "wait_seconds": WAIT_SECONDS,
                },
            )
        )
    return plans


def _offered(guard: Guard, pid: int, name: str) -> Target | None:
    """The process as a target with its start time, or None when it must not be offered (or
    is gone)."""
    reason, proc = refusal(guard, pid, name)
    if reason or proc is None:
        return None
    try:
        return Target(pid, name, proc.create_time())
    except psutil.Error:
        return None


def _ask_to_close(proc: psutil.Process) -> str | None:
    """Send the polite close request; the reason when it could not be sent."""
    try:
        if os.name == "nt":  # pragma: no cover - runs on Windows only
            run(["taskkill", "/PID", str(proc.pid)], timeout=5.0)
        else:
            proc.terminate()
    except psutil.NoSuchProcess:
        return None
    except (psutil.AccessDenied, PermissionError):
        return "the system did not allow it"
    except Unavailable as exc:
        return exc.reason
    return None


def _targets(payload: dict[str, Any]) -> list[Target]:
    out: list[Target] = []
    for item in payload.get("processes", []):
        if isinstance(item, dict) and isinstance(item.get("pid"), int):
            started = item.get("started")
            when = float(started) if isinstance(started, int | float) else None
            out.append(Target(item["pid"], str(item.get("name", "")), when))
    return out


def perform(plan: ActionPlan, dry_run: bool = False) -> ActionResult:
    app = str(plan.payload.get("app", "the app"))
    wait = float(plan.payload.get("wait_seconds", WAIT_SECONDS))
    guard = current_guard()
    refused: list[str] = []
    gone: list[str] = []
    chosen: list[tuple[Target, psutil.Process]] = []
    for target in _targets(plan.payload):
        reason, proc = refusal(guard, target.pid, target.name)
        if reason is None and proc is not None and not same_process(proc, target.started):
            reason = (
                "it is no longer the same app (its process number now belongs to another "
                "program that started later)"
                if target.started is not None
                else "it could not be made sure that it is still the same app"
            )
        if reason:
            refused.append(f"{target.label()}: not closed, {reason}")
        elif proc is None:
            gone.append(target.label())
        else:
            chosen.append((target, proc))
    if dry_run:
        would = [t.label() for t, _ in chosen]
        message = (
            f"Would ask {app} to close: {', '.join(would)}."
            if would
            else f"Nothing of {app} would be closed."
        )
        return ActionResult(not refused, message, tuple(would), tuple(refused), dry_run=True)
    failed = list(refused)
    asked: list[tuple[Target, psutil.Process]] = []
    for target, proc in chosen:
        problem = _ask_to_close(proc)
        if problem:
            failed.append(f"{target.label()}: not closed, {problem}")
        else:
            asked.append((target, proc))
    _, alive = psutil.wait_procs([p for _, p in asked], timeout=wait) if asked else ([], [])
    still = {p.pid for p in alive}
    closed = [t.label() for t, p in asked if p.pid not in still]
    for target, proc in asked:
        if proc.pid in still:
            failed.append(f"{target.label()}: still running after {wait:g} seconds")
    done = tuple(closed + gone)
    return ActionResult(not failed, _message(app, done, failed, still), done, tuple(failed))


def _message(app: str, done: tuple[str, ...], failed: list[str], still: set[int]) -> str:
    if not failed:
        return f"{app} is closed."
    if still:
        return (
            f"{app} did not close when asked. Close it from its own menu (Quit or Exit); if it "
            "will not close, restarting the computer ends it."
        )
    if done:
        return f"{app} is partly closed; some of its processes were left alone: see below."
    return f"{app} was not closed: see below."
