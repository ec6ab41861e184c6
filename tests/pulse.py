"""A private, real PulseAudio server for tests, with a null sink as "the room".

The microphone is a real source, `room_mic` (described as "Microphone"), remapped from the
sink's monitor and set as the default source, so what a test plays into the room is what the
microphone hears. The monitor itself is no microphone: safe-session refuses to listen to one,
and tests that set it as the default source see that. `add_headphones()` adds a second sink
described as headphones, whose monitor the microphone does not hear. The server runs in its own
runtime folder, in the foreground as a child process, and is stopped by its PID. Recipe and
traps: see CONTRIBUTING.md, "Sound, for contributors".
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import need

ROOM = "room"
MIC = "room_mic"
MONITOR = f"{ROOM}.monitor"
HEADPHONES = "headphones"


@dataclass
class PulseServer:
    runtime: Path
    proc: subprocess.Popen[bytes]
    env: dict[str, str]
    keepers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def server(self) -> str:
        return f"unix:{self.runtime / 'pulse' / 'native'}"

    @property
    def cookie(self) -> Path:
        """The server's own cookie (its HOME is the runtime folder). A client told to use it
        (PULSE_COOKIE) writes none into its home folder, but libpulse then opens it for
        writing: the strace promises see that, so the fixture leaves it to each test."""
        return self.runtime / ".config" / "pulse" / "cookie"

    def pactl(self, *args: str, check: bool = True) -> str:
        out = subprocess.run(
            ["pactl", *args], env=self.env, capture_output=True, text=True, timeout=20, check=False
        )
        if check and out.returncode != 0:
            raise RuntimeError(f"pactl {' '.join(args)} failed: {out.stderr.strip()}")
        return out.stdout

    def keep_alive(self, sink: str) -> None:
        """A low-latency stream of zeros into `sink`, so captures start at once (not after 2 s)."""
        keeper = subprocess.Popen(
            [
                "pacat",
                "--latency-msec=10",
                f"--device={sink}",
                "--format=s16le",
                "--rate=48000",
                "--channels=1",
                "/dev/zero",
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.keepers.append(keeper)

    def wait_until_flowing(self, source: str = MIC, limit: float = 10.0) -> None:
        """Return once a capture of `source` gets its first sound at once.

        A null sink with nothing playing renders in blocks of two seconds, and a new stream
        does not wake it early: until the keep-alive's low latency has taken over, a capture's
        first sound comes up to two seconds late (this made the first test or benchmark run
        after the server started look slow). A real microphone has no such wait.
        """
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            began = time.monotonic()
            capture = subprocess.Popen(
                ["parec", "--raw", "--latency-msec=20", f"--device={source}"],
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            try:
                assert capture.stdout is not None
                flowing = bool(capture.stdout.read(64)) and time.monotonic() - began < 0.3
            finally:
                capture.kill()
                capture.wait(5)
            if flowing:
                return
        raise RuntimeError(f"{source} did not start sending sound within {limit:g} seconds")

    def add_headphones(self) -> str:
        """A second null sink described as headphones; the microphone cannot hear it."""
        sinks = self.pactl("list", "short", "sinks")
        if HEADPHONES not in sinks.split():
            self.pactl(
                "load-module",
                "module-null-sink",
                f"sink_name={HEADPHONES}",
                "rate=48000",
                "channels=2",
                "sink_properties='device.description=Headphones device.form_factor=headphones'",
            )
            self.keep_alive(HEADPHONES)
        return HEADPHONES

    def set_default_sink(self, sink: str) -> None:
        self.pactl("set-default-sink", sink)

    def set_default_source(self, source: str) -> None:
        self.pactl("set-default-source", source)

    def stop(self) -> None:
        for keeper in self.keepers:
            keeper.kill()
            keeper.wait(5)
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        shutil.rmtree(self.runtime, ignore_errors=True)


def start_pulse() -> PulseServer:
    runtime = Path(tempfile.mkdtemp(prefix="safe-session-pulse-"))
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "HOME": str(runtime)}
    env.pop("PULSE_SERVER", None)
    proc = subprocess.Popen(
        [
            "pulseaudio",
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--use-pid-file=no",
            "--load=module-native-protocol-unix",
            f"--load=module-null-sink sink_name={ROOM} rate=48000 channels=1 channel_map=mono",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = PulseServer(runtime, proc, env)
    server.env["PULSE_SERVER"] = server.server
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise RuntimeError(f"pulseaudio exited: {err[-500:]}")
        ok = subprocess.run(["pactl", "info"], env=server.env, capture_output=True, timeout=10)
        if ok.returncode == 0:
            break
        time.sleep(0.1)
    else:
        server.stop()
        raise RuntimeError("pulseaudio did not start within 15 seconds")
    server.set_default_sink(ROOM)
    # The room's monitor copies what is played; a source remapped from it is a microphone of
    # its own name, heard at the same level (same format, no resampling, full volume).
    server.pactl(
        "load-module",
        "module-remap-source",
        f"master={MONITOR}",
        f"source_name={MIC}",
        "source_properties=device.description=Microphone",
    )
    server.set_default_source(MIC)
    server.keep_alive(ROOM)
    server.wait_until_flowing()
    return server


@pytest.fixture(scope="session")
def pulse() -> Iterator[PulseServer]:
    """The room: a real PulseAudio server; the test process talks to it through PULSE_SERVER."""
    need(
        shutil.which("pulseaudio") and shutil.which("pactl") and shutil.which("pacat"),
        "PulseAudio (pulseaudio, pulseaudio-utils) is not installed",
    )
    server = start_pulse()
    saved = {k: os.environ.get(k) for k in ("PULSE_SERVER", "XDG_RUNTIME_DIR")}
    os.environ["PULSE_SERVER"] = server.server
    os.environ["XDG_RUNTIME_DIR"] = str(server.runtime)
    try:
        yield server
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        server.stop()
