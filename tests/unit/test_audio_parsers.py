"""`probes.audio.parse_output` on real outputs of every tool, and on outputs like them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safe_session.probes.audio import TOOLS, OutputDevice, default_output, linux_pactl, parse_output
from safe_session.probes.audio.model import mark_default
from safe_session.probes.audio.names import kind_from_name, transport_from_name
from safe_session.probes.audio.portaudio import from_query
from safe_session.probes.audio.windows import from_endpoint
from tests.conftest import FIXTURES

CONTRACT_TOOLS = {
    "pactl",
    "pactl-json",
    "system_profiler",
    "system_profiler-json",
    "sounddevice",
    "get-pnpdevice",
    "get-audiodevice",
}


def _cases(name: str) -> list[Any]:
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return [pytest.param(c, id=c["file"]) for c in data["audio"]]


def _parse(case: dict[str, Any]) -> list[OutputDevice]:
    text = (FIXTURES / case["file"]).read_text(encoding="utf-8")
    return parse_output(case["tool"], text)


def _check(case: dict[str, Any]) -> None:
    devices = _parse(case)
    chosen = default_output(devices)
    private = None if chosen is None else chosen.private
    assert private is case["default_output_is_private"], (case["file"], chosen)
    if "default_kind" in case:
        assert chosen is not None and chosen.kind == case["default_kind"]
    if "default_name" in case:
        assert chosen is not None and chosen.name == case["default_name"]


@pytest.mark.parametrize("case", _cases("expected.json"))
def test_shared_fixtures(case: dict[str, Any]) -> None:
    _check(case)


@pytest.mark.parametrize("case", _cases("audio-gathered.json"))
def test_gathered_fixtures(case: dict[str, Any]) -> None:
    _check(case)


def test_every_audio_fixture_has_ground_truth() -> None:
    listed = {c.values[0]["file"] for c in _cases("expected.json") + _cases("audio-gathered.json")}
    on_disk = {
        str(p.relative_to(FIXTURES))
        for d in ("pactl", "macos_audio", "windows_audio", "sounddevice")
        for p in (FIXTURES / d).iterdir()
    }
    helpers = {
        "pactl/pulseaudio16_info_headphones_default_1.txt",
        "pactl/pulseaudio16_get_default_sink_headphones_1.txt",
    }
    assert on_disk - helpers == listed


@pytest.mark.parametrize("case", _cases("expected.json") + _cases("audio-gathered.json"))
def test_windows_line_ends_and_a_byte_order_mark_change_nothing(case: dict[str, Any]) -> None:
    text = (FIXTURES / case["file"]).read_text(encoding="utf-8")
    plain = parse_output(case["tool"], text)
    assert parse_output(case["tool"], "\ufeff" + text.replace("\n", "\r\n")) == plain
    assert parse_output(case["tool"], text.encode("utf-8")) == plain  # type: ignore[arg-type]


def test_the_contract_names_every_tool() -> None:
    assert set(TOOLS) == CONTRACT_TOOLS
    with pytest.raises(ValueError):
        parse_output("airport", "")
    with pytest.raises(ValueError):
        parse_output("PACTL", "")


# --- Linux ------------------------------------------------------------------------------------


def test_pulseaudio_text_reads_every_sink_and_its_state() -> None:
    devices = parse_output(
        "pactl", (FIXTURES / "pactl/pulseaudio_wired_headphones_active_1.txt").read_text()
    )
    hdmi, analog = devices
    assert (hdmi.kind, hdmi.transport, hdmi.active) == ("hdmi", "hdmi", False)
    assert (analog.kind, analog.transport, analog.active) == ("headphones", "builtin", True)
    assert analog.id == "alsa_output.pci-0000_00_1b.0.analog-stereo"
    assert {d.is_default for d in devices} == {None}  # `pactl list sinks` does not say


def test_a_bluetooth_speaker_is_a_speaker_whatever_its_bus() -> None:
    [sink] = parse_output(
        "pactl", (FIXTURES / "pactl/pipewire_bt_speaker_fragment_4.txt").read_text()
    )
    assert (sink.kind, sink.transport, sink.judged_by) == ("speakers", "bluetooth", "port type")


def test_a_bluetooth_sink_saying_nothing_is_not_headphones() -> None:
    text = 'Sink #3\n\tName: bluez_output.00_11_22_33_44_55.1\n\tDescription: Kitchen\n\t\tdevice.bus = "bluetooth"\n'
    [sink] = parse_output("pactl", text)
    assert (sink.kind, sink.transport) == ("unknown", "bluetooth")


def test_port_type_outranks_form_factor_and_name() -> None:
    text = (
        "Sink #1\n\tState: RUNNING\n\tName: alsa_output.usb-Headset-00.analog-stereo\n"
        "\tDescription: USB Headset Analog Stereo\n\tProperties:\n"
        '\t\tdevice.form_factor = "headset"\n\t\tdevice.bus = "usb"\n\tPorts:\n'
        "\t\tanalog-output-speaker: Speakers (type: Speaker, priority: 100, available)\n"
        "\tActive Port: analog-output-speaker\n"
    )
    [sink] = parse_output("pactl", text)
    assert (sink.kind, sink.transport, sink.judged_by) == ("speakers", "usb", "port type")


def test_form_factor_decides_when_the_port_is_generic() -> None:
    text = (
        "Sink #1\n\tName: alsa_output.usb-Jabra-00.analog-stereo\n\tDescription: Jabra\n"
        '\tProperties:\n\t\tdevice.form_factor = "headset"\n\tPorts:\n'
        "\t\tanalog-output: Analog Output (type: Analog, priority: 100, availability unknown)\n"
        "\tActive Port: analog-output\n"
    )
    [sink] = parse_output("pactl", text)
    assert (sink.kind, sink.judged_by, sink.transport) == ("headset", "form factor", "usb")


def test_old_pactl_without_port_types_uses_the_port_name() -> None:
    text = (
        "Sink #0\n\tState: SUSPENDED\n\tName: alsa_output.pci-0000_00_1b.0.analog-stereo\n"
        "\tDescription: Built-in Audio\n\tPorts:\n\t\tanalog-output-speaker: Speakers (priority. 10000)\n"
        "\t\tanalog-output-headphones: Headphones (priority. 9000)\n\tActive Port: analog-output-speaker\n"
    )
    [sink] = parse_output("pactl", text)
    assert (sink.kind, sink.judged_by, sink.active) == ("speakers", "port name", False)


def test_translated_pactl_text_reads_like_the_c_locale() -> None:
    c, de, fr = (
        parse_output(
            "pactl",
            (FIXTURES / f"pactl/pulseaudio16_null_sinks_room_and_headphones_{x}_1.txt").read_text(),
        )
        for x in ("C", "de", "fr")
    )
    assert c == de == fr
    assert [(d.id, d.kind) for d in c] == [("room", "unknown"), ("headphones", "headphones")]


def test_a_whole_translated_pactl_list_yields_only_the_sinks() -> None:
    text = (FIXTURES / "pactl/pulseaudio16_list_everything_de_1.txt").read_text()
    assert "Quelle #0" in text and "Modul #0" in text and "Client #" in text
    assert [d.id for d in parse_output("pactl", text)] == ["room", "headphones"]


def test_json_and_text_of_the_same_server_agree() -> None:
    text = parse_output(
        "pactl",
        (FIXTURES / "pactl/pulseaudio16_null_sinks_room_and_headphones_C_1.txt").read_text(),
    )
    js = parse_output(
        "pactl-json",
        (FIXTURES / "pactl/pulseaudio16_null_sinks_room_and_headphones_1.json").read_text(),
    )
    assert text == js


def test_default_sink_from_pactl_info_or_get_default_sink() -> None:
    info = (FIXTURES / "pactl/pulseaudio16_info_headphones_default_1.txt").read_text()
    name = (FIXTURES / "pactl/pulseaudio16_get_default_sink_headphones_1.txt").read_text()
    assert (
        linux_pactl.parse_default_sink(info) == linux_pactl.parse_default_sink(name) == "headphones"
    )
    listing = (FIXTURES / "pactl/pulseaudio16_null_sinks_room_and_headphones_C_1.txt").read_text()
    marked = parse_output("pactl", info + listing)
    assert [d.is_default for d in marked] == [False, True]
    js = (FIXTURES / "pactl/pulseaudio16_null_sinks_room_and_headphones_1.json").read_text()
    assert [d.is_default for d in linux_pactl.parse_json(js, "room")] == [True, False]
    assert linux_pactl.parse_default_sink("no default here\nat all") is None


# --- macOS ------------------------------------------------------------------------------------


def test_macos_lists_outputs_only_and_keeps_the_default_mark() -> None:
    devices = parse_output(
        "system_profiler",
        (FIXTURES / "macos_audio/spaudio_airpods_default_bluetooth_1.txt").read_text(),
    )
    assert [d.name for d in devices] == [
        "Studio Display Speakers",
        "MacBook Pro Speakers",
        "User's AirPods",
    ]
    assert [d.is_default for d in devices] == [False, False, True]
    assert devices[2].transport == "bluetooth" and devices[0].transport == "usb"


def test_wired_headphones_on_a_mac_are_built_in_transport() -> None:
    text = (
        "Audio:\n\n    Devices:\n\n        Built-in Output:\n\n          Default Output Device: Yes\n"
        "          Output Channels: 2\n          Transport: Built-in\n          Output Source: Headphones\n"
    )
    [device] = parse_output("system_profiler", text)
    assert (device.kind, device.transport, device.judged_by) == (
        "headphones",
        "builtin",
        "output source",
    )


def test_macos_json_nested_items_and_displayport() -> None:
    payload = {
        "SPAudioDataType": [
            {
                "_name": "coreaudio_device",
                "_items": [
                    {
                        "_name": "Devices",
                        "_items": [
                            {
                                "_name": "LG UltraFine",
                                "coreaudio_device_output": 2,
                                "coreaudio_default_audio_output_device": "spaudio_yes",
                                "coreaudio_device_transport": "coreaudio_device_type_displayport",
                                "coreaudio_output_source": "spaudio_default",
                            },
                            {"_name": "MacBook Air Microphone", "coreaudio_device_input": 1},
                        ],
                    }
                ],
            }
        ]
    }
    [device] = parse_output("system_profiler-json", json.dumps(payload))
    assert (device.kind, device.transport, device.is_default) == ("hdmi", "hdmi", True)


# --- Windows ----------------------------------------------------------------------------------


def test_pnp_table_keeps_render_endpoints_only() -> None:
    devices = parse_output(
        "get-pnpdevice",
        (
            FIXTURES / "windows_audio/get_pnpdevice_select_instanceid_render_and_capture_1.txt"
        ).read_text(),
    )
    assert [d.name for d in devices] == [
        "Speakers (DeskIn(R) Virtual Audio Device)",
        "Speakers (L80PRO)",
        "4 - AOC28E850.HDR (2- AMD High Definition Audio Device)",
        "Digital Audio (S/PDIF) (High Definition Audio Device)",
    ]
    assert [d.kind for d in devices] == ["speakers", "speakers", "hdmi", "unknown"]
    assert default_output(devices) is None  # four active outputs, none marked


def test_pnp_json_from_convertto_json() -> None:
    rows = [
        {
            "Status": "OK",
            "Class": "AudioEndpoint",
            "FriendlyName": "Kopfhörer (WH-1000XM4 Stereo)",
            "InstanceId": "SWD\\MMDEVAPI\\{0.0.0.00000000}.{A1}",
        },
        {
            "Status": "Unknown",
            "Class": "AudioEndpoint",
            "FriendlyName": "Lautsprecher (Realtek(R) Audio)",
            "InstanceId": "SWD\\MMDEVAPI\\{0.0.0.00000000}.{A2}",
        },
        {
            "Status": "OK",
            "Class": "AudioEndpoint",
            "FriendlyName": "Mikrofon (Realtek(R) Audio)",
            "InstanceId": "SWD\\MMDEVAPI\\{0.0.1.00000000}.{A3}",
        },
    ]
    devices = parse_output("get-pnpdevice", json.dumps(rows))
    assert [(d.kind, d.active) for d in devices] == [("headphones", True), ("speakers", False)]
    assert default_output(devices) == devices[0]  # the only one present
    single = parse_output("get-pnpdevice", json.dumps(rows[0]))
    assert len(single) == 1


def test_pnp_names_without_instance_ids_drop_microphones() -> None:
    text = (
        "\nStatus     Class           FriendlyName\n------     -----           ------------\n"
        "OK         AudioEndpoint   Microphone (Realtek(R) Audio)\n"
        "OK         AudioEndpoint   Headphones (Realtek(R) Audio)\n"
    )
    [device] = parse_output("get-pnpdevice", text)
    assert device.kind == "headphones"


@pytest.mark.parametrize(
    ("form_factor", "enumerator", "kind", "transport"),
    [
        (3, "USB", "headphones", "usb"),
        (5, "BTHHFENUM", "headset", "bluetooth"),
        (1, "BTHENUM", "speakers", "bluetooth"),
        (1, "HDAUDIO", "speakers", "builtin"),
        (9, "HDAUDIO", "hdmi", "hdmi"),
        (10, None, "unknown", "unknown"),
        (None, None, "unknown", "unknown"),
    ],
)
def test_core_audio_form_factor_decides(
    form_factor: int | None, enumerator: str | None, kind: str, transport: str
) -> None:
    device = from_endpoint("Lautsprecher/Kopfhörer (Realtek(R) Audio)", form_factor, enumerator)
    assert (device.kind, device.transport, device.is_default) == (kind, transport, True)


def test_core_audio_without_form_factor_falls_back_to_the_name() -> None:
    device = from_endpoint("Headphones (Bose QC35 II Stereo)", 10, "BTHENUM")
    assert (device.kind, device.transport, device.judged_by) == ("headphones", "bluetooth", "name")


def test_portaudio_names_the_default_among_pnp_endpoints() -> None:
    devices = parse_output(
        "get-pnpdevice",
        (
            FIXTURES / "windows_audio/get_pnpdevice_select_instanceid_render_and_capture_1.txt"
        ).read_text(),
    )
    marked = mark_default(devices, "Speakers (L80PRO)")
    assert default_output(marked) == marked[1] and marked[1].is_default
    assert mark_default(devices, "Speakers (") == devices  # two candidates: no guess
    truncated = mark_default(devices, "4 - AOC28E850.HDR (2- AMD High D")  # MME's 31 characters
    chosen = default_output(truncated)
    assert chosen is not None and chosen.kind == "hdmi"


# --- PortAudio --------------------------------------------------------------------------------


def test_sounddevice_listing_keeps_outputs_and_the_default_mark() -> None:
    devices = parse_output(
        "sounddevice", (FIXTURES / "sounddevice/windows_usb_headset_default_1.txt").read_text()
    )
    assert [d.id for d in devices] == ["3", "4", "5", "6"]
    assert [d.is_default for d in devices] == [False, True, False, False]


def test_sounddevice_query_without_a_default() -> None:
    devices = from_query(
        [{"name": "pulse", "max_output_channels": 32}, {"name": "Mic", "max_output_channels": 0}],
        -1,
    )
    assert [(d.name, d.kind, d.is_default) for d in devices] == [("pulse", "unknown", None)]


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Speakers/Headphones (Realtek(R) Audio)", "unknown"),
        ("Haut-parleur/Ecouteurs (Realtek(R) Audio)", "unknown"),
        ("Lautsprecher/Kopfhörer (Realtek(R) Audio)", "unknown"),
        ("Altavoces / Auriculares", "unknown"),
        ("Speaker/Headphone", "unknown"),
        ("Speaker/HP (Realtek(R) Audio)", "unknown"),
        ("Speakers (HP USB Audio)", "speakers"),
        ("Headphones (Realtek(R) Audio)", "headphones"),
        ("Kopfhörer (USB Audio Device)", "headphones"),
        ("Écouteurs (WH-1000XM4 Stereo)", "headphones"),
        ("Auriculares (Galaxy Buds2 Pro)", "headphones"),
        ("ヘッドホン (USB Audio)", "headphones"),
        ("耳机 (Realtek High Definition Audio)", "headphones"),
        ("Headset (Jabra Evolve2 65 Hands-Free AG Audio)", "headset"),
        ("Headset Earphone (Corsair HS45 ", "headset"),
        ("Speakers (Realtek High Definiti", "speakers"),
        ("Lautsprecher (Realtek(R) Audio)", "speakers"),
        ("Haut-parleurs (Realtek(R) Audio)", "speakers"),
        ("LG TV (NVIDIA High Definition Audio)", "hdmi"),
        ("DELL U2720Q (Intel(R) Display Audio)", "hdmi"),
        ("Microsoft Sound Mapper - Output", "unknown"),
        ("default", "unknown"),
        ("Null Output", "unknown"),
        ("Headphones-ish Speakerphone", "unknown"),
        # letters NFKD keeps whole (Polish ł, Nordic ø, Turkish ı), and marks of other scripts
        ("Słuchawki (Realtek(R) Audio)", "headphones"),
        ("Głośniki (Realtek(R) Audio)", "speakers"),
        ("Højttalere (Realtek(R) Audio)", "speakers"),
        ("Høyttalere (Realtek(R) Audio)", "speakers"),
        ("Kulaklık (Realtek(R) Audio)", "headphones"),
        ("Динаміки (Realtek(R) Audio)", "speakers"),
        ("หูฟัง (Realtek(R) Audio)", "headphones"),
        ("ลำโพง (Realtek(R) Audio)", "speakers"),
        ("ヘッドセット (USB Audio)", "headset"),
        ("Zestaw słuchawkowy (Jabra)", "headset"),
        ("Micro-casque (Logitech USB Headset)", "headset"),
        # the device in parentheses outweighs the kind the endpoint declares
        ("Speakers (Jabra EVOLVE 65)", "headset"),
        ("Speakers (Plantronics Blackwire 3220 Series)", "headset"),
        ("Speakers (2- Arctis 7 Game)", "headset"),
        ("Speakers (USB Headset)", "headset"),
        ("Speakers (Logitech G Pro X Gamin", "headset"),
        ("Headset (JBL Flip 5 Hands-Free AG Audio)", "speakers"),
        ("Lautsprecher/Kopfhörer (USB Headset)", "unknown"),
    ],
)
def test_names_as_the_last_resort(name: str, kind: str) -> None:
    assert kind_from_name(name) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        # scripts without spaces: the word right after (or before) a Latin model name
        ("USBヘッドホン", "headphones"),
        ("AirPods Pro耳機", "headphones"),
        ("Jabra Evolve2 65耳机", "headset"),
        ("Sony WH-1000XM4헤드폰", "headphones"),
        ("ลำโพงUSB", "speakers"),
        ("หูฟังBluetooth", "headphones"),
        ("USB헤드폰", "headphones"),
        ("小米蓝牙耳机Air2", "headphones"),
        ("Logitech G733耳麦", "headset"),
        ("게이밍헤드셋", "headset"),
        ("USBスピーカー", "speakers"),
        ("Edifier R1280T音箱", "speakers"),
        ("扬声器/耳机 (Realtek(R) Audio)", "unknown"),  # a combined jack, as in English
        # words written with spaces still stand alone
        ("HDTVtuner", "unknown"),
        ("Speakersystem 2000", "unknown"),
        ("Earphonesplitter", "unknown"),
    ],
)
def test_words_of_scripts_without_spaces_touch_latin_names(name: str, kind: str) -> None:
    assert kind_from_name(name) == kind


def test_every_word_of_the_data_file_is_read_by_its_script() -> None:
    from safe_session.probes.audio.names import is_unspaced, load_names_file

    lists = load_names_file()
    words = [*lists.headphones, *lists.headset, *lists.speakers, *lists.hdmi, *lists.inputs]
    unspaced = {w for w in words if is_unspaced(w)}
    assert {
        "耳机",
        "耳機",
        "ヘッドホン",
        "헤드폰",
        "หูฟัง",
        "ลำโพง",
        "스피커",
        "マイク(?!ロソフト)",
    } <= unspaced
    assert not unspaced & {"headphones?", "наушники", "ακουστικα", "אוזניות", "kopfhorer", "tv"}


@pytest.mark.parametrize(
    ("name", "transport"),
    [
        ("Headset (Jabra Hands-Free AG Audio)", "bluetooth"),
        ("AirPods", "bluetooth"),
        ("Headphones (USB Audio)", "usb"),
        ("MacBook Pro Speakers", "builtin"),
        ("Speakers (Realtek(R) Audio)", "unknown"),
        ("ลำโพงUSB", "usb"),
        ("USBヘッドホン", "usb"),
        ("AirPods Pro耳機", "bluetooth"),
    ],
)
def test_transport_from_names(name: str, transport: str) -> None:
    assert transport_from_name(name) == transport


# --- never raises -----------------------------------------------------------------------------

_FIXTURE_LINES = [
    line
    for d in ("pactl", "macos_audio", "windows_audio", "sounddevice")
    for p in sorted((FIXTURES / d).iterdir())
    for line in p.read_text(encoding="utf-8").splitlines()
]


@settings(max_examples=300, deadline=None)
@given(tool=st.sampled_from(sorted(CONTRACT_TOOLS)), text=st.text(max_size=400))
def test_parsers_never_raise_on_any_text(tool: str, text: str) -> None:
    for device in TOOLS[tool].parse(text):  # the parser itself, without parse_output's safety net
        assert isinstance(device, OutputDevice)


@settings(max_examples=300, deadline=None)
@given(
    tool=st.sampled_from(sorted(CONTRACT_TOOLS)),
    lines=st.lists(st.sampled_from(_FIXTURE_LINES), max_size=60),
    noise=st.text(max_size=40),
)
def test_parsers_never_raise_on_shuffled_real_lines(
    tool: str, lines: list[str], noise: str
) -> None:
    text = "\n".join([*lines, noise])
    devices = TOOLS[tool].parse(text)
    assert all(d.kind in ("headphones", "headset", "speakers", "hdmi", "unknown") for d in devices)
    default_output(devices)


@settings(max_examples=100, deadline=None)
@given(
    data=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "_name",
                        "_items",
                        "coreaudio_device_output",
                        "coreaudio_output_source",
                        "name",
                        "ports",
                        "properties",
                        "active_port",
                        "state",
                        "FriendlyName",
                        "InstanceId",
                        "coreaudio_default_audio_output_device",
                        "SPAudioDataType",
                        "type",
                        "availability",
                    ]
                ),
                inner,
                max_size=5,
            )
        ),
        max_leaves=20,
    )
)
def test_json_parsers_never_raise_on_odd_json(data: object) -> None:
    text = json.dumps(data)
    for tool in ("pactl-json", "system_profiler-json", "get-pnpdevice"):
        TOOLS[tool].parse(text)


def test_fixture_paths_are_relative_to_the_fixture_folder() -> None:
    assert (FIXTURES / "expected.json").is_file() and isinstance(FIXTURES, Path)


# Constructed from the real English output above (spaudio_external_headphones_default_pasted_3
# and spaudio_builtin_output_speakers_1), with the labels and values macOS translates.
FRENCH_SPEAKERS = """Audio :

    Périphériques :

        Microphone MacBook Pro :

          Périphérique d’entrée par défaut : Oui
          Canaux d’entrée : 1
          Transport : Intégré
          Source d’entrée : Microphone MacBook Pro

        Haut-parleurs MacBook Pro :

          Périphérique de sortie par défaut : Oui
          Périphérique de sortie système par défaut : Oui
          Canaux de sortie : 2
          Transport : Intégré
          Source de sortie : Haut-parleurs MacBook Pro
