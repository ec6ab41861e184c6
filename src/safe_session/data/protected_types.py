"""The schema of the processes never closed (`checks/protected-processes.toml`), and telling
whether a process name is one of them.

Types and pure functions only: `data.protected` reads and validates the file, and a run reads
the list built from it ahead of time (`safe_session.shipped.protected`), made of these types.
"""

from __future__ import annotations

import msgspec

LINUX_COMM_LEN = 15  # Linux keeps only this many characters of a process name


class ProtectedGroup(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    kind: str  # what these are, shown as "it is <kind>"
    names: list[str]  # compared without case or ".exe"; a trailing "*" matches any ending


class ProtectedFile(msgspec.Struct, forbid_unknown_fields=True):
    group: list[ProtectedGroup]


class ProtectedProcesses(msgspec.Struct, frozen=True):
    groups: tuple[ProtectedGroup, ...]

    def kind_of(self, name: str) -> str | None:
        """What the process called `name` is, when it must never be closed; else None."""
        key = normalize(name)
        if not key:
            return None
        for group in self.groups:
            for entry in group.names:
                if _matches(key, normalize(entry)):
                    return group.kind
        return None


def normalize(name: str) -> str:
    """Lower case, without blanks around it or a trailing `.exe`."""
    key = name.strip().casefold()
    return key[:-4] if key.endswith(".exe") else key


def _matches(key: str, entry: str) -> bool:
    if entry.endswith("*"):
        return key.startswith(entry[:-1])
    if key == entry:
        return True
    # Linux cuts a process name to 15 characters: "gnome-terminal-server" runs as
    # "gnome-terminal-"
    return len(key) == LINUX_COMM_LEN and len(entry) > LINUX_COMM_LEN and entry.startswith(key)
