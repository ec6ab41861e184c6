"""On battery or on mains power (`system.power`). macOS and Windows: psutil's
`sensors_battery()` (None on a computer without a battery: a desktop, most virtual machines).
Linux: /sys/class/power_supply read by `linux`, which, unlike psutil, leaves out the batteries of
wireless mice, keyboards and game pads."""

from __future__ import annotations

from typing import Any

from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.system.facts import PowerFact


def from_psutil(battery: Any) -> PowerFact:
    """psutil's `sbattery(percent, secsleft, power_plugged)`, or None for no battery."""
    if battery is None:
        return PowerFact(False, source="psutil")
    percent = getattr(battery, "percent", None)
    plugged = getattr(battery, "power_plugged", None)
    return PowerFact(
        True,
        float(percent) if isinstance(percent, int | float) and 0 <= percent <= 100 else None,
        plugged if isinstance(plugged, bool) else None,
        "psutil",
    )


def gather(ctx: ProbeContext) -> PowerFact:
    if ctx.os_name == "linux":
        from safe_session.probes.system import linux

        return linux.read_power()
    import psutil

    try:
        return from_psutil(psutil.sensors_battery())
    except (OSError, RuntimeError, NotImplementedError) as exc:
        raise Unavailable(f"the battery could not be read ({type(exc).__name__})") from None