"""
GERMAN_HEADPHONES = """Audio:

    Geräte:

        MacBook Pro-Lautsprecher:

          Standardsystemausgabegerät: Ja
          Ausgangskanäle: 2
          Transport: Integriert
          Ausgangsquelle: MacBook Pro-Lautsprecher

        Externe Kopfhörer:

          Standardausgabegerät: Ja
          Ausgangskanäle: 2
          Transport: Integriert
          Ausgangsquelle: Externe Kopfhörer
"""


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (FRENCH_SPEAKERS, "Haut-parleurs MacBook Pro", "speakers"),
        (GERMAN_HEADPHONES, "Externe Kopfhörer", "headphones"),
    ],
)
def test_translated_system_profiler_text(text: str, name: str, kind: str) -> None:
    devices = parse_output("system_profiler", text)
    chosen = default_output(devices)
    assert chosen is not None and (chosen.name, chosen.kind, chosen.transport) == (
        name,
        kind,
        "builtin",
    )
    assert all("Micro" not in d.name for d in devices)  # inputs are left out


_TABBED_PACTL = sorted(
    p.name for p in (FIXTURES / "pactl").glob("*.txt") if "\t" in p.read_text(encoding="utf-8")
)


@pytest.mark.parametrize("name", _TABBED_PACTL)
@pytest.mark.parametrize(("spaces", "margin"), [(8, ""), (4, ""), (2, ""), (8, "    ")])
def test_pactl_pasted_with_spaces_reads_the_same(name: str, spaces: int, margin: str) -> None:
    """Built from each real tab-indented listing: forums and issue trackers turn pactl's tabs
    into spaces, and a pasted block may be indented as a whole."""
    text = (FIXTURES / "pactl" / name).read_text(encoding="utf-8")
    pasted = "\n".join(margin + line for line in text.replace("\t", " " * spaces).splitlines())
    assert parse_output("pactl", pasted) == parse_output("pactl", text)
    assert parse_output("pactl", text)


_SP_DE = """Audio:

    Geräte:

        MacBook Pro-Mikrofon:

          Standard-Eingabegerät: Ja
          Eingangskanäle: 1
          Transport: Integriert
          Eingangsquelle: MacBook Pro-Mikrofon

        Externe Kopfhörer:

          Standard-Ausgabegerät: Ja
          Standard-Systemausgabegerät: Ja
          Hersteller: Apple Inc.
          Ausgangskanäle: 2
          Transport: Integriert
          Ausgangsquelle: Externe Kopfhörer
