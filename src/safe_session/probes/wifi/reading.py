"""What a Wi-Fi tool told us about one link, the small pieces every Wi-Fi parser shares, and how
the best of several tools' readings is chosen.

A reading never guesses: when the output does not say, `state` or `security` is "unknown" and
`reason` says why in plain words. "The tool would not tell us" is never turned into
"disconnected" or "open".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Literal, get_args

import msgspec
from msgspec.structs import replace

from safe_session import folding
from safe_session.probes.base import Unavailable

State = Literal["connected", "disconnected", "unknown"]
Security = Literal[
    "open",
    "owe",
    "wep",
    "wpa-personal",
    "wpa2-personal",
    "wpa3-personal",
    "wpa-enterprise",
    "wpa2-enterprise",
    "wpa3-enterprise",
    "unknown",
]
SECURITIES: tuple[Security, ...] = get_args(Security)

# Why a reading is unknown, for the catalog's advice ("permission" = Location permission).
PERMISSION = "permission"


class WifiReading(msgspec.Struct, frozen=True):
    """One Wi-Fi link as a tool described it. `ssid` is hostile data: never interpret it."""

    state: State = "unknown"
    ssid: str | None = None
    security: Security = "unknown"
    reason: str | None = None
    interface: str | None = None  # the name the tool used (wlan0, en0, "Wi-Fi")
    interface_id: str | None = None  # Windows: the interface GUID, as netifaces names it
    cipher: str | None = None  # pairwise cipher when the tool says (CCMP, TKIP, ...)
    source: str | None = None  # the tool or API that gave it
    situation: str | None = None  # what kind of "unknown" this is, for the advice


def unknown(reason: str, source: str | None = None, situation: str | None = None) -> WifiReading:
    return WifiReading(reason=reason, source=source, situation=situation)


def clean_text(text: object) -> str:
    """Tool output as one str with \\n line ends: bytes decoded, BOM and UTF-16 NULs dropped."""
    if isinstance(text, bytes | bytearray):
        raw = bytes(text)
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            text = raw.decode("utf-16", errors="replace")
        else:
            text = raw.decode("utf-8", errors="replace")
    if not isinstance(text, str):
        return ""
    if text.count("\x00") > len(text) // 4:  # UTF-16 read as a one-byte encoding
        text = text.replace("\x00", "")
    text = text.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


_HEX_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})")


def decode_escapes(value: str, *, backslash_escapes: bool = False) -> str:
    """Undo the `\\xNN` escaping that wpa_cli, iw and iwconfig use for SSID bytes.

    The bytes are read as UTF-8 (what almost every network name is); anything else is
    replaced, never dropped silently. With `backslash_escapes`, wpa_cli's `\\\\`, `\\"`,
    `\\n`, `\\r`, `\\t` and `\\e` are undone too.
    """
    if "\\" not in value:
        return value
    out = bytearray()
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            if nxt == "x" and _HEX_ESCAPE.match(value, i):
                out.append(int(value[i + 2 : i + 4], 16))
                i += 4
                continue
            if backslash_escapes and nxt in '\\"nrte':
                out.extend(
                    {"n": b"\n", "r": b"\r", "t": b"\t", "e": b"\x1b"}.get(nxt, nxt.encode())
                )
                i += 2
                continue
        out.extend(ch.encode("utf-8", errors="surrogatepass"))
        i += 1
    return out.decode("utf-8", errors="replace")


# An address, also as people redact it before publishing (xx:xx:xx:xx:xx:xx). A string, for
# `re.match`: compiled on first use, by the parsers that read tables with addresses in them.
MAC_LIKE = r"^[0-9A-Fa-fxX]{1,2}([:-])[0-9A-Fa-fxX]{1,2}(\1[0-9A-Fa-fxX]{1,2}){4}$"
REDACTED = {"<redacted>", "<ssid>", "<hidden>", "<private>", "<not available>", ""}


def is_redacted(value: str | None) -> bool:
    return value is None or value.strip().casefold() in REDACTED


def fold(value: str) -> str:
    """Case- and accent-insensitive form for matching words in any language."""
    return folding.fold(value).strip()


@functools.cache
def _folded(words: tuple[str, ...]) -> frozenset[str]:
    """A word list folded like the values it is looked for in (NFKD splits kana and Hangul),
    once, when a reader first needs it: only the macOS and Windows readers do."""
    return frozenset(fold(w) for w in words)


# Words that say "enterprise" (802.1X sign-in) in the languages Windows and macOS ship.
_ENTERPRISE = (
    "enterprise",
    "entreprise",
    "unternehmen",
    "empresa",
    "empresarial",
    "corporativ",
    "zakelijk",
    "aziendale",
    "impresa",
    "bedrijf",
    "onderneming",
    "foretag",
    "yritys",
    "virksomhed",
    "bedrift",
    "przedsiebiorstwo",
    "firmow",
    "podnik",
    "vallalati",
    "kurumsal",
    "корпоратив",
    "предприят",
    "エンタープライズ",
    "企业",
    "企業",
    "엔터프라이즈",
    "기업",
    "802.1x",
    "8021x",
    "eap",
)
# "No security" values: open authentication, no cipher, in the usual languages.
OPEN_WORDS = (
    "open",
    "none",
    "no security",
    "offen",
    "keine",
    "kein",
    "ouvert",
    "ouverte",
    "ouvrir",
    "aucun",
    "aucune",
    "abierta",
    "abierto",
    "ninguna",
    "ninguno",
    "aperta",
    "aperto",
    "nessuna",
    "nessuno",
    "aberta",
    "aberto",
    "nenhuma",
    "nenhum",
    "открытая",
    "открыто",
    "нет",
    "オープン",
    "なし",
    "開く",
    "开放",
    "开放式",
    "无",
    "開放",
    "無",
    "열기",
    "개방",
    "없음",
    "otwarte",
    "otwarta",
    "brak",
    "acik",
    "açık",
    "deschis",
    "deschisa",
    "niciuna",
    "nici una",
    "открыть",
    "открытый",
    "오픈",
    "yok",
    "geen",
    "openen",
    "oppen",
    "ingen",
    "aben",
    "apen",
    "avoin",
    "ei mitaan",
    "ei mikaan",
    "otevrene",
    "otevřená",
    "zadne",
    "zadny",
    "nyitott",
    "nincs",
    "ανοιχτό",
    "κανένα",
    "καμία",
    "פתוח",
    "ללא",
    "مفتوح",
    "بلا",
    "لا شيء",
)


def security_from_text(value: str) -> Security | None:
    """Classify a free-form security description (WPA2 Personal, wpa2-psk, WPA3-Enterprise,
    Enhanced Open, WEP, None...) in any language; None when the words are not recognised."""
    v = fold(value)
    if not v:
        return None
    enterprise = any(word in v for word in _folded(_ENTERPRISE))
    if "wpa3" in v or re.search(r"\bsae\b", v):
        return "wpa3-enterprise" if enterprise else "wpa3-personal"
    if "wpa2" in v or re.search(r"\brsn", v):
        return "wpa2-enterprise" if enterprise else "wpa2-personal"
    if re.search(r"\bowe\b", v) or "enhanced open" in v:
        return "owe"
    if "wpa" in v:
        return "wpa-enterprise" if enterprise else "wpa-personal"
    if "wep" in v or "leap" in v:
        return "wep"
    if v in _folded(OPEN_WORDS):
        return "open"
    if v in ("personal", "psk"):
        return "wpa2-personal"
    if v == "enterprise":
        return "wpa2-enterprise"
    return None


# ------------------------------------------------------------------------- the best reading


class Tried(msgspec.Struct, frozen=True):
    source: str
    reason: str
    situation: str


def is_complete(reading: WifiReading) -> bool:
    """A reading that answers the question: not connected, or connected with a security."""
    if reading.state == "disconnected":
        return True
    return reading.state == "connected" and reading.security != "unknown"


def best_of(
    attempts: list[tuple[str, Callable[[], WifiReading]]],
) -> WifiReading:
    """Try each source in order; the first complete answer wins. Otherwise the most useful
    partial one (connected, security unknown), with every source's reason in `reason`."""
    tried: list[Tried] = []
    partial: WifiReading | None = None
    for source, attempt in attempts:
        try:
            reading = attempt()
        except Unavailable as exc:
            tried.append(Tried(source, exc.reason, exc.situation))
            if exc.situation == "timeout" and "no time left" in exc.reason:
                break
            continue
        if is_complete(reading):
            return reading
        tried.append(
            Tried(
                source, reading.reason or f"{source} could not tell", reading.situation or "unknown"
            )
        )
        if partial is None or (partial.state != "connected" and reading.state == "connected"):
            partial = reading
    situations = {t.situation for t in tried}
    if PERMISSION in situations:
        situation = PERMISSION
    elif situations and situations <= {"missing_tool"}:
        situation = "missing_tool"
    elif "timeout" in situations:
        situation = "timeout"
    else:
        situation = "unknown"
    reason = "; ".join(dict.fromkeys(t.reason for t in tried)) or "no Wi-Fi tool answered"
    if partial is not None:
        return replace(partial, reason=reason, situation=partial.situation or situation)
    return WifiReading(reason=reason, situation=situation)
