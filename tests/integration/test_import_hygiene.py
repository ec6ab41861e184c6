"""The engine, probes, rules and reports never import the UI toolkit."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.pulse import PulseServer

CODE = """
import sys
import safe_session.engine, safe_session.runs, safe_session.report, safe_session.cli
import safe_session.probes.system.sessions, safe_session.rules.system
from safe_session.runs import RunOptions, run_phase
run_phase(RunOptions(only=("system", "room")))
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(",".join(bad))
"""


def test_engine_does_not_import_textual() -> None:
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


NO_AUDIO = """
import sys
from safe_session.runs import RunOptions, run_phase
report = run_phase(RunOptions(no_audio=True))
[phones] = [r for r in report.results if r.id == "audio.headphones"]
assert phones.details.get("source", "").startswith("pactl"), phones
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("numpy", "sounddevice", "textual"))
print(",".join(heavy))
"""


def test_no_audio_check_never_loads_numpy_or_portaudio(pulse: PulseServer) -> None:
    """Speed: with the sound server answering, `check --no-audio` needs neither."""
    env = {**os.environ, "PULSE_SERVER": pulse.server}
    out = subprocess.run(
        [sys.executable, "-c", NO_AUDIO], capture_output=True, text=True, timeout=120, env=env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
