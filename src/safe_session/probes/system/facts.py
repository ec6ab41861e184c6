"""The facts the system probes hand to their rules: the system's own remote access, the power
supply, and updates waiting for a restart. Shared by every system's reader."""

from __future__ import annotations

from typing import Any, Literal

import msgspec

ServiceKind = Literal["desktop", "ssh"]


class RemoteService(msgspec.Struct, frozen=True):
    """One of the system's own ways in. None: could not tell."""

    name: str  # "Remote Desktop", "Screen Sharing", "Remote Login (SSH)", ...
    kind: ServiceKind  # "desktop": someone could see the screen; "ssh": a command line
    on: bool | None  # switched on in the system's settings
    listening: bool | None  # waiting for connections on its port now
    connected: bool | None  # someone is connected on its port now
    how: str = ""  # where this was seen

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "on": self.on,
            "listening": self.listening,
            "connected": self.connected,
            "how": self.how,
        }


class RemoteLoginFact(msgspec.Struct, frozen=True):
    services: tuple[RemoteService, ...]
    unseen: tuple[str, ...] = ()  # what could not be looked at, in plain words


class PowerFact(msgspec.Struct, frozen=True):
    has_battery: bool
    percent: float | None = None
    plugged: bool | None = None  # on mains power; None: could not tell
    source: str = ""


class RestartReason(msgspec.Struct, frozen=True):
    text: str  # plain words: what is waiting
    strong: bool = True  # False: a sign that often stays without any restart being asked for
    source: str = ""  # the file, key or tool it came from

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "strong": self.strong, "source": self.source}


class RestartFact(msgspec.Struct, frozen=True):
    reasons: tuple[RestartReason, ...]
    looked_at: tuple[str, ...]
    unseen: tuple[str, ...] = ()  # what could not be looked at
