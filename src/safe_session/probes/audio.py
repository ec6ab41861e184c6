"""Where sound goes: the default output, and whether it is headphones, a headset or speakers.

`parse_output(tool, text)` is the contract's pure parser for every tool's output; `gather(ctx)`
asks this system's tools, best first:
- Linux: `pactl -f json list sinks` + `pactl get-default-sink` (PulseAudio and PipeWire), else
  `pactl list sinks` + `pactl info`;
- macOS: `system_profiler -json SPAudioDataType`, else its text form;
- Windows: the default endpoint's form factor through Core Audio, else PowerShell's
  `Get-PnpDevice -Class AudioEndpoint` (with PortAudio naming the default);
- anywhere: PortAudio's device names, the last resort.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import msgspec

from safe_session.probes import runner
from safe_session.probes.audio_model import (
    Kind,
    OutputDevice,
    Transport,
    default_output,
    mark_default,
)
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.parser_table import ParserTable
from safe_session.probes.sound_server import unreachable

__all__ = [
    "TOOLS",
    "HeadphonesFact",
    "Kind",
    "OutputDevice",
    "Transport",
    "default_output",
    "gather",
    "parse_output",
]

# the other systems' parsers are imported only when used (see parser_table)
TOOLS: Mapping[str, Callable[[str], list[OutputDevice]]] = ParserTable(
    {
        "pactl": "audio_pactl:parse_text",
        "pactl-json": "audio_pactl:parse_json",
        "system_profiler": "audio_macos:parse_text",
        "system_profiler-json": "audio_macos:parse_json",
        "sounddevice": "audio_sounddevice:parse_listing",
        "get-pnpdevice": "audio_windows:parse_get_pnpdevice",
        "get-audiodevice": "audio_windows:parse_get_audiodevice",
    }
)


def parse_output(tool: str, text: str) -> list[OutputDevice]:
    """The output devices in `tool`'s output. Unknown tools raise ValueError; text that is not
    what the tool prints gives an empty list or unknown readings, never an exception. Windows
    line ends and a byte-order mark are fine; bytes are read as UTF-8."""
    parser = TOOLS.get(tool)
    if parser is None:
        raise ValueError(f"unknown tool {tool!r}; expected one of {', '.join(TOOLS)}")
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str):
        return []
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    # The same tool's other form, handed over under this name: JSON where text was announced,
    # or the reverse. The output itself says which it is.
    other = _OTHER_FORM.get(tool)
    if other is not None and (text.lstrip()[:1] in ("{", "[")) != tool.endswith("-json"):
        parser = TOOLS[other]
    try:
        return parser(text)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return []  # a safety net only: the tests feed each parser odd text directly


_OTHER_FORM = {
    "pactl": "pactl-json",
    "pactl-json": "pactl",
    "system_profiler": "system_profiler-json",
    "system_profiler-json": "system_profiler",
}


class HeadphonesFact(msgspec.Struct, frozen=True):
    """The default output as the best available tool saw it, and what it was judged from."""

    default: OutputDevice | None
    outputs: tuple[OutputDevice, ...]
    source: str


def _fact(devices: list[OutputDevice], source: str) -> HeadphonesFact:
    return HeadphonesFact(default_output(devices), tuple(devices), source)


def no_sound_cards(cards: Path = Path("/proc/asound/cards")) -> bool:
    """True when the Linux kernel lists no sound card at all (a server or a container); with
    no ALSA in the kernel, /proc/asound is missing altogether."""
    try:
        return cards.read_text(errors="replace").strip() in ("", "--- no soundcards ---")
    except FileNotFoundError:
        return (cards.parent.parent / "self").exists()  # /proc is there, ALSA is not
    except OSError:
        return False


def gather(ctx: ProbeContext) -> HeadphonesFact:
    """Ask this system's tools, best first; PortAudio's names when none of them answers."""
    reasons: list[str] = []
    per_os = {"linux": _linux, "macos": _macos, "windows": _windows}[ctx.os_name]
    try:
        fact = per_os(reasons)
        if fact is not None:
            return fact
    except Unavailable as exc:
        reasons.append(exc.reason)
    if ctx.os_name == "linux" and no_sound_cards():
        # PortAudio would find nothing either, after loading numpy and ALSA for it
        raise Unavailable("this computer has no sound card and no sound server", "no_output")
    try:
        return _portaudio()
    except Unavailable as exc:
        reasons.append(exc.reason)
    raise Unavailable("; ".join(dict.fromkeys(reasons)) or "no sound output was found", "no_output")


_C_LOCALE = {"LC_ALL": "C", "LANG": "C", "LANGUAGE": ""}


def _linux(reasons: list[str]) -> HeadphonesFact | None:
    """PulseAudio or PipeWire (through pipewire-pulse): both answer `pactl`."""
    env = {**os.environ, **_C_LOCALE}
    answer: str | None = None
    try:
        answer = runner.run(["pactl", "get-default-sink"], timeout=3, env=env).stdout
    except Unavailable as exc:
        if exc.situation == "missing_tool":
            raise
        if unreachable(exc):  # no server: `pactl info` would fail the same way
            reasons.append(exc.reason)
            return None
    # pactl's parsers are loaded only once a sound server may answer: a computer without one,
    # like macOS and Windows, never reads pactl's output.
    from safe_session.probes import audio_pactl

    default = audio_pactl.parse_default_sink(answer) if answer is not None else None
    if default is None:
        try:
            info = runner.run(["pactl", "info"], timeout=3, env=env).stdout
            default = audio_pactl.parse_default_sink(info)
        except Unavailable as exc:
            reasons.append(exc.reason)
            return None  # no sound server answers: PortAudio is all that is left
    try:
        listing = runner.run(["pactl", "-f", "json", "list", "sinks"], timeout=4, env=env)
        devices = audio_pactl.parse_json(listing.stdout, default)
        # pactl's JSON writer puts "(null)" in place of any text with a non-ASCII character
        # (PulseAudio 16: "Kopfhörer", "Haut-parleurs"...); the text listing keeps the names.
        if devices and not any(d.name == "(null)" for d in devices):
            return _fact(devices, "pactl-json")
    except Unavailable as exc:
        reasons.append(exc.reason)  # pactl before 16 has no JSON; its text is next
    listing = runner.run(["pactl", "list", "sinks"], timeout=4, env=env)
    text = f"Default Sink: {default}\n{listing.stdout}" if default else listing.stdout
    return _fact(audio_pactl.parse_text(text), "pactl")


def _macos(reasons: list[str]) -> HeadphonesFact | None:
    from safe_session.probes import audio_macos

    try:
        out = runner.run(["system_profiler", "-json", "SPAudioDataType"], timeout=8)
        devices = audio_macos.parse_json(out.stdout)
        if devices:
            return _fact(devices, "system_profiler-json")
    except Unavailable as exc:
        if exc.situation == "missing_tool":
            raise
        reasons.append(exc.reason)  # macOS before 10.15 has no -json
    out = runner.run(["system_profiler", "SPAudioDataType"], timeout=8)
    return _fact(audio_macos.parse_text(out.stdout), "system_profiler")


# UTF-8 so translated endpoint names survive the console's code page.
_PNP_COMMAND = (
    "[Console]::OutputEncoding = [Text.Encoding]::UTF8; "
    "Get-PnpDevice -Class AudioEndpoint | "
    "Select-Object Status,Class,FriendlyName,InstanceId | ConvertTo-Json -Compress"
)


def _windows(reasons: list[str]) -> HeadphonesFact | None:
    from safe_session.probes import audio_coreaudio, audio_windows

    try:
        endpoint = audio_coreaudio.default_endpoint()
        device = audio_windows.from_endpoint(
            endpoint.name, endpoint.form_factor, endpoint.enumerator, endpoint_id=endpoint.id
        )
        return HeadphonesFact(device, (device,), "core-audio")
    except Unavailable as exc:
        if exc.situation == "no_output":
            raise
        reasons.append(exc.reason)
    except OSError as exc:
        reasons.append(f"Windows did not describe the sound output ({exc})")
    out = runner.run(
        ["powershell", "-NoProfile", "-NonInteractive", "-Command", _PNP_COMMAND], timeout=10
    )
    devices = audio_windows.parse_get_pnpdevice(out.stdout)
    try:
        devices = mark_default(devices, _portaudio_default_name())
    except Unavailable as exc:
        reasons.append(exc.reason)
    return _fact(devices, "get-pnpdevice")


def _portaudio_default_name() -> str | None:
    from safe_session.probes import soundcard  # PortAudio and numpy, only here

    with soundcard.portaudio() as sd:
        try:
            info = sd.query_devices(kind="output")
        except Exception:
            return None
        name = info.get("name") if isinstance(info, dict) else None
        return name if isinstance(name, str) else None


def _portaudio() -> HeadphonesFact:
    from safe_session.probes import (
        audio_sounddevice,
        soundcard,  # PortAudio and numpy, only here
    )

    with soundcard.portaudio() as sd:
        try:
            listing = list(sd.query_devices())
            default = sd.default.device[1]
        except Exception as exc:
            raise soundcard.explain(exc, "speakers") from None
    index = default if isinstance(default, int) else None
    return _fact(audio_sounddevice.from_query(listing, index), "sounddevice")
