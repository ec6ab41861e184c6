"""The engine, probes, rules and reports never import the UI toolkit."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
import safe_session.engine, safe_session.runs, safe_session.report, safe_session.cli
import safe_session.probes.sessions, safe_session.rules.system
from safe_session.runs import RunOptions, run_phase
run_phase(RunOptions(only=("system", "room")))
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(",".join(bad))
"""


def test_engine_does_not_import_textual() -> None:
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
