"""The audio rules, their catalog entries, thresholds from profiles, and hostile device names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from safe_session import report
from safe_session.data import load_catalog
from safe_session.engine import Engine
from safe_session.model import Report, Status
from safe_session.plan import Policy, RunOptions, make_plan
from safe_session.probes.audio.ambient import AmbientFact
from safe_session.probes.audio.model import HeadphonesFact, OutputDevice
from safe_session.probes.audio.speaker_leak import LeakFact
from safe_session.probes.audio.voice import VoiceFact
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.profile import BUILTIN, load_profile
from safe_session.rules.audio import ambient_noise, headphones, noise_level, speaker_leak, voice
from safe_session.rules.base import Params
from safe_session.sound.speech import SpeechEvidence
from tests.hostile import FORBIDDEN_IN_TERMINAL, HOSTILE_STRINGS

QUIET = SpeechEvidence(0.4, 0.02, 0.0, -70.0, False)
TALKING = SpeechEvidence(0.85, 0.6, 0.8, -30.0, True)


def out(
    name: str = "Headphones",
    kind: Any = "headphones",
    transport: Any = "usb",
    default: bool | None = True,
) -> OutputDevice:
    return OutputDevice(name, default, True, kind, transport)


def room(rms: float = -60.0, speech: SpeechEvidence = QUIET, silence: bool = False) -> AmbientFact:
    return AmbientFact(rms, rms + 10, speech, 3.0, "Built-in Microphone", silence)


def leak(
    heard: float = -30.0, noise: float = -70.0, match: float = 40.0, silence: bool = False
) -> LeakFact:
    return LeakFact(-30.0, heard, noise, match, 0.05, "Microphone", "Speakers", silence)


# --- headphones -------------------------------------------------------------------------------


def test_headphones_pass_with_contract_details() -> None:
    device = out("Bose QC35 II", "headphones", "bluetooth")
    result = headphones(HeadphonesFact(device, (device,), "pactl-json"), Params())
    assert result.status is Status.PASS
    assert result.details["default_output"] == {
        "name": "Bose QC35 II",
        "kind": "headphones",
        "transport": "bluetooth",
    }
    assert result.details["source"] == "pactl-json"
    assert "Bose QC35 II" in result.summary and "Bluetooth" in result.summary


def test_a_headset_passes_too() -> None:
    device = out("Jabra", "headset")
    assert (
        headphones(HeadphonesFact(device, (device,), "core-audio"), Params()).status is Status.PASS
    )


@pytest.mark.parametrize("kind", ["speakers", "hdmi"])
def test_speakers_and_screens_warn_with_the_catalog_severity(kind: Any) -> None:
    device = out("MacBook Pro Speakers", kind, "builtin")
    fact = HeadphonesFact(device, (device,), "system_profiler-json")
    result = headphones(fact, Params())
    assert (result.status, result.situation) == (Status.WARN, "speakers")
    assert "out loud" in result.summary
    assert headphones(fact, Params(severity=Status.FAIL)).status is Status.FAIL


def test_an_ambiguous_output_is_unknown_not_headphones() -> None:
    device = out("Speakers/Headphones (Realtek(R) Audio)", "unknown", "unknown")
    result = headphones(HeadphonesFact(device, (device,), "get-pnpdevice"), Params())
    assert (result.status, result.situation) == (Status.UNKNOWN, "unknown")
    assert result.details["default_output"]["kind"] == "unknown"


def test_no_default_among_several_and_no_outputs_at_all() -> None:
    a, b = out("A", "speakers", default=None), out("B", "headphones", default=None)
    several = headphones(HeadphonesFact(None, (a, b), "get-pnpdevice"), Params())
    assert (several.status, several.situation) == (Status.UNKNOWN, "unknown")
    assert several.details["default_output"] is None and len(several.details["outputs"]) == 2
    none = headphones(HeadphonesFact(None, (), "sounddevice"), Params())
    assert (none.status, none.situation) == (Status.UNKNOWN, "no_output")


# --- ambient ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rms", "level"),
    [
        (-80.0, "quiet"),
        (-50.1, "quiet"),
        (-50.0, "some noise"),
        (-31.0, "some noise"),
        (-30.0, "noisy"),
        (-5.0, "noisy"),
    ],
)
def test_levels_by_the_default_thresholds(rms: float, level: str) -> None:
    assert noise_level(rms, -50.0, -30.0) == level
    result = ambient_noise(room(rms), Params({"quiet_dbfs": -50.0, "noisy_dbfs": -30.0}))
    assert result.details["level"] == level
    assert result.status is (Status.WARN if level == "noisy" else Status.PASS)


def test_ambient_details_as_the_contract_says() -> None:
    result = ambient_noise(room(-62.0), Params())
    assert {"rms_dbfs", "peak_dbfs", "speech_likely", "seconds", "device", "level"} <= set(
        result.details
    )
    assert result.details["speech_likely"] is False and result.details["seconds"] == 3.0
    assert result.summary == "The room is quiet, and no one seems to be talking nearby."


def test_voices_nearby_warn_even_in_a_quiet_room() -> None:
    result = ambient_noise(room(-55.0, TALKING), Params())
    assert (result.status, result.situation) == (Status.WARN, "speech")
    assert result.details["speech_likely"] is True


def test_swapped_thresholds_from_a_profile_still_make_sense() -> None:
    result = ambient_noise(room(-40.0), Params({"quiet_dbfs": -30.0, "noisy_dbfs": -50.0}))
    assert result.details["level"] == "some noise"


def mic(signal_rms: float, signal_peak: float, rms: float | None = None) -> AmbientFact:
    """A room measured with the level of what changed in it (its mean removed)."""
    level = signal_rms if rms is None else rms
    return AmbientFact(
        level, level + 10, QUIET, 3.0, "Built-in Microphone", False, signal_rms, signal_peak
    )


@pytest.mark.parametrize("os_name", ["linux", "macos", "windows"])
def test_digital_silence_is_a_caution_we_heard_nothing(os_name: Any) -> None:
    result = ambient_noise(room(-120.0, silence=True), Params(os_name=os_name))
    assert (result.status, result.situation) == (Status.WARN, "silent_mic")
    assert result.summary.startswith("We heard nothing: your therapist may not hear you either.")
    assert result.details["mic_level"] == "silent"
    refused = "may not let safe-session use it" in result.summary
    assert refused is (os_name != "linux")  # there, a refused microphone sends zeros too


@pytest.mark.parametrize(
    ("signal_rms", "signal_peak", "rms", "expected"),
    [
        (-95.0, -88.0, None, "silent"),  # the last bit flickering: a dead input
        (-110.0, -104.0, -20.0, "silent"),  # a large constant offset, and nothing changing
        (-81.0, -70.5, None, "silent"),  # flat: peaks never 12 dB above the floor
        (-84.0, -55.0, None, "too_low"),  # something was there, far too faint for a voice
        (-79.0, -70.0, None, "ok"),  # a very quiet room, but a working microphone
        (-62.0, -50.0, None, "ok"),
    ],
)
def test_a_flat_or_faint_microphone_is_not_ok(
    signal_rms: float, signal_peak: float, rms: float | None, expected: str
) -> None:
    result = ambient_noise(mic(signal_rms, signal_peak, rms), Params())
    assert result.details["mic_level"] == expected
    situation = {"silent": "silent_mic", "too_low": "quiet_mic", "ok": "default"}[expected]
    assert result.situation == situation
    assert result.status is (Status.PASS if expected == "ok" else Status.WARN)
    if expected == "too_low":
        assert "your voice could be lost" in result.summary


def test_the_floor_comes_from_the_catalog_params() -> None:
    fact = mic(-75.0, -50.0)
    assert ambient_noise(fact, Params()).details["mic_level"] == "ok"
    strict = ambient_noise(fact, Params({"silent_dbfs": -70.0}))
    assert (strict.details["mic_level"], strict.details["silent_dbfs"]) == ("too_low", -70.0)


def test_voices_heard_mean_the_microphone_works() -> None:
    talking = AmbientFact(-84.0, -60.0, TALKING, 3.0, "Mic", False, -84.0, -60.0)
    assert ambient_noise(talking, Params()).situation == "speech"


# --- speaker leak -----------------------------------------------------------------------------


def test_a_clearly_heard_tone_is_a_leak() -> None:
    result = speaker_leak(leak(), Params())
    assert (result.status, result.situation) == (Status.WARN, "leak")
    assert result.details["leak"] is True and result.details["tone_dbfs_heard"] == -30.0


def test_a_tone_not_heard_or_heard_faintly_is_no_leak() -> None:
    faint = speaker_leak(leak(-62.0, -65.0, 30.0), Params())
    assert (faint.status, faint.details["leak"]) == (Status.PASS, False)
    coincidence = speaker_leak(leak(-30.0, -70.0, 12.0), Params())  # loud, but not our chirp
    assert coincidence.details["leak"] is False


def test_leak_thresholds_come_from_the_params() -> None:
    fact = leak(-50.0, -60.0, 30.0)
    assert speaker_leak(fact, Params({"margin_db": 6.0})).details["leak"] is True
    assert speaker_leak(fact, Params({"margin_db": 15.0})).details["leak"] is False


@pytest.mark.parametrize("os_name", ["linux", "macos", "windows"])
def test_leak_test_with_a_microphone_that_hears_nothing_is_unknown_never_a_pass(
    os_name: Any,
) -> None:
    """A deaf microphone "does not hear" any tone: no evidence that the speakers are quiet."""
    result = speaker_leak(leak(-120.0, -120.0, 0.0, silence=True), Params(os_name=os_name))
    assert (result.status, result.situation, result.details["leak"]) == (
        Status.UNKNOWN,
        "silent_mic",
        None,
    )
    flat = LeakFact(-30.0, -120.0, -120.0, 3.0, 0.0, "Mic", "Speakers", False, -96.0, -90.0)
    assert speaker_leak(flat, Params(os_name=os_name)).status is Status.UNKNOWN


# --- the "say something" step ----------------------------------------------------------------


def heard(
    voice_heard: bool, signal_rms: float, signal_peak: float, zeros: bool = False
) -> VoiceFact:
    return VoiceFact(
        voice_heard,
        2.0 if voice_heard else 8.0,
        signal_rms,
        signal_peak,
        signal_rms,
        signal_peak,
        zeros,
        TALKING if voice_heard else QUIET,
        "Headset Microphone",
    )


@pytest.mark.parametrize(
    ("fact", "status", "situation", "words"),
    [
        (heard(True, -30.0, -10.0), Status.PASS, "default", "We heard you: your microphone works."),
        (heard(False, -120.0, -120.0, zeros=True), Status.WARN, "silent_mic", "heard nothing"),
        (heard(False, -96.0, -90.0), Status.WARN, "silent_mic", "heard nothing"),
        (heard(False, -85.0, -50.0), Status.WARN, "quiet_mic", "your voice is lost"),
        (heard(False, -60.0, -45.0), Status.WARN, "not_heard", "hears the room, but no voice"),
    ],
)
def test_say_something_passes_only_when_a_voice_was_heard(
    fact: VoiceFact, status: Status, situation: str, words: str
) -> None:
    result = voice(fact, Params())
    assert (result.status, result.situation) == (status, situation)
    assert words in result.summary
    assert result.details["heard"] is fact.heard and result.details["seconds"] == fact.seconds


@pytest.mark.parametrize("rule", [headphones, ambient_noise, speaker_leak, voice])
def test_wrong_fact_type_raises(rule: Any) -> None:
    with pytest.raises(TypeError):
        rule("garbage", Params())


# --- catalog and selection --------------------------------------------------------------------

SITUATIONS = {
    "audio.headphones": ["speakers", "unknown", "no_output", "not_heard"],
    "audio.ambient_noise": [
        "speech",
        "noisy",
        "silent_mic",
        "quiet_mic",
        "not_heard",
        "permission",
        "no_microphone",
        "device_busy",
        "no_portaudio",
    ],
    "audio.speaker_leak": [
        "leak",
        "silent_mic",
        "permission",
        "no_microphone",
        "no_output",
        "device_busy",
        "no_portaudio",
    ],
}


def test_catalog_declares_the_three_checks() -> None:
    catalog = load_catalog()
    phones, ambient, leak_spec = (catalog.get(i) for i in SITUATIONS)
    assert phones and ambient and leak_spec
    assert (phones.audio, ambient.audio, leak_spec.audio) == (False, True, True)
    assert leak_spec.opt_in == "acoustic_test" and ambient.opt_in is None
    assert ambient.params == {"quiet_dbfs": -50.0, "noisy_dbfs": -30.0, "silent_dbfs": -80.0}


@pytest.mark.parametrize("check_id", list(SITUATIONS))
@pytest.mark.parametrize("os_name", ["linux", "macos", "windows"])
def test_every_situation_has_advice_for_every_system(check_id: str, os_name: Any) -> None:
    spec = load_catalog().get(check_id)
    assert spec is not None
    for situation in SITUATIONS[check_id]:
        assert situation in spec.advice, (check_id, situation)
        assert spec.advice_for(situation, os_name), (check_id, situation, os_name)


def test_permission_advice_names_the_place_on_each_system() -> None:
    spec = load_catalog().get("audio.ambient_noise")
    assert spec is not None
    assert "Privacy & Security > Microphone" in " ".join(spec.advice_for("permission", "macos"))
    assert "Privacy & security > Microphone" in " ".join(spec.advice_for("permission", "windows"))
    assert "libportaudio2" in " ".join(spec.advice_for("no_portaudio", "linux"))


def test_a_test_sound_not_heard_says_where_to_choose_the_headphones() -> None:
    spec = load_catalog().get("audio.headphones")
    assert spec is not None
    places = {
        "linux": "Settings > Sound > Output",
        "macos": "System Settings > Sound > Output",
        "windows": "Select a sound output",
    }
    for os_name, where in places.items():
        steps = " ".join(spec.advice_for("not_heard", os_name))  # type: ignore[arg-type]
        assert "may be going to the speakers" in steps and where in steps, (os_name, steps)


def test_a_silent_microphone_gets_each_systems_fix() -> None:
    spec = load_catalog().get("audio.ambient_noise")
    assert spec is not None
    places = {
        "linux": ("Settings > Sound > Input", "pavucontrol"),
        "macos": ("System Settings > Sound > Input", "Privacy & Security > Microphone"),
        "windows": ("Settings > System > Sound > Input", "Privacy & security > Microphone"),
    }
    for os_name, where in places.items():
        steps = " ".join(spec.advice_for("silent_mic", os_name))  # type: ignore[arg-type]
        assert "Unmute" in steps and "headset" in steps, steps
        assert all(place in steps for place in where), (os_name, steps)
        assert "input volume" in " ".join(spec.advice_for("quiet_mic", os_name))  # type: ignore[arg-type]


def test_no_audio_skips_listening_and_the_tone_is_opt_in() -> None:
    def select(**kw: bool) -> tuple[list[str], list[str]]:
        options = RunOptions(profile=BUILTIN, os_name="linux", only=("audio",), **kw)
        plan = make_plan(options, load_catalog())
        return [s.id for s in plan.to_run()], [r.id for r in plan.skipped()]

    run, skipped = select()
    assert run == ["audio.headphones", "audio.ambient_noise"]
    assert skipped == ["audio.speaker_leak"]
    run, _ = select(no_audio=True, acoustic_test=True)
    assert run == ["audio.headphones"]
    run, _ = select(acoustic_test=True)
    assert run == [
        "audio.headphones",
        "audio.ambient_noise",
        "audio.speaker_leak",
    ]


def test_the_plan_says_when_the_tone_test_only_waits_to_be_asked_for() -> None:
    def leak_row(**kw: Any) -> tuple[bool, bool, str | None]:
        plan = make_plan(RunOptions(profile=BUILTIN, os_name="linux", **kw), load_catalog())
        row = plan.get("audio.speaker_leak")
        assert row is not None
        return plan.sound, row.waits_to_be_asked, row.skipped

    sound, waits, skipped = leak_row()
    assert sound and waits and skipped and "only when asked for" in skipped
    assert leak_row(acoustic_test=True) == (True, False, None)
    assert leak_row(skip=("audio.speaker_leak",))[1:] == (
        False,
        "Not checked: left out with --skip.",
    )
    sound, waits, skipped = leak_row(no_audio=True)
    assert (sound, waits) == (False, False) and skipped and "--no-audio" in skipped


def test_profile_thresholds_reach_the_rule(tmp_path: Path) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text(
        "[thresholds]\nnoise_quiet_dbfs = -70.0\nnoise_noisy_dbfs = -55.0\n", encoding="utf-8"
    )
    ctx, policy = ProbeContext(), Policy(load_profile(path))
    spec = load_catalog().get("audio.ambient_noise")
    assert spec is not None
    [result] = Engine(ctx, policy, probes={"audio.ambient": lambda _: room(-60.0)}).run([spec])
    assert (result.details["level"], result.details["quiet_dbfs"]) == ("some noise", -70.0)
    [loud] = Engine(ctx, policy, probes={"audio.ambient": lambda _: room(-50.0)}).run([spec])
    assert (loud.status, loud.details["level"]) == (Status.WARN, "noisy")


@pytest.mark.parametrize("situation", ["no_portaudio", "no_microphone", "permission"])
def test_probe_failures_become_unknown_with_that_systems_fix(situation: str) -> None:
    spec = load_catalog().get("audio.ambient_noise")
    assert spec is not None

    def failing(_: ProbeContext) -> AmbientFact:
        raise Unavailable("could not listen", situation)

    for os_name in ("linux", "macos", "windows"):
        [result] = Engine(ProbeContext(os_name=os_name), probes={"audio.ambient": failing}).run(
            [spec]
        )  # type: ignore[arg-type]
        assert result.status is Status.UNKNOWN
        assert result.advice == spec.advice_for(situation, os_name)  # type: ignore[arg-type]


@pytest.mark.parametrize("hostile", HOSTILE_STRINGS)
def test_hostile_device_names_stay_data(hostile: str) -> None:
    device = out(hostile, "speakers", "usb")
    phones = load_catalog().get("audio.headphones")
    ambient = load_catalog().get("audio.ambient_noise")
    assert phones and ambient
    fact = AmbientFact(-60.0, -50.0, QUIET, 3.0, hostile, False)
    results = Engine(
        ProbeContext(),
        probes={
            "audio.output": lambda _: HeadphonesFact(device, (device,), "sounddevice"),
            "audio.ambient": lambda _: fact,
        },
    ).run([phones, ambient])
    assert results[0].details["default_output"]["name"] == hostile
    assert results[1].details["device"] == hostile
    text = report.to_plain(
        Report("before", "t0", "t1", "linux", "6", {"name": "Built-in"}, tuple(results), "0")
    )
    for forbidden in FORBIDDEN_IN_TERMINAL:
        assert forbidden not in text
    assert report.to_json(
        Report("before", "t0", "t1", "linux", "6", {"name": "B"}, tuple(results), "0")
    ).isascii()
