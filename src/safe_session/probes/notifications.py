"""Chat and mail apps that can pop messages onto the screen, and whether Do Not Disturb is on."""

from __future__ import annotations

import msgspec

from safe_session.probes.base import ProbeContext
from safe_session.probes.do_not_disturb import DndReading, read
from safe_session.probes.processes import AppMatch, running_apps


class NotificationsFact(msgspec.Struct, frozen=True):
    matches: tuple[AppMatch, ...]  # the person's own chat and mail apps
    dnd: DndReading


def gather(ctx: ProbeContext) -> NotificationsFact:
    apps = running_apps(ctx).in_category("notifications")
    own = tuple(m for m in apps if m.mine is not False)  # others' pop-ups show on their screen
    return NotificationsFact(own, read(ctx.os_name))
