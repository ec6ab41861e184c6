"""One way to compare words whatever their case and accents: SSIDs against hotspot names,
device names against the words for headphones and speakers, Wi-Fi tools' words in any language."""

from __future__ import annotations

import unicodedata

# Letters that NFKD does not split into a base letter and an accent (Polish, Nordic, Turkish,
# Croatian, Icelandic, ligatures), spelled as their plain Latin letters.
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "ı": "i",
        "đ": "d",
        "Đ": "d",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ß": "ss",
        "þ": "th",
        "ð": "d",
    }
)


def _mark(char: str) -> bool:
    """Accents and vowel signs (Thai marks have combining class 0, yet are marks)."""
    return unicodedata.combining(char) != 0 or unicodedata.category(char) == "Mn"


def strip_marks(text: str) -> str:
    """`text` decomposed (NFKD) without its accents and vowel signs; case and the rest kept, so
    it also suits regular-expression patterns."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not _mark(c))


def fold(text: str) -> str:
    """Lower case, no accents: "Kopfhörer" and "KOPFHORER" fold alike, "Słuchawki" to
    "sluchawki". NFKD also splits kana and Hangul, so fold both sides of a comparison."""
    return strip_marks(text.translate(_LETTERS).casefold())
