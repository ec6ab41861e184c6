"""Reading Firefox's session file (mozLz4) and finding the profiles in use."""

from __future__ import annotations

import json
import os
from pathlib import Path

import lz4.block
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_session.probes.browsers import tabs as bt


def mozlz4(payload: object) -> bytes:
    raw = json.dumps(payload).encode()
    return bt.MOZLZ4_MAGIC + lz4.block.compress(raw)  # compress() puts the size in front


SESSION = {
    "windows": [{"tabs": [{"entries": []}, {"entries": []}]}, {"tabs": [{"entries": []}]}],
    "_closedWindows": [{"tabs": [{}, {}, {}, {}]}],
}


def test_decode_and_count() -> None:
    assert bt.tabs_in_session_file(mozlz4(SESSION)) == 3  # closed windows do not count
    assert bt.count_session_tabs({"windows": []}) == 0
    assert bt.count_session_tabs({"nope": 1}) is None


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"mozLz40\0",
        b"mozLz40\0\xff\xff\xff\xff garbage",
        b"PK\x03\x04",
        bt.MOZLZ4_MAGIC + b"\x10\0\0\0\x00",
    ],
)
def test_damaged_files_are_unknown(data: bytes) -> None:
    assert bt.tabs_in_session_file(data) is None


def test_a_file_claiming_a_huge_size_is_refused() -> None:
    with pytest.raises(ValueError, match="too large"):
        bt.decode_mozlz4(bt.MOZLZ4_MAGIC + (2**31).to_bytes(4, "little") + b"\0" * 8)


@given(st.binary(max_size=200))
def test_never_raises(data: bytes) -> None:
    for blob in (bt.MOZLZ4_MAGIC + data, data):
        tabs = bt.tabs_in_session_file(blob)
        assert tabs is None or tabs >= 0


def test_profile_from_command_line() -> None:
    assert bt.profile_from_cmdline(["firefox", "--profile", "/p"]) == Path("/p")
    assert bt.profile_from_cmdline(["firefox", "-profile", "/p", "x"]) == Path("/p")
    assert bt.profile_from_cmdline(["firefox", "--profile=/q"]) == Path("/q")
    assert bt.profile_from_cmdline(["firefox", "-contentproc"]) is None


def test_roots_per_system(tmp_path: Path) -> None:
    assert (
        bt.firefox_roots("windows", tmp_path, {"APPDATA": "C:\\Users\\a\\AppData\\Roaming"})[0]
        == Path("C:\\Users\\a\\AppData\\Roaming") / "Mozilla" / "Firefox" / "Profiles"
    )
    assert (
        bt.firefox_roots("macos", tmp_path, {})[0]
        == tmp_path / "Library/Application Support/Firefox/Profiles"
    )
    assert tmp_path / ".mozilla" / "firefox" in bt.firefox_roots("linux", tmp_path, {})


def test_only_session_files_written_since_firefox_started(tmp_path: Path) -> None:
    root = tmp_path / ".mozilla" / "firefox"
    for name, tabs, age in (("new.default", 2, 0), ("old.default", 9, 86400)):
        folder = root / name / "sessionstore-backups"
        folder.mkdir(parents=True)
        path = folder / "recovery.jsonlz4"
        path.write_bytes(mozlz4({"windows": [{"tabs": [{}] * tabs}]}))
        when = path.stat().st_mtime - age
        os.utime(path, (when, when))
    files = bt.session_files([root], [])
    assert len(files) == 2
    started = (
        root / "new.default" / "sessionstore-backups" / "recovery.jsonlz4"
    ).stat().st_mtime - 60
    assert bt.firefox_tabs(files, started) == (2, None)
    tabs, reason = bt.firefox_tabs(files, started + 3600)
    assert tabs is None and reason


# ---------------------------------------------------------------- Chromium family

CHROMIUM_FIXTURES = Path(__file__).parent.parent / "fixtures" / "chromium_sessions"


def test_chromium_browser_processes_by_their_user_data_folder() -> None:
    found = bt.chromium_instances(
        {
            1: ("/usr/lib/chromium/chromium", "--user-data-dir=/tmp/u", "data:,a"),
            2: ("/usr/lib/chromium/chromium", "--type=renderer", "--user-data-dir=/tmp/u"),
            3: ("chrome.exe",),
            4: None,  # gone, or not ours to read
            5: ("chromium", "--user-data-dir", "/not/a/value/chromium/takes"),
        }
    )
    assert found == {"/tmp/u": [1], None: [3, 5]}


def _session(profile: Path, name: str, data: bytes, age: float = 0) -> Path:
    path = profile / "Sessions" / name if name.startswith("Session_") else profile / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    when = path.stat().st_mtime - age
    os.utime(path, (when, when))
    return path


def test_chromium_newest_session_file_written_since_start_per_profile(tmp_path: Path) -> None:
    three = (CHROMIUM_FIXTURES / "three_tabs.snss").read_bytes()
    five = (CHROMIUM_FIXTURES / "tabs_closed_and_windows.snss").read_bytes()
    user_data = tmp_path / "chromium"
    _session(user_data / "Default", "Session_13440000000000000", five, age=86400)  # last week
    newest = _session(user_data / "Default", "Session_13440000000000009", three)
    _session(user_data / "Profile 1", "Current Session", five)  # an older version's file
    _session(user_data / "Profile 2", "Session_13440000000000001", five, age=86400)  # not open
    files = bt.chromium_session_files(user_data)
    assert [f[0] for f in files][:1] == [newest]
    started = newest.stat().st_mtime - 60
    assert bt.chromium_tabs("Chromium", [user_data], started) == (3 + 5, None)
    # The newest file not finished yet: the one before it is an earlier moment, never used.
    _session(user_data / "Profile 1", "Sessions/Session_13440000000000010", three[:100])
    assert bt.chromium_tabs("Chromium", [user_data], started) == (3, None)  # what is known
    assert bt.chromium_profile_tabs(bt.chromium_session_files(user_data)[1], started) == (
        None,
        "the browser has not finished writing this session file",
    )
    tabs, reason = bt.chromium_tabs("Chromium", [user_data], started + 3600)
    assert tabs is None and reason == "Chromium has not saved its open tabs where " + (
        "safe-session can read them yet"
    )


def test_chromium_unreadable_session_file_says_why(tmp_path: Path) -> None:
    _session(tmp_path / "Default", "Session_1", b"SNSS\x04\0\0\0")
    tabs, reason = bt.chromium_tabs("Google Chrome", [tmp_path], 0.0)
    assert tabs is None
    assert reason == "Google Chrome's session file could not be read: the session file is encrypted"
