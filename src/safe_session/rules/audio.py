"""Judging sound: headphones, the room's noise and voices, speakers others could hear, and
whether the microphone heard the person's own voice (the "say something" step)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from safe_session.model import Outcome, Status
from safe_session.probes.audio.model import HeadphonesFact, OutputDevice
from safe_session.probes.sources import unseen
from safe_session.rules.base import Params

if TYPE_CHECKING:  # the listening probes bring numpy: imported only when they ran
    from safe_session.probes.audio.ambient import AmbientFact
    from safe_session.probes.audio.speaker_leak import LeakFact
    from safe_session.probes.audio.voice import VoiceFact

KIND_WORDS = {
    "headphones": "headphones",
    "headset": "a headset",
    "speakers": "speakers",
    "hdmi": "a screen or TV",
    "unknown": "an output this computer does not describe",
}
TRANSPORT_WORDS = {
    "bluetooth": "Bluetooth",
    "usb": "USB",
    "builtin": "built in",
    "hdmi": "HDMI or DisplayPort",
    "unknown": "",
}
# On these systems a microphone that safe-session may not use delivers pure digital silence.
SILENT_WHEN_REFUSED = ("macos", "windows")
# Below this level (RMS of what changes in the sound) a microphone hears next to nothing: a real
# one picks up its own hiss and the room well above it. The catalog's `silent_dbfs` overrides it.
SILENT_DBFS = -80.0
# A signal whose peaks never rise this far above that floor is flat: nothing but a constant or
# the last bit flickering. One with louder moments heard something, only far too faintly.
FLAT_DB = 12.0
MicLevel = Literal["silent", "too_low", "ok"]


def _device_json(device: OutputDevice) -> dict[str, Any]:
    return {"name": device.name, "kind": device.kind, "transport": device.transport}


def _describe(device: OutputDevice) -> str:
    how = TRANSPORT_WORDS[device.transport]
    return f"{KIND_WORDS[device.kind]}, {how}" if how else KIND_WORDS[device.kind]


def headphones(fact: HeadphonesFact, params: Params) -> Outcome:
    if not isinstance(fact, HeadphonesFact):
        raise TypeError("expected the sound outputs")
    device = fact.default
    details: dict[str, Any] = {
        "default_output": _device_json(device) if device else None,
        "source": fact.source,
        "judged_by": device.judged_by if device else None,
        "outputs": [
            {**_device_json(d), "is_default": d.is_default, "active": d.active}
            for d in fact.outputs
        ],
        "sources_missing": [m.to_json() for m in fact.missing],
    }
    unseen_note = f" Also, {unseen(fact.missing)}." if fact.missing else ""
    if device is None:
        if not fact.outputs:
            return Outcome(
                Status.UNKNOWN, "No sound output was found on this computer.", details, "no_output"
            )
        return Outcome(
            Status.UNKNOWN,
            "There are several sound outputs and this computer did not say which one is in use.",
            details,
            "unknown",
        )
    if device.private is True and fact.missing:
        return Outcome(
            Status.UNKNOWN,
            f"Sound seems to go to {device.name} ({_describe(device)}), but that is only what "
            f"the sound library shows: {unseen(fact.missing)}, so where sound really goes "
            "could not be confirmed.",
            details,
            "unknown",
        )
    if device.private is True:
        return Outcome(Status.PASS, f"Sound goes to {device.name} ({_describe(device)}).", details)
    if device.private is False:
        return Outcome(
            params.severity,
            f"Sound goes to {device.name} ({_describe(device)}), which plays out loud: "
            "people nearby could hear your therapist." + unseen_note,
            details,
            "speakers",
        )
    return Outcome(
        Status.UNKNOWN,
        f"Sound goes to {device.name}, and this computer does not say whether that is "
        "headphones or speakers." + unseen_note,
        details,
        "unknown",
    )


def noise_level(rms_dbfs: float, quiet_dbfs: float, noisy_dbfs: float) -> str:
    """ "quiet", "some noise" or "noisy", by the catalog's (or the profile's) thresholds."""
    if rms_dbfs < quiet_dbfs:
        return "quiet"
    if rms_dbfs >= noisy_dbfs:
        return "noisy"
    return "some noise"


def mic_level(
    digital_silence: bool,
    signal_rms_dbfs: float | None,
    signal_peak_dbfs: float | None,
    silent_dbfs: float = SILENT_DBFS,
) -> MicLevel:
    """Whether the microphone heard anything: "silent" (all zeros, or a flat signal below the
    floor: muted, dead or the wrong input), "too_low" (below the floor, but with louder
    moments: a voice would be lost) or "ok". Without the signal's level, only zeros count."""
    if digital_silence:
        return "silent"
    if signal_rms_dbfs is None or signal_rms_dbfs >= silent_dbfs:
        return "ok"
    if signal_peak_dbfs is None or signal_peak_dbfs < silent_dbfs + FLAT_DB:
        return "silent"
    return "too_low"


def _heard_nothing(os_name: str) -> str:
    maybe = (
        " Or this computer may not let safe-session use it."
        if os_name in SILENT_WHEN_REFUSED
        else ""
    )
    return (
        "We heard nothing: your therapist may not hear you either. The microphone may be "
        "muted, switched off or not the one you speak into." + maybe
    )


