"""Apps on Linux: whether Do Not Disturb is on, read where the desktop lets us; never guessed.

- GNOME and its relatives: `gsettings get org.gnome.desktop.notifications show-banners`
  (false means Do Not Disturb is on).
- KDE Plasma and other desktops whose notification server has the freedesktop `Inhibited`
  property: read over the session bus with `gdbus`.
- Xfce: `xfconf-query -c xfce4-notifyd -p /do-not-disturb`; dunst: `dunstctl is-paused`.
The parsers are pure and never raise.
"""

from __future__ import annotations

import os
import re

from safe_session.probes.apps.dnd import DndReading
from safe_session.probes.base import Unavailable
from safe_session.probes.tools import ToolSpec, ToolTable

TIMEOUT = 2.0
GNOME_LIKE = ("gnome", "unity", "ubuntu", "budgie", "pantheon", "pop", "cosmic")


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


# ---------------------------------------------------------------- tools

TOOLS = ToolTable[bool | None](
    ToolSpec(
        "gsettings",
        ("gsettings", "get", "org.gnome.desktop.notifications", "show-banners"),
        parse_show_banners,
        TIMEOUT,
    ),
    ToolSpec(
        "xfconf-query",
        ("xfconf-query", "-c", "xfce4-notifyd", "-p", "/do-not-disturb"),
        parse_bool_word,
        TIMEOUT,
    ),
    ToolSpec(
        "gdbus",
        (
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
        ),
        parse_gdbus_bool,
        TIMEOUT,
    ),
    ToolSpec("dunstctl", ("dunstctl", "is-paused"), parse_bool_word, TIMEOUT),
)


# ---------------------------------------------------------------- asking the desktop


def read(env: dict[str, str] | None = None) -> DndReading:
    environ = dict(os.environ if env is None else env)
    desktop = environ.get("XDG_CURRENT_DESKTOP", "").lower()
    tried: list[str] = []
    if any(name in desktop for name in GNOME_LIKE):
        value = _ask("gsettings", environ, tried)
        if value is not None:
            return DndReading(value, "gsettings")
    if "xfce" in desktop:
        value = _ask("xfconf-query", environ, tried)
        if value is not None:
            return DndReading(value, "xfconf-query")
    value = _ask("gdbus", environ, tried)
    if value is not None:
        return DndReading(value, "notification server")
    value = _ask("dunstctl", environ, tried)
    if value is not None:
        return DndReading(value, "dunstctl")
    return DndReading(
        None, None, "this desktop does not tell other apps whether Do Not Disturb is on"
    )


def _ask(tool: str, env: dict[str, str], tried: list[str]) -> bool | None:
    spec = TOOLS[tool]
    tried.append(spec.argv[0])
    try:
        return spec.read(env=env)
    except Unavailable:
        return None
