"""Mic/camera users: pactl outputs (real ones), the consent-store decoder, and /proc walking."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_session.probes.base import Unavailable
from safe_session.probes.devices import DeviceUser, linux, windows
from tests.conftest import FIXTURES

PACTL = FIXTURES / "pactl_recording"


def test_real_pulseaudio_json_and_text_agree() -> None:
    from_json = linux.parse_source_outputs_json(
        (PACTL / "pulseaudio16_source_outputs_parec.json").read_text()
    )
    from_text = linux.parse_source_outputs_text(
        (PACTL / "pulseaudio16_source_outputs_parec.txt").read_text()
    )
    assert len(from_json) == len(from_text) == 1
    for stream in (from_json[0], from_text[0]):
        assert (stream.source, stream.corked, stream.pid, stream.app_name) == (
            0,
            False,
            10789,
            "parec",
        )
    assert from_json[0].properties == from_text[0].properties


def test_real_source_lists() -> None:
    expected = {0: "room.monitor"}
    assert (
        linux.parse_sources_short((PACTL / "pulseaudio16_short_sources.json").read_text())
        == expected
    )
    assert (
        linux.parse_sources_short((PACTL / "pulseaudio16_short_sources.txt").read_text())
        == expected
    )


def test_pipewire_stream_without_application_name() -> None:
    [stream] = linux.parse_source_outputs_text(
        (PACTL / "pipewire_source_output_cava_fragment.txt").read_text()
    )
    assert (stream.source, stream.corked, stream.pid, stream.app_name) == (87, False, None, "cava")
    [user] = linux.recording_users(
        [stream], {87: "alsa_input.pci-0000_00_1f.3.analog-stereo"}, frozenset()
    )
    assert user == DeviceUser(
        None, "cava", "alsa_input.pci-0000_00_1f.3.analog-stereo", "microphone", "sound server"
    )


def test_a_filter_modules_own_stream_is_not_an_app() -> None:
    """A remapped source (here the tests' microphone, read from the room's monitor) keeps a
    stream of the server's own on its master: no client, media.role "filter"."""
    for stream_ in (
        *linux.parse_source_outputs_json(
            (PACTL / "pulseaudio16_source_outputs_remap_filter.json").read_text()
        ),
        *linux.parse_source_outputs_text(
            (PACTL / "pulseaudio16_source_outputs_remap_filter.txt").read_text()
        ),
    ):
        assert stream_.by_module and stream_.filter and stream_.pid is None
        assert linux.recording_users([stream_], {0: "room.monitor"}, frozenset()) == []
    # apps' streams have a client, on PulseAudio and PipeWire alike
    for name in ("pulseaudio16_source_outputs_parec.json", "pulseaudio16_source_outputs_parec.txt"):
        parse = (
            linux.parse_source_outputs_json
            if name.endswith("json")
            else (linux.parse_source_outputs_text)
        )
        assert [s.by_module for s in parse((PACTL / name).read_text())] == [False]
    text = (PACTL / "pipewire_source_output_cava_fragment.txt").read_text()
    assert [s.by_module for s in linux.parse_source_outputs_text(text)] == [False]


def test_a_stream_calling_itself_a_filter_is_still_an_app() -> None:
    """A client's stream may say anything about itself: only the server's own counts."""
    sneaky = linux.SourceOutput(1, False, {"media.role": "filter", "application.name": "spy"})
    [user] = linux.recording_users([sneaky], {1: "alsa_input.usb-mic"}, frozenset())
    assert (user.name, user.kind) == ("spy", "microphone")


def stream(
    pid: int, corked: bool = False, media: str = "rec", source: int = 1
) -> linux.SourceOutput:
    return linux.SourceOutput(
        source,
        corked,
        {"application.process.id": str(pid), "application.name": f"app{pid}", "media.name": media},
    )


def test_recording_users_leave_out_paused_meters_and_ourselves() -> None:
    users = linux.recording_users(
        [
            stream(1),
            stream(2, corked=True),
            stream(3, media="Peak detect"),
            stream(4),
            stream(5, source=9),
        ],
        {1: "alsa_input.usb-mic", 9: "alsa_output.hdmi.monitor"},
        frozenset({4}),
    )
    assert [(u.pid, u.kind, u.device) for u in users] == [
        (1, "microphone", "alsa_input.usb-mic"),
        (5, "sound output", "alsa_output.hdmi.monitor"),
    ]


def test_device_kinds() -> None:
    assert linux.device_kind("/dev/snd/pcmC0D0c") == "microphone"
    assert linux.device_kind("/dev/snd/pcmC1D10c") == "microphone"
    assert linux.device_kind("/dev/snd/pcmC0D0p") is None  # playback
    assert linux.device_kind("/dev/snd/controlC0") is None
    assert linux.device_kind("/dev/video0") == "camera"
    assert linux.device_kind("/dev/video0.bak") is None


def fake_proc(root: Path, pid: int, comm: str, targets: list[str]) -> None:
    folder = root / str(pid) / "fd"
    folder.mkdir(parents=True)
    (root / str(pid) / "comm").write_text(comm + "\n")
    for i, target in enumerate(targets):
        os.symlink(target, folder / str(i))


