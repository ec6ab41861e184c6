"""Which other apps are using the microphone or the camera right now.

- Linux: open handles on sound capture devices (`/dev/snd/pcmC*D*c`) and cameras (`/dev/video*`)
  in `/proc/*/fd`, and recording streams of the PulseAudio or PipeWire sound server
  (`pactl -f json list source-outputs`, with the app's name and process id; the text listing
  in the C locale where `pactl` is older than 16). The sound server itself holds the capture
  device for its clients, so it is not listed: its clients are.
- Windows: the privacy consent store in the registry (what Settings > Privacy shows): an app
  whose last use has a start but no stop is using the device now.
- macOS: not knowable to other apps (only the orange and green dots in the menu bar show it).
safe-session itself is never listed: its own microphone check runs at the same time.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol

import msgspec

from safe_session.probes.audio.linux import unreachable
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.runner import run

CAPTURE_DEVICE = re.compile(r"^/dev/snd/pcmC(\d+)D(\d+)c$")
CAMERA_DEVICE = re.compile(r"^/dev/video\d+$")
SOUND_SERVERS = frozenset(
    {"pulseaudio", "pipewire", "pipewire-pulse", "wireplumber", "jackd", "jackdbus"}
)
PACTL_TIMEOUT = 3.0
CONSENT_STORE = r"Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore"
CONSENT_DEVICES = {"microphone": "microphone", "webcam": "camera"}
_PEAK_METERS = {"Peak detect"}  # volume meters (pavucontrol and others) record nothing


class DeviceUser(msgspec.Struct, frozen=True):
    pid: int | None
    name: str  # hostile text
    device: str  # hostile text (a source's name, a device path, "microphone")
    kind: str  # "microphone", "camera", or "sound output" (recording what the computer plays)
    via: str  # where it was seen: "device file", "sound server", "privacy settings"

    def to_json(self) -> dict[str, Any]:
        return {
            "pid": self.pid,
            "name": self.name,
            "device": self.device,
            "kind": self.kind,
            "via": self.via,
        }


class DevicesFact(msgspec.Struct, frozen=True):
    users: tuple[DeviceUser, ...]
    looked_at: tuple[str, ...]  # which sources were read
    unreadable_processes: int = 0  # processes whose open files the system would not show


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
            out.append(SourceOutput(current["source"], current["corked"], current["props"]))

    for line in text.splitlines():
        if re.match(_TEXT_HEADER, line):
            flush()
            current = {"source": None, "corked": False, "props": {}}
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
    flush()
    return out


def recording_users(
    outputs: Iterable[SourceOutput], sources: Mapping[int, str], skip_pids: frozenset[int]
) -> list[DeviceUser]:
    """Streams recording now (not paused, not a volume meter, not safe-session itself)."""
    users: list[DeviceUser] = []
    for stream in outputs:
        if stream.corked or stream.pid in skip_pids:
            continue
        if stream.properties.get("media.name") in _PEAK_METERS:
            continue
        source = sources.get(stream.source, "") if stream.source is not None else ""
        monitor = source.endswith(".monitor")
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


class ConsentEntry(msgspec.Struct, frozen=True):
    """One app's row under the consent store: device, key name, and last use (FILETIME)."""

    device: str  # "microphone" or "webcam"
    key: str
    packaged: bool
    start: int | None
    stop: int | None


def consent_app_name(key: str, packaged: bool) -> str:
    """`C:#Program Files#Zoom#bin#Zoom.exe` -> `Zoom.exe`;
    `Vendor.App_8wekyb3d8bbwe` -> `Vendor.App`."""
    if packaged:
        base, sep, publisher = key.rpartition("_")
        return base if sep and base and publisher.isalnum() else key
    return key.replace("#", "\\").rsplit("\\", 1)[-1] or key


def consent_in_use(
    entries: Iterable[ConsentEntry], own_paths: Iterable[str] = ()
) -> list[DeviceUser]:
    """Apps using a device now: a last use that started and has not stopped (stop == 0)."""
    own = {p.casefold() for p in own_paths}
    users: list[DeviceUser] = []
    for entry in entries:
        kind = CONSENT_DEVICES.get(entry.device)
        if kind is None or not entry.start or entry.stop != 0:
            continue
        if not entry.packaged and entry.key.replace("#", "\\").casefold() in own:
            continue
        users.append(
            DeviceUser(
                None, consent_app_name(entry.key, entry.packaged), kind, kind, "privacy settings"
            )
        )
    return users


class RegistryReader(Protocol):
    def subkeys(self, path: str) -> list[str]: ...

    def values(self, path: str) -> dict[str, object]: ...


