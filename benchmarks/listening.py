"""How long `check --json --only audio.ambient_noise --listen W` keeps a person waiting beyond
the listening window W itself, through both ways to the microphone, for a silent room, steady
noise and a voice.

Each combination gets a PulseAudio server of its own (the test suite's private one: a null sink
is the room, a source remapped from its monitor the microphone), so its first run is the first
run after the sound server started; further runs follow. Side by side, in the same run, a bare
Python that only sleeps W shows what starting any Python program costs on this machine at this
moment.

PortAudio reaches the server through ALSA's pulse plugin, as in the tests; where `unshare` can
give the program a private /dev/shm, libjack's metadata database (PortAudio on Debian loads
libjack) is written there rather than on the host.

    python benchmarks/listening.py [--listen 2] [--runs 5]

Goal: at most 0.3 s beyond the window, the first run included, for every sound and backend.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the test suite's PulseAudio rig

from run import compile_bytecode  # noqa: E402
from tests.pulse import PulseServer, start_pulse  # noqa: E402

SAFE = str(Path(sys.executable).parent / "safe-session")
GOAL_SECONDS = 0.3
SENTENCE = (
    "Before your session starts, please find a quiet room where nobody can hear you. "
    "Close the door, and put on your headphones."
)
PRIVATE_SHM = ["unshare", "-m", "--propagation", "private", "sh", "-c"]


def can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = [*PRIVATE_SHM, "mount -t tmpfs tmpfs /dev/shm"]
    return subprocess.run(probe, capture_output=True, timeout=10).returncode == 0


def make_sounds(folder: Path) -> dict[str, Path | None]:
    """A minute of each sound, 16-bit (24-bit files come back 6 dB low through the null sink)."""
    noise = folder / "noise.wav"
    sox = ["sox", "-n", "-r", "48000", "-c", "1", "-b", "16", str(noise)]
    subprocess.run([*sox, "synth", "60", "whitenoise", "vol", "0.05"], check=True)
    once, speech = folder / "once.wav", folder / "speech.wav"
    subprocess.run(["espeak-ng", "-w", str(once), SENTENCE], check=True, capture_output=True)
    subprocess.run(
        ["sox", str(once), "-r", "48000", "-b", "16", str(speech), "repeat", "8"], check=True
    )
    return {"silence": None, "noise": noise, "speech": speech}


@contextmanager
def playing(pulse: PulseServer, sound: Path | None) -> Iterator[None]:
    if sound is None:  # the keep-alive's zeros: a perfectly silent room
        yield
        return
    player = subprocess.Popen(
        ["paplay", "--device=room", str(sound)], env=pulse.env, stderr=subprocess.DEVNULL
    )
    time.sleep(0.4)  # flowing before the listening starts, as in the tests
    try:
        yield
    finally:
        player.kill()
        player.wait(5)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    began = time.perf_counter()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - began
    try:
        [row] = json.loads(out.stdout)["results"]
        said = f"{row['status']}: {row['summary'][:48]}"
    except (ValueError, KeyError, TypeError):
        said = f"no report (exit {out.returncode}): {out.stderr.strip()[-80:]}"
    return took, said


def measure(
    backend: str, sound: Path | None, listen: float, runs: int, folder: Path, shm: bool
) -> tuple[list[float], list[float], str]:
    """(ours, baseline, what the last run said), every time as seconds beyond `listen`."""
    pulse = start_pulse()
    try:
        env = {
            **pulse.env,
            "SAFE_SESSION_AUDIO_BACKEND": backend,
            "SAFE_SESSION_STATE_DIR": str(folder / "state"),
            "PULSE_COOKIE": str(pulse.runtime / ".config" / "pulse" / "cookie"),
        }
        check = [SAFE, "check", "--json", "--only", "audio.ambient_noise", "--listen", f"{listen}"]
        if backend == "portaudio" and shm:
            check = [*PRIVATE_SHM, "mount -t tmpfs tmpfs /dev/shm && exec " + " ".join(check)]
        baseline = [sys.executable, "-c", f"import time; time.sleep({listen})"]
        ours, base, said = [], [], ""
        with playing(pulse, sound):
            for _ in range(runs):
                took, said = timed(check, env)
                ours.append(took - listen)
                base.append(timed(baseline, env)[0] - listen)
        return ours, base, said
    finally:
        pulse.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for tool in ("pulseaudio", "parec", "paplay", "sox", "espeak-ng"):
        if not shutil.which(tool):
            print(f"{tool} is not installed: see scripts/system-packages.txt")
            return 2
    compile_bytecode()
    shm = can_unshare()
    print(f"load average before: {os.getloadavg()[0]:.2f}; listening window {args.listen:g} s")
    print(f"{'backend':9} {'sound':8} {'first':>6} {'median':>7} {'max':>6} {'bare py':>8}  said")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for backend in ("pulse", "portaudio"):
            for name, sound in make_sounds(folder).items():
                ours, base, said = measure(backend, sound, args.listen, args.runs, folder, shm)
                met = max(ours) <= GOAL_SECONDS
                ok &= met
                print(
                    f"{backend:9} {name:8} {ours[0]:6.3f} {statistics.median(ours):7.3f} "
                    f"{max(ours):6.3f} {statistics.median(base):8.3f}  {said}"
                    f"{'' if met else '  MISS'}"
                )
    print(f"seconds beyond the window (goal: at most {GOAL_SECONDS} s, the first run included);")
    print("'bare py' is a Python that only sleeps the window, in the same run")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
