"""Build the wheel, install it into a fresh virtual environment, and run it from there:
this proves the catalog ships inside the package."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT
from tests.schema_check import assert_report


def test_wheel_ships_the_catalog_and_runs(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    [wheel] = dist.glob("safe_session-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("safe_session/checks/catalog/") and n.endswith(".toml") for n in names)
    assert "safe_session/checks/profiles/clinic.toml" in names  # the example profiles ship too
    assert "safe_session/tui/app.tcss" in names  # the UI's stylesheet ships too
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = subprocess.run(
        [
            str(venv / "bin" / "pip"),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert pip.returncode == 0, pip.stderr[-2000:]
    out = subprocess.run(
        [str(venv / "bin" / "safe-session"), "check", "--json", "--no-audio"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert out.returncode in (0, 1, 3), out.stderr
    data = json.loads(out.stdout)
    assert_report(data)
    assert "system.other_sessions" in {r["id"] for r in data["results"]}
    where = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import safe_session.data.catalog as c; print(c.checks_dir())",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert str(venv) in where.stdout
