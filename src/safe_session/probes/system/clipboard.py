"""Whether the clipboard still holds something. Its content is never read: only the list of
kinds of data on offer (text, image, files...), which each system gives without the data.

- Wayland: `wl-paste --list-types` (wl-clipboard).
- X11: `xclip -selection clipboard -t TARGETS -o` (the owner's list of targets).
- macOS: AppleScript's `clipboard info` (types and sizes).
- Windows: `CountClipboardFormats` (user32).
Where none of these can be asked, the answer is "unknown", never a guess.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Literal

from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.system_tools import run

System = Literal["wayland", "x11", "macos", "windows"]
State = Literal["empty", "non_empty", "unknown"]

# X11 targets that describe the selection rather than hold data.
META_TARGETS = frozenset(
    {"TARGETS", "MULTIPLE", "TIMESTAMP", "SAVE_TARGETS", "DELETE", "INSERT_SELECTION",
     "INSERT_PROPERTY", "LENGTH", "HOST_NAME", "USER", "CLIENT_WINDOW", "OWNER_OS"}
)  # fmt: skip
_EMPTY_WAYLAND = ("no selection", "nothing is copied")


@dataclass(frozen=True)
class ClipboardReading:
    state: State
    types: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(frozen=True)
class ClipboardFact:
    system: System | None
    tool: str | None
    non_empty: bool | None  # None: could not tell (`unknown` says why)
    types: tuple[str, ...] = ()
    unknown: str | None = None
    situation: str = "unknown"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_xclip_targets(returncode: int, stdout: str, stderr: str) -> ClipboardReading:
    """xclip's answer to `-t TARGETS -o`. No owner: exit 1 with "target TARGETS not available"."""
    if returncode == 0:
        data = tuple(t for t in _lines(stdout) if t not in META_TARGETS)
        return ClipboardReading("non_empty" if data else "empty", data)
    if "not available" in stderr:
        return ClipboardReading("empty")
    first = _lines(stderr)[:1]
    return ClipboardReading("unknown", reason=first[0][:200] if first else f"exit {returncode}")


def parse_wl_paste_types(returncode: int, stdout: str, stderr: str) -> ClipboardReading:
    """wl-paste's answer to `--list-types`: one MIME type a line; "No selection" (or, in newer
    versions, "Nothing is copied") with exit 1 when the clipboard is empty."""
    if returncode == 0:
        data = tuple(t for t in _lines(stdout) if t not in META_TARGETS)
        return ClipboardReading("non_empty" if data else "empty", data)
    if any(marker in stderr.lower() for marker in _EMPTY_WAYLAND):
        return ClipboardReading("empty")
    first = _lines(stderr)[:1]
    return ClipboardReading("unknown", reason=first[0][:200] if first else f"exit {returncode}")


def parse_clipboard_info(text: str) -> ClipboardReading:
    """AppleScript `clipboard info`, as osascript prints it: "«class utf8», 5, string, 5, ...".
    Types with size 0 (what `pbcopy` leaves from empty input) hold nothing."""
    tokens = [t.strip() for t in text.strip().split(",")]
    if tokens == [""]:
        return ClipboardReading("empty")
    held: list[str] = []
    for kind, size in zip(tokens[0::2], tokens[1::2], strict=False):
        if not size.isdigit():
            return ClipboardReading("unknown", reason="the clipboard's description was unclear")
        if int(size) > 0:
            held.append(kind)
    if len(tokens) % 2:
        return ClipboardReading("unknown", reason="the clipboard's description was unclear")
    return ClipboardReading("non_empty" if held else "empty", tuple(held))


def linux_system(env: dict[str, str] | None = None) -> System | None:
    env = dict(os.environ) if env is None else env
    if env.get("WAYLAND_DISPLAY"):
        return "wayland"
    if env.get("DISPLAY"):
        return "x11"
    return None


def _read_linux() -> tuple[System, str, ClipboardReading]:
    system = linux_system()
    if system is None:
        raise Unavailable(
            "there is no graphical desktop here, so no clipboard to look at", "no_display"
        )
    if system == "wayland":
        done = run(["wl-paste", "--list-types"], timeout=4, ok_codes=(0, 1))
        return system, "wl-paste", parse_wl_paste_types(done.returncode, done.stdout, done.stderr)
    done = run(
        ["xclip", "-selection", "clipboard", "-t", "TARGETS", "-o"], timeout=4, ok_codes=(0, 1)
    )
    return system, "xclip", parse_xclip_targets(done.returncode, done.stdout, done.stderr)


def _read_macos() -> ClipboardReading:
    done = run(["osascript", "-e", "clipboard info"], timeout=5)
    return parse_clipboard_info(done.stdout)


def _read_windows() -> ClipboardReading:
    if sys.platform != "win32":
        raise Unavailable("the Windows clipboard can only be asked on Windows")
    import ctypes

    user32 = ctypes.WinDLL("user32", use_last_error=True)
    ctypes.set_last_error(0)
    count = int(user32.CountClipboardFormats())
    if count == 0 and ctypes.get_last_error() != 0:
        return ClipboardReading("unknown", reason="Windows did not answer")
    return ClipboardReading(
        "non_empty" if count else "empty", (f"{count} formats",) if count else ()
    )


def read(os_name: str) -> tuple[System, str, ClipboardReading]:
    if os_name == "windows":
        return "windows", "user32", _read_windows()
    if os_name == "macos":
        return "macos", "osascript", _read_macos()
    return _read_linux()


def gather(ctx: ProbeContext) -> ClipboardFact:
    """Could-not-tell comes back as a fact too, so the report keeps `non_empty` (as null)."""
    try:
        system, tool, reading = read(ctx.os_name)
    except Unavailable as exc:
        return ClipboardFact(None, None, None, (), exc.reason, exc.situation)
    if reading.state == "unknown":
        return ClipboardFact(system, tool, None, (), f"`{tool}` could not tell ({reading.reason})")
    return ClipboardFact(system, tool, reading.state == "non_empty", reading.types)
