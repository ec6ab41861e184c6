"""`safe-session after --guided`, the installed command with answers on its standard input, in a
private HOME whose Downloads folder holds real files and whose trash is the real freedesktop
trash: each tidy-up step is a plain-text question, done only on "y", with the screen's action
plans and refusals, and what was done is said at the end."""

from __future__ import annotations

import os
import re
import select
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import venv_bin
from tests.hostile import FORBIDDEN_IN_TERMINAL

CMD = venv_bin("safe-session")
QUESTION = re.compile(r"Move (\S+) to the Trash\? \[y/N\] ")


def pause() -> None:
    """File times come from a coarse kernel clock: keep "before" and "during" apart."""
    time.sleep(0.05)


@pytest.fixture
def home(tmp_path: Path) -> tuple[Path, dict[str, str], str]:
    home = tmp_path / "home"
    downloads = home / "Downloads"
    downloads.mkdir(parents=True)
    (downloads / "old-statement.pdf").write_text("old")
    pause()
    since = datetime.now(UTC).isoformat()
    pause()
    (downloads / "worksheet.pdf").write_text("worksheet")
    (downloads / "invoice.pdf").write_text("invoice")
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "SAFE_SESSION_STATE_DIR": str(tmp_path / "state"),
    }
    for name in ("XDG_CONFIG_HOME", "XDG_DOWNLOAD_DIR", "NO_COLOR"):
        env.pop(name, None)
    return home, env, since


def guided(
    env: dict[str, str], since: str, answers: str | None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CMD, "after", "--guided", "--since", since, "--only", "after.downloads"],
        input=answers,
        stdin=None if answers is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def trash(env: dict[str, str]) -> list[str]:
    files = Path(env["XDG_DATA_HOME"]) / "Trash" / "files"
    return sorted(p.name for p in files.iterdir()) if files.exists() else []


def test_each_step_is_asked_and_only_y_does_it(home: tuple[Path, dict[str, str], str]) -> None:
    folder, env, since = home
    out = guided(env, since, "y\nn\n")
    assert out.returncode == 0, out.stderr
    asked = QUESTION.findall(out.stdout)
    assert sorted(asked) == ["invoice.pdf", "worksheet.pdf"]
    first, second = asked
    downloads = folder / "Downloads"
    assert not (downloads / first).exists() and trash(env) == [first]
    assert (downloads / second).read_text() in ("worksheet", "invoice")
    assert (downloads / "old-statement.pdf").read_text() == "old"  # before the session
    text = out.stdout
    # The findings first, as --plain says them, then each step with what it does.
    assert "CAUTION   2 files arrived in Downloads" in text
    assert "\nSummary: 1 caution.\n" in text  # the report's own lines, as --plain has them
    assert "Step 1 of 2: 2 files arrived in Downloads" in text
    assert f"Moves {first} from your Downloads folder to the Trash" in text
    assert f"Moving {first} to the Trash…" in text
    assert f"Done: Moved {first} to the Trash. You can restore it from there." in text
    assert "Left as it is." in text
    assert text.rstrip().endswith(
        f"What was done:\n  - Moved {first} to the Trash. You can restore it from there.\n"
        f"Left as it was:\n  - Move {second} to the Trash"
    )
    assert not any(bad in text for bad in FORBIDDEN_IN_TERMINAL)


@pytest.mark.parametrize("answers", ["", "\n\n", "yes\nok\n", "n\nN\n", "no y\nyy\n", None])
def test_anything_but_y_or_no_answer_at_all_does_nothing(
    home: tuple[Path, dict[str, str], str], answers: str | None
) -> None:
    folder, env, since = home
    out = guided(env, since, answers)
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (folder / "Downloads").iterdir()) == [
        "invoice.pdf",
        "old-statement.pdf",
        "worksheet.pdf",
    ]
    assert trash(env) == []
    assert "Nothing was done." in out.stdout
    if not (answers or "").strip("\n"):
        assert "[y/N]" in out.stdout


def test_a_step_is_refused_as_on_the_screen_when_the_file_changed_meanwhile(
    home: tuple[Path, dict[str, str], str],
) -> None:
    """Between the question and the answer the file became a shortcut to a private file: the
    same check as the screen's confirmation refuses it, and says why."""
    folder, env, since = home
    private = folder / "Documents" / "diary.txt"
    private.parent.mkdir()
    private.write_text("private")
    proc = subprocess.Popen(
        [CMD, "after", "--guided", "--since", since, "--only", "after.downloads"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin is not None and proc.stdout is not None
    seen = b""
    deadline = time.monotonic() + 60
    while not QUESTION.search(seen.decode(errors="replace")):
        assert time.monotonic() < deadline, seen.decode(errors="replace")
        ready, _, _ = select.select([proc.stdout], [], [], 1)
        if ready:
            seen += os.read(proc.stdout.fileno(), 4096)
    match = QUESTION.search(seen.decode())
    assert match is not None
    target = folder / "Downloads" / match.group(1)
    target.unlink()
    target.symlink_to(private)
    rest, err = proc.communicate(b"y\nn\n", timeout=60)
    text = (seen + rest).decode()
    assert proc.returncode == 0, err
    assert f"Not done: {match.group(1)} was left alone: it is a shortcut (symlink)" in text
    assert private.read_text() == "private" and target.is_symlink()
    assert trash(env) == []


def test_guided_without_findings_says_there_is_nothing_to_do(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    (tmp_path / "Downloads").mkdir()
    out = subprocess.run(
        [CMD, "after", "--guided", "--since-minutes", "30", "--only", "after.downloads"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 0, out.stderr
    assert "Nothing here can be tidied up for you." in out.stdout
    assert "[y/N]" not in out.stdout
