"""The precompiled matcher: every way of recognising an app, and no false alarms on common names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_session.app_matcher import AppMatcher, normalize
from safe_session.data import load_apps


@pytest.fixture(scope="module")
def linux() -> AppMatcher:
    return AppMatcher(load_apps().apps, "linux")


@pytest.fixture(scope="module")
def windows() -> AppMatcher:
    return AppMatcher(load_apps().apps, "windows")


@pytest.fixture(scope="module")
def macos() -> AppMatcher:
    return AppMatcher(load_apps().apps, "macos")


def one(hits):  # type: ignore[no-untyped-def]
    assert len(hits) == 1, hits
    return hits[0].app.name, hits[0].how, hits[0].sure


def test_names_ignore_case_and_exe(windows: AppMatcher, linux: AppMatcher) -> None:
    assert one(windows.match("anydesk.EXE")) == ("AnyDesk", "process name", "high")
    assert one(windows.match("AnyDesk")) == ("AnyDesk", "process name", "high")
    assert one(linux.match("ANYDESK")) == ("AnyDesk", "process name", "high")
    assert normalize(" Zoom.exe ") == "zoom"


def test_names_are_per_system(linux: AppMatcher, macos: AppMatcher) -> None:
    assert linux.match("Mail") == ()  # Apple Mail's process name means nothing on Linux
    assert one(macos.match("Mail"))[0] == "Apple Mail"


def test_program_file_name_when_the_process_renamed_itself(linux: AppMatcher) -> None:
    assert one(linux.match("Isolated Web Co", "/usr/lib/firefox-esr/firefox-esr")) == (
        "Firefox",
        "program file name",
        "high",
    )


def test_linux_shortens_names_to_15_characters(linux: AppMatcher) -> None:
    assert one(linux.match("simplescreenrec")) == (
        "SimpleScreenRecorder",
        "process name (shortened by the system)",
        "high",
    )
    assert linux.match("simplescreenre") == ()  # 14 characters: not a shortened name


def test_install_folder_is_at_most_medium(windows: AppMatcher) -> None:
    exe = r"C:\Program Files (x86)\Spyrix Personal Monitor\spm.exe"
    assert one(windows.match("spm.exe", exe)) == ("Spyrix", "install folder Spyrix*", "low")
    exe = r"C:\Program Files\TeamViewer\x.exe"
    assert one(windows.match("x.exe", exe)) == ("TeamViewer", "install folder TeamViewer", "medium")
    assert windows.match("x.exe", r"C:\Tools\NotTeamViewer\x.exe") == ()  # whole folder names


def test_a_folder_shared_by_two_vendors_names_both(windows: AppMatcher) -> None:
    hits = windows.match("agent.exe", r"C:\Program Files\Awareness Technologies\agent.exe")
    assert {h.app.name for h in hits} == {"WebWatcher", "Veriato / InterGuard"}


def test_macos_app_bundles_and_bundle_ids(macos: AppMatcher) -> None:
    exe = "/Applications/AnyDesk.app/Contents/MacOS/helper"
    assert one(macos.match("helper", exe)) == ("AnyDesk", "app bundle anydesk.app", "high")
    assert one(macos.match("x", None, bundle_id="com.splashtop.streamer")) == (
        "Splashtop",
        "bundle id com.splashtop.streamer",
        "high",
    )
    assert one(macos.match("x", None, bundle_id="us.zoom.xos"))[0] == "Zoom"
    assert macos.match("x", None, bundle_id="com.splashtopX") == ()


@pytest.mark.parametrize(
    ("cmdline", "expected"),
    [
        (["ffmpeg", "-f", "x11grab", "-i", ":0.0", "out.mkv"], ("command line (x11grab)", "high")),
        (
            ["ffmpeg", "-device", "/dev/dri/card0", "-f", "kmsgrab", "-i", "-"],
            ("command line (kmsgrab)", "high"),
        ),
        (
            ["ffmpeg", "-f", "avfoundation", "-i", "1", "o.mov"],
            ("command line (-f avfoundation)", "medium"),
        ),
        (["ffmpeg", "-i", "in.mp4", "out.webm"], None),
    ],
)
def test_ffmpeg_only_when_it_reads_the_screen(
    linux: AppMatcher, cmdline: list[str], expected: tuple[str, str] | None
) -> None:
    assert linux.wants_command_line("ffmpeg", "/usr/bin/ffmpeg")
    hits = linux.match("ffmpeg", "/usr/bin/ffmpeg", cmdline=cmdline)
    if expected is None:
        assert hits == ()
    else:
        name, how, sure = one(hits)
        assert name == "ffmpeg recording the screen" and (how, sure) == expected


def test_command_lines_are_read_only_for_a_few_names(linux: AppMatcher) -> None:
    assert not linux.wants_command_line("bash", "/usr/bin/bash")
    assert linux.wants_command_line("python3", "/usr/bin/python3.11")


def test_viewers_are_marked(windows: AppMatcher) -> None:
    [hit] = windows.match("mstsc.exe")
    assert hit.app.role == "viewer" and hit.sure == "low"


COMMON = {
    "linux": [
        "systemd",
        "bash",
        "sshd",
        "kworker/0:1",
        "Xorg",
        "gnome-shell",
        "pipewire",
        "pulseaudio",
        "python3",
        "sleep",
        "code",
        "nautilus",
        "gnome-terminal-",
    ],
    "windows": [
        "svchost.exe",
        "explorer.exe",
        "dwm.exe",
        "csrss.exe",
        "winlogon.exe",
        "RuntimeBroker.exe",
        "SearchHost.exe",
        "System",
        "Registry",
        "conhost.exe",
    ],
    "macos": [
        "launchd",
        "WindowServer",
        "Finder",
        "Dock",
        "loginwindow",
        "kernel_task",
        "SystemUIServer",
        "coreaudiod",
        "Terminal",
    ],
}


@pytest.mark.parametrize("os_name", ["linux", "windows", "macos"])
def test_common_system_processes_match_nothing(os_name: str) -> None:
    matcher = AppMatcher(load_apps().apps, os_name)
    for name in COMMON[os_name]:
        assert matcher.match(name, f"/usr/bin/{name}") == (), name


def test_results_are_remembered_per_name_and_program(linux: AppMatcher) -> None:
    first = linux.match("obs", "/usr/bin/obs")
    assert linux.match("obs", "/usr/bin/obs") is first


@given(
    st.text(max_size=80),
    st.one_of(st.none(), st.text(max_size=200)),
    st.one_of(st.none(), st.lists(st.text(max_size=40), max_size=6)),
    st.one_of(st.none(), st.text(max_size=60)),
)
def test_matching_never_raises(
    name: str, exe: str | None, cmd: list[str] | None, bid: str | None
) -> None:
    for matcher in _ALL:
        for hit in matcher.match(name, exe, cmdline=cmd, bundle_id=bid):
            assert hit.sure in ("high", "medium", "low")
        matcher.wants_command_line(name, exe)


_ALL = [AppMatcher(load_apps().apps, os_name) for os_name in ("linux", "windows", "macos")]