"""
_SP_ES = """Audio:

    Dispositivos:

        Altavoces del MacBook Air:

          Dispositivo de salida por omisión: Sí
          Dispositivo de salida del sistema por omisión: Sí
          Canales de salida: 2
          Transporte: Integrado
          Fuente de salida: Altavoces del MacBook Air
"""
_SP_FR = """Audio :

    Périphériques :

        Haut-parleurs MacBook Pro :

          Canaux de sortie : 2
          Transport : Intégré
          Source de sortie : Haut-parleurs MacBook Pro

        AirPods Pro de Utilisateur :

          Périphérique de sortie par défaut : Oui
          Périphérique de sortie du système par défaut : Oui
          Canaux de sortie : 2
          Transport : Bluetooth
          Source de sortie : Par défaut
"""


@pytest.mark.parametrize(
    ("text", "name", "kind", "transport"),
    [
        (_SP_DE, "Externe Kopfhörer", "headphones", "builtin"),
        (_SP_ES, "Altavoces del MacBook Air", "speakers", "builtin"),
        (_SP_FR, "AirPods Pro de Utilisateur", "headphones", "bluetooth"),
    ],
)
def test_system_profiler_text_in_other_languages(
    text: str, name: str, kind: str, transport: str
) -> None:
    """Built on the real English layout with macOS's translated labels (space before the
    colon in French, "por omisión" in Spanish)."""
    chosen = default_output(parse_output("system_profiler", text))
    assert chosen is not None
    assert (chosen.name, chosen.kind, chosen.transport) == (name, kind, transport)


def test_pnp_format_list_blocks() -> None:
    """`Get-PnpDevice -Class AudioEndpoint | Format-List` prints one property a line; built
    from the table's real columns, in German."""
    text = (
        "\n\nStatus       : OK\nClass        : AudioEndpoint\n"
        "FriendlyName : Kopfhörer (Realtek(R) Audio)\n"
        "InstanceId   : SWD\\MMDEVAPI\\{0.0.0.00000000}.{5B2D6E7A}\n\n"
        "Status       : Unknown\nClass        : AudioEndpoint\n"
        "FriendlyName : Lautsprecher (Realtek(R) Audio)\n"
        "InstanceId   : SWD\\MMDEVAPI\\{0.0.0.00000000}.{6B2D6E7A}\n\n"
        "Status       : OK\nClass        : AudioEndpoint\n"
        "FriendlyName : Mikrofon (Realtek(R) Audio)\n"
        "InstanceId   : SWD\\MMDEVAPI\\{0.0.1.00000000}.{7B2D6E7A}\n\n"
    )
    devices = parse_output("get-pnpdevice", text)
    assert [(d.kind, d.active) for d in devices] == [("headphones", True), ("speakers", False)]
    chosen = default_output(devices)
    assert chosen is not None and chosen.private is True


