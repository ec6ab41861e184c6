"""`./scripts/run` in a copy of the repository: the first run says one line before installing;
a .venv left broken by an earlier try (no pip, made for another Python, no bin/python) is made
again instead of blocking every later run; a Python that cannot make a virtual environment
(Debian without python3-venv) gets one line saying what to install, and leaves nothing behind.

Each rebuild is a real installation (about 20 seconds here, from pip's cache)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, need

# What `pip install -e .` needs from a checkout, and what scripts/run reads.
PARTS = ("scripts", "src", "checks", "pyproject.toml", "README.md", "LICENSE")
BASE_PYTHON = getattr(sys, "_base_executable", sys.executable)
FIRST_RUN = "Setting up safe-session (first run, about a minute)…"
VERSION = "safe-session 0.1.0"


def copy_of_repo(where: Path) -> Path:
    repo = where / "repo with spaces"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".venv")
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, repo / part, ignore=ignore)
        else:
            repo.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / part)
    return repo


def run(
    repo: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    clean.update({"PYTHON": BASE_PYTHON, "PIP_NO_INPUT": "1", **(env or {})})
    clean = {k: v for k, v in clean.items() if v}  # PYTHON="" unsets it
    return subprocess.run(
        [str(repo / "scripts" / "run"), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=clean,
        stdin=subprocess.DEVNULL,
    )


def pyvenv_version(repo: Path) -> str:
    for line in (repo / ".venv" / "pyvenv.cfg").read_text().splitlines():
        if line.startswith("version"):
            return line.split("=")[1].strip()
    raise AssertionError("pyvenv.cfg names no version")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    need(shutil.which("bash"), "bash is not installed")
    return copy_of_repo(tmp_path)


def test_first_run_says_so_in_one_line_and_later_runs_are_quiet(repo: Path) -> None:
    first = run(repo, "--version")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == VERSION  # stdout stays the program's own
    assert first.stderr.splitlines()[0] == FIRST_RUN
    again = run(repo, "--version")
    assert (again.returncode, again.stdout.strip(), again.stderr) == (0, VERSION, "")

    # A changed pyproject.toml installs again into the same .venv, saying so.
    kept = repo / ".venv" / "kept"
    kept.write_text("")
    with (repo / "pyproject.toml").open("a") as handle:
        handle.write("\n# changed\n")
    updated = run(repo, "--version")
    assert updated.returncode == 0, updated.stderr
    assert updated.stderr.splitlines()[0] == "Updating safe-session's packages (about a minute)…"
    assert kept.exists(), "a healthy .venv is updated, not made again"


def break_without_pip(repo: Path) -> None:
    """What Debian leaves when python3-venv is missing: a .venv with no pip in it."""
    subprocess.run([BASE_PYTHON, "-m", "venv", "--without-pip", str(repo / ".venv")], check=True)


def break_version_marker(repo: Path) -> None:
    """A .venv whose pyvenv.cfg names another Python than the one in it (the system's Python
    was replaced under it, or the folder was made elsewhere)."""
    subprocess.run([BASE_PYTHON, "-m", "venv", str(repo / ".venv")], check=True)
    cfg = repo / ".venv" / "pyvenv.cfg"
    lines = cfg.read_text().splitlines()
    cfg.write_text(
        "\n".join("version = 3.9.2" if ln.startswith("version") else ln for ln in lines) + "\n"
    )


def break_no_python(repo: Path) -> None:
    subprocess.run([BASE_PYTHON, "-m", "venv", str(repo / ".venv")], check=True)
    for name in ("python", "python3"):
        (repo / ".venv" / "bin" / name).unlink(missing_ok=True)


@pytest.mark.parametrize(
    ("breaks", "why"),
    [
        (break_without_pip, "has no pip"),
        (break_version_marker, "was made for Python 3.9 but its python is "),
        (break_no_python, "has no bin/python"),
    ],
    ids=["no pip", "wrong version marker", "no bin/python"],
)
def test_a_broken_venv_is_made_again(repo: Path, breaks: object, why: str) -> None:
    assert callable(breaks)
    breaks(repo)
    out = run(repo, "--version")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == VERSION
    said = out.stderr.splitlines()[0]
    assert said.startswith("Setting up safe-session again: the .venv folder " + why), said
    assert said.endswith("(about a minute)…")
    running = subprocess.run(
        [str(repo / ".venv" / "bin" / "python"), "-c", "import sys, pip; print(sys.prefix)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert running.stdout.strip() == str(repo / ".venv")  # a working .venv, with pip
    assert pyvenv_version(repo).startswith(f"{sys.version_info.major}.{sys.version_info.minor}.")
    assert run(repo, "--version").stderr == ""  # and it stays healthy


# A stand-in for Debian's python3 without python3-venv. With `--fallback`, `import ensurepip`
# works but `-m venv` fails the way Debian's does, leaving a .venv without pip behind.
DEBIAN_PYTHON = """#!/bin/sh
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  shift 2
  "{real}" -m venv --without-pip "$@"
  echo "The virtual environment was not created successfully because ensurepip is not"
  echo "available.  On Debian/Ubuntu systems, you need to install the python3-venv"
  echo "package using the following command."
  echo ""
  echo "    apt install python3.11-venv"
  exit 1
fi
{shadow}exec "{real}" "$@"
"""


@pytest.mark.parametrize("where", ["import", "venv"], ids=["no ensurepip", "venv fails"])
def test_a_python_without_venv_support_gets_one_line(
    repo: Path, tmp_path: Path, where: str
) -> None:
    shadow = tmp_path / "no-ensurepip"
    (shadow / "ensurepip").mkdir(parents=True)
    (shadow / "ensurepip" / "__init__.py").write_text("raise ImportError('no ensurepip')\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "python3"
    set_path = f'PYTHONPATH="{shadow}" ' if where == "import" else ""
    fake.write_text(DEBIAN_PYTHON.format(real=BASE_PYTHON, shadow=set_path))
    fake.chmod(0o755)
    env = {"PYTHON": "", "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    for _attempt in range(2):  # the second try fails the same way: nothing got stuck
        out = run(repo, "--version", env=env)
        assert out.returncode == 1 and out.stdout == ""
        lines = out.stderr.splitlines()
        assert lines[0] == FIRST_RUN
        [message] = lines[1:]
        assert message.startswith("safe-session: Python 3.")
        assert "install python3-venv" in message and "run this again" in message
        assert not (repo / ".venv").exists(), "no half-made .venv may block the next run"
