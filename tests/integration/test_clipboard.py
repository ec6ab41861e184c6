"""The clipboard on a real X server (Xvfb, started here) with the real xclip: found holding
something without its content ever being read, emptied, and found empty. Parsers are fed the
real outputs of xclip, wl-paste and osascript."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_session.actions import clear_clipboard
from safe_session.data import load_catalog
from safe_session.engine import Engine
from safe_session.model import Result, Status
from safe_session.probes.base import ProbeContext
from safe_session.probes.system.clipboard import (
    parse_clipboard_info,
    parse_wl_paste_types,
    parse_xclip_targets,
)
from tests.conftest import need

SECRET = "portal-password-Hunter2"


@pytest.fixture
def display(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private X server; xclip runs through a logging wrapper so the test sees every call."""
    xvfb, xclip = shutil.which("Xvfb"), shutil.which("xclip")
    need(xvfb and xclip, "Xvfb and xclip are needed for the clipboard test")
    assert xvfb and xclip
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [
            xvfb,
            "-displayfd",
            str(write_fd),
            "-nolisten",
            "tcp",
            "-noreset",
            "-screen",
            "0",
            "64x64x24",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        number = f.readline().strip()
    need(number.isdigit(), "Xvfb did not start")
    log = tmp_path / "xclip-calls"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "xclip"
    wrapper.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{xclip}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", f":{number}")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def result() -> Result:
    spec = load_catalog().get("after.clipboard")
    assert spec is not None
    [r] = Engine(ProbeContext(os_name="linux")).run([spec])
    return r


def copy(text: str) -> None:
    """Copy as a person would, through xclip (which stays to own the clipboard)."""
    subprocess.run(
        ["xclip", "-selection", "clipboard", "-i"],
        input=text.encode(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        timeout=5,
    )


def test_found_full_then_emptied_without_reading_it(display: str, tmp_path: Path) -> None:
    assert result().status is Status.PASS  # a new X server: nobody owns the clipboard
    copy(SECRET)
    deadline = time.monotonic() + 5
    while (found := result()).status is Status.PASS and time.monotonic() < deadline:
        time.sleep(0.1)
    assert found.status is Status.WARN and found.details["non_empty"] is True
    assert "UTF8_STRING" in found.details["types"]
    assert SECRET not in json.dumps(found.to_json())

    [plan] = clear_clipboard.plan(found, ProbeContext(os_name="linux"))
    dry = clear_clipboard.perform(plan, dry_run=True)
    assert dry.ok and dry.dry_run and result().details["non_empty"] is True
    done = clear_clipboard.perform(plan)
    assert done.ok, done.message
    after = result()
    assert after.status is Status.PASS and after.details["non_empty"] is False
    pasted = subprocess.run(
        ["xclip", "-selection", "clipboard", "-o"], capture_output=True, timeout=5
    )
    assert SECRET.encode() not in pasted.stdout
    # Every call safe-session made asked only for the list of targets, or wrote nothing.
    calls = (tmp_path / "xclip-calls").read_text().splitlines()
    ours = [c for c in calls if c != "-selection clipboard -i" and c != "-selection clipboard -o"]
    assert ours and all(c.endswith("-t TARGETS -o") or c.endswith("-t TARGETS -i") for c in ours)


def test_no_display_is_unknown_with_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    r = result()
    assert r.status is Status.UNKNOWN and "no graphical desktop" in r.summary


def test_missing_tool_is_unknown(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    r = result()
    assert r.status is Status.UNKNOWN and "`xclip` is not installed" in r.summary
    assert any("xclip" in a for a in r.advice)


# Real outputs: xclip 0.13 here; wl-paste from wl-clipboard 2.x; osascript on macOS.
@pytest.mark.parametrize(
    ("code", "out", "err", "state", "types"),
    [
        (0, "TARGETS\nUTF8_STRING\n", "", "non_empty", ("UTF8_STRING",)),
        (
            0,
            "TIMESTAMP\nTARGETS\nMULTIPLE\nSAVE_TARGETS\nimage/png\n",
            "",
            "non_empty",
            ("image/png",),
        ),
        (0, "TARGETS\nTARGETS\n", "", "empty", ()),
        (1, "", "Error: target TARGETS not available\n", "empty", ()),
        (1, "", "Error: Can't open display: :99\n", "unknown", ()),
    ],
)
def test_xclip_outputs(code: int, out: str, err: str, state: str, types: tuple[str, ...]) -> None:
    reading = parse_xclip_targets(code, out, err)
    assert reading.state == state and reading.types == types


@pytest.mark.parametrize(
    ("code", "out", "err", "state"),
    [
        (0, "text/plain;charset=utf-8\ntext/plain\nUTF8_STRING\nSTRING\nTEXT\n", "", "non_empty"),
        (0, "x-special/gnome-copied-files\ntext/uri-list\n", "", "non_empty"),
        (1, "", "No selection\n", "empty"),
        (1, "", "Nothing is copied\n", "empty"),
        (1, "", "Failed to connect to a Wayland server\n", "unknown"),
        (1, "", "Missing a seat\n", "unknown"),
    ],
)
def test_wl_paste_outputs(code: int, out: str, err: str, state: str) -> None:
    assert parse_wl_paste_types(code, out, err).state == state


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("«class utf8», 11, «class ut16», 24, string, 11, Unicode text, 22\n", "non_empty"),
        ("«class PNGf», 27384, «class 8BPS», 81958, TIFF picture, 520342\n", "non_empty"),
        ("«class utf8», 0, «class ut16», 2, string, 0, Unicode text, 0\n", "non_empty"),
        ("«class utf8», 0, string, 0\n", "empty"),
        ("\n", "empty"),
        ("", "empty"),
        ("garbage, here", "unknown"),
    ],
)
def test_osascript_clipboard_info(text: str, state: str) -> None:
    assert parse_clipboard_info(text).state == state


@given(st.integers(-5, 300), st.text(max_size=200), st.text(max_size=200))
def test_parsers_never_raise(code: int, out: str, err: str) -> None:
    parse_xclip_targets(code, out, err)
    parse_wl_paste_types(code, out, err)
    parse_clipboard_info(out)
