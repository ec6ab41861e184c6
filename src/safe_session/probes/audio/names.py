"""Reading a sound device's name for what it is: the last resort when the system says nothing.

The word lists live in `checks/audio-devices.toml` (data, not code). A name that matches both a
private kind and a public one is a combined jack ("Speakers/Headphones") and stays unknown.

A word in a script written with spaces (Latin, Cyrillic, Greek...) must stand alone, so
"tv" is not read in "hdtvtuner". Chinese, Japanese, Korean compounds and Thai are written without
spaces, and their words often follow a model name directly ("USBヘッドホン", "AirPods Pro耳機",
"ลำโพงUSB"): those words are read wherever they are.
"""

from __future__ import annotations

import re
from functools import cache

from safe_session.data.audio_name_types import NameLists, NamesFile
from safe_session.folding import fold, strip_marks
from safe_session.probes.audio.model import Kind, Transport

DATA_FILE = "audio-devices.toml"


def normalise(text: str) -> str:
    """Lower-case, accents removed, every run of punctuation or space as one space."""
    return " ".join(re.sub(r"[\W_]+", " ", fold(text)).split())


# Scripts written without spaces between words (after NFKD, as names are read): Thai, Lao,
# Myanmar, Khmer, Hangul (syllables and the jamo NFKD splits them into), kana, CJK ideographs.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3040-\u30ff\u3130-\u318f"
    "\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff]"
)


def is_unspaced(pattern: str) -> bool:
    """True for a word in a script written without spaces: it is matched anywhere in a name."""
    return bool(_UNSPACED.search(strip_marks(pattern)))


def _compile(patterns: list[str]) -> re.Pattern[str]:
    # Patterns are normalised like names (so "ヘッドホン" survives NFKD on both sides).
    parts = [strip_marks(p) for p in patterns]
    spaced = [p for p in parts if not _UNSPACED.search(p)]
    unspaced = [p for p in parts if _UNSPACED.search(p)]
    either: list[str] = []
    if spaced:
        either.append(r"(?<![a-z0-9])(?:" + "|".join(spaced) + r")(?![a-z0-9])")
    if unspaced:
        either.append(r"(?:" + "|".join(unspaced) + r")")
    return re.compile("|".join(either) if either else r"(?!)")


_COMBINED_HP = re.compile(r"(?i)\b(speakers?)\s*/\s*hp\b")


_DEVICE_PART = re.compile(r"^(?P<endpoint>[^()]+?)\s*\((?P<device>.+?)\)?\s*$")


def _split_device(name: str) -> tuple[str, str]:
    """("Speakers", "Jabra Evolve 65") from "Speakers (Jabra Evolve 65)"; PortAudio's MME
    names may have lost the closing parenthesis. ("name", "") when there is no device part."""
    match = _DEVICE_PART.match(name.strip())
    if match is None:
        return name, ""
    return match.group("endpoint"), match.group("device")


def _private(kind: Kind) -> bool:
    return kind in ("headphones", "headset")


class NameMatcher:
    """Compiled word lists."""

    def __init__(self, lists: NameLists) -> None:
        self.headphones = _compile(lists.headphones)
        self.headset = _compile(lists.headset)
        self.speakers = _compile(lists.speakers)
        self.hdmi = _compile(lists.hdmi)
        self.inputs = _compile(lists.inputs)

    def kind(self, name: str) -> Kind:
        # Windows names an endpoint "<what the jack or driver declares> (<the device>)". When
        # the two disagree, the device is the better witness: USB headsets often declare
        # "Speakers (Jabra Evolve 65)", a Bluetooth speaker's hands-free side is
        # "Headset (JBL Flip 5 Hands-Free AG Audio)". A combined jack ("Speaker/Headphone
        # (Realtek Audio)") names no device kind, and stays unknown.
        whole = self._kind(name)
        endpoint, device = _split_device(name)
        if whole != "unknown" or not device:
            return whole
        inner = self._kind(device)
        outer = self._kind(endpoint)
        if inner != "unknown" and outer != "unknown" and _private(inner) != _private(outer):
            return inner
        return whole

    def _kind(self, name: str) -> Kind:
        # Realtek names its combined jack "Speaker/HP"; HP means headphones only there.
        text = normalise(_COMBINED_HP.sub(r"\1/headphones", name))
        headset = bool(self.headset.search(text))
        phones = bool(self.headphones.search(text))
        speakers = bool(self.speakers.search(text))
        hdmi = bool(self.hdmi.search(text))
        if (headset or phones) and (speakers or hdmi):
            return "unknown"  # a combined jack, or a name that contradicts itself
        if headset:
            return "headset"
        if phones:
            return "headphones"
        if speakers:
            return "speakers"
        if hdmi:
            return "hdmi"
        return "unknown"

    def is_input(self, name: str) -> bool:
        return bool(self.inputs.search(normalise(name)))


def load_names_file() -> NameLists:
    """The word lists from `checks/audio-devices.toml`, validated: every problem is a DataError
    naming file, line and key. Runs use the lists built from it ahead of time (`matcher`)."""
    # the loaders, only where the data file itself is read: the build and the tests
    from safe_session.data.catalog import checks_dir
    from safe_session.data.toml_errors import DataError, convert, error_at, load_toml

    path = checks_dir() / DATA_FILE
    data, text = load_toml(path, DATA_FILE)
    parsed = convert(data, text, NamesFile, DATA_FILE)
    for field in ("headphones", "headset", "speakers", "hdmi", "inputs"):
        for index, pattern in enumerate(getattr(parsed.names, field)):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise error_at(
                    text, DATA_FILE, ["names", field, index], f"not a valid pattern ({exc})"
                ) from None
    try:
        NameMatcher(parsed.names)
    except re.error as exc:  # pragma: no cover - each pattern compiled above
        raise DataError(DATA_FILE, None, "names", str(exc)) from None
    return parsed.names


@cache
def matcher() -> NameMatcher:
    from safe_session.shipped.audio_names import NAMES

    return NameMatcher(NAMES)


def kind_from_name(name: str) -> Kind:
    return matcher().kind(name)


def is_input_name(name: str) -> bool:
    return matcher().is_input(name)


_TRANSPORT_WORDS: tuple[tuple[re.Pattern[str], Transport], ...] = (
    (
        re.compile(r"(?<![a-z0-9])(bluetooth|bt|airpods\w*|hands free ag audio)(?![a-z0-9])"),
        "bluetooth",
    ),
    (re.compile(r"(?<![a-z0-9])usb(?![a-z0-9])"), "usb"),
    (re.compile(r"(?<![a-z0-9])(hdmi|displayport|display audio)(?![a-z0-9])"), "hdmi"),
    (re.compile(r"(?<![a-z0-9])(built in|internal|macbook|imac)(?![a-z0-9])"), "builtin"),
)


def transport_from_name(name: str) -> Transport:
    """How a device is connected, from words in its name; "unknown" when it does not say."""
    text = normalise(name)
    for pattern, transport in _TRANSPORT_WORDS:
        if pattern.search(text):
            return transport
    return "unknown"
