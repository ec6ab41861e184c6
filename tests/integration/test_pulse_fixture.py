"""The private PulseAudio server used by the real-audio tests is real and shaped as the room."""

from __future__ import annotations

import json

from tests.pulse import HEADPHONES, MIC, MONITOR, PulseServer


def test_room_is_default_sink_and_a_microphone_remapped_from_its_monitor_the_default_source(
    pulse: PulseServer,
) -> None:
    info = pulse.pactl("info")
    assert "Default Sink: room" in info and f"Default Source: {MIC}" in info
    sources = {s["name"]: s for s in json.loads(pulse.pactl("-f", "json", "list", "sources"))}
    mic = sources[MIC]
    assert mic["monitor_source"] == "" and mic["description"] == "Microphone"
    assert mic["properties"]["device.master_device"] == MONITOR
    assert sources[MONITOR]["monitor_source"] == "room"


def test_headphones_sink_carries_its_form_factor(pulse: PulseServer) -> None:
    pulse.add_headphones()
    sinks = json.loads(pulse.pactl("-f", "json", "list", "sinks"))
    phones = next(s for s in sinks if s["name"] == HEADPHONES)
    assert phones["properties"]["device.form_factor"] == "headphones"
    assert phones["properties"]["device.description"] == "Headphones"
    pulse.set_default_sink("room")
