"""The schema of the system's own microphone listeners (`checks/system-listeners.toml`): parts
of the operating system that keep the microphone open to hear a wake word ("Hey Siri") or for
accessibility, which must not count as "another app is using the microphone".

Types only: `data.system_listeners` reads and validates the file, and a run reads the list
built from it ahead of time (`safe_session.shipped.listeners`).
"""

from __future__ import annotations

from typing import Literal

import msgspec

from safe_session.model import OSName


class SystemListener(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    process: str  # the process name, exactly as the system shows it
    system: Literal["linux", "macos", "windows"]
    what: str  # what it is, in the person's words


class ListenersFile(msgspec.Struct, forbid_unknown_fields=True):
    listener: list[SystemListener]


class SystemListeners(msgspec.Struct, frozen=True):
    listeners: tuple[SystemListener, ...]

    def find(self, os_name: OSName, process: str) -> SystemListener | None:
        """The system listener with this process name on this system (exact name: a lookalike
        app with a similar name still counts as an app)."""
        for known in self.listeners:
            if known.system == os_name and known.process == process:
                return known
        return None
