"""Where sound goes: the default output, and whether it is headphones, a headset or speakers.

`gather(ctx)` asks this system's tools, best first:
- Linux: `pactl -f json list sinks` + `pactl get-default-sink` (PulseAudio and PipeWire), else
  `pactl list sinks` + `pactl info` (`linux`);
- macOS: `system_profiler -json SPAudioDataType`, else its text form (`macos`);
- Windows: the default endpoint's form factor through Core Audio, else PowerShell's
  `Get-PnpDevice -Class AudioEndpoint` (with PortAudio naming the default) (`windows`);
- anywhere: PortAudio's device names, the last resort (`portaudio`).
"""

from __future__ import annotations

from pathlib import Path

from safe_session.probes.audio.model import HeadphonesFact
from safe_session.probes.audio.sound_server import SITUATION as REMOTE
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.sources import Missing

__all__ = ["HeadphonesFact", "gather", "no_sound_cards"]


def no_sound_cards(cards: Path = Path("/proc/asound/cards")) -> bool:
    """True when the Linux kernel lists no sound card at all (a server or a container); with
    no ALSA in the kernel, /proc/asound is missing altogether."""
    try:
        return cards.read_text(errors="replace").strip() in ("", "--- no soundcards ---")
    except FileNotFoundError:
        return (cards.parent.parent / "self").exists()  # /proc is there, ALSA is not
    except OSError:
        return False


def _ask_system(os_name: str, reasons: list[str]) -> HeadphonesFact | None:
    """This system's own tools (only its module is imported)."""
    if os_name == "linux":
        from safe_session.probes.audio import linux

        return linux.read(reasons)
    if os_name == "macos":
        from safe_session.probes.audio import macos

        return macos.read(reasons)
    if os_name == "windows":
        from safe_session.probes.audio import windows

        return windows.read(reasons)
    raise KeyError(os_name)


# What each system's own tools look at, for when they did not answer.
SYSTEM_SOURCE = {
    "linux": "the sound server's list of outputs",
    "macos": "macOS's list of sound devices",
    "windows": "Windows' list of sound devices",
}


def server_running() -> bool:
    """Whether a PulseAudio or PipeWire server is there (Linux)."""
    from safe_session.probes.audio import sound_server

    return sound_server.running(sound_server.find())


def gather(ctx: ProbeContext) -> HeadphonesFact:
    """Ask this system's tools, best first; PortAudio's names when none of them answers. The
    fallback's names do not say where the system sends sound (a sound server decides that on
    Linux), so when the system's own tools were there but did not answer, the fact says so."""
    reasons: list[str] = []
    try:
        fact = _ask_system(ctx.os_name, reasons)
        if fact is not None:
            return fact
    except Unavailable as exc:
        if exc.situation == REMOTE:
            raise  # PortAudio would reach the same server: nothing more is asked
        reasons.append(exc.reason)
    if ctx.os_name == "linux" and no_sound_cards():
        # PortAudio would find nothing either, after loading numpy and ALSA for it
        raise Unavailable("this computer has no sound card and no sound server", "no_output")
    from safe_session.probes.audio import portaudio

    try:
        fact = portaudio.read()
    except Unavailable as exc:
        reasons.append(exc.reason)
        raise Unavailable(
            "; ".join(dict.fromkeys(reasons)) or "no sound output was found", "no_output"
        ) from None
    if reasons and (ctx.os_name != "linux" or server_running()):
        said = "; ".join(dict.fromkeys(reasons))
        missing = (Missing(SYSTEM_SOURCE.get(ctx.os_name, "the system's list of outputs"), said),)
        return HeadphonesFact(fact.default, fact.outputs, fact.source, missing)
    return fact
