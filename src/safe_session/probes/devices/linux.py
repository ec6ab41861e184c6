"""Microphone and camera users on Linux: open handles on sound capture devices
(`/dev/snd/pcmC*D*c`) and cameras (`/dev/video*`) in `/proc/*/fd`, and the recording streams of
the PulseAudio or PipeWire sound server (its table of `pactl` listings below).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import msgspec

from safe_session import system_tools
from safe_session.probes.audio import sound_server
from safe_session.probes.audio.linux import unreachable
from safe_session.probes.base import Unavailable
from safe_session.probes.devices.model import DevicesFact, DeviceUser
from safe_session.probes.sources import Missing
from safe_session.probes.tools import ToolSpec, ToolTable

CAPTURE_DEVICE = re.compile(r"^/dev/snd/pcmC(\d+)D(\d+)c$")
CAMERA_DEVICE = re.compile(r"^/dev/video\d+$")
SOUND_SERVERS = frozenset(
    {"pulseaudio", "pipewire", "pipewire-pulse", "wireplumber", "jackd", "jackdbus"}
)
JACK = frozenset({"jackd", "jackdbus"})
STREAMS = "the sound server's recording streams"
JACK_CLIENTS = "the apps recording through the JACK sound server"
PACTL_TIMEOUT = 3.0
_PEAK_METERS = {"Peak detect"}  # volume meters (pavucontrol and others) record nothing


# ---------------------------------------------------------------- pure parsers


def device_kind(target: str) -> str | None:
    """What an open file's target is: "microphone", "camera" or None."""
    if not target.startswith(("/dev/snd/", "/dev/video")):
        return None  # most open files: sockets, pipes, ordinary files
    if CAPTURE_DEVICE.match(target):
        return "microphone"
    if CAMERA_DEVICE.match(target):
        return "camera"
    return None


def parse_sources_short(text: str) -> dict[int, str]:
    """`pactl -f json list short sources` (JSON) or `pactl list short sources` (tab-separated)."""
    names: dict[int, str] = {}
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except (ValueError, RecursionError):
            return names
        for item in data if isinstance(data, list) else []:
            if isinstance(item, dict) and isinstance(item.get("index"), int):
                name = item.get("name")
                if isinstance(name, str):
                    names[item["index"]] = name
        return names
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].strip().isdecimal():
            names[int(parts[0])] = parts[1]
    return names


class SourceOutput(msgspec.Struct, frozen=True):
    """One recording stream of the sound server."""

    source: int | None
    corked: bool
    properties: Mapping[str, str]
    # no client: the sound server's own stream, made by one of its modules
    by_module: bool = False

    @property
    def filter(self) -> bool:
        """A filter module's stream (a remapped or echo-cancelled source reading its master):
        not an app. Whoever records the filtered source is a stream of its own."""
        return self.by_module and self.properties.get("media.role") == "filter"

    @property
    def pid(self) -> int | None:
        value = self.properties.get("application.process.id", "")
        return int(value) if value.isdecimal() else None

    @property
    def app_name(self) -> str:
        for key in ("application.name", "application.process.binary", "node.name"):
            value = self.properties.get(key)
            if value:
                return value
        return "an app"


