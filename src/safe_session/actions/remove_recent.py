"""Remove the session's entries from the recently-used list, keeping everything else.

recently-used.xbel belongs to every app on the desktop, so it is edited as text: each chosen
`<bookmark>` block is cut out and every other byte stays as it was. The result must parse and
hold exactly the other entries before it replaces the file (atomically: a temporary file in the
same folder, then a rename). On Windows the chosen shortcuts go to the Recycle Bin.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from datetime import datetime
from pathlib import Path

from safe_session.actions.base import ActionPlan, ActionResult
from safe_session.model import Result
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.files.file_times import arrival
from safe_session.probes.files.recent_files import (
    XbelBookmark,
    parse_xbel,
    read_xbel,
    windows_recent_folder,
    xbel_path,
)
from safe_session.state import window_start
from safe_session.text import inert
from safe_session.words import plural

NAME = "remove_recent"
# A bookmark block: `<bookmark ...>...</bookmark>` or `<bookmark .../>`, with the blank space
# that leads up to it. `<bookmark:applications>` and friends are not matched.
_BLOCK = re.compile(
    r"[ \t]*<bookmark(?=[\s/>])(?:[^>]*?/>|[^>]*>.*?</bookmark\s*>)[ \t]*\r?\n?", re.DOTALL
)
_HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def plan(result: Result, ctx: ProbeContext) -> list[ActionPlan]:
    entries = result.details.get("entries", [])
    if not entries:
        return []
    since = result.details.get("since") or window_start(ctx.since).isoformat()
    names = tuple(inert(str(e.get("name", ""))) for e in entries)
    count = plural(len(entries), "entry", "entries")
    return [
        ActionPlan(
            action=NAME,
            check_id=result.id,
            label=f"Remove {count} from Recent files",
            doing=f"Removing {count} from Recent files…",
            description=(
                f"Removes {count} added during the session from your recent-files list "
                f"({', '.join(names[:3])}{' and more' if len(names) > 3 else ''}). The files "
                "themselves stay where they are, and older entries stay in the list."
            ),
            targets=names,
            payload={
                "source": result.details.get("source", ""),
                "targets": [str(e.get("target", "")) for e in entries],
                "since": since,
            },
        )
    ]


def perform(plan: ActionPlan, dry_run: bool = False) -> ActionResult:
    try:
        since = datetime.fromisoformat(str(plan.payload.get("since", "")))
    except ValueError:
        return ActionResult(False, "Nothing was changed: the session's start is unknown.")
    targets = [str(t) for t in plan.payload.get("targets", [])]
    if plan.payload.get("source") == "windows_recent":
        return _remove_shortcuts(targets, since, dry_run)
    if plan.payload.get("source") == "xbel":
        return remove_from_xbel(xbel_path(), set(targets), since, dry_run)
    return ActionResult(False, "Nothing was changed: the list is of an unknown kind.")


def bookmark_blocks(text: str) -> list[tuple[int, int, str]] | None:
    """(start, end, href) of each bookmark block in document order; None when the blocks found
    as text do not match the bookmarks the XML parser sees."""
    parsed = parse_xbel(text)
    if parsed is None:
        return None
    blocks: list[tuple[int, int, str]] = []
    for m in _BLOCK.finditer(text):
        href = _HREF.search(m.group(0).split(">", 1)[0])
        value = html.unescape(next(g for g in href.groups() if g is not None)) if href else ""
        blocks.append((m.start(), m.end(), value))
    if [b[2] for b in blocks] != [p.href for p in parsed]:
        return None
    return blocks


def without_entries(text: str, targets: set[str], since: datetime) -> tuple[str, int] | None:
    """The document with the chosen bookmarks (added since `since`) cut out, and how many went.
    None when the document cannot be edited safely."""
    blocks = bookmark_blocks(text)
    parsed = parse_xbel(text)
    if blocks is None or parsed is None:
        return None
    drop = [
        i
        for i, b in enumerate(parsed)
        if b.href in targets and b.added is not None and b.added >= since
    ]
    pieces: list[str] = []
    at = 0
    for i in drop:
        start, end, _ = blocks[i]
        pieces.append(text[at:start])
        at = end
    pieces.append(text[at:])
    new = "".join(pieces)
    kept: list[XbelBookmark] = [b for i, b in enumerate(parsed) if i not in set(drop)]
    if parse_xbel(new) != kept:
        return None
    return new, len(drop)


def remove_from_xbel(path: Path, targets: set[str], since: datetime, dry_run: bool) -> ActionResult:
    try:
        text = read_xbel(path)
    except (OSError, Unavailable) as exc:
        return ActionResult(
            False, f"The recent-files list could not be read ({inert(exc)}). Nothing was changed."
        )
    edited = without_entries(text, targets, since)
    if edited is None:
        return ActionResult(
            False,
            "The recent-files list is in a form that cannot be edited safely, so nothing was "
            "changed. You can clear it in your desktop's privacy settings.",
        )
    new, count = edited
    what = plural(count, "entry", "entries")
    if count == 0:
        return ActionResult(
            True, "Those entries were already gone; nothing was changed.", dry_run=dry_run
        )
    if dry_run:
        return ActionResult(
            True,
            f"Would remove {what} from the recent-files list.",
            tuple(sorted(targets)),
            dry_run=True,
        )
    try:
        _replace_atomically(path, new)
    except OSError as exc:
        return ActionResult(
            False, f"The recent-files list could not be saved ({inert(exc)}). Nothing was changed."
        )
    return ActionResult(
        True,
        f"Removed {what} from the recent-files list; the other entries stay.",
        tuple(sorted(targets)),
    )


def _replace_atomically(path: Path, text: str) -> None:
    mode = path.stat().st_mode & 0o777
    fd, tmp = tempfile.mkstemp(prefix=".recently-used.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _remove_shortcuts(targets: list[str], since: datetime, dry_run: bool) -> ActionResult:
    folder = windows_recent_folder()
    done: list[str] = []
    failed: list[str] = []
    for target in targets:
        path = Path(target)
        try:
            ok = (
                path.parent.resolve() == folder.resolve()
                and path.suffix.lower() == ".lnk"
                and not path.is_symlink()
                and path.is_file()
                and arrival(path).when >= since.timestamp()
            )
        except OSError:
            ok = False
        if not ok:
            failed.append(target)
            continue
        if not dry_run:
            from send2trash import send2trash

            try:
                send2trash(str(path))
            except OSError:
                failed.append(target)
                continue
        done.append(target)
    verb = "Would move" if dry_run else "Moved"
    message = f"{verb} {plural(len(done), 'recent-files shortcut')} to the Recycle Bin."
    if failed:
        message += f" {plural(len(failed), 'other')} left alone (older, or no longer there)."
    return ActionResult(not failed, message, tuple(done), tuple(failed), dry_run)
