"""Chat and mail apps that can pop messages onto the screen, and whether Do Not Disturb (Focus,
Focus Assist) is on: read where the system lets us (`linux`, `macos`, `windows`), never guessed.
"""

from __future__ import annotations

import sys

import msgspec

from safe_session.probes.apps.dnd import DndReading
from safe_session.probes.apps.processes import AppMatch, running_apps
from safe_session.probes.base import ProbeContext


class NotificationsFact(msgspec.Struct, frozen=True):
    matches: tuple[AppMatch, ...]  # the person's own chat and mail apps
    dnd: DndReading


def read_dnd(os_name: str) -> DndReading:
    """The reading for this system (only its module is imported); never raises."""
    try:
        if os_name == "linux":
            from safe_session.probes.apps import linux

            return linux.read()
        if os_name == "macos":
            from safe_session.probes.apps import macos

            return macos.read()
        if os_name == "windows" and sys.platform == "win32":
            from safe_session.probes.apps import windows

            return windows.read()
    except Exception as exc:  # a reading must never stop the notifications check
        return DndReading(None, None, f"it could not be read ({type(exc).__name__})")
    return DndReading(None, None, "this system does not tell us")


def gather(ctx: ProbeContext) -> NotificationsFact:
    apps = running_apps(ctx).in_category("notifications")
    own = tuple(m for m in apps if m.mine is not False)  # others' pop-ups show on their screen
    return NotificationsFact(own, read_dnd(ctx.os_name))