def test_sounddevice_listing_indented_in_documentation() -> None:
    """Built from a real list: pasted into documentation, every line gains an indent."""
    text = (
        FIXTURES / "sounddevice/macos_speakers_default_background_music_gathered_4.txt"
    ).read_text(encoding="utf-8")
    indented = "\n".join("  " + line for line in text.splitlines())
    chosen = default_output(parse_output("sounddevice", indented))
    assert chosen is not None and (chosen.name, chosen.kind) == ("MacBook Pro Speakers", "speakers")


def test_pactl_default_sink_line_picks_the_bluetooth_headset() -> None:
    """The probe puts `pactl get-default-sink`'s answer in front of the real listing."""
    text = (FIXTURES / "pactl/pipewire_four_sinks_no_default_fragment_8.txt").read_text(
        encoding="utf-8"
    )
    devices = parse_output("pactl", "Default Sink: bluez_output.3C_B0_ED_50_8A_E6.1\n" + text)
    chosen = default_output(devices)
    assert chosen is not None
    assert (chosen.name, chosen.kind, chosen.transport) == (
        "Nothing Ear (open)",
        "headset",
        "bluetooth",
    )


_PACTL_DE_PORTS = """Ziel #0
\tStatus: RUNNING
\tName: alsa_output.pci-0000_00_1f.3.analog-stereo
\tBeschreibung: Eingebautes Tonsystem Analog Stereo
\tEigenschaften:
\t\tdevice.description = "Eingebautes Tonsystem Analog Stereo"
\t\tdevice.form_factor = "internal"
\tAnschlüsse:
\t\tspk: Lautsprecher (Typ: Lautsprecher, Priorität: 10000, Verfügbarkeit unbekannt)
\t\tjack: Kopfhörer (Typ: Kopfhörer, Priorität: 9900, {state})
\tAktiver Anschluss: {active}
"""


