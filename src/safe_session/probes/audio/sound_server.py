"""Where the PulseAudio (or PipeWire's PulseAudio) sound server is, as its clients would find it,
and whether it is on this computer.

A PulseAudio client connects where `PULSE_SERVER` says, else where the client configuration's
`default-server` says (`$PULSE_CLIENTCONFIG`, else `~/.config/pulse/client.conf` or
`~/.pulse/client.conf`, else `/etc/pulse/client.conf`, each with its `.d` folder), else to the
socket in its runtime folder. A setting may name a TCP address (`tcp:host:port`, a bare host
name, even `tcp:127.0.0.1`), and then the microphone's sound would travel as network traffic:
safe-session promises to send nothing anywhere, so it then neither listens, nor plays, nor asks
that server anything, and says why. The same holds for `auto-connect-localhost` and
`auto-connect-display`, PipeWire's `PIPEWIRE_REMOTE` and the ALSA pulse plugin's `server`.

The sound server's own tools (`pactl`, `parec`, `pacat`) are then started with the local socket
named in `PULSE_SERVER` and without `DISPLAY`: a server address kept as a property of the X11
screen (which the tools would otherwise read, over a connection to the display) cannot send
them elsewhere. That property itself is not read.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import msgspec

from safe_session.probes.base import Unavailable

SITUATION = "remote_sound_server"
MAX_CONF_BYTES = 256 * 1024
_ASOUND_TOKEN = r"""[{}\[\]]|"[^"]*"|'[^']*'|[^\s;,={}\[\]"']+"""
_YES = {"1", "yes", "true", "on", "y", "t"}


class Setting(msgspec.Struct, frozen=True):
    """One place that names the sound server: what it says and where it says it."""

    value: str
    origin: str  # "PULSE_SERVER", or the file it was read from


class SoundServer(msgspec.Struct, frozen=True):
    """The sound server's local socket (to be tried: it may not exist), or the setting that
    sends sound over the network (then nothing is asked of it)."""

    socket: Path | None
    remote: Setting | None = None

    @property
    def local(self) -> bool:
        return self.remote is None

    def answers_here(self) -> bool:
        """A local socket is there (whether a server still listens on it is for it to say)."""
        if self.socket is None:
            return False
        with contextlib.suppress(OSError):
            return self.socket.is_socket()
        return False

    def refusal(self) -> Unavailable:
        """Why nothing is listened to, played or asked: the sound goes over the network."""
        where = self.remote.origin if self.remote else "its settings"
        said = self.remote.value if self.remote else "a network address"
        return Unavailable(
            "the sound on this computer goes through a sound server on another computer or "
            f"over the network ({said}, set in {where}), so safe-session will not open the "
            "microphone, play sound or ask that server anything",
            SITUATION,
        )

    def tool_env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment for `pactl`, `parec` and `pacat`: this socket and nothing else."""
        env = dict(os.environ if base is None else base)
        env.pop("DISPLAY", None)  # no server address read from the X11 screen
        env["PULSE_SERVER"] = f"unix:{self.socket or _fallback_socket(env)}"
        return env


# ---------------------------------------------------------------- pure


def entries(value: str) -> list[str]:
    """A server setting's entries: PulseAudio tries each, in order, until one answers."""
    return value.split()


def local_path(entry: str) -> str | None:
    """The socket path of a local entry (`unix:/path`, `/path`, either after a `{machine-id}`
    prefix); None for every other form: `tcp:`, `tcp4:`, `tcp6:`, `host:port`, a bare host
    name (`localhost` too: PulseAudio reaches it over TCP)."""
    entry = entry.strip()
    if entry.startswith("{"):
        _, _, entry = entry.partition("}")
    entry = entry.removeprefix("unix:")
    return entry if entry.startswith("/") else None


def parse_client_conf(text: str) -> dict[str, str]:
    """`key = value` lines of a PulseAudio client.conf; `;` and `#` start comments."""
    out: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in ";#" or line.startswith(".") or line.startswith("["):
            continue
        key, sep, value = line.partition("=")
        if sep:
            out[key.strip().lower()] = value.strip()
    return out


def remote_in_conf(values: Mapping[str, str]) -> str | None:
    """A client.conf setting that makes clients use TCP (the first found), or None."""
    server = values.get("default-server", "")
    if server and any(local_path(e) is None for e in entries(server)):
        return f"default-server = {server}"
    for key in ("auto-connect-localhost", "auto-connect-display"):
        if values.get(key, "").lower() in _YES:
            return f"{key} = {values[key]}"
    return None


def asound_servers(text: str) -> list[str]:
    """The `server` of each ALSA device of `type pulse` (the PulseAudio plugin) in an ALSA
    configuration. Other plugins' `server` (PipeWire's names a local socket, often through a
    `$SERVER` argument) and values taken from arguments are not the pulse plugin's address."""
    found: list[str] = []
    frames: list[dict[str, str]] = [{}]
    key: str | None = None
    uncommented = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    for token in re.findall(_ASOUND_TOKEN, uncommented):
        if token in ("{", "["):
            frames.append({})
            key = None
        elif token in ("}", "]"):
            frame = frames.pop() if len(frames) > 1 else {}
            server = frame.get("server", "")
            if frame.get("type") == "pulse" and server and not server.startswith("$"):
                found.append(server)
            key = None
        elif key is None:
            key = token
        else:
            frames[-1][key] = token.strip("\"'")
            key = None
    return found


