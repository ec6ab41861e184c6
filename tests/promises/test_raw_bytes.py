"""Names that are not valid UTF-8 never reach the terminal as raw bytes.

Linux hands such file and process names over decoded with `surrogateescape`; printing them
wrote the raw byte back (0x9b is CSI to an 8-bit terminal). Every output path, the plain
report, the JSON report, the screen and the messages on stderr, shows such a byte as a visible
`\\xNN`; the JSON stays valid and ASCII; and no terminal encoding (a C locale, ASCII) can make
writing the report fail. Real files and real processes with such names are used end to end.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from safe_session import report
from safe_session.model import Report, Result, Status
from safe_session.text import inert
from tests.conftest import venv_bin
from tests.fakeapps import fake_apps
from tests.hostile import HOSTILE_BYTES, HOSTILE_NAMES, terminal_safe

CMD = venv_bin("safe-session")
# Those a file or program name can hold (no slash, no NUL).
NAMEABLE = [b for b in HOSTILE_BYTES if b"/" not in b and b"\0" not in b]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [CMD, *args],
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def run_bytes(*args: bytes | str, env: dict[str, str] | None = None) -> Any:
    return subprocess.run(
        [os.fsencode(CMD), *(os.fsencode(a) if isinstance(a, str) else a for a in args)],
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def in_json(raw: bytes) -> str:
    """How a name travels in the JSON: exact, but each byte that is not UTF-8 as `\\xNN`."""
    return "".join(
        f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF else c for c in os.fsdecode(raw)
    )


def shown(raw: bytes) -> str:
    """How a name is shown: every byte that is not valid UTF-8 as `\\xNN`."""
    return inert(raw)


def all_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*all_strings(k), *all_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in all_strings(v)]
    return []


def assert_json_is_strict(out: bytes) -> dict[str, Any]:
    """ASCII, valid, and no string in it is a lone surrogate (strict readers refuse those)."""
    out.decode("ascii")
    data: dict[str, Any] = json.loads(out)
    for text in all_strings(data):
        text.encode("utf-8")  # raises on a lone surrogate
    return data


@pytest.mark.parametrize("value", [*HOSTILE_BYTES, *HOSTILE_NAMES], ids=repr)
def test_inert_shows_bytes_and_undecodable_names_visibly(value: bytes | str) -> None:
    out = inert(value)
    terminal_safe(out.encode("utf-8"))
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogateescape")
    for byte in (b for b in (0x9B, 0xFF, 0xFE, 0xC0, 0xED) if bytes([b]) in raw):
        if not (byte == 0x9B and b"\xc2\x9b" in raw):  # U+009B written as UTF-8
            assert f"\\x{byte:02x}" in out


def test_the_json_report_carries_undecodable_bytes_as_visible_escapes() -> None:
    name = b"notes\x9b31m\xff.pdf".decode("utf-8", "surrogateescape")
    result = Result(
        "after.downloads",
        "Downloads",
        Status.WARN,
        f"1 file: {name}",
        details={"files": [{"path": name, "raw": b"\x9b\xff"}]},
    )
    made = Report(
        "after", "x", "y", "linux", "6.1", {"name": name, "source": "file"}, (result,), "0.1.0"
    )
    data = assert_json_is_strict(report.to_json(made).encode("ascii"))
    assert data["results"][0]["details"]["files"][0] == {
        "path": "notes\\x9b31m\\xff.pdf",
        "raw": "\\x9b\\xff",
    }
    assert data["profile"]["name"] == "notes\\x9b31m\\xff.pdf"
    terminal_safe(report.to_plain(made).encode("utf-8"))


def downloads_with(tmp_path: Path, names: list[bytes]) -> tuple[dict[str, str], str]:
    home = tmp_path / "home"
    downloads = home / "Downloads"
    downloads.mkdir(parents=True)
    for i, name in enumerate(names):
        with open(os.path.join(os.fsencode(downloads), b"%d-" % i + name + b".pdf"), "wb") as f:
            f.write(b"%PDF-1.4\n")
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DOWNLOAD_DIR": str(downloads),
    }
    since = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(time.time() - 60))
    return env, since


def test_undecodable_file_names_in_downloads_reach_no_terminal_raw(tmp_path: Path) -> None:
    env, since = downloads_with(tmp_path, NAMEABLE)
    args = ("after", "--only", "after.downloads", "--since", since)
    plain = run(*args, "--plain", env=env)
    assert plain.returncode == 0, plain.stderr
    terminal_safe(plain.stdout)
    data = assert_json_is_strict(run(*args, "--json", env=env).stdout)
    names = {Path(f["path"]).name for f in data["results"][0]["details"]["files"]}
    # controls that are valid Unicode travel as exact data (JSON escapes them); bytes that are
    # not UTF-8 cannot, and come as visible escapes
    assert names == {in_json(b"%d-" % i + name) + ".pdf" for i, name in enumerate(NAMEABLE)}


def test_an_undecodable_file_name_is_shown_with_visible_escapes(tmp_path: Path) -> None:
    env, since = downloads_with(tmp_path, [b"\x9b31mnotes\xff"])
    plain = run("after", "--plain", "--only", "after.downloads", "--since", since, env=env)
    assert "0-\\x9b31mnotes\\xff.pdf" in terminal_safe(plain.stdout)


def test_an_undecodable_process_name_reaches_no_terminal_raw(tmp_path: Path) -> None:
    raw = b"\x9b31mDesk\xff\xfe"
    with fake_apps(tmp_path) as apps:
        pid = apps.start(os.fsdecode(raw), subfolder="TeamViewer")
        args = ("check", "--no-audio", "--only", "apps.remote_access")
        plain = run(*args, "--plain")
        as_json = run(*args, "--json")
    assert "".join(shown(raw).split()) in "".join(terminal_safe(plain.stdout).split())
    data = assert_json_is_strict(as_json.stdout)
    [match] = [m for m in data["results"][0]["details"]["matches"] if m["pid"] == pid]
    assert match["name"] == shown(raw) == "\\x9b31mDesk\\xff\\xfe"


@pytest.mark.parametrize(
    "locale",
    [
        {"LC_ALL": "C", "LANG": "C"},  # Python's UTF-8 mode: stdout would write raw bytes
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"},  # ASCII
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
    ],
    ids=["C", "C-no-utf8-mode", "ascii", "latin-1"],
)
def test_any_terminal_encoding_gets_escapes_never_an_error(
    tmp_path: Path, locale: dict[str, str]
) -> None:
    env, since = downloads_with(tmp_path, [b"Caf\xc3\xa9 \xe2\x98\x95 \xe6\x97\xa5", b"x\x9by"])
    env = {**env, **locale}
    out = run("after", "--plain", "--only", "after.downloads", "--since", since, env=env)
    assert out.returncode == 0 and out.stderr == b"", out.stderr
    encoding = "latin-1" if "latin-1" in locale.values() else "utf-8"
    text = "".join(terminal_safe(out.stdout, encoding).split())
    assert "x\\x9by.pdf" in text
    assert "Caf" in text and "Traceback" not in text


def test_error_messages_on_stderr_show_undecodable_bytes(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    missing = os.path.join(folder, b"gone\x9b31m\xff.toml")
    out = run_bytes("check", "--json", "--profile", missing)
    assert out.returncode == 2 and out.stdout == b""
    [line] = terminal_safe(out.stderr).splitlines()
    assert line.endswith("gone\\x9b31m\\xff.toml: file not found")

    bad = os.path.join(folder, b"bad\x9b2J.toml")
    with open(bad, "wb") as f:
        f.write(b"oops = 1\n")
    out = run_bytes("profile", "validate", bad)
    assert out.returncode == 2
    assert "bad\\x9b2J.toml:1: oops: unknown key" in terminal_safe(out.stderr)

    good = os.path.join(folder, b"ok\x9b2J\xff.toml")
    with open(good, "wb") as f:
        f.write(b'[[confirm]]\ntext = "Door closed?"\n')
    for env in ({}, {"LC_ALL": "C", "LANG": "C"}):
        out = run_bytes("profile", "validate", good, env=env)
        assert out.returncode == 0, out.stderr
        assert "ok\\x9b2J\\xff.toml: a valid profile" in terminal_safe(out.stdout)


async def test_the_screen_shows_undecodable_names_with_visible_escapes() -> None:
    from safe_session.tui.app import SafeSessionApp
    from tests.tui.fakes import MIXED, Scenario, config, fact
    from tests.tui.screen import screen_text, settle

    names = " ".join(HOSTILE_NAMES)
    facts = dict(MIXED)
    facts["procs"] = fact(
        "fail",
        "Running: " + names,
        matches=[{"name": h, "pid": i} for i, h in enumerate(HOSTILE_NAMES)],
    )
    app = SafeSessionApp(config(Scenario(facts)), "before")
    async with app.run_test(size=(600, 70)) as pilot:
        await settle(pilot)
        text = screen_text(app)
    terminal_safe(text.encode("utf-8"))
    assert "Running: " + inert(names) in text
    assert "\\x9b31mred\\x9b0m" in text and "\\xff\\xfe name" in text