@pytest.mark.parametrize(
    ("active", "state", "kind", "running"),
    [
        ("spk", "nicht verfügbar", "speakers", True),
        ("jack", "verfügbar", "headphones", True),
        ("jack", "nicht verfügbar", "headphones", False),
    ],
)
def test_pactl_translated_port_types_and_availability(
    active: str, state: str, kind: str, running: bool
) -> None:
    """The real German layout with port names that say nothing: the translated port type
    ("Typ: Kopfhörer") and availability ("nicht verfügbar") decide."""
    text = _PACTL_DE_PORTS.format(active=active, state=state)
    [device] = parse_output("pactl", text)
    assert (device.name, device.kind, device.active) == (
        "Eingebautes Tonsystem Analog Stereo",
        kind,
        running,
    )


def test_pactl_json_with_the_default_from_get_default_sink() -> None:
    text = (
        FIXTURES / "pactl/pipewire_json_hdmi_usb_interface_running_spdif_trimmed_9.json"
    ).read_text(encoding="utf-8")
    devices = linux_pactl.parse_json(text, "alsa_output.pci-0000_01_00.1.hdmi-stereo")
    chosen = default_output(devices)
    assert chosen is not None and (chosen.kind, chosen.transport) == ("hdmi", "hdmi")
    assert chosen.private is False
    assert [d.active for d in devices] == [False, True, False]  # S/PDIF's port is unplugged


