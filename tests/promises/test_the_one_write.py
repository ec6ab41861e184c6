"""The one write: the session's start time, in safe-session's own state folder and nowhere else.

Whatever sits in the folder (a link at the file's name or at the name of an earlier version's
temporary file) cannot send the write, or a read, elsewhere; a folder someone else owns, or one
others may write into, is refused, and the run goes on without writing.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from safe_session import state
from tests.conftest import venv_bin

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX links, owners and modes")
WHEN = datetime(2026, 11, 26, 19, 0, tzinfo=UTC)


def outside_file(tmp_path: Path) -> Path:
    victim = tmp_path / "elsewhere" / "notes.txt"
    victim.parent.mkdir()
    victim.write_text("the person's own file\n", encoding="utf-8")
    return victim


@POSIX
def test_a_link_at_the_old_temporary_name_sends_nothing_elsewhere(
    tmp_path: Path, state_dir: Path
) -> None:
    victim = outside_file(tmp_path)
    state_dir.mkdir(mode=0o700)
    (state_dir / "session-start.tmp").symlink_to(victim)
    assert state.record_session_start(WHEN)
    assert victim.read_text(encoding="utf-8") == "the person's own file\n"
    assert (state_dir / "session-start.tmp").is_symlink()  # left as it was
    assert state.last_session_start() == WHEN


@POSIX
def test_a_link_at_the_final_name_is_replaced_not_followed(tmp_path: Path, state_dir: Path) -> None:
    victim = outside_file(tmp_path)
    state_dir.mkdir(mode=0o700)
    (state_dir / "session-start").symlink_to(victim)
    assert state.last_session_start() is None, "a link is never read through"
    assert state.record_session_start(WHEN)
    assert victim.read_text(encoding="utf-8") == "the person's own file\n"
    final = state_dir / "session-start"
    assert not final.is_symlink() and stat.S_IMODE(final.stat().st_mode) == 0o600
    assert state.last_session_start() == WHEN


@POSIX
def test_a_link_planted_as_the_start_file_is_not_read(tmp_path: Path, state_dir: Path) -> None:
    """A link to another file holding a time is not the session's start."""
    planted = tmp_path / "planted"
    planted.write_text("2026-11-26T10:00:00+00:00\n", encoding="ascii")
    state_dir.mkdir(mode=0o700)
    (state_dir / "session-start").symlink_to(planted)
    assert state.last_session_start() is None


@POSIX
def test_a_new_folder_is_private_and_holds_only_the_start(state_dir: Path) -> None:
    assert state.record_session_start(WHEN)
    assert stat.S_IMODE(state_dir.stat().st_mode) == 0o700
    assert [p.name for p in state_dir.iterdir()] == ["session-start"]
    assert stat.S_IMODE((state_dir / "session-start").stat().st_mode) == 0o600


@POSIX
def test_a_folder_others_can_write_into_is_refused(state_dir: Path) -> None:
    state_dir.mkdir()
    state_dir.chmod(0o777)
    assert not state.record_session_start(WHEN)
    assert list(state_dir.iterdir()) == []
    (state_dir / "session-start").write_text("2026-11-26T10:00:00+00:00\n", encoding="ascii")
    assert state.last_session_start() is None, "a start anyone could have written is not used"


@POSIX
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_folder_owned_by_someone_else_is_refused_and_the_run_goes_on(
    tmp_path: Path, state_dir: Path
) -> None:
    state_dir.mkdir(mode=0o700)
    os.chown(state_dir, 65534, 65534)
    assert not state.record_session_start(WHEN)
    assert list(state_dir.iterdir()) == []
    env = {**os.environ, "SAFE_SESSION_STATE_DIR": str(state_dir)}
    helped = subprocess.run(
        [venv_bin("safe-session"), "check", "--help"], capture_output=True, text=True, timeout=60
    )
    # `--start-session` records the start; a `check` without the option did so before it came
    start = ["--start-session"] if "--start-session" in helped.stdout else []
    out = subprocess.run(
        [venv_bin("safe-session"), "check", "--json", *start, "--only", "room"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["results"], "the checks ran"
    assert "Traceback" not in out.stderr
    assert list(state_dir.iterdir()) == []


@POSIX
def test_a_fifo_at_the_start_file_does_not_block_a_read(state_dir: Path) -> None:
    state_dir.mkdir(mode=0o700)
    os.mkfifo(state_dir / "session-start")
    assert state.last_session_start() is None
