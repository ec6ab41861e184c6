"""A sink's monitor is no microphone: judged by its name, checked against what real sound servers
say each of their sources is ("Monitor of Sink: <sink>" or "n/a")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from safe_session.probes.audio import pulse_stream
from safe_session.probes.audio.sound_server import is_monitor
from safe_session.probes.base import Unavailable
from tests.conftest import FIXTURES

RECORDING = FIXTURES / "pactl_recording"
PACTL = FIXTURES / "pactl"

# The label of the line that names the monitored sink, in the C locale and in German.
_MONITOR_OF = ("Monitor of Sink", "Ziel-Monitor")


def monitors_in_listing(text: str) -> dict[str, bool]:
    """Each source's name in `pactl list sources` (or `pactl list`), with whether the server
    says it is a sink's monitor. Only the lines this test needs; sinks' blocks are skipped."""
    found: dict[str, bool] = {}
    name: str | None = None
    for line in text.splitlines():
        if re.match(r"^\S", line):  # a block's first line
            name = "" if line.startswith(("Source #", "Quelle #")) else None
            continue
        if name is None:
            continue
        label, _, value = line.strip().partition(": ")
        if label == "Name":
            name = value.strip()
        elif label in _MONITOR_OF and name:
            found[name] = value.strip() != "n/a"
    return found


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (  # the test rig: a remapped source is the microphone, the sinks' monitors are not
            RECORDING / "pulseaudio16_sources_mic_remapped_from_monitor_C.txt",
            {"room.monitor": True, "room_mic": False, "headphones.monitor": True},
        ),
        (  # German labels ("Ziel-Monitor"), from `pactl list` with modules and sinks around
            PACTL / "pulseaudio16_list_everything_de_1.txt",
            {"room.monitor": True, "headphones.monitor": True},
        ),
        (  # PipeWire: the monitor's device.class is "sound", as a microphone's is
            RECORDING / "pipewire_source_monitor_hdmi_fragment_1.txt",
            {"alsa_output.pci-0000_01_00.1.hdmi-stereo-extra1.monitor": True},
        ),
        (  # PipeWire, pasted with spaces
            RECORDING / "pipewire_source_monitor_analog_spaces_fragment_2.txt",
            {"alsa_output.pci-0000_00_1f.3.analog-stereo.monitor": True},
        ),
    ],
    ids=["rig", "german", "pipewire-hdmi", "pipewire-spaces"],
)
def test_the_name_agrees_with_what_the_server_says(path: Path, expected: dict[str, bool]) -> None:
    said = monitors_in_listing(path.read_text(encoding="utf-8"))
    assert said == expected
    assert {name: is_monitor(name) for name in said} == said


def test_the_name_agrees_with_the_servers_json() -> None:
    """pactl 16's JSON names the monitored sink in "monitor_source" ("" for other sources)."""
    text = (RECORDING / "pulseaudio16_sources_mic_remapped_from_monitor.json").read_text()
    sources = json.loads(text)
    said = {s["name"]: bool(s["monitor_source"]) for s in sources}
    assert said == {"room.monitor": True, "room_mic": False, "headphones.monitor": True}
    assert {name: is_monitor(name) for name in said} == said
    # the remapped microphone keeps its master's name only in a property
    mic = next(s for s in sources if s["name"] == "room_mic")
    assert mic["properties"]["device.master_device"] == "room.monitor"


@pytest.mark.parametrize(
    ("path", "monitor"),
    [
        ("pulseaudio16_get_default_source_monitor.txt", True),
        ("pulseaudio16_get_default_source_mic.txt", False),
    ],
)
def test_the_default_source_as_pactl_prints_it(path: str, monitor: bool) -> None:
    assert is_monitor((RECORDING / path).read_text()) is monitor  # with its newline


def test_pipewire_short_listing_names() -> None:
    """PipeWire numbers a second profile's sink ("analog-stereo.2") before the suffix."""
    lines = (RECORDING / "pipewire_sources_short_3.txt").read_text().splitlines()
    names = [line.split()[1] for line in lines]
    assert [is_monitor(n) for n in names] == [True, False, False, True]


@pytest.mark.parametrize(
    "name",
    ["", "default", ".monitor", "monitor", "alsa_input.usb-Blue_Yeti-00.analog-stereo", "room_mic"],
)
def test_names_that_are_not_monitors(name: str) -> None:
    """Nothing known ("default" is what is used when pactl cannot say) is no monitor."""
    assert not is_monitor(name)


def test_the_refusal_is_no_microphone_in_plain_words() -> None:
    pulse_stream.refuse_monitor([])  # the name has not come yet: listening goes on
    pulse_stream.refuse_monitor(["room_mic"])
    with pytest.raises(Unavailable) as caught:
        pulse_stream.refuse_monitor(["auto_null.monitor\n"])
    assert caught.value.situation == "no_microphone"
    assert caught.value.reason.startswith("no microphone was found: ")
    assert "a copy of what this computer plays" in caught.value.reason
