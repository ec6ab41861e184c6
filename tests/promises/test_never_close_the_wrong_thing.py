"""Closing an app never closes the wrong thing, whatever a profile names.

A profile's `[platform] apps` could name a shell, the desktop, the sound server or a terminal,
and `after` then offered to close them, and did. Now `profile validate` refuses such names, and
the close action, on its own, never offers and never performs closing what keeps the computer,
the desktop or safe-session running, nor anything above safe-session, nor (as root) anything
outside the person's session; and it acts only on the very process it listed (number and start
time), never on another program that got the same number. Real processes throughout.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil

from safe_session.actions import close_app
from safe_session.actions.base import ActionPlan
from safe_session.data import load_catalog
from safe_session.engine import Engine
from safe_session.model import Result, Status
from safe_session.probes.apps import processes
from safe_session.probes.base import ProbeContext
from tests.conftest import need, venv_bin
from tests.fakeapps import SLEEP, fake_apps, wait_until_named

SYSTEM_NAMES = {
    "bash": "a command shell",
    "zsh": "a command shell",
    "pwsh": "a command shell",
    "cmd.exe": "a command shell",
    "explorer.exe": "part of the desktop",
    "Finder": "part of the desktop",
    "Dock": "part of the desktop",
    "WindowServer": "part of the desktop",
    "gnome-shell": "part of the desktop",
    "plasmashell": "part of the desktop",
    "kwin_wayland": "part of the desktop",
    "Xwayland": "part of the desktop",
    "pulseaudio": "the computer's sound system",
    "pipewire": "the computer's sound system",
    "coreaudiod": "the computer's sound system",
    "audiodg.exe": "the computer's sound system",
    "systemd": "part of the operating system",
    "launchd": "part of the operating system",
    "svchost.exe": "part of the operating system",
    "csrss.exe": "part of the operating system",
    "lsass.exe": "part of the operating system",
    "gnome-terminal-server": "a terminal window",
    "konsole": "a terminal window",
    "Terminal": "a terminal window",
    "iTerm2": "a terminal window",
    "WindowsTerminal.exe": "a terminal window",
    "conhost.exe": "a terminal window",
    "tmux": "a terminal window",
    "sshd": "a terminal window",
    "python3": "a Python runtime (safe-session itself runs in one)",
}


def test_validate_refuses_system_processes_as_the_platforms_apps(tmp_path: Path) -> None:
    names = list(SYSTEM_NAMES)
    path = tmp_path / "apps.toml"
    path.write_text("[platform]\napps = [\n" + "".join(f'    "{n}",\n' for n in names[:20]) + "]\n")
    done = subprocess.run(
        [venv_bin("safe-session"), "profile", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    *problems, _summary = done.stderr.splitlines()
    assert problems == [
        f'{path}:{3 + i}: platform.apps[{i}]: "{name}" is {SYSTEM_NAMES[name]}: safe-session '
        'never offers to close it; name the platform\'s own app, like "Zoom"'
        for i, name in enumerate(names[:20])
    ]


def started(pid: int) -> float:
    return psutil.Process(pid).create_time()


def plan_for(pid: int, name: str, app: str = "Test app") -> ActionPlan:
    """A plan as `close_app.plan` makes one, for one process."""
    return ActionPlan(
        "close_app",
        "after.apps_open",
        f"Close {app}",
        "test",
        payload={
            "app": app,
            "processes": [{"pid": pid, "name": name, "started": started(pid)}],
            "wait_seconds": 2,
        },
    )


def finding(*procs: tuple[int, str]) -> Result:
    matches = [
        {"name": name, "pid": pid, "app": name, "category": "video_call", "how": "t", "own": True}
        for pid, name in procs
    ]
    return Result("after.apps_open", "t", Status.WARN, "s", {"matches": matches})


def offered(result: Result) -> set[int]:
    return {
        item["pid"]
        for plan in close_app.plan(result, ProbeContext())
        for item in plan.payload["processes"]
    }


@contextlib.contextmanager
def running(argv: list[str], **kwargs: Any) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, **kwargs)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(5)


def test_a_shell_named_in_a_profile_is_found_but_never_offered_or_closed() -> None:
    """Even with the profile's check bypassed (a profile built in code)."""
    with running(["bash", "-c", "sleep 60; true"]) as shell:
        deadline = time.monotonic() + 5
        while psutil.Process(shell.pid).children() == [] and time.monotonic() < deadline:
            time.sleep(0.01)
        processes._shared = None
        spec = load_catalog().get("after.apps_open")
        assert spec is not None
        [result] = Engine(ProbeContext(os_name="linux", extra_apps=("bash",))).run([spec])
        assert shell.pid in {m["pid"] for m in result.details["matches"]}
        assert shell.pid not in offered(result)
        done = close_app.perform(plan_for(shell.pid, "bash"))
        assert not done.ok and done.done == ()
        assert done.failed == (
            f"bash (process {shell.pid}): not closed, it is a command shell, which "
            "safe-session never closes",
        )
        time.sleep(0.2)
        assert shell.poll() is None


