"""On whatever system runs the suite (Linux here; macOS and Windows on the hosted runners): the
installed command produces complete, valid reports and never a traceback."""

from __future__ import annotations

import json
import subprocess

from safe_session.data import load_catalog
from safe_session.platforms import current_os
from tests.conftest import venv_bin
from tests.schema_check import assert_report


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [venv_bin("safe-session"), *args],
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


def test_check_report_is_complete_here() -> None:
    out = run("check", "--json", "--no-audio")
    assert "Traceback" not in out.stderr
    data = json.loads(out.stdout)
    assert_report(data)
    assert data["platform"]["system"] == current_os()
    expected = {c.id for c in load_catalog().phase("before") if current_os() in c.platforms}
    assert {r["id"] for r in data["results"]} == expected
    assert out.returncode == {"ready": 0, "cautions": 1, "not_ready": 3}[data["verdict"]]
    for r in data["results"]:
        if r["status"] == "unknown":
            assert len(r["summary"]) > 20 and r["advice"], r  # says why, and what to do


def test_after_report_is_complete_here() -> None:
    out = run("after", "--json", "--since-minutes", "30")
    assert out.returncode == 0 and "Traceback" not in out.stderr
    data = json.loads(out.stdout)
    assert_report(data)
    expected = {c.id for c in load_catalog().phase("after") if current_os() in c.platforms}
    assert {r["id"] for r in data["results"]} == expected
