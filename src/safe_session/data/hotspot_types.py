"""The schema of public-looking Wi-Fi names (`checks/hotspots.toml`), and matching a name
against them. A match is a hint for the person ("this looks like a hotel network"), never proof.

Types and pure functions only: `data.hotspots` reads and validates the file, and a run reads the
patterns built from it ahead of time (`safe_session.shipped.hotspots`), made of these types.
"""

from __future__ import annotations

import re

import msgspec

from safe_session.folding import fold


class HotspotGroup(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    kind: str
    exact: list[str] = []
    prefix: list[str] = []
    contains: list[str] = []
    words: list[str] = []


class HotspotFile(msgspec.Struct, forbid_unknown_fields=True):
    group: list[HotspotGroup]


class PublicMatch(msgspec.Struct, frozen=True):
    kind: str  # "a hotel network"
    pattern: str  # the entry that matched, as written in the data file
    how: str  # exact | prefix | contains | words


class Hotspots(msgspec.Struct, frozen=True):
    groups: tuple[HotspotGroup, ...]

    def match(self, ssid: str | None) -> PublicMatch | None:
        """The first group whose pattern fits `ssid`; None for a private-looking name."""
        if not ssid:
            return None
        squashed = squash(ssid)
        tokens = words_of(ssid)
        if not squashed:
            return None
        for group in self.groups:
            for entry in group.exact:
                if squashed == squash(entry):
                    return PublicMatch(group.kind, entry, "exact")
            for entry in group.prefix:
                if squashed.startswith(squash(entry)):
                    return PublicMatch(group.kind, entry, "prefix")
            for entry in group.contains:
                if squash(entry) in squashed:
                    return PublicMatch(group.kind, entry, "contains")
            for entry in group.words:
                if _has_run(tokens, words_of(entry)):
                    return PublicMatch(group.kind, entry, "words")
        return None


_WIFI = re.compile(r"wi[\s_\-.]?fi", re.IGNORECASE)


def squash(text: str) -> str:
    """Lower case, no accents, letters and digits only: "BTWiFi-with-FON" -> "btwifiwithfon"."""
    return "".join(c for c in fold(text) if c.isalnum())


def words_of(text: str) -> tuple[str, ...]:
    """The words of a name, split at punctuation, spaces and camelCase; "Wi-Fi" is one word."""
    spaced = _WIFI.sub(" wifi ", text)
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", spaced)
    return tuple(w for w in (squash(part) for part in re.split(r"[^\w]|_", spaced)) if w)


def _has_run(tokens: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    if not wanted or len(wanted) > len(tokens):
        return False
    n = len(wanted)
    return any(tokens[i : i + n] == wanted for i in range(len(tokens) - n + 1))
