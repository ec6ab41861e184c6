"""The facts about which apps use the microphone or camera, shared by every system's reader."""

from __future__ import annotations

from typing import Any

import msgspec

from safe_session.probes.sources import Missing


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
    missing: tuple[Missing, ...] = ()  # sources that did not answer, and why
