"""How the program starts and ends: the console script `safe-session` and `python -m
safe_session` both come here.

A run does its work and ends for good, so it ends without Python's finalization, which only
tears down every module the run loaded: that took about 14 ms of CPU after `check --json
--no-audio` had printed its report (a tenth of the whole run) and about 30 ms after a listening
run (numpy), while the person or a clinic's script waited for the command to return. What was
printed is flushed first, and what was registered to run at exit still runs (it ends any tool
still running, `system_tools.end_all`); every file was closed as it was written, and the screen,
when there was one, was given back when the UI closed.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from typing import NoReturn


def run() -> NoReturn:
    try:
        from safe_session.cli import main

        code: object = main()
    except SystemExit as exc:  # --help and --version end through argparse
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()  # what Python's own exit would run first, before the teardown
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that went away
            stream.flush()
    os._exit(code)
