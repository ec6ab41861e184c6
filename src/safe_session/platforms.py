"""Which operating system we are on, in the catalog's words."""

from __future__ import annotations

import platform
import sys

from safe_session.model import OSName


def current_os() -> OSName:
    if sys.platform == "darwin":
        return "macos"
    if sys.platform.startswith("win"):
        return "windows"
    return "linux"


def release() -> str:
    return platform.release()
