"""The engine, probes, rules and reports never import the UI toolkit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.pulse import PulseServer

CODE = """
import sys
import safe_session.engine, safe_session.runs, safe_session.report, safe_session.cli
import safe_session.probes.system.sessions, safe_session.rules.system
from safe_session.plan import RunOptions, make_plan
from safe_session.runs import run_plan
run_plan(make_plan(RunOptions(only=("system", "room"))))
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(",".join(bad))
"""


def test_engine_does_not_import_textual() -> None:
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


NO_AUDIO = """
import sys
from safe_session.plan import RunOptions, make_plan
from safe_session.runs import run_plan
report = run_plan(make_plan(RunOptions(no_audio=True)))
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


OTHER_SYSTEMS = """
import sys
from safe_session.platforms import current_os
from safe_session.plan import RunOptions, make_plan
from safe_session.runs import run_plan
run_plan(make_plan(RunOptions(no_audio=True)))
run_plan(make_plan(RunOptions(phase="after", no_audio=True)))
others = {"linux", "macos", "windows"} - {current_os()}
loaded = [
    m for m in sys.modules
    if m.startswith("safe_session.probes.") and m.rsplit(".", 1)[-1].split("_")[0] in others
]
print(",".join(sorted(loaded)))
"""


def test_a_run_imports_no_other_systems_probe_modules() -> None:
    """Each probe family keeps what only one system has in that system's module; a run on this
    system never loads the others' (their parsers, their tool tables)."""
    out = subprocess.run(
        [sys.executable, "-c", OTHER_SYSTEMS], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


PLAIN_CHECK = """
import contextlib, io, sys
from safe_session.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(["check", "--json", "--no-audio"])
print(",".join(m for m in ("platformdirs", "tempfile", "hashlib", "sqlite3") if m in sys.modules))
"""


def test_a_plain_check_loads_only_what_it_uses(tmp_path: Path) -> None:
    """Speed: the state folder (only `--start-session` writes there), hashing (only a Chromium
    profile signed in to an account) and SQLite (only saved logins, which need a domain) stay
    unloaded. The home folder is empty, so no browser profile on this machine counts."""
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / ".config")}
    env.pop("SAFE_SESSION_PROFILE", None)
    out = subprocess.run(
        [sys.executable, "-c", PLAIN_CHECK], capture_output=True, text=True, timeout=120, env=env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