def test_open_device_files_in_a_proc_tree(tmp_path: Path) -> None:
    fake_proc(tmp_path, 100, "zoom", ["/dev/null", "/dev/video0", "/dev/video0", "socket:[1]"])
    fake_proc(tmp_path, 200, "arecord", ["/dev/snd/pcmC0D0c"])
    fake_proc(tmp_path, 300, "pipewire", ["/dev/snd/pcmC0D0c", "/dev/snd/pcmC0D0p"])
    fake_proc(tmp_path, 400, "aplay", ["/dev/snd/pcmC0D0p"])
    fake_proc(tmp_path, 500, "self", ["/dev/video1"])
    (tmp_path / "self").mkdir()
    (tmp_path / "600").mkdir()  # vanished between listing and reading: no fd folder
    users, servers, unreadable = linux.open_device_users(str(tmp_path), frozenset({500}))
    assert sorted((u.pid, u.name, u.device, u.kind) for u in users) == [
        (100, "zoom", "/dev/video0", "camera"),
        (200, "arecord", "/dev/snd/pcmC0D0c", "microphone"),
    ]
    assert servers == ["pipewire"]  # its clients are listed from the sound server
    assert unreadable == 0


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="/proc is Linux's")
def test_this_machine_proc_is_readable() -> None:
    fact = linux.read()
    assert "open device files" in fact.looked_at
    assert all(u.pid != os.getpid() for u in fact.users)


def test_consent_store_decoder() -> None:
    entries = [
        windows.ConsentEntry(
            "microphone", "C:#Program Files#Zoom#bin#Zoom.exe", False, 133500000000000000, 0
        ),
        windows.ConsentEntry(
            "microphone", "C:#Tools#old.exe", False, 133500000000000000, 133500000100000000
        ),
        windows.ConsentEntry(
            "webcam", "Microsoft.WindowsCamera_8wekyb3d8bbwe", True, 133500000000000000, 0
        ),
        windows.ConsentEntry("webcam", "Never.Used_abc123", True, None, None),
        windows.ConsentEntry("microphone", "C:#Python311#python.exe", False, 1, 0),
        windows.ConsentEntry("location", "Maps_x", True, 1, 0),
    ]
    users = windows.consent_in_use(entries, own_paths=[r"c:\python311\python.exe"])
    assert [(u.name, u.kind, u.pid) for u in users] == [
        ("Zoom.exe", "microphone", None),
        ("Microsoft.WindowsCamera", "camera", None),
    ]


class FakeRegistry:
    def __init__(self, tree: dict[str, dict[str, object]]) -> None:
        self.tree = tree

    def subkeys(self, path: str) -> list[str]:
        prefix = path + "\\"
        names = {k[len(prefix) :].split("\\")[0] for k in self.tree if k.startswith(prefix)}
        if not names and path not in self.tree:
            raise FileNotFoundError(path)
        return sorted(names)

    def values(self, path: str) -> dict[str, object]:
        return self.tree.get(path, {})


def test_consent_store_walk() -> None:
    root = windows.CONSENT_STORE
    reg = FakeRegistry(
        {
            f"{root}\\microphone": {"Value": "Allow"},
            f"{root}\\microphone\\NonPackaged": {},
            f"{root}\\microphone\\NonPackaged\\C:#App#rec.exe": {
                "LastUsedTimeStart": 5,
                "LastUsedTimeStop": 0,
            },
            f"{root}\\microphone\\Vendor.Chat_1a2b3c": {
                "LastUsedTimeStart": 5,
                "LastUsedTimeStop": 9,
            },
        }
    )
    entries = list(windows.walk_consent_store(reg))
    assert [(e.device, e.key, e.packaged, e.start, e.stop) for e in entries] == [
        ("microphone", "C:#App#rec.exe", False, 5, 0),
        ("microphone", "Vendor.Chat_1a2b3c", True, 5, 9),
    ]
    assert [u.name for u in windows.consent_in_use(entries)] == ["rec.exe"]


@given(st.text(max_size=500))
def test_pactl_parsers_never_raise(text: str) -> None:
    linux.parse_source_outputs_json(text)
    linux.parse_source_outputs_text(text)
    linux.parse_sources_short(text)


def test_windows_gather_with_a_registry() -> None:
    root = windows.CONSENT_STORE
    reg = FakeRegistry(
        {
            f"{root}\\webcam": {},
            f"{root}\\webcam\\Vendor.Cam_1a2b3c": {"LastUsedTimeStart": 5, "LastUsedTimeStop": 0},
        }
    )
    fact = windows.read(reg)
    assert [(u.name, u.kind, u.via) for u in fact.users] == [
        ("Vendor.Cam", "camera", "privacy settings")
    ]
    assert windows.read(FakeRegistry({f"{root}\\microphone": {}})).users == ()
    with pytest.raises(Unavailable):
        windows.read(FakeRegistry({}))