def test_the_desktop_sound_and_terminals_are_never_offered_or_closed(tmp_path: Path) -> None:
    names = ["gnome-shell", "pulseaudio", "Xorg", "gnome-terminal-server", "explorer.exe", "tmux"]
    with fake_apps(tmp_path) as apps:
        pids = {apps.start(name): name for name in names}
        shown = {pid: psutil.Process(pid).name() for pid in pids}
        assert offered(finding(*shown.items())) == set()
        for pid, name in shown.items():
            done = close_app.perform(plan_for(pid, name))
            assert not done.ok and "which safe-session never closes" in done.failed[0], done
        time.sleep(0.2)
        assert all(proc.poll() is None for proc in apps.procs)


CHILD = """
import json, sys
from safe_session.actions import close_app
from safe_session.actions.base import ActionPlan
from safe_session.model import Result, Status
from safe_session.probes.base import ProbeContext
import psutil
parent = psutil.Process().parent()
match = {"name": parent.name(), "pid": parent.pid, "app": "Zoom", "category": "video_call",
         "how": "t", "own": True}
result = Result("after.apps_open", "t", Status.WARN, "s", {"matches": [match]})
plans = close_app.plan(result, ProbeContext())
plan = ActionPlan("close_app", "after.apps_open", "Close Zoom", "t", payload={"app": "Zoom",
    "processes": [{"pid": parent.pid, "name": parent.name(), "started": parent.create_time()}],
    "wait_seconds": 1})
done = close_app.perform(plan)
print(json.dumps({"plans": len(plans), "name": parent.name(), "failed": list(done.failed)}))
"""
PARENT = "import subprocess, sys; subprocess.run([sys.argv[1], '-c', sys.argv[2]], check=True)"


def test_a_process_above_safe_session_is_never_offered_or_closed(tmp_path: Path) -> None:
    """The close action runs in a child of the very app it is asked to close."""
    zoom = tmp_path / "Zoom"
    zoom.symlink_to(sys.executable)  # a Python that the process table shows as "Zoom"
    done = subprocess.run(
        [str(zoom), "-c", PARENT, sys.executable, CHILD],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr  # the parent was not closed under its child
    outcome = json.loads(done.stdout)
    assert outcome["name"] == "Zoom"
    assert outcome["plans"] == 0
    [failed] = outcome["failed"]
    assert failed.endswith("not closed, it is safe-session itself or the window it runs in")


def reuse_pid(pid: int) -> bool:
    """Make the next new process get `pid` (Linux, with the right to set it)."""
    try:
        with open("/proc/sys/kernel/ns_last_pid", "w") as f:
            f.write(str(pid - 1))
    except OSError:
        return False
    return True


def test_a_process_number_taken_by_another_program_is_refused(tmp_path: Path) -> None:
    with fake_apps(tmp_path) as apps:
        first = apps.start("AnyDesk")
        [plan] = close_app.plan(finding((first, "AnyDesk")), ProbeContext())
        apps.procs[-1].kill()
        apps.procs[-1].wait(5)
        time.sleep(0.1)  # start times are counted in clock ticks (10 ms on Linux)
        reused = False
        for _ in range(20):  # other programs may take the number first: try again
            if not reuse_pid(first):
                break
            exe = tmp_path / f"again{_}" / "AnyDesk"
            exe.parent.mkdir()
            shutil.copy2(SLEEP, exe)
            proc = subprocess.Popen([str(exe), "600"], stdin=subprocess.DEVNULL)
            apps.procs.append(proc)
            if proc.pid == first:
                wait_until_named(proc.pid, exe)
                reused = True
                break
            proc.kill()
        if not reused:  # the same check, with the recorded start time of an earlier process
            second = apps.start("AnyDesk")
            plan.payload["processes"] = [
                {"pid": second, "name": "AnyDesk", "started": started(second) - 60}
            ]
        target = plan.payload["processes"][0]["pid"]
        assert psutil.Process(target).name() == "AnyDesk"  # same number, same name
        done = close_app.perform(plan)
        assert not done.ok and done.done == ()
        assert done.failed == (
            f"AnyDesk (process {target}): not closed, it is no longer the same app (its process "
            "number now belongs to another program that started later)",
        )
        time.sleep(0.2)
        assert psutil.Process(target).is_running()


def test_as_root_an_app_outside_the_persons_session_is_never_closed(tmp_path: Path) -> None:
    need(os.geteuid() == 0, "runs as root: the session rule is the administrator's")
    with fake_apps(tmp_path) as apps:
        apps.start("AnyDesk")  # a first copy, so the folder and program exist
        exe = Path(apps.procs[-1].args[0])
        with running([str(exe), "600"], start_new_session=True) as elsewhere:
            wait_until_named(elsewhere.pid, exe)
            assert offered(finding((elsewhere.pid, "AnyDesk"))) == set()
            done = close_app.perform(plan_for(elsewhere.pid, "AnyDesk"))
            assert not done.ok
            assert done.failed[0].endswith(
                (
                    "not closed, it is not part of your session on this computer",
                    "not closed, it belongs to another account or to the system",
                )
            )
            time.sleep(0.2)
            assert elsewhere.poll() is None
        from safe_session.actions.never_close import current_guard

        if current_guard().posix_session is not None:  # root logged in as root, as here
            mine = apps.procs[0].pid  # started from this session: it may be closed
            assert offered(finding((mine, "AnyDesk"))) == {mine}
