"""Hostile strings from real sources reach the person inert: a sound device described with
escape sequences and markup, and a downloaded file named the same way, go through the installed
command's plain report (visible escapes, no raw control characters) and its JSON (exact data).
Process names, SSIDs and profile text have their own end-to-end tests beside their checks; all
use the one corpus in tests/hostile.py."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

from tests.conftest import venv_bin
from tests.hostile import FORBIDDEN_IN_TERMINAL, HOSTILE_STRINGS
from tests.pulse import ROOM, PulseServer

# Those a sound server's description and a file name can both carry: no NUL, no slash.
USABLE = [s for s in HOSTILE_STRINGS if "\x00" not in s and "/" not in s]


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [venv_bin("safe-session"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def assert_inert(text: str) -> None:
    for bad in FORBIDDEN_IN_TERMINAL:
        assert bad not in text, repr(bad)


def test_hostile_device_name_is_inert_in_plain_and_exact_in_json(pulse: PulseServer) -> None:
    name = "Evil\x1b[2J\x1b]52;c;cm0gLXJmIC8=\x07[bold]Speaker[/bold]\u202e"
    module = pulse.pactl(
        "load-module",
        "module-null-sink",
        "sink_name=evil",
        f"sink_properties=device.description='{name}'",
    ).strip()
    try:
        pulse.set_default_sink("evil")
        env = {**os.environ, "PULSE_SERVER": pulse.server}
        data = json.loads(run(env, "check", "--json", "--only", "audio.headphones").stdout)
        [result] = data["results"]
        assert result["details"]["default_output"]["name"] == name
        plain = run(env, "check", "--plain", "--only", "audio.headphones").stdout
        assert_inert(plain)
        assert "\\x1b[2J" in plain.replace("\n", "") or "\\x1b[2J" in "".join(plain.split())
    finally:
        pulse.set_default_sink(ROOM)
        pulse.pactl("unload-module", module)


def test_hostile_file_names_in_downloads_are_inert_and_exact(tmp_path: Path) -> None:
    home = tmp_path / "home"
    downloads = home / "Downloads"
    downloads.mkdir(parents=True)
    start = time.time() - 60
    for i, hostile in enumerate(USABLE):
        (downloads / f"{i}-{hostile}.pdf").write_bytes(b"%PDF-1.4\n")
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DOWNLOAD_DIR": str(downloads),
    }
    since = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(start))
    data = json.loads(
        run(env, "after", "--json", "--only", "after.downloads", "--since", since).stdout
    )
    [result] = data["results"]
    names = {Path(f["path"]).name for f in result["details"]["files"]}
    assert names == {f"{i}-{h}.pdf" for i, h in enumerate(USABLE)}
    plain = run(env, "after", "--plain", "--only", "after.downloads", "--since", since).stdout
    assert_inert(plain)
