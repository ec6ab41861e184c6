"""What closing an app must never touch, whatever a profile names or a check found.

Never: PID 1 and the kernel's threads; safe-session and every process above it (its terminal,
shell, session manager); a process whose name is on the shipped list of shells, terminals,
desktop, sound, accessibility and system processes (`checks/protected-processes.toml`);
another account's process. When safe-session runs as the administrator (root), "the person"
is whoever logged in (the login user the kernel keeps across `sudo`, else `SUDO_UID`), and a
process must be theirs and in their login session; with no such trace, only processes in
safe-session's own session. A process is also identified by its start time, so a process
number reused by another program is never mistaken for the app the person chose.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import psutil

from safe_session.data import load_protected
from safe_session.probes.apps.processes import same_user
from safe_session.probes.system.sessions import current_user

UNSET_LOGIN = 4294967295  # Linux's "no login user / no login session" ((u32)-1)
SAME_START = 0.001  # seconds: one process's start time, read twice, agrees to far less


@dataclass(frozen=True)
class Guard:
    """Who safe-session runs for, read once per plan or action."""

    ancestors: frozenset[int]  # safe-session and every process above it
    uid: int | None  # the account whose apps may be closed (POSIX); None: cannot tell
    root: bool
    login_session: int | None  # the Linux login session safe-session belongs to, when known
    posix_session: int | None  # root with no login trace: safe-session's own session


def current_guard() -> Guard:
    ancestors = _ancestors()
    if os.name == "nt":
        return Guard(ancestors, None, False, None, None)
    me = os.getuid()
    root = os.geteuid() == 0
    login_uid = _linux_number("loginuid")
    session = _linux_number("sessionid")
    if not root:
        return Guard(ancestors, me, False, None, None)
    person = login_uid if login_uid is not None else _sudo_uid()
    if person is None:  # root logged in as root: only what runs in safe-session's own session
        person = me
    posix = None
    if session is None and person == 0:
        try:
            posix = os.getsid(0)
        except OSError:
            person = None
    return Guard(ancestors, person, True, session, posix)


def _ancestors() -> frozenset[int]:
    """safe-session and every process above it (its terminal, shell, session manager)."""
    pids = {os.getpid()}
    try:
        proc: psutil.Process | None = psutil.Process()
        while proc is not None:
            pids.add(proc.pid)
            proc = proc.parent()
    except psutil.Error:
        pass
    return frozenset(pids)


def _linux_number(name: str, pid: int | str = "self") -> int | None:
    """`/proc/PID/loginuid` or `sessionid`; None when unset or not Linux."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        with open(f"/proc/{pid}/{name}", encoding="ascii") as fh:
            value = int(fh.read().strip())
    except (OSError, ValueError):
        return None
    return None if value == UNSET_LOGIN else value


def _sudo_uid() -> int | None:
    value = os.environ.get("SUDO_UID") or os.environ.get("PKEXEC_UID")
    return int(value) if value and value.isdigit() else None


def refusal(guard: Guard, pid: int, name: str) -> tuple[str | None, psutil.Process | None]:
    """Why this process must not be closed (None: it may be), and the process if it exists."""
    if pid <= 1:
        return "it is part of the operating system", None
    if pid in guard.ancestors:
        return "it is safe-session itself or the window it runs in", None
    try:
        proc = psutil.Process(pid)
        with proc.oneshot():
            current = proc.name()
            kernel = os.name != "nt" and not proc.exe() and proc.ppid() in (0, 2)
            owner = _owner_problem(guard, proc)
    except psutil.NoSuchProcess:
        return None, None
    except psutil.AccessDenied:
        return "it belongs to another account or to the system", None
    except psutil.Error as exc:
        return f"it could not be checked ({type(exc).__name__})", None
    if kernel:
        return "it is part of the operating system", None
    protected = load_protected()
    for shown in dict.fromkeys((current, name)):
        kind = protected.kind_of(shown)
        if kind:
            return f"it is {kind}, which safe-session never closes", None
    if owner:
        return owner, None
    if name and current != name:
        return "it is no longer the same app (its process number now belongs to another)", None
    return None, proc


def _owner_problem(guard: Guard, proc: psutil.Process) -> str | None:
    """Why the process is not the person's own, in their session; None when it is."""
    other = "it belongs to another account or to the system"
    if os.name == "nt":
        return None if same_user(proc.username(), current_user()) else other
    if guard.uid is None:
        return "safe-session runs as the administrator and cannot tell which apps are yours"
    if proc.uids().real != guard.uid:
        return other
    if not guard.root:
        return None
    elsewhere = "it is not part of your session on this computer"
    if guard.login_session is not None:
        return None if _linux_number("sessionid", proc.pid) == guard.login_session else elsewhere
    if guard.posix_session is not None:
        try:
            same = os.getsid(proc.pid) == guard.posix_session
        except OSError:
            same = False
        return None if same else elsewhere
    return None


def same_process(proc: psutil.Process, started: float | None) -> bool:
    """Whether `proc` is the process that had this start time when the plan was made."""
    if started is None:
        return False
    try:
        return abs(proc.create_time() - started) < SAME_START
    except psutil.Error:
        return False
