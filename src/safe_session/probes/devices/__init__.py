"""Which other apps are using the microphone or the camera right now.

- Linux (`linux`): open handles on sound capture devices (`/dev/snd/pcmC*D*c`) and cameras
  (`/dev/video*`) in `/proc/*/fd`, and recording streams of the PulseAudio or PipeWire sound
  server (`pactl -f json list source-outputs`, with the app's name and process id; the text
  listing in the C locale where `pactl` is older than 16). The sound server itself holds the
  capture device for its clients, so it is not listed: its clients are.
- Windows (`windows`): the privacy consent store in the registry (what Settings > Privacy
  shows): an app whose last use has a start but no stop is using the device now.
- macOS: not knowable to other apps (only the orange and green dots in the menu bar show it).
safe-session itself is never listed: its own microphone check runs at the same time.
"""

from __future__ import annotations

from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.devices.model import DevicesFact, DeviceUser

__all__ = ["DeviceUser", "DevicesFact", "gather"]


def gather(ctx: ProbeContext) -> DevicesFact:
    if ctx.os_name == "linux":
        from safe_session.probes.devices import linux

        return linux.read()
    if ctx.os_name == "windows":
        from safe_session.probes.devices import windows

        return windows.read()
    raise Unavailable(
        "macOS does not let other apps see which app is using the microphone or camera",
        "macos",
    )
