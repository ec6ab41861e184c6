"""The command to run after the session, as the person started safe-session before it.

Shown at the end of the before screen and report, so nobody has to work out how to type it: the
same program (`safe-session`, or the path it was started by when that is not what the shell
finds, or `python -m safe_session`), `after`, and the options that still matter afterwards (the
profile as it was typed, high contrast). Quoted for this system's shell; the caller shows it
inert, like any text that came from outside.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from safe_session.model import OSName

Which = Callable[[str], str | None]


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def program(argv0: str, which: Which = shutil.which, executable: str = sys.executable) -> list[str]:
    """How safe-session was started: its name when the shell finds that same program by it,
    else the path it was started by; `python -m safe_session` for the module."""
    name = Path(argv0).name
    if name in ("__main__.py", "-m", "-c", ""):
        python = Path(executable).name
        found = which(python)
        shown = python if found and _same_file(found, executable) else executable
        return [shown, "-m", "safe_session"]
    stem = name[:-4] if name.lower().endswith(".exe") else name
    found = which(stem)
    return [stem] if found and _same_file(found, argv0) else [argv0]


def quote(words: Sequence[str], os_name: OSName) -> str:
    """One line to paste into this system's shell."""
    if os_name == "windows":
        import subprocess  # its quoting rules are Windows' own

        return subprocess.list2cmdline(list(words))
    return shlex.join(words)


def after_command(
    argv0: str,
    os_name: OSName,
    profile: str | None = None,
    high_contrast: bool = False,
    which: Which = shutil.which,
    executable: str = sys.executable,
) -> str:
    """`safe-session after --profile solo-therapist.toml`, as this person would type it."""
    words = [*program(argv0, which, executable), "after"]
    if profile:
        words += ["--profile", profile]
    if high_contrast:
        words.append("--high-contrast")
    return quote(words, os_name)
