"""Running a system tool (never through a shell) with a timeout, for probes and actions alike,
and turning every way it can go wrong into a reason.

Every tool starts in a process group of its own (a new session on POSIX, a new process group on
Windows), so that when it hangs, it and whatever it started in turn end together: a tool killed
alone would leave its children running, orphaned. Tools still running when the program ends
(the engine stops waiting for a probe before the probe's tool times out) are ended then too.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Mapping
from typing import Any

import msgspec

from safe_session.probes.base import Unavailable

DEFAULT_TIMEOUT = 4.0
GRACE = 1.0  # seconds a group has to end after the polite signal, before it is killed

_running: set[subprocess.Popen[bytes]] = set()
_running_lock = threading.Lock()
_exit_hook = False


class Completed(msgspec.Struct, frozen=True):
    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def start(argv: list[str], **popen: Any) -> subprocess.Popen[bytes]:
    """Start `argv` in its own process group; `popen` goes to subprocess.Popen. The caller ends
    it with `end` (or lets it finish and calls `forget`)."""
    global _exit_hook
    if os.name == "nt":
        popen["creationflags"] = popen.get("creationflags", 0) | getattr(
            subprocess, "CREATE_NEW_PROCESS_GROUP", 0
        )
    else:
        popen["start_new_session"] = True
    proc: subprocess.Popen[bytes] = subprocess.Popen(argv, **popen)
    with _running_lock:
        _running.add(proc)
        if not _exit_hook:
            atexit.register(end_all)
            _exit_hook = True
    return proc


def forget(proc: subprocess.Popen[bytes]) -> None:
    """The tool finished by itself: nothing to end when the program does."""
    with _running_lock:
        _running.discard(proc)


def end(proc: subprocess.Popen[bytes], grace: float = GRACE) -> None:
    """End the tool and everything it started: politely (SIGTERM to its whole group), then, what
    is still there after `grace` seconds, for good (SIGKILL); then reap it and close its pipes."""
    try:
        if os.name == "nt":
            _end_tree_windows(proc, grace)
        else:
            _end_group_posix(proc, grace)
    finally:
        with contextlib.suppress(subprocess.TimeoutExpired, OSError):
            proc.wait(grace)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError, ValueError):
                    stream.close()
        forget(proc)


def running_pids() -> frozenset[int]:
    """The tools this program started and has not ended: its own microphone capture among
    them, which the check for other apps using the microphone must not count."""
    with _running_lock:
        return frozenset(proc.pid for proc in _running)


def end_all() -> None:
    """Every tool still running: the program is ending."""
    with _running_lock:
        left = list(_running)
    for proc in left:
        end(proc, grace=0.3)


def _tree(pid: int) -> list[Any]:
    """The tool's descendants as psutil processes, looked up before any is signalled (once the
    tool is gone its children are someone else's and no longer found through it)."""
    import psutil  # only when a tool has to be ended

    try:
        return list(psutil.Process(pid).children(recursive=True))
    except (psutil.Error, OSError):
        return []


def _alive(proc: Any) -> bool:
    import psutil

    try:
        return bool(proc.status() != psutil.STATUS_ZOMBIE)
    except (psutil.Error, OSError):
        return False


def _end_group_posix(proc: subprocess.Popen[bytes], grace: float) -> None:
    # The tool leads its own group (start_new_session), so its pid is the group's id. No other
    # group can take that id while the tool is unreaped or any member of its group lives; the
    # tool is reaped only below, after the last signal.
    group = proc.pid
    tree = _tree(proc.pid)
    _signal(group, tree, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if proc.poll() is not None and not any(_alive(p) for p in tree):
            break
        time.sleep(0.02)
    _signal(group, tree, signal.SIGKILL)


def _signal(group: int, tree: list[Any], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, sig)
    for child in tree:  # a child that moved to a group of its own is still the tool's
        with contextlib.suppress(Exception):
            child.send_signal(sig)


def _end_tree_windows(proc: subprocess.Popen[bytes], grace: float) -> None:
    """Windows has no process groups to signal: Ctrl+Break to the tool's console group, then
    the tool and its descendants are terminated (what `taskkill /T /F` does)."""
    tree = _tree(proc.pid)
    with contextlib.suppress(Exception):
        proc.send_signal(getattr(signal, "CTRL_BREAK_EVENT", signal.SIGTERM))
    with contextlib.suppress(subprocess.TimeoutExpired, OSError):
        proc.wait(min(grace, 0.5))
    for child in tree:
        with contextlib.suppress(Exception):
            child.kill()
    with contextlib.suppress(OSError):
        proc.kill()


def run(
    argv: list[str],
    timeout: float = DEFAULT_TIMEOUT,
    env: Mapping[str, str] | None = None,
    ok_codes: tuple[int, ...] = (0,),
    encoding: str = "utf-8",
    capture: bool = True,
) -> Completed:
    """Run `argv` (never through a shell) and return its output.

    `capture=False` discards the output instead: for a tool that leaves a helper running in
    the background holding its output open (xclip), waiting for the output would never end.
    A helper the tool leaves behind when it finishes in time is left alone (xclip's keeps what
    was put on the clipboard); on a timeout the tool's whole group is ended.

    Raises Unavailable when the tool is missing, hangs past `timeout`, is not permitted, or
    exits with a code outside `ok_codes`. Output bytes that are not valid text are replaced.
    """
    tool = argv[0]
    exe = shutil.which(tool, path=(env or os.environ).get("PATH"))
    if exe is None:
        raise Unavailable(f"the tool `{tool}` is not installed on this computer", "missing_tool")
    full_env = dict(os.environ if env is None else env)
    try:
        proc = start(
            [exe, *argv[1:]],
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
            stderr=subprocess.PIPE if capture else subprocess.DEVNULL,
            env=full_env,
            stdin=subprocess.DEVNULL,
        )
    except PermissionError:
        raise Unavailable(f"not allowed to run `{tool}`", "permission") from None
    except OSError as exc:
        raise Unavailable(f"`{tool}` could not be started ({exc.strerror or exc})") from None
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        end(proc)
        raise Unavailable(
            f"`{tool}` did not answer within {timeout:g} seconds", "timeout"
        ) from None
    except BaseException:
        end(proc)
        raise
    forget(proc)
    out = (stdout or b"").decode(encoding, errors="replace")
    err = (stderr or b"").decode(encoding, errors="replace")
    if proc.returncode not in ok_codes:
        first = (err.strip() or out.strip()).splitlines()[:1]
        said = f": {first[0][:200]}" if first else ""
        raise Unavailable(f"`{tool}` failed (exit code {proc.returncode}){said}", "tool_failed")
    return Completed(tuple(argv), proc.returncode, out, err)
