"""pactl's JSON output writes "(null)" for any text with a non-ASCII character (PulseAudio 16):
a German "Kopfhörer" sink must still be named and judged right, from the text listing."""

from __future__ import annotations

from safe_session.probes.audio import output
from safe_session.probes.base import ProbeContext
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