@pytest.mark.parametrize("path", sorted((FIXTURES / "pactl").glob("*.json")), ids=lambda p: p.name)
def test_marking_the_default_after_parsing_is_parsing_with_it(path: Path) -> None:
    """The probe parses with the table's parser, then marks the default sink it was told."""
    text = path.read_text(encoding="utf-8")
    for device in linux_pactl.parse_json(text):
        for default in (device.id or "", "no-such-sink"):
            marked = linux_pactl.with_default_sink(linux_pactl.parse_json(text), default)
            assert marked == linux_pactl.parse_json(text, default)
    assert linux_pactl.with_default_sink(linux_pactl.parse_json(text), None) == (
        linux_pactl.parse_json(text)
    )


# `pactl info`'s default-sink line as the same real server printed it in each language.
_DEFAULT_SINK_LINES = {
    "ru": "Аудиоприёмник по умолчанию: headphones",
    "pl": "Domyślny odpływ: headphones",
    "cs": "Výchozí cíl: headphones",
    "hu": "Alapértelmezett nyelő: headphones",
    "zh_CN": "默认音频入口：headphones",
    "ja": "デフォルトシンク: headphones",
    "es": "Destino por defecto: headphones",
    "uk": "Типовий приймач: headphones",
    "lt": "Numatytasis rinktuvas: headphones",
}


