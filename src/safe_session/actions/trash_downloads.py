"""Move files that arrived in Downloads during the session to the system's trash.

Each file is checked again right before it goes: still a regular file (not a symlink), still
inside the Downloads folder, and still one that arrived during the window. Nothing is deleted
for good: the trash is the system's own (send2trash), and the person can restore from it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from safe_session.actions.base import ActionPlan, ActionResult
from safe_session.model import Result
from safe_session.probes.base import ProbeContext
from safe_session.probes.files.downloads import arrived_since, downloads_folder
from safe_session.state import window_start
from safe_session.text import inert

NAME = "trash_downloads"


def plan(result: Result, ctx: ProbeContext) -> list[ActionPlan]:
    since = result.details.get("since") or window_start(ctx.since).isoformat()
    plans: list[ActionPlan] = []
    for item in result.details.get("files", []):
        path = str(item.get("path", ""))
        name = inert(Path(path).name)
        plans.append(
            ActionPlan(
                action=NAME,
                check_id=result.id,
                label=f"Move {name} to the Trash",
                doing=f"Moving {name} to the Trash…",
                description=(
                    f"Moves {name} from your Downloads folder to the Trash, where you can still "
                    "restore it. It is not deleted for good."
                ),
                targets=(path,),
                payload={"path": path, "since": since},
            )
        )
    return plans


def _inside(path: Path, folder: Path) -> bool:
    """`path`'s real folder is the Downloads folder or below it, and `path` is no symlink."""
    try:
        parent = path.parent.resolve(strict=True)
        root = folder.resolve(strict=True)
    except OSError:
        return False
    return parent == root or root in parent.parents


def check(path: Path, since: datetime) -> str | None:
    """Why this file must not be moved, or None when it may."""
    if not _inside(path, downloads_folder()):
        return "it is not inside your Downloads folder"
    if path.is_symlink():
        return "it is a shortcut (symlink), not a downloaded file"
    if arrived_since(path, since) is None:
        return "it was already there before the session, or it is gone"
    return None


def perform(plan: ActionPlan, dry_run: bool = False) -> ActionResult:
    raw = str(plan.payload.get("path", ""))
    path = Path(raw)
    name = inert(path.name)
    try:
        since = datetime.fromisoformat(str(plan.payload.get("since", "")))
    except ValueError:
        return ActionResult(False, f"{name} was left alone: the session's start is unknown.")
    if not path.is_absolute():
        return ActionResult(False, f"{name} was left alone: its place is unclear.", failed=(raw,))
    refusal = check(path, since)
    if refusal:
        return ActionResult(
            False, f"{name} was left alone: {refusal}.", failed=(raw,), dry_run=dry_run
        )
    if dry_run:
        return ActionResult(True, f"Would move {name} to the Trash.", (raw,), dry_run=True)
    from send2trash import send2trash
    from send2trash.exceptions import TrashPermissionError

    try:
        send2trash(str(path))
    except (TrashPermissionError, OSError) as exc:
        return ActionResult(
            False,
            f"{name} could not be moved to the Trash ({inert(exc)}). It is still in Downloads.",
            failed=(raw,),
        )
    return ActionResult(True, f"Moved {name} to the Trash. You can restore it from there.", (raw,))
