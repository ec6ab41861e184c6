"""The privacy promises, traced at the system-call level: `check` (every check, sound included,
against the real PulseAudio server) and `after` create no socket but AF_UNIX ones, address
nothing else, and write nothing outside the state folder."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import need, venv_bin
from tests.promises.strace_log import Trace, read_trace
from tests.pulse import PulseServer

# Writes that are not the app's: bytecode caches, the null device, the terminal.
HARMLESS_PREFIXES = ("/dev/null", "/dev/tty", "/dev/pts/")


def traced(
    args: list[str], env: dict[str, str], log: Path
) -> tuple[subprocess.CompletedProcess[str], Trace]:
    need(shutil.which("strace"), "strace is not installed")
    cmd = [
        "strace",
        "-f",
        "-qq",
        "-y",
        "-e",
        "trace=%network,%file",
        "-o",
        str(log),
        venv_bin("safe-session"),
        *args,
    ]
    out = subprocess.run(
        cmd, capture_output=True, text=True, env=env, timeout=180, stdin=subprocess.DEVNULL
    )
    return out, read_trace(log)


def outside_state(trace: Trace, state: Path) -> list[str]:
    bad = []
    for path in trace.written:
        p = os.path.normpath(path)
        if p.startswith(str(state)) or p.startswith(HARMLESS_PREFIXES):
            continue
        if "/__pycache__/" in p and (p.endswith(".pyc") or ".pyc." in p):
            continue
        bad.append(p)
    return bad


@pytest.fixture
def env(tmp_path: Path, pulse: PulseServer) -> dict[str, str]:
    e = {
        **os.environ,
        "SAFE_SESSION_STATE_DIR": str(tmp_path / "state"),
        "PULSE_SERVER": pulse.server,
        "XDG_RUNTIME_DIR": str(pulse.runtime),
    }
    return e


def test_check_with_every_check_makes_no_network_socket_and_writes_only_state(
    tmp_path: Path, env: dict[str, str]
) -> None:
    out, trace = traced(
        ["check", "--json", "--listen", "1", "--acoustic-test"], env, tmp_path / "check.log"
    )
    assert out.returncode in (0, 1, 3), out.stderr
    assert trace.lines > 100, "strace saw nothing: the trace is not real"
    assert trace.socket_families <= {"AF_UNIX"}, trace.socket_families
    assert all(family == "AF_UNIX" for _, family in trace.addressed), trace.addressed
    assert outside_state(trace, tmp_path / "state") == []
    assert (tmp_path / "state" / "session-start").exists()


def test_after_makes_no_network_socket_and_writes_nothing(
    tmp_path: Path, env: dict[str, str]
) -> None:
    out, trace = traced(["after", "--json", "--since-minutes", "120"], env, tmp_path / "after.log")
    assert out.returncode == 0, out.stderr
    assert trace.lines > 100
    assert trace.socket_families <= {"AF_UNIX"}, trace.socket_families
    assert all(family == "AF_UNIX" for _, family in trace.addressed), trace.addressed
    assert outside_state(trace, tmp_path / "state") == []
    assert not (tmp_path / "state").exists() or not any((tmp_path / "state").iterdir())


def test_the_trace_would_catch_a_network_socket_and_a_stray_write(tmp_path: Path) -> None:
    """Guard against a trace that silently sees nothing."""
    need(shutil.which("strace"), "strace is not installed")
    stray = tmp_path / "stray.txt"
    code = (
        f"import os, socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
        f"s.sendto(b'x', ('127.0.0.1', 9)); open({str(stray)!r}, 'w').write('x'); "
        # a write named relative to an open folder, as the state file's is
        f"d = os.open({str(tmp_path)!r}, os.O_RDONLY); "
        f"os.close(os.open('relative.txt', os.O_WRONLY | os.O_CREAT, dir_fd=d))"
    )
    log = tmp_path / "self.log"
    subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-y",
            "-e",
            "trace=%network,%file",
            "-o",
            str(log),
            "python3",
            "-c",
            code,
        ],
        check=True,
        timeout=60,
    )
    trace = read_trace(log)
    assert "AF_INET" in trace.socket_families
    assert ("sendto", "AF_INET") in trace.addressed
    assert str(stray) in outside_state(trace, tmp_path / "state")
    assert str(tmp_path / "relative.txt") in outside_state(trace, tmp_path / "state")


def test_after_reading_real_history_writes_nothing(tmp_path: Path, env: dict[str, str]) -> None:
    """With a Chromium profile whose newest visits live only in the write-ahead log, `after`
    finds them, and still writes nothing: the history is read into memory, not copied. Its
    session files (real ones, with the portal's tabs on 127.0.0.1) are read the same way."""
    import shutil
    import sqlite3

    from tests.conftest import FIXTURES

    home = tmp_path / "home"
    profile = home / ".config" / "chromium" / "Default"
    profile.mkdir(parents=True)
    writer = sqlite3.connect(profile / "History", isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute(
        "CREATE TABLE urls (id INTEGER PRIMARY KEY, url TEXT, title TEXT, "
        "visit_count INTEGER, last_visit_time INTEGER)"
    )
    writer.execute("CREATE TABLE visits (id INTEGER PRIMARY KEY, url INTEGER, visit_time INTEGER)")
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    now = 13_400_000_000_000_000  # microseconds since 1601: late 2025
    writer.execute(
        "INSERT INTO urls VALUES (1, 'https://portal.clientsecure.me/chat', 'x', 1, ?)", (now,)
    )
    writer.execute("INSERT INTO visits VALUES (1, 1, ?)", (now,))
    assert (profile / "History-wal").stat().st_size > 0
    (profile / "Sessions").mkdir()
    for name, target in (("portal_session", "Session_1"), ("portal_closed", "Tabs_1")):
        shutil.copyfile(
            FIXTURES / "chromium_sessions" / f"{name}.snss", profile / "Sessions" / target
        )
    env = {**env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    out, trace = traced(
        ["after", "--json", "--domain", "clientsecure.me,127.0.0.1", "--since-minutes", "60"],
        env,
        tmp_path / "after-history.log",
    )
    writer.close()
    assert out.returncode == 0, out.stderr
    import json

    result = next(
        r for r in json.loads(out.stdout)["results"] if r["id"] == "after.browser_history"
    )
    entries = result["details"]["entries"]
    assert [(e["browser"], e["domain"], e["visits"]) for e in entries] == [
        ("Chromium", "clientsecure.me", 1)
    ]
    tabs = next(r for r in json.loads(out.stdout)["results"] if r["id"] == "after.portal_tabs")
    assert [(e["open_tabs"], e["closed_tabs"]) for e in tabs["details"]["entries"]] == [(2, 1)]
    assert trace.socket_families <= {"AF_UNIX"}
    assert outside_state(trace, tmp_path / "state") == []
