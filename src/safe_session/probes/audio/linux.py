"""Sound on Linux: PulseAudio and PipeWire (through pipewire-pulse) both answer `pactl`.

The table of `pactl`'s listings names its parsers (`linux_pactl`) by name, so they load only once
a sound server may answer: a computer without one never reads pactl's output. When PulseAudio
or PipeWire is not running, every form of a `pactl` command fails the same way; `unreachable`
tells that apart from other failures, so a probe asks once instead of trying each older form of
the command in turn.
"""

from __future__ import annotations

from safe_session.probes.audio import sound_server
from safe_session.probes.audio.model import HeadphonesFact, OutputDevice, fact_from
from safe_session.probes.base import Unavailable
from safe_session.probes.tools import ToolSpec, ToolTable

# pactl's words (the probes run it in the C locale) when it cannot reach a server at all:
# "Connection failure: Connection refused", "... Access denied", "... Timeout".
_NO_SERVER = "Connection failure:"
_C_LOCALE = {"LC_ALL": "C", "LANG": "C", "LANGUAGE": ""}

TOOLS = ToolTable[list[OutputDevice]](
    ToolSpec("pactl", ("pactl", "list", "sinks"), "audio.linux_pactl:parse_text", 4.0),
    ToolSpec(
        "pactl-json", ("pactl", "-f", "json", "list", "sinks"), "audio.linux_pactl:parse_json", 4.0
    ),
)
# Not listings: the default sink's name, alone or in the server's description.
DEFAULT_SINK = ToolSpec[str | None](
    "pactl-default-sink", ("pactl", "get-default-sink"), "audio.linux_pactl:parse_default_sink", 3.0
)
SERVER_INFO = ToolSpec[str | None](
    "pactl-info", ("pactl", "info"), "audio.linux_pactl:parse_default_sink", 3.0
)


def unreachable(exc: Unavailable) -> bool:
    """True when `pactl` failed because no sound server answered, not because of the command."""
    return exc.situation == "tool_failed" and _NO_SERVER in exc.reason


def read(reasons: list[str]) -> HeadphonesFact | None:
    """The sinks and the default one; None (with the reason kept) when no server answers.
    Raises the refusal when the sound server is reached over the network: it is not asked."""
    env = {**sound_server.local_server().tool_env(), **_C_LOCALE}
    answer: str | None = None
    try:
        answer = DEFAULT_SINK.run(env=env).stdout
    except Unavailable as exc:
        if exc.situation == "missing_tool":
            raise
        if unreachable(exc):  # no server: `pactl info` would fail the same way
            reasons.append(exc.reason)
            return None
    default = DEFAULT_SINK.parse(answer) if answer is not None else None
    if default is None:
        try:
            default = SERVER_INFO.read(env=env)
        except Unavailable as exc:
            reasons.append(exc.reason)
            return None  # no sound server answers: PortAudio is all that is left
    from safe_session.probes.audio.linux_pactl import with_default_sink

    listing = TOOLS["pactl-json"]
    try:
        devices = with_default_sink(listing.read(env=env), default)
        # pactl's JSON writer puts "(null)" in place of any text with a non-ASCII character
        # (PulseAudio 16: "Kopfhörer", "Haut-parleurs"...); the text listing keeps the names.
        if devices and not any(d.name == "(null)" for d in devices):
            return fact_from(devices, "pactl-json")
    except Unavailable as exc:
        reasons.append(exc.reason)  # pactl before 16 has no JSON; its text is next
    text_listing = TOOLS["pactl"]
    out = text_listing.run(env=env).stdout
    text = f"Default Sink: {default}\n{out}" if default else out
    return fact_from(text_listing.parse(text), "pactl")
