"""Updates waiting for the computer to restart (`system.pending_restart`), from the markers
each system's updater leaves (`linux`, `macos`, `windows`); nothing is asked of any server."""

from __future__ import annotations

from safe_session.probes.base import ProbeContext
from safe_session.probes.system.facts import RestartFact


def gather(ctx: ProbeContext) -> RestartFact:
    if ctx.os_name == "macos":
        from safe_session.probes.system import macos

        return macos.restart_reasons()
    if ctx.os_name == "windows":
        from safe_session.probes.system import windows

        return windows.restart_reasons()
    from safe_session.probes.system import linux

    return linux.restart_reasons()