def pipewire_remote_is_local(value: str) -> bool:
    """`PIPEWIRE_REMOTE`: a socket's name in the runtime folder, or an absolute path."""
    value = value.strip()
    return value.startswith("/") or (":" not in value and "/" not in value)


MONITOR_SUFFIX = ".monitor"


def is_monitor(source: str) -> bool:
    """Whether a sound input, by the name the server gives it (`pactl get-default-source`), is
    a sink's monitor: a copy of what this computer plays, not a microphone. PulseAudio and
    PipeWire's pulse server both name a sink's monitor `<sink>.monitor`; the name is the one
    sign that is never translated and costs no further question (the listing's "Monitor of
    Sink" is translated, and PipeWire gives its monitors `device.class = "sound"`). A source
    made from a monitor (a remapped or filtered one) has a name of its own and counts as the
    input it is set up to be."""
    name = source.strip()
    return name.endswith(MONITOR_SUFFIX) and len(name) > len(MONITOR_SUFFIX)


# ---------------------------------------------------------------- reading the settings


def _read(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            return fh.read(MAX_CONF_BYTES).decode("utf-8", "replace")
    except OSError:
        return None


def _conf_files(env: Mapping[str, str], home: Path, etc: Path) -> list[Path]:
    """The one client.conf a client reads, and its `.d` folder's files after it."""
    chosen: Path | None = None
    if env.get("PULSE_CLIENTCONFIG"):
        chosen = Path(env["PULSE_CLIENTCONFIG"])
    else:
        config = env.get("XDG_CONFIG_HOME") or str(home / ".config")
        for candidate in (
            Path(config) / "pulse" / "client.conf",
            home / ".pulse" / "client.conf",
            etc / "pulse" / "client.conf",
        ):
            if candidate.is_file():
                chosen = candidate
                break
    if chosen is None:
        return []
    extra: list[Path] = []
    with contextlib.suppress(OSError):
        extra = sorted(Path(f"{chosen}.d").glob("*.conf"))
    return [chosen, *extra]


def _asound_files(home: Path, etc: Path) -> Iterable[Path]:
    yield home / ".asoundrc"
    yield etc / "asound.conf"
    with contextlib.suppress(OSError):
        yield from sorted((etc / "alsa" / "conf.d").glob("*.conf"))


def _fallback_socket(env: Mapping[str, str]) -> Path:
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime:
        return Path(runtime) / "pulse" / "native"
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(f"/run/user/{uid}/pulse/native")


def find(
    env: Mapping[str, str] | None = None, home: Path | None = None, etc: Path = Path("/etc")
) -> SoundServer:
    """The sound server as a client here would find it. Reads a few small files; no socket."""
    env = os.environ if env is None else env
    home = home if home is not None else Path(env.get("HOME") or Path.home())
    setting: Setting | None = None
    if env.get("PULSE_SERVER", "").strip():  # it overrides every file
        setting = Setting(env["PULSE_SERVER"].strip(), "PULSE_SERVER")
    else:
        for path in _conf_files(env, home, etc):
            values = parse_client_conf(_read(path) or "")
            remote = remote_in_conf(values)
            if remote is not None:
                return SoundServer(None, Setting(remote, str(path)))
            if values.get("default-server"):
                setting = Setting(values["default-server"], str(path))
    socket: Path | None = _fallback_socket(env)
    if setting is not None:
        paths = [local_path(e) for e in entries(setting.value)]
        if any(p is None for p in paths):
            return SoundServer(None, setting)
        socket = Path(paths[0]) if paths and paths[0] else None
    pipewire = env.get("PIPEWIRE_REMOTE", "")
    if pipewire.strip() and not pipewire_remote_is_local(pipewire):
        return SoundServer(None, Setting(pipewire.strip(), "PIPEWIRE_REMOTE"))
    for path in _asound_files(home, etc):
        for value in asound_servers(_read(path) or ""):
            if any(local_path(e) is None for e in entries(value)):
                return SoundServer(None, Setting(value, str(path)))
    return SoundServer(socket)


def local_server() -> SoundServer:
    """This computer's sound server; raises the refusal when it is reached over the network."""
    server = find()
    if not server.local:
        raise server.refusal()
    return server


SERVER_PROCESSES = frozenset({"pulseaudio", "pipewire", "pipewire-pulse"})


def running(server: SoundServer, socket_counts: bool = True) -> bool:
    """Whether a sound server seems to be there for this person: one reached over the network,
    its local socket (unless `socket_counts` is False: the socket refused connections, so it
    was left behind by a server that has stopped), or a process of theirs by a sound server's
    name. When the list of processes cannot be read, one may be there: True."""
    if not server.local or (socket_counts and server.answers_here()):
        return True
    from safe_session.probes.apps.processes import snapshot

    try:
        table = snapshot()
    except Unavailable:
        return True
    return any(
        p.name in SERVER_PROCESSES and not p.zombie and table.is_mine(p) is not False
        for p in table.processes
    )
