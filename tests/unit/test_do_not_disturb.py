"""Do Not Disturb readings: pure parsers, and the Linux reading through fake tools on PATH."""

from __future__ import annotations

import json
import os
import stat
import struct
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_session.probes.apps import linux, macos, windows
from safe_session.probes.apps.dnd import DndReading


@pytest.mark.parametrize(
    ("text", "on"),
    [("true\n", False), ("false\n", True), ("'false'", True), ("", None), ("No such key", None)],
)
def test_gnome_show_banners(text: str, on: bool | None) -> None:
    assert linux.parse_show_banners(text) is on


@pytest.mark.parametrize(
    ("text", "on"),
    [("(<true>,)\n", True), ("(<false>,)", False), ("Error: GDBus.Error:...", None), ("", None)],
)
def test_gdbus_inhibited(text: str, on: bool | None) -> None:
    assert linux.parse_gdbus_bool(text) is on


def test_macos_focus_assertions() -> None:
    active = {
        "data": [
            {
                "storeAssertionRecords": [
                    {
                        "assertionDetails": {
                            "assertionDetailsModeIdentifier": "com.apple.donotdisturb.mode.default"
                        }
                    }
                ]
            }
        ]
    }
    assert macos.parse_focus_assertions(json.dumps(active)) is True
    assert (
        macos.parse_focus_assertions(json.dumps({"data": [{"storeAssertionRecords": []}]})) is False
    )
    assert macos.parse_focus_assertions(json.dumps({"data": [{}]})) is False
    assert macos.parse_focus_assertions("not json") is None
    assert macos.parse_focus_assertions("[]") is None


def test_windows_decoders() -> None:
    assert windows.decode_quiet_hours(struct.pack("<i", 0)) is False
    assert windows.decode_quiet_hours(struct.pack("<i", 1)) is True  # priority only
    assert windows.decode_quiet_hours(struct.pack("<i", 2)) is True  # alarms only
    assert windows.decode_quiet_hours(struct.pack("<i", 7)) is None
    assert windows.decode_quiet_hours(b"\x00") is None
    assert windows.decode_toasts_enabled(0) is True
    assert windows.decode_toasts_enabled(1) is None  # notifications on: Focus Assist decides
    assert windows.decode_toasts_enabled("0") is None


@given(st.text(max_size=300))
def test_text_parsers_never_raise(text: str) -> None:
    for parse in (
        linux.parse_show_banners,
        linux.parse_gdbus_bool,
        macos.parse_focus_assertions,
        linux.parse_bool_word,
    ):
        assert parse(text) in (True, False, None)


@given(st.binary(max_size=16))
def test_quiet_hours_never_raises(data: bytes) -> None:
    assert windows.decode_quiet_hours(data) in (True, False, None)


def fake_tool(folder: Path, name: str, output: str, code: int = 0) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\nprintf '%s' '{output}'\nexit {code}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def env_with(folder: Path, desktop: str) -> dict[str, str]:
    return {**os.environ, "PATH": str(folder), "XDG_CURRENT_DESKTOP": desktop}


def test_gnome_reads_gsettings(tmp_path: Path) -> None:
    fake_tool(tmp_path, "gsettings", "false\n")
    assert linux.read(env_with(tmp_path, "ubuntu:GNOME")) == DndReading(True, "gsettings")
    fake_tool(tmp_path, "gsettings", "true\n")
    assert linux.read(env_with(tmp_path, "GNOME")) == DndReading(False, "gsettings")


def test_kde_reads_the_notification_server(tmp_path: Path) -> None:
    fake_tool(tmp_path, "gdbus", "(<true>,)\n")
    assert linux.read(env_with(tmp_path, "KDE")) == DndReading(True, "notification server")


def test_xfce_and_dunst(tmp_path: Path) -> None:
    fake_tool(tmp_path, "xfconf-query", "true\n")
    assert linux.read(env_with(tmp_path, "XFCE")) == DndReading(True, "xfconf-query")
    other = tmp_path / "other"
    other.mkdir()
    fake_tool(other, "gdbus", "Error: no server", 1)
    fake_tool(other, "dunstctl", "false\n")
    assert linux.read(env_with(other, "sway")) == DndReading(False, "dunstctl")


def test_nothing_to_ask_is_unknown_with_a_reason(tmp_path: Path) -> None:
    reading = linux.read(env_with(tmp_path, ""))
    assert reading.on is None and reading.reason


def test_macos_without_full_disk_access(tmp_path: Path) -> None:
    folder = tmp_path / "Library" / "DoNotDisturb" / "DB"
    folder.mkdir(parents=True)
    (folder / "Assertions.json").write_text(json.dumps({"data": [{"storeAssertionRecords": [{}]}]}))
    assert macos.read(tmp_path) == DndReading(True, "Focus")
    assert macos.read(tmp_path / "nowhere").on is None
