"""Empty the clipboard, each system its own way, then look again to say whether it worked.

- Wayland: `wl-copy --clear` (its output is not waited for either: wl-copy may fork).
- X11: xclip takes the clipboard over with empty input and offers no kind of data, so nothing
  can be pasted from it. (xclip stays in the background to own the clipboard until something
  else is copied; its output is not waited for.)
- macOS: `pbcopy` with empty input.
- Windows: OpenClipboard / EmptyClipboard / CloseClipboard (user32).
A clipboard manager may keep its own history; the advice says where to clear that.
"""

from __future__ import annotations

import sys
import time

from safe_session.actions.base import ActionPlan, ActionResult
from safe_session.model import Result
from safe_session.platforms import current_os
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.system import clipboard
from safe_session.system_tools import run
from safe_session.text import inert

NAME = "clear_clipboard"


def plan(result: Result, ctx: ProbeContext) -> list[ActionPlan]:
    if not result.details.get("non_empty"):
        return []
    return [
        ActionPlan(
            action=NAME,
            check_id=result.id,
            label="Empty the clipboard",
            doing="Emptying the clipboard…",
            description=(
                "Empties the clipboard so nothing you copied during the session can be pasted "
                "later. What it held is not shown or kept anywhere."
            ),
            payload={"os": ctx.os_name},
        )
    ]


def _clear(os_name: str, system: str | None) -> None:
    if os_name == "windows":
        _clear_windows()
    elif os_name == "macos":
        run(["pbcopy"], timeout=5)
    elif system == "wayland":
        run(["wl-copy", "--clear"], timeout=5, capture=False)
    elif system == "x11":
        run(["xclip", "-selection", "clipboard", "-t", "TARGETS", "-i"], timeout=5, capture=False)
    else:
        raise Unavailable("there is no graphical desktop here, so no clipboard to empty")


def _clear_windows() -> None:
    if sys.platform != "win32":
        raise Unavailable("the Windows clipboard can only be emptied on Windows")
    import ctypes

    user32 = ctypes.windll.user32
    if not user32.OpenClipboard(None):
        raise Unavailable("another app is using the clipboard right now")
    try:
        if not user32.EmptyClipboard():
            raise Unavailable("Windows would not empty the clipboard")
    finally:
        user32.CloseClipboard()


def _settled(os_name: str, wait: float = 1.5) -> clipboard.ClipboardReading:
    """Look again, for a moment: a background helper takes the clipboard over shortly after."""
    deadline = time.monotonic() + wait
    while True:
        _, _, reading = clipboard.read(os_name)
        if reading.state != "non_empty" or time.monotonic() >= deadline:
            return reading
        time.sleep(0.1)


def perform(plan: ActionPlan, dry_run: bool = False) -> ActionResult:
    os_name = str(plan.payload.get("os") or current_os())
    system = clipboard.linux_system() if os_name == "linux" else None
    if dry_run:
        how = {"wayland": "wl-copy", "x11": "xclip"}.get(system or "", "")
        return ActionResult(
            True, "Would empty the clipboard" + (f" (with {how})." if how else "."), dry_run=True
        )
    try:
        _clear(os_name, system)
        reading = _settled(os_name)
    except Unavailable as exc:
        return ActionResult(False, f"The clipboard could not be emptied: {inert(exc.reason)}.")
    if reading.state == "empty":
        return ActionResult(True, "The clipboard is empty now.", ("clipboard",))
    if reading.state == "non_empty":
        return ActionResult(
            False,
            "The clipboard still holds something: a clipboard manager may have put it back. "
            "Clear its history too.",
            failed=("clipboard",),
        )
    return ActionResult(
        True, "The clipboard was emptied, but it could not be checked afterwards.", ("clipboard",)
    )