def parse_source_outputs_json(text: str) -> list[SourceOutput]:
    """`pactl -f json list source-outputs` (pactl 16 and later, PulseAudio or PipeWire)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    out: list[SourceOutput] = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict):
            continue
        props = item.get("properties")
        properties = {str(k): str(v) for k, v in props.items()} if isinstance(props, dict) else {}
        source = item.get("source")
        if isinstance(source, str) and source.isdecimal():
            source = int(source)
        out.append(
            SourceOutput(
                source if isinstance(source, int) and not isinstance(source, bool) else None,
                item.get("corked") is True,
                properties,
                "client" in item and item.get("client") in (None, "", "n/a"),
            )
        )
    return out


# Strings, which `re` compiles on first use: only a pactl older than 16 prints this form.
_TEXT_HEADER = r"^Source Output #\d+\s*$"
_TEXT_FIELD = r"^\s+([A-Za-z ]+):\s*(.*)$"
_TEXT_PROP = r'^\s+([\w.\-]+) = "(.*)"\s*$'


def parse_source_outputs_text(text: str) -> list[SourceOutput]:
    """`pactl list source-outputs` in the C locale (older pactl without JSON)."""
    out: list[SourceOutput] = []
    current: dict[str, Any] | None = None

    def flush() -> None:
        if current is not None:
            out.append(
                SourceOutput(
                    current["source"], current["corked"], current["props"], current["by_module"]
                )
            )

    for line in text.splitlines():
        if re.match(_TEXT_HEADER, line):
            flush()
            current = {"source": None, "corked": False, "props": {}, "by_module": False}
            continue
        if current is None:
            continue
        prop = re.match(_TEXT_PROP, line)
        if prop:
            current["props"][prop.group(1)] = prop.group(2).replace('\\"', '"')
            continue
        field_ = re.match(_TEXT_FIELD, line)
        if field_:
            key, value = field_.group(1).strip(), field_.group(2).strip()
            if key == "Source" and value.isdecimal():
                current["source"] = int(value)
            elif key == "Corked":
                current["corked"] = value == "yes"
            elif key == "Client":
                current["by_module"] = value == "n/a"
    flush()
    return out


def recording_users(
    outputs: Iterable[SourceOutput], sources: Mapping[int, str], skip_pids: frozenset[int]
) -> list[DeviceUser]:
    """Streams recording now (not paused, not a volume meter, not a filter module's own, not
    safe-session itself)."""
    users: list[DeviceUser] = []
    for stream in outputs:
        if stream.corked or stream.filter or stream.pid in skip_pids:
            continue
        if stream.properties.get("media.name") in _PEAK_METERS:
            continue
        source = sources.get(stream.source, "") if stream.source is not None else ""
        monitor = sound_server.is_monitor(source)
        users.append(
            DeviceUser(
                stream.pid,
                stream.app_name,
                source or "a sound input",
                "sound output" if monitor else "microphone",
                "sound server",
            )
        )
    return users


# ---------------------------------------------------------------- tools

# The recording streams; pactl before 16 has no JSON, and its text is read in the C locale.
TOOLS = ToolTable[list[SourceOutput]](
    ToolSpec(
        "pactl-json",
        ("pactl", "-f", "json", "list", "source-outputs"),
        parse_source_outputs_json,
        PACTL_TIMEOUT,
    ),
    ToolSpec(
        "pactl", ("pactl", "list", "source-outputs"), parse_source_outputs_text, PACTL_TIMEOUT
    ),
)
# Not streams: the names of the sound inputs they record from.
SOURCES = ToolTable[dict[int, str]](
    ToolSpec(
        "pactl-json",
        ("pactl", "-f", "json", "list", "short", "sources"),
        parse_sources_short,
        PACTL_TIMEOUT,
    ),
    ToolSpec("pactl", ("pactl", "list", "short", "sources"), parse_sources_short, PACTL_TIMEOUT),
)


# ---------------------------------------------------------------- asking Linux


def open_device_users(
    proc_root: str = "/proc", skip_pids: frozenset[int] = frozenset()
) -> tuple[list[DeviceUser], list[str], int]:
    """Processes holding a capture device or camera open, the sound servers among them (their
    clients are not listed here), and how many processes could not be looked at."""
    users: list[DeviceUser] = []
    servers: list[str] = []
    unreadable = 0
    try:
        entries = [e.name for e in os.scandir(proc_root) if e.name.isdecimal()]
    except OSError:
        raise Unavailable("the list of running apps could not be read") from None
    for pid_text in entries:
        pid = int(pid_text)
        if pid in skip_pids:
            continue
        try:
            targets = _open_files(f"{proc_root}/{pid_text}/fd")
        except PermissionError:
            unreadable += 1
            continue
        except OSError:
            continue  # vanished, or a zombie
        seen: set[str] = set()
        for target in targets:
            if target in seen:
                continue
            kind = device_kind(target)
            if kind is None:
                continue
            seen.add(target)
            name = _proc_name(proc_root, pid_text)
            if kind == "microphone" and name in SOUND_SERVERS:
                servers.append(name)  # its recording clients are listed from the sound server
                continue
            users.append(DeviceUser(pid, name, target, kind, "device file"))
    return users, servers, unreadable


def _open_files(fd_dir: str) -> list[str]:
    """What one process's open files point to. A browser holds thousands: where the system
    allows it, each link is read relative to the open folder, so the kernel need not look up
    the whole path for each (Windows cannot; only the tests walk such a folder there)."""
    if os.readlink not in os.supports_dir_fd:
        return _link_targets(os.listdir(fd_dir), lambda fd: os.readlink(f"{fd_dir}/{fd}"))
    folder = os.open(fd_dir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return _link_targets(os.listdir(folder), lambda fd: os.readlink(fd, dir_fd=folder))
    finally:
        os.close(folder)


def _link_targets(names: Iterable[str], read: Callable[[str], str]) -> list[str]:
    targets = []
    for name in names:
        try:
            targets.append(read(name))
        except OSError:
            continue  # closed meanwhile
    return targets


def _proc_name(proc_root: str, pid_text: str) -> str:
    try:
        with open(f"{proc_root}/{pid_text}/comm", encoding="utf-8", errors="replace") as fh:
            return fh.read().rstrip("\n")
    except OSError:
        return ""


def sound_server_users(skip_pids: frozenset[int]) -> list[DeviceUser]:
    """Recording streams from PulseAudio or PipeWire. Raises Unavailable without a server, and
    the refusal when the server is reached over the network (it is not asked)."""
    env = {**sound_server.local_server().tool_env(), "LC_ALL": "C"}
    try:
        outputs = TOOLS["pactl-json"].read(env=env)
        sources = SOURCES["pactl-json"].read(env=env)
    except Unavailable as exc:
        if exc.situation in ("missing_tool", "timeout") or unreachable(exc):
            raise  # no server, or no pactl: the text forms would fail the same way
        outputs = TOOLS["pactl"].read(env=env)
        sources = SOURCES["pactl"].read(env=env)
    return recording_users(outputs, sources, skip_pids)


def server_running(socket_counts: bool = True) -> bool:
    """Whether a PulseAudio or PipeWire server seems to be there for this person."""
    return sound_server.running(sound_server.find(), socket_counts)


def read(proc_root: str = "/proc") -> DevicesFact:
    """The device files, and the sound server's recording streams. An app recording through
    the sound server holds the server's socket, not a device file: when the server is there
    but its streams cannot be listed (no `pactl`, no answer, a refusal, a server reached over
    the network), that is said in `missing`, and the rule will not call it a pass."""
    # safe-session itself, and the tools it runs: its own listening (`parec`) starts first and
    # is recording while this looks
    me = frozenset({os.getpid()}) | system_tools.running_pids()
    users, servers, unreadable = open_device_users(proc_root, me)
    looked = ["open device files"]
    missing: list[Missing] = []
    try:
        users.extend(sound_server_users(me))
        looked.append("sound server")
    except Unavailable as exc:
        absent = exc.situation == "missing_tool" or unreachable(exc)
        # A socket that refuses connections was left behind: nobody listens on it.
        stale = unreachable(exc) and "Connection refused" in exc.reason
        there = "pulseaudio" in servers or "pipewire" in servers
        if not absent or there or server_running(socket_counts=not stale):
            missing.append(Missing(STREAMS, exc.reason, exc.situation))
        # else: no PulseAudio or PipeWire here, so apps open the device files themselves
    if JACK & set(servers):
        missing.append(Missing(JACK_CLIENTS, "safe-session cannot list the apps that use JACK"))
    unique = list({(u.pid, u.device, u.kind): u for u in users}.values())
    return DevicesFact(tuple(unique), tuple(looked), unreadable, tuple(missing))