def walk_consent_store(reader: RegistryReader, root: str = CONSENT_STORE) -> Iterator[ConsentEntry]:
    """Every app row under the microphone and webcam consent keys, packaged and not."""
    for device in CONSENT_DEVICES:
        base = f"{root}\\{device}"
        try:
            names = reader.subkeys(base)
        except OSError:
            continue
        for name in names:
            if name == "NonPackaged":
                try:
                    inner = reader.subkeys(f"{base}\\NonPackaged")
                except OSError:
                    continue
                for app in inner:
                    yield _entry(reader, device, f"{base}\\NonPackaged\\{app}", app, False)
            else:
                yield _entry(reader, device, f"{base}\\{name}", name, True)


def _entry(
    reader: RegistryReader, device: str, path: str, key: str, packaged: bool
) -> ConsentEntry:
    try:
        values = reader.values(path)
    except OSError:
        values = {}
    start, stop = values.get("LastUsedTimeStart"), values.get("LastUsedTimeStop")
    return ConsentEntry(
        device,
        key,
        packaged,
        start if isinstance(start, int) else None,
        stop if isinstance(stop, int) else None,
    )


# ---------------------------------------------------------------- Linux


def open_device_users(
    proc_root: str = "/proc", skip_pids: frozenset[int] = frozenset()
) -> tuple[list[DeviceUser], int]:
    """Processes holding a capture device or camera open, and how many could not be looked at."""
    users: list[DeviceUser] = []
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
                continue  # its recording clients are listed from the sound server
            users.append(DeviceUser(pid, name, target, kind, "device file"))
    return users, unreadable


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
    """Recording streams from PulseAudio or PipeWire. Raises Unavailable without a server."""
    env = {**os.environ, "LC_ALL": "C"}
    try:
        outputs = parse_source_outputs_json(
            run(["pactl", "-f", "json", "list", "source-outputs"], PACTL_TIMEOUT, env).stdout
        )
        sources = parse_sources_short(
            run(["pactl", "-f", "json", "list", "short", "sources"], PACTL_TIMEOUT, env).stdout
        )
    except Unavailable as exc:
        if exc.situation in ("missing_tool", "timeout") or unreachable(exc):
            raise  # no server, or no pactl: the text forms would fail the same way
        outputs = parse_source_outputs_text(
            run(["pactl", "list", "source-outputs"], PACTL_TIMEOUT, env).stdout
        )
        sources = parse_sources_short(
            run(["pactl", "list", "short", "sources"], PACTL_TIMEOUT, env).stdout
        )
    return recording_users(outputs, sources, skip_pids)


def gather_linux(proc_root: str = "/proc") -> DevicesFact:
    me = frozenset({os.getpid()})
    users, unreadable = open_device_users(proc_root, me)
    looked = ["open device files"]
    try:
        users.extend(sound_server_users(me))
        looked.append("sound server")
    except Unavailable:
        pass  # no PulseAudio or PipeWire: the device files are all there is
    unique = list({(u.pid, u.device, u.kind): u for u in users}.values())
    return DevicesFact(tuple(unique), tuple(looked), unreadable)


# ---------------------------------------------------------------- Windows


class _WinRegistry:  # pragma: no cover - runs on Windows only
    """The current user's registry, read-only."""

    def subkeys(self, path: str) -> list[str]:
        if sys.platform != "win32":
            raise OSError("the registry exists only on Windows")
        import winreg

        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, path) as key:
            count = winreg.QueryInfoKey(key)[0]
            return [winreg.EnumKey(key, i) for i in range(count)]

    def values(self, path: str) -> dict[str, object]:
        if sys.platform != "win32":
            raise OSError("the registry exists only on Windows")
        import winreg

        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, path) as key:
            count = winreg.QueryInfoKey(key)[1]
            out: dict[str, object] = {}
            for i in range(count):
                name, value, _ = winreg.EnumValue(key, i)
                out[name] = value
            return out


def gather_windows(reader: RegistryReader | None = None) -> DevicesFact:
    """From the consent store; unknown only when Windows will not show it at all."""
    registry = reader if reader is not None else _WinRegistry()
    readable = False
    for device in CONSENT_DEVICES:
        try:
            registry.subkeys(f"{CONSENT_STORE}\\{device}")
            readable = True
        except OSError:
            continue
    if not readable:
        raise Unavailable(
            "Windows' privacy settings for the microphone and camera could not be read"
        )
    own = {sys.executable, getattr(sys, "_base_executable", sys.executable)}
    users = consent_in_use(walk_consent_store(registry), own)
    return DevicesFact(tuple(users), ("privacy settings",))


def gather(ctx: ProbeContext) -> DevicesFact:
    if ctx.os_name == "linux":
        return gather_linux()
    if ctx.os_name == "windows":
        return gather_windows()
    raise Unavailable(
        "macOS does not let other apps see which app is using the microphone or camera",
        "macos",
    )
