"""Build safe-session as one file for this system, with PyInstaller: dist/safe-session
(dist/safe-session.exe on Windows), and beside it its SHA-256 as `shasum -a 256` prints it
(dist/safe-session.sha256), so a person can check the file they were sent is this one.

Run it with the Python the file is for (3.11 or newer): `python scripts/build_binary.py`. It
first installs safe-session with its `build` extra (PyInstaller) and its `macos` extra (CoreWLAN,
on macOS only) into that Python's environment; `--no-install` skips that (scripts/build-binary
does it into .venv). The file carries Python, every dependency, the check data (checks/), the
UI's stylesheet and, where the sounddevice wheel carries PortAudio (macOS, Windows), PortAudio.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRY = ROOT / "scripts" / "binary" / "safe_session_main.py"
NAME = "safe-session"
# PyInstaller, and on macOS CoreWLAN (the `macos` extra installs nothing elsewhere).
EXTRAS = "build,macos"
# Data files the package reads at run time, and where they go inside the program.
DATA = (
    (ROOT / "checks", "safe_session/checks"),
    (ROOT / "src" / "safe_session" / "tui" / "app.tcss", "safe_session/tui"),
)
# Modules imported by name at run time (probes, rules, actions, shipped data, Textual's
# widgets), which PyInstaller cannot follow from import statements.
SUBMODULES = ("safe_session", "textual")
# Never needed at run time; some come along through optional imports of the dependencies.
EXCLUDED = ("tkinter", "pytest", "_pytest", "hypothesis", "mypy", "IPython", "matplotlib")


def pyinstaller_args(dist: Path, work: Path) -> list[str]:
    args = ["--onefile", "--name", NAME, "--noconfirm", "--clean", "--log-level", "WARN"]
    args += ["--distpath", str(dist), "--workpath", str(work), "--specpath", str(work)]
    args += ["--paths", str(ROOT / "src")]
    for source, target in DATA:  # absolute: PyInstaller reads relative ones from --specpath
        args += ["--add-data", f"{source}{os.pathsep}{target}"]
    for package in SUBMODULES:
        args += ["--collect-submodules", package]
    for module in EXCLUDED:
        args += ["--exclude-module", module]
    return [*args, str(ENTRY)]


def sha256_line(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"{digest.hexdigest()}  {path.name}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the file goes")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-install", action="store_true", help="PyInstaller is installed")
    args = parser.parse_args(argv)
    if not args.no_install:
        print(f"Installing safe-session[{EXTRAS}] (PyInstaller)…", file=sys.stderr)
        pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "-e", f"{ROOT}[{EXTRAS}]"], check=True)
    print(f"Building {NAME} for this system (a minute or two)…", file=sys.stderr)
    # `--collect-submodules` lists the package in a child process, which does not see `--paths`:
    # without src on PYTHONPATH it finds only what is installed, or nothing.
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    built = subprocess.run(
        [sys.executable, "-m", "PyInstaller", *pyinstaller_args(args.dist, args.work)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": path},
        check=False,
    )
    if built.returncode != 0:
        print(f"build_binary: PyInstaller failed (exit code {built.returncode})", file=sys.stderr)
        return built.returncode
    program = args.dist / (NAME + (".exe" if os.name == "nt" else ""))
    line = sha256_line(program)
    program.with_name(program.name + ".sha256").write_text(line, encoding="ascii")
    print(f"{program}\nSHA-256: {line.split()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
