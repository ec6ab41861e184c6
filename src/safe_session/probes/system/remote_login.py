"""The system's own remote access (`system.remote_login`): remote desktop, screen sharing and
SSH servers switched on in the system itself, not only apps running. Each system's module reads
its own settings (`linux`, `macos`, `windows`); the ports are read on this computer only."""

from __future__ import annotations

from safe_session.probes.base import ProbeContext
from safe_session.probes.system.facts import RemoteLoginFact


def gather(ctx: ProbeContext) -> RemoteLoginFact:
    if ctx.os_name == "macos":
        from safe_session.probes.system import macos

        return macos.remote_services()
    if ctx.os_name == "windows":
        from safe_session.probes.system import windows

        return windows.remote_services()
    from safe_session.probes.system import linux

    return linux.remote_services()
