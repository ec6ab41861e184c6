"""Apps on Windows: whether notifications are quiet. Notifications switched off altogether
(`NOC_GLOBAL_SETTING_TOASTS_ENABLED` = 0), then Focus Assist's state through the undocumented WNF
state the shell publishes (0 off, 1 priority only, 2 alarms only). Read from the registry and
the shell, never through a tool, so there is no table of tools. The decoders are pure.
"""

from __future__ import annotations

import struct
import sys

from safe_session.probes.apps.dnd import DndReading


def decode_quiet_hours(buffer: bytes) -> bool | None:
    """Focus Assist's WNF state: a little-endian 32-bit number, 0 off, 1 or 2 on."""
    if len(buffer) < 4:
        return None
    (level,) = struct.unpack_from("<i", buffer)
    return {0: False, 1: True, 2: True}.get(level)


def decode_toasts_enabled(value: object) -> bool | None:
    """NOC_GLOBAL_SETTING_TOASTS_ENABLED: 0 means every notification is off (so True: quiet)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return True if value == 0 else None


def read() -> DndReading:  # pragma: no cover - runs on Windows only
    if sys.platform != "win32":
        return DndReading(None, None, "this system does not tell us")
    import winreg

    try:
        with winreg.OpenKey(
            winreg.HKEY_CURRENT_USER,
            r"Software\Microsoft\Windows\CurrentVersion\Notifications\Settings",
        ) as key:
            value, _ = winreg.QueryValueEx(key, "NOC_GLOBAL_SETTING_TOASTS_ENABLED")
        if decode_toasts_enabled(value):
            return DndReading(True, "notification settings")
    except OSError:
        pass
    buffer = _query_quiet_hours()
    on = decode_quiet_hours(buffer) if buffer is not None else None
    if on is None:
        return DndReading(None, None, "Windows did not say whether Do Not Disturb is on")
    return DndReading(on, "Focus Assist")


def _query_quiet_hours() -> bytes | None:  # pragma: no cover - runs on Windows only
    """WNF_SHEL_QUIETHOURS_ACTIVE_PROFILE_CHANGED, as the Windows shell publishes it."""
    if sys.platform != "win32":
        return None
    import ctypes
    from ctypes import wintypes

    try:
        ntdll = ctypes.WinDLL("ntdll")  # type: ignore[attr-defined]
        query = ntdll.NtQueryWnfStateData
    except (OSError, AttributeError):
        return None
    state_name = (ctypes.c_uint32 * 2)(0xA3BF1C75, 0x0D83063E)
    stamp = wintypes.ULONG(0)
    buffer = ctypes.create_string_buffer(4)
    size = wintypes.ULONG(4)
    status = query(
        ctypes.byref(state_name),
        None,
        None,
        ctypes.byref(stamp),
        buffer,
        ctypes.byref(size),
    )
    if status != 0:
        return None
    return bytes(buffer.raw[: size.value])
