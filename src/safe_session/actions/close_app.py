"""Close an app the person chose: only their own processes, politely, then say what happened.

Never touches PID 1, the kernel's threads, processes of another account (system services
included), or safe-session and the terminal it runs in. Each process is checked again just
before acting (it may have ended, or its number may now belong to something else). Closing is
polite: SIGTERM on Linux and macOS, a close request (`taskkill` without `/F`) on Windows, so the
app can save and exit; nothing is forced. Whatever is still running after the wait is reported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import psutil

from safe_session.actions.base import ActionPlan, ActionResult
from safe_session.model import Result
from safe_session.probes.apps.processes import same_user
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.system.sessions import current_user
from safe_session.system_tools import run

ACTION = "close_app"
WAIT_SECONDS = 5.0


@dataclass(frozen=True)
class Target:
    pid: int
    name: str

    def label(self) -> str:
        return f"{self.name} (process {self.pid})"


def plan(result: Result, ctx: ProbeContext) -> list[ActionPlan]:
    """One "Close <app>" per app in the finding that has processes of the person's own."""
    matches = result.details.get("matches")
    if not isinstance(matches, list):
        return []
    by_app: dict[str, list[Target]] = {}
    others: dict[str, int] = {}
    for m in matches:
        if not isinstance(m, dict) or not isinstance(m.get("pid"), int):
            continue
        app = str(m.get("app") or m.get("name") or "this app")
        if m.get("own") is False:
            others[app] = others.get(app, 0) + 1
            continue
        targets = by_app.setdefault(app, [])
        if all(t.pid != m["pid"] for t in targets):
            targets.append(Target(m["pid"], str(m.get("name", ""))))
    plans: list[ActionPlan] = []
    for app, targets in by_app.items():
        count = len(targets)
        left = others.get(app, 0)
        description = (
            f"Ask {app} to close ({count} process{'es' if count != 1 else ''}), the same way "
            "as choosing Quit in the app, so it can save and exit. Anything unsaved in it may be "
            f"lost. If it has not closed after {WAIT_SECONDS:g} seconds, it is left running "
            "and you are told."
        )
        if left:
            description += (
                f" {left} of its processes belong to another account or the system and are "
                "left alone."
            )
        plans.append(
            ActionPlan(
                action=ACTION,
                check_id=result.id,
                label=f"Close {app}",
                doing=f"Asking {app} to close…",
                description=description,
                targets=tuple(t.label() for t in targets),
                payload={
                    "app": app,
                    "processes": [{"pid": t.pid, "name": t.name} for t in targets],
                    "wait_seconds": WAIT_SECONDS,
                },
            )
        )
    return plans


def _ancestors() -> set[int]:
    """safe-session and every process above it (its terminal, shell, session manager)."""
    pids = {os.getpid()}
    try:
        proc: psutil.Process | None = psutil.Process()
        while proc is not None:
            pids.add(proc.pid)
            proc = proc.parent()
    except psutil.Error:
        pass
    return pids


def refusal(pid: int, name: str, protected: set[int]) -> tuple[str | None, psutil.Process | None]:
    """Why this process must not be closed (None: it may be), and the process if it exists."""
    if pid <= 1:
        return "it is part of the operating system", None
    if pid in protected:
        return "it is safe-session itself or the window it runs in", None
    try:
        proc = psutil.Process(pid)
        with proc.oneshot():
            current = proc.name()
            if os.name == "nt":
                owner_ok = same_user(proc.username(), current_user())
            else:
                owner_ok = proc.uids().real == os.getuid()
            kernel = os.name != "nt" and not proc.exe() and proc.ppid() in (0, 2)
    except psutil.NoSuchProcess:
        return None, None
    except psutil.AccessDenied:
        return "it belongs to another account or to the system", None
    except psutil.Error as exc:
        return f"it could not be checked ({type(exc).__name__})", None
    if kernel:
        return "it is part of the operating system", None
    if not owner_ok:
        return "it belongs to another account or to the system", None
    if name and current != name:
        return "it is no longer the same app (its process number was reused)", None
    return None, proc


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
            out.append(Target(item["pid"], str(item.get("name", ""))))
    return out


def perform(plan: ActionPlan, dry_run: bool = False) -> ActionResult:
    app = str(plan.payload.get("app", "the app"))
    wait = float(plan.payload.get("wait_seconds", WAIT_SECONDS))
    protected = _ancestors()
    refused: list[str] = []
    gone: list[str] = []
    chosen: list[tuple[Target, psutil.Process]] = []
    for target in _targets(plan.payload):
        reason, proc = refusal(target.pid, target.name, protected)
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
