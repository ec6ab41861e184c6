"""Where the sound server is, read from its settings as a PulseAudio client would read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_session.probes.audio import sound_server
from safe_session.probes.audio.sound_server import (
    asound_servers,
    local_path,
    parse_client_conf,
    pipewire_remote_is_local,
    remote_in_conf,
)


@pytest.mark.parametrize(
    ("entry", "path"),
    [
        ("unix:/run/user/1000/pulse/native", "/run/user/1000/pulse/native"),
        ("/run/pulse/native", "/run/pulse/native"),
        ("{4c1b0e}unix:/run/user/1000/pulse/native", "/run/user/1000/pulse/native"),
        ("tcp:127.0.0.1:4713", None),
        ("tcp4:192.168.1.5", None),
        ("tcp6:[::1]:4713", None),
        ("localhost", None),
        ("studio.local:4713", None),
        ("{4c1b0e}tcp:10.0.0.2", None),
        ("unix:relative/path", None),
    ],
)
def test_local_entries_are_unix_sockets_only(entry: str, path: str | None) -> None:
    assert local_path(entry) == path


def test_client_conf_settings() -> None:
    text = "; comment\n# another\n default-server = tcp:10.0.0.2 \nautospawn = no\n"
    values = parse_client_conf(text)
    assert values == {"default-server": "tcp:10.0.0.2", "autospawn": "no"}
    assert remote_in_conf(values) == "default-server = tcp:10.0.0.2"
    assert remote_in_conf(parse_client_conf("default-server = unix:/tmp/p")) is None
    assert remote_in_conf(parse_client_conf("auto-connect-localhost = yes")) is not None
    assert remote_in_conf(parse_client_conf("auto-connect-display = no")) is None


PIPEWIRE_ALSA = """
# from PipeWire's 50-pipewire.conf
defaults.pipewire.server "pipewire-0"
pcm.pipewire {
    @args [ NODE SERVER ]
    @args.SERVER {
        type string
        default { @func refer name defaults.pipewire.server }
    }
    type pipewire
    server $SERVER
    hint { show on description "PipeWire Sound Server" }
}
"""


def test_alsa_pulse_plugin_server() -> None:
    text = 'pcm.studio {\n  type pulse\n  server "tcp:10.0.0.2"  # the studio\n}\n# server tcp:x\n'
    assert asound_servers(text) == ["tcp:10.0.0.2"]
    assert asound_servers("ctl.pulse { type pulse; server unix:/tmp/s }") == ["unix:/tmp/s"]
    assert asound_servers("pcm.!default { type pulse\n hint { description x } }") == []
    assert asound_servers(PIPEWIRE_ALSA) == [], "PipeWire's plugin names a local socket"
    assert asound_servers("pcm.x { type pulse server $SERVER }") == []
    assert asound_servers("unbalanced } } { type pulse server tcp:h") == []


def test_pipewire_remote() -> None:
    assert pipewire_remote_is_local("pipewire-0")
    assert pipewire_remote_is_local("/run/user/1000/pipewire-0")
    assert not pipewire_remote_is_local("tcp:10.0.0.2:4713")


def _find(tmp_path: Path, env: dict[str, str]) -> sound_server.SoundServer:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return sound_server.find({"XDG_RUNTIME_DIR": "/run/user/7", **env}, home, tmp_path / "etc")


def test_the_default_is_the_runtime_socket(tmp_path: Path) -> None:
    found = _find(tmp_path, {})
    assert found.local and found.socket == Path("/run/user/7/pulse/native")


def test_the_environment_overrides_the_files(tmp_path: Path) -> None:
    conf = tmp_path / "etc" / "pulse" / "client.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text("default-server = tcp:10.0.0.2\n")
    assert not _find(tmp_path, {}).local
    pinned = _find(tmp_path, {"PULSE_SERVER": "unix:/tmp/mine"})
    assert pinned.local and pinned.socket == Path("/tmp/mine")
    remote = _find(tmp_path, {"PULSE_SERVER": "unix:/tmp/mine tcp:10.0.0.3"})
    assert not remote.local and remote.remote is not None
    assert remote.remote.origin == "PULSE_SERVER"


def test_the_users_file_comes_before_the_systems(tmp_path: Path) -> None:
    system = tmp_path / "etc" / "pulse" / "client.conf"
    system.parent.mkdir(parents=True)
    system.write_text("default-server = tcp:10.0.0.2\n")
    mine = tmp_path / "home" / ".config" / "pulse" / "client.conf"
    mine.parent.mkdir(parents=True)
    mine.write_text("default-server = unix:/tmp/mine\n")
    assert _find(tmp_path, {}).socket == Path("/tmp/mine")
    (mine.parent / "client.conf.d").mkdir()
    (mine.parent / "client.conf.d" / "50-net.conf").write_text("default-server = localhost\n")
    found = _find(tmp_path, {})
    assert not found.local and found.remote is not None
    assert found.remote.origin.endswith("50-net.conf")


def test_the_tools_reach_only_the_local_socket(tmp_path: Path) -> None:
    server = _find(tmp_path, {"PULSE_SERVER": "/tmp/mine"})
    env = server.tool_env({"DISPLAY": "10.0.0.2:0", "PATH": "/usr/bin"})
    assert env == {"PULSE_SERVER": "unix:/tmp/mine", "PATH": "/usr/bin"}


def test_the_refusal_says_where_the_setting_is(tmp_path: Path) -> None:
    refusal = _find(tmp_path, {"PULSE_SERVER": "tcp:127.0.0.1:4713"}).refusal()
    assert refusal.situation == "remote_sound_server"
    assert "tcp:127.0.0.1:4713" in refusal.reason and "PULSE_SERVER" in refusal.reason
    assert "over the network" in refusal.reason