@pytest.mark.parametrize("lang", sorted(_DEFAULT_SINK_LINES))
def test_pactl_info_default_sink_line_in_every_language(lang: str) -> None:
    listing = (
        FIXTURES / f"pactl/pulseaudio16_null_sinks_room_and_headphones_{lang}_1.txt"
    ).read_text(encoding="utf-8")
    line = _DEFAULT_SINK_LINES[lang]
    assert linux_pactl.parse_default_sink(line + "\n") == "headphones"
    # the room is the default now: the translated line must decide, not the running state
    room_first = line.replace("headphones", "room") + "\n" + listing
    chosen = default_output(parse_output("pactl", room_first))
    assert chosen is not None and chosen.name == "Null Output" and chosen.private is None
    devices = parse_output("pactl", line + "\n" + listing)
    assert [d.is_default for d in devices] == [False, True]


@pytest.mark.parametrize(
    ("port", "kind"),
    [
        ("[Out] HDMI1", "hdmi"),
        ("[Out] Speaker", "speakers"),
        ("[Out] Headphones", "headphones"),
        ("analog-output-lineout", "unknown"),
    ],
)
def test_pactl_ucm_port_names(port: str, kind: str) -> None:
    """The layout of a real SOF laptop listing, with its UCM port names (typed "Unknown")."""
    text = (
        "Sink #1\n\tState: RUNNING\n"
        "\tName: alsa_output.pci-0000_00_1f.3-platform-skl_hda_dsp_generic.HiFi__hw_sofhdadsp__sink\n"
        "\tDescription: Tiger Lake-LP Smart Sound Technology Audio Controller\n"
        f"\tPorts:\n\t\t{port}: Output (type: Unknown, priority: 100, available)\n"
        f"\tActive Port: {port}\n"
    )
    [device] = parse_output("pactl", text)
    assert device.kind == kind


