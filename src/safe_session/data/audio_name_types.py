"""The schema of the sound-device words (`checks/audio-devices.toml`): the patterns that say
what kind of device a name is, when the system itself says nothing.

Types only: `probes.audio_names` reads and validates the file and matches names, and a run reads
the word lists built from it ahead of time (`safe_session.shipped.audio_names`).
"""

from __future__ import annotations

import msgspec


class NameLists(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Per kind, the words that name it: regular expressions over folded names. Words in
    scripts written with spaces match whole words only; Chinese, Japanese, Korean and Thai
    words match anywhere (the matcher tells them apart by their script)."""

    headphones: list[str]
    headset: list[str]
    speakers: list[str]
    hdmi: list[str]
    inputs: list[str]


class NamesFile(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    names: NameLists
