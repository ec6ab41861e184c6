"""Is Do Not Disturb (Focus, Focus Assist) on? Read where the system lets us; never guessed.

- GNOME and its relatives: `gsettings get org.gnome.desktop.notifications show-banners`
  (false means Do Not Disturb is on).
- KDE Plasma and other desktops whose notification server has the freedesktop `Inhibited`
  property: read over the session bus with `gdbus`.
- Xfce: `xfconf-query -c xfce4-notifyd -p /do-not-disturb`; dunst: `dunstctl is-paused`.
- macOS: the Focus assertions file (`~/Library/DoNotDisturb/DB/Assertions.json`), readable only
  with Full Disk Access; a Focus turned on by a schedule may not show there.
- Windows: notifications switched off altogether (`NOC_GLOBAL_SETTING_TOASTS_ENABLED` = 0), then
  Focus Assist's state through the undocumented WNF state the shell publishes (0 off,
  1 priority only, 2 alarms only).
The parsers are pure and never raise.
"""

from __future__ import annotations

import json
import os
import re
import struct
import sys
from collections.abc import Callable
from pathlib import Path

import msgspec

from safe_session.probes.base import Unavailable
from safe_session.probes.runner import run

TIMEOUT = 2.0
GNOME_LIKE = ("gnome", "unity", "ubuntu", "budgie", "pantheon", "pop", "cosmic")


class DndReading(msgspec.Struct, frozen=True):
    on: bool | None  # None: could not tell
    source: str | None  # where it was read, e.g. "gsettings"
    reason: str | None = None  # why it could not be told


# ---------------------------------------------------------------- pure parsers


def parse_bool_word(text: str) -> bool | None:
    """`true`/`false` as printed by gsettings, xfconf-query or dunstctl; None for anything else."""
    word = text.strip().strip("'\"").lower()
    return {"true": True, "false": False}.get(word)


def parse_show_banners(text: str) -> bool | None:
    """GNOME's show-banners: false means Do Not Disturb is on."""
    banners = parse_bool_word(text)
    return None if banners is None else not banners


def parse_gdbus_bool(text: str) -> bool | None:
    """`gdbus call ... Properties.Get` prints `(<true>,)` or `(<false>,)`."""
    m = re.fullmatch(r"\s*\(\s*<\s*(true|false)\s*>\s*,?\s*\)\s*", text)
    return None if m is None else m.group(1) == "true"


def parse_focus_assertions(text: str) -> bool | None:
    """macOS Assertions.json: a Focus is on when some entry holds assertion records."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    entries = data.get("data") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return None
    return any(isinstance(e, dict) and bool(e.get("storeAssertionRecords")) for e in entries)


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


# ---------------------------------------------------------------- per system


def read_linux(env: dict[str, str] | None = None) -> DndReading:
    environ = dict(os.environ if env is None else env)
    desktop = environ.get("XDG_CURRENT_DESKTOP", "").lower()
    tried: list[str] = []
    if any(name in desktop for name in GNOME_LIKE):
        value = _ask(
            ["gsettings", "get", "org.gnome.desktop.notifications", "show-banners"],
            parse_show_banners,
            environ,
            tried,
        )
        if value is not None:
            return DndReading(value, "gsettings")
    if "xfce" in desktop:
        value = _ask(
            ["xfconf-query", "-c", "xfce4-notifyd", "-p", "/do-not-disturb"],
            parse_bool_word,
            environ,
            tried,
        )
        if value is not None:
            return DndReading(value, "xfconf-query")
    value = _ask(
        [
            "gdbus",
            "call",
            "--session",
            "--dest",
            "org.freedesktop.Notifications",
            "--object-path",
            "/org/freedesktop/Notifications",
            "--method",
            "org.freedesktop.DBus.Properties.Get",
            "org.freedesktop.Notifications",
            "Inhibited",
        ],
        parse_gdbus_bool,
        environ,
        tried,
    )
    if value is not None:
        return DndReading(value, "notification server")
    value = _ask(["dunstctl", "is-paused"], parse_bool_word, environ, tried)
    if value is not None:
        return DndReading(value, "dunstctl")
    return DndReading(
        None, None, "this desktop does not tell other apps whether Do Not Disturb is on"
    )


def _ask(
    argv: list[str],
    parse: Callable[[str], bool | None],
    env: dict[str, str],
    tried: list[str],
) -> bool | None:
    tried.append(argv[0])
    try:
        out = run(argv, timeout=TIMEOUT, env=env)
    except Unavailable:
        return None
    return parse(out.stdout)


def read_macos(home: Path | None = None) -> DndReading:
    path = (home or Path.home()) / "Library" / "DoNotDisturb" / "DB" / "Assertions.json"
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except PermissionError:
        return DndReading(
            None, None, "macOS shows whether a Focus is on only to apps with Full Disk Access"
        )
    except OSError:
        return DndReading(None, None, "macOS did not say whether a Focus is on")
    on = parse_focus_assertions(text)
    if on is None:
        return DndReading(None, None, "macOS's Focus settings could not be read")
    return DndReading(on, "Focus")


def read_windows() -> DndReading:  # pragma: no cover - runs on Windows only
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


def read(os_name: str) -> DndReading:
    """The reading for this system; never raises."""
    try:
        if os_name == "linux":
            return read_linux()
        if os_name == "macos":
            return read_macos()
        if os_name == "windows" and sys.platform == "win32":
            return read_windows()
    except Exception as exc:  # a reading must never stop the notifications check
        return DndReading(None, None, f"it could not be read ({type(exc).__name__})")
    return DndReading(None, None, "this system does not tell us")
