"""The close-app action on real processes: ours is closed; PID 1 and others' are refused."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

import psutil
import pytest

from safe_session.actions import close_app
from safe_session.actions.base import ActionPlan
from safe_session.data import load_catalog
from safe_session.engine import Engine
from safe_session.probes.apps import processes
from safe_session.probes.base import ProbeContext
from tests.conftest import need
from tests.fakeapps import fake_apps


def plan_for(pid: int, name: str, app: str = "Test app") -> ActionPlan:
    """A plan as `close_app.plan` makes one: the process's start time recorded."""
    started = psutil.Process(pid).create_time()
    return ActionPlan(
        "close_app",
        "apps.remote_access",
        f"Close {app}",
        "test",
        payload={
            "app": app,
            "processes": [{"pid": pid, "name": name, "started": started}],
            "wait_seconds": 5,
        },
    )


def remote_access_result():  # type: ignore[no-untyped-def]
    processes._shared = None
    spec = load_catalog().get("apps.remote_access")
    assert spec is not None
    [result] = Engine(ProbeContext(os_name="linux")).run([spec])
    return result


def test_closes_our_own_app_after_a_dry_run(tmp_path: Path) -> None:
    with fake_apps(tmp_path) as apps:
        pid = apps.start("AnyDesk")
        result = remote_access_result()
        [plan] = [p for p in close_app.plan(result, ProbeContext()) if p.label == "Close AnyDesk"]
        assert plan.action == "close_app" and plan.check_id == "apps.remote_access"
        assert f"AnyDesk (process {pid})" in plan.targets and "Quit" in plan.description

        dry = close_app.perform(plan, dry_run=True)
        assert dry.dry_run and dry.ok and f"AnyDesk (process {pid})" in dry.done
        assert "Would ask AnyDesk to close" in dry.message
        assert psutil.pid_exists(pid) and apps.procs[-1].poll() is None  # nothing happened

        done = close_app.perform(plan)
        assert done.ok and not done.dry_run, done
        assert done.message == "AnyDesk is closed."
        assert not psutil.pid_exists(pid) and apps.procs[-1].poll() is not None


STUBBORN = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print(1, flush=True); time.sleep(60)"


def test_polite_only_an_app_that_ignores_the_request_keeps_running(tmp_path: Path) -> None:
    import sys

    stubborn = tmp_path / "Stubborn"  # a Python running as an app: Python itself is never closed
    stubborn.symlink_to(sys.executable)
    proc = subprocess.Popen([str(stubborn), "-c", STUBBORN], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "1"
        assert psutil.Process(proc.pid).name() == "Stubborn"
        plan = plan_for(proc.pid, psutil.Process(proc.pid).name(), "Stubborn")
        plan.payload["wait_seconds"] = 0.5
        result = close_app.perform(plan)
        assert not result.ok
        assert result.failed == (
            f"{psutil.Process(proc.pid).name()} (process {proc.pid}): still running after 0.5 seconds",
        )
        assert "did not close when asked" in result.message
        assert proc.poll() is None  # nothing was forced
    finally:
        proc.kill()
        proc.wait(5)


def test_refuses_pid_1() -> None:
    result = close_app.perform(plan_for(1, psutil.Process(1).name()))
    assert not result.ok and result.done == ()
    assert "part of the operating system" in result.failed[0]
    assert psutil.Process(1).is_running()


def test_refuses_itself_and_its_own_terminal() -> None:
    me = psutil.Process()
    for proc in (me, me.parent()):
        assert proc is not None
        result = close_app.perform(plan_for(proc.pid, proc.name()))
        assert not result.ok and "safe-session itself" in result.failed[0]


def test_refuses_another_users_process() -> None:
    need(os.getuid() == 0, "starting a process as another user needs root")
    nobody = pwd.getpwnam("nobody")
    sleep = shutil.which("sleep") or "/bin/sleep"
    other = subprocess.Popen([sleep, "600"], user=nobody.pw_uid, stdin=subprocess.DEVNULL)
    try:
        assert psutil.Process(other.pid).uids().real == nobody.pw_uid
        result = close_app.perform(plan_for(other.pid, "sleep"))
        assert not result.ok
        assert result.failed == (
            f"sleep (process {other.pid}): not closed, it belongs to another account or to the system",
        )
        assert other.poll() is None  # still running
        assert close_app.perform(plan_for(other.pid, "sleep"), dry_run=True).done == ()
    finally:
        other.kill()
        other.wait(5)


def test_plan_leaves_out_processes_of_other_accounts(tmp_path: Path) -> None:
    from safe_session.model import Result, Status

    with fake_apps(tmp_path) as apps:
        mine = apps.start("AnyDesk")
        result = Result(
            "apps.remote_access",
            "t",
            Status.WARN,
            "s",
            {
                "matches": [
                    {
                        "name": "AnyDesk",
                        "pid": mine,
                        "app": "AnyDesk",
                        "category": "remote_access",
                        "how": "process name",
                        "sure": "high",
                        "own": True,
                    },
                    {
                        "name": "anydesk",
                        "pid": 99,
                        "app": "AnyDesk",
                        "category": "remote_access",
                        "how": "process name",
                        "sure": "high",
                        "own": False,
                    },
                ]
            },
        )
        [plan] = close_app.plan(result, ProbeContext())
        assert plan.payload["processes"] == [
            {"pid": mine, "name": "AnyDesk", "started": psutil.Process(mine).create_time()}
        ]
        assert "1 of its processes belong to another account" in plan.description


def test_an_app_that_already_ended_counts_as_closed(tmp_path: Path) -> None:
    with fake_apps(tmp_path) as apps:
        pid = apps.start("obs")
        plan = plan_for(pid, "obs", "OBS Studio")
        apps.procs[-1].kill()
        apps.procs[-1].wait(5)
        result = close_app.perform(plan)
    assert result.ok and result.done == (f"obs (process {pid})",)


@pytest.mark.parametrize("name", ["not-the-same"])
def test_a_reused_process_number_is_not_closed(tmp_path: Path, name: str) -> None:
    with fake_apps(tmp_path) as apps:
        pid = apps.start("Discord")
        result = close_app.perform(plan_for(pid, name))
        assert not result.ok and "no longer the same app" in result.failed[0]
        assert apps.procs[-1].poll() is None