@pytest.mark.parametrize("tool", sorted(CONTRACT_TOOLS))
@pytest.mark.parametrize(
    "text",
    [
        "Sink #1\n" + ("\t" * 5000 + "a\n") * 3,
        "Sink #1\n\tPorts:\n\t\t" + ": (" * 5000,
        "< 1 " + ", " * 5000 + " (2 in, 2 out)",
        "  " * 5000 + "x",
        "\n".join(f"Sink #{i}" for i in range(3000)),
    ],
    ids=["tabs", "port-parens", "commas", "spaces", "headers"],
)
def test_long_hostile_lines_are_read_in_passing(tool: str, text: str) -> None:
    """Lines built to make backtracking patterns explode (a few thousand characters took
    minutes before); each parser must finish and return devices or nothing."""
    assert isinstance(parse_output(tool, text), list)


def test_json_and_text_handed_over_under_the_other_name_are_still_read() -> None:
    from safe_session.probes import audio

    root = Path(__file__).resolve().parent.parent / "fixtures"
    for folder, text_tool in (("pactl", "pactl"), ("macos_audio", "system_profiler")):
        for path in sorted((root / folder).glob("*.json"))[:3]:
            as_json = audio.parse_output(text_tool + "-json", path.read_text())
            assert as_json and audio.parse_output(text_tool, path.read_text()) == as_json, path
        for path in sorted((root / folder).glob("*.txt"))[:3]:
            as_text = audio.parse_output(text_tool, path.read_text())
            assert audio.parse_output(text_tool + "-json", path.read_text()) == as_text, path


@pytest.mark.parametrize(
    ("name", "is_input"),
    [
        ("マイク (Realtek(R) Audio)", True),
        ("ヘッドセット マイク (USB Audio)", True),
        ("マイクロソフト Surface Headphones", False),  # "Microsoft" begins with "マイク"
        ("マイクロソフト LifeChat マイク", True),
        ("Microphone (USB Audio)", True),
        ("Microsoft Surface Headphones", False),
    ],
)
def test_input_words_in_device_names(name: str, is_input: bool) -> None:
    from safe_session.probes.audio.names import is_input_name

    assert is_input_name(name) is is_input
