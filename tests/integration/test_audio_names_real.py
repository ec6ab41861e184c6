"""pactl's JSON output writes "(null)" for any text with a non-ASCII character (PulseAudio 16):
a German "Kopfhörer" sink must still be named and judged right, from the text listing; so must
Chinese, Japanese, Korean and Thai names whose word for headphones touches a model name."""

from __future__ import annotations

import pytest

from safe_session.model import Status
from safe_session.probes.audio import output
from safe_session.probes.base import ProbeContext
from safe_session.rules.audio import headphones
from safe_session.rules.base import Params
from tests.pulse import ROOM, PulseServer


def test_non_ascii_device_names_survive(pulse: PulseServer) -> None:
    module = pulse.pactl(
        "load-module",
        "module-null-sink",
        "sink_name=kopfhoerer",
        "sink_properties='device.description=Kopfhörer device.form_factor=headphones'",
    ).strip()
    try:
        pulse.set_default_sink("kopfhoerer")
        assert '"(null)"' in pulse.pactl("-f", "json", "list", "sinks")  # the trap is real
        fact = output.gather(ProbeContext(os_name="linux"))
        assert fact.default is not None
        assert fact.default.name == "Kopfhörer" and fact.default.kind == "headphones"
        assert fact.source == "pactl"
    finally:
        pulse.set_default_sink(ROOM)
        pulse.pactl("unload-module", module)


@pytest.mark.parametrize(
    ("sink", "description", "kind", "status"),
    [
        ("usb_phones", "USBヘッドホン", "headphones", Status.PASS),
        ("jabra_cn", "Jabra Evolve2 65耳机", "headset", Status.PASS),
        ("airpods_tw", "AirPods Pro耳機", "headphones", Status.PASS),
        ("sony_kr", "Sony WH-1000XM4헤드폰", "headphones", Status.PASS),
        ("thai_speaker", "ลำโพงUSB", "speakers", Status.WARN),
    ],
)
def test_a_word_right_after_a_model_name_is_read_in_scripts_without_spaces(
    pulse: PulseServer, sink: str, description: str, kind: str, status: Status
) -> None:
    """A sink the system describes only by its name (no form factor, no port type): the word
    for headphones or speakers touching a Latin model name decides, and the check says so."""
    module = pulse.pactl(
        "load-module",
        "module-null-sink",
        f"sink_name={sink}",
        f"sink_properties='device.description=\"{description}\"'",  # spaces: quoted
    ).strip()
    try:
        pulse.set_default_sink(sink)
        fact = output.gather(ProbeContext(os_name="linux"))
        assert fact.default is not None
        assert (fact.default.name, fact.default.kind) == (description, kind)
        assert fact.default.judged_by == "name"
        assert headphones(fact, Params()).status is status
    finally:
        pulse.set_default_sink(ROOM)
        pulse.pactl("unload-module", module)