def ambient_noise(fact: AmbientFact, params: Params) -> Outcome:
    from safe_session.probes.audio.ambient import AmbientFact

    if not isinstance(fact, AmbientFact):
        raise TypeError("expected a measurement of the room")
    quiet = params.number("quiet_dbfs", -50.0)
    noisy = params.number("noisy_dbfs", -30.0)
    if noisy < quiet:  # a profile that swapped them: keep the order that makes sense
        quiet, noisy = noisy, quiet
    level = noise_level(fact.rms_dbfs, quiet, noisy)
    silent_dbfs = params.number("silent_dbfs", SILENT_DBFS)
    mic = mic_level(fact.digital_silence, fact.signal_rms_dbfs, fact.signal_peak_dbfs, silent_dbfs)
    details: dict[str, Any] = {
        "rms_dbfs": fact.rms_dbfs,
        "peak_dbfs": fact.peak_dbfs,
        "speech_likely": fact.speech.likely,
        "seconds": fact.seconds,
        "device": fact.device,
        "level": level,
        "quiet_dbfs": quiet,
        "noisy_dbfs": noisy,
        "digital_silence": fact.digital_silence,
        "signal_rms_dbfs": fact.signal_rms_dbfs,
        "mic_level": mic,
        "silent_dbfs": silent_dbfs,
        "speech": {
            "band_ratio": fact.speech.band_ratio,
            "modulation": fact.speech.modulation,
            "voiced": fact.speech.voiced,
        },
    }
    if mic == "silent":  # a microphone that hears nothing cannot vouch for a quiet room
        return Outcome(Status.WARN, _heard_nothing(params.os_name), details, "silent_mic")
    if fact.speech.likely:
        return Outcome(
            params.severity,
            "It sounds like someone is talking nearby (or a TV or radio is on). If you can "
            "hear them, they may be able to hear you.",
            details,
            "speech",
        )
    if level == "noisy":
        return Outcome(
            params.severity,
            "The room is noisy. Over noise people tend to speak louder, which carries further.",
            details,
            "noisy",
        )
    if mic == "too_low":
        return Outcome(
            Status.WARN,
            "We heard almost nothing: the microphone is turned so low that your voice could be "
            "lost. It may be turned down, or not the one you speak into.",
            details,
            "quiet_mic",
        )
    room = "The room is quiet" if level == "quiet" else "There is some background noise"
    return Outcome(Status.PASS, f"{room}, and no one seems to be talking nearby.", details)


def speaker_leak(fact: LeakFact, params: Params) -> Outcome:
    from safe_session.probes.audio.speaker_leak import LeakFact

    if not isinstance(fact, LeakFact):
        raise TypeError("expected the result of the speaker test")
    margin = params.number("margin_db", 6.0)
    min_match = params.number("min_match_db", 20.0)
    heard = fact.match_snr_db >= min_match
    above_room = fact.tone_dbfs_heard - fact.noise_dbfs
    leak = heard and above_room >= margin
    details: dict[str, Any] = {
        "tone_dbfs_heard": fact.tone_dbfs_heard,
        "leak": leak,
        "tone_dbfs_played": fact.tone_dbfs_played,
        "noise_dbfs": fact.noise_dbfs,
        "above_room_db": round(above_room, 1),
        "match_snr_db": fact.match_snr_db,
        "delay_seconds": fact.delay_seconds,
        "output_device": fact.output_device,
        "input_device": fact.input_device,
    }
    silent_dbfs = params.number("silent_dbfs", SILENT_DBFS)
    mic = mic_level(fact.digital_silence, fact.signal_rms_dbfs, fact.signal_peak_dbfs, silent_dbfs)
    details["mic_level"] = mic
    if mic == "silent":  # a deaf microphone would "not hear" any tone: that is no pass
        details["leak"] = None
        refused = params.os_name in SILENT_WHEN_REFUSED
        return Outcome(
            Status.UNKNOWN,
            "The microphone heard nothing at all, so the test tone could not be listened for. "
            + (
                "It may be muted, or this computer does not let safe-session use it."
                if refused
                else "It may be muted, or not the one you speak into."
            ),
            details,
            "silent_mic",
        )
    if leak:
        return Outcome(
            params.severity,
            "The microphone clearly heard the test tone from your speakers, so people near you "
            "could hear your therapist too.",
            details,
            "leak",
        )
    if heard:
        return Outcome(
            Status.PASS,
            "The test tone was only faintly audible over the room's own sound at the current "
            "volume.",
            details,
        )
    return Outcome(
        Status.PASS,
        "The microphone did not hear the test tone: at the current volume your sound does "
        "not seem to carry into the room.",
        details,
    )


def voice(fact: VoiceFact, params: Params) -> Outcome:
    """The "say something" step: a pass once a voice was heard; otherwise why not, with the
    situation whose advice (the room check's, in the catalog) says what to do."""
    from safe_session.probes.audio.voice import VoiceFact

    if not isinstance(fact, VoiceFact):
        raise TypeError("expected what the microphone heard")
    mic = mic_level(
        fact.digital_silence,
        fact.signal_rms_dbfs,
        fact.signal_peak_dbfs,
        params.number("silent_dbfs", SILENT_DBFS),
    )
    details: dict[str, Any] = {
        "heard": fact.heard,
        "mic_level": mic,
        "seconds": fact.seconds,
        "rms_dbfs": fact.rms_dbfs,
        "peak_dbfs": fact.peak_dbfs,
        "device": fact.device,
    }
    if fact.heard:
        return Outcome(Status.PASS, "We heard you: your microphone works.", details)
    if mic == "silent":
        return Outcome(
            Status.WARN,
            "We did not hear you: the microphone heard nothing at all, so your therapist "
            "may not hear you either.",
            details,
            "silent_mic",
        )
    if mic == "too_low":
        return Outcome(
            Status.WARN,
            "We did not hear you: the microphone is turned so low that your voice is lost.",
            details,
            "quiet_mic",
        )
    return Outcome(
        Status.WARN,
        "We did not hear you. The microphone hears the room, but no voice.",
        details,
        "not_heard",
    )
