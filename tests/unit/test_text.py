from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from safe_session.text import inert


def test_escape_sequences_become_visible() -> None:
    assert inert("a\x1b[31mred") == "a\\x1b[31mred"
    assert inert("osc\x1b]52;c;aGk=\x07") == "osc\\x1b]52;c;aGk=\\x07"
    assert inert("c1\x9b2J") == "c1\\x9b2J"
    assert inert("bidi\u202eevil") == "bidi\\u202eevil"
    assert inert("line\nbreak") == "line\\x0abreak"


def test_multi_line_keeps_newlines_only() -> None:
    assert inert("a\nb\x1b", one_line=False) == "a\nb\\x1b"


def test_markup_and_ordinary_text_are_untouched() -> None:
    for text in ["[bold red]x[/]", "Café Wi-Fi", "日本語のSSID", "emoji 🎧"]:
        assert inert(text) == text


@given(st.text())
def test_never_leaves_a_control_character(text: str) -> None:
    out = inert(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in out)
    assert "\u202e" not in out


@given(st.binary())
def test_bytes_and_undecodable_names_come_out_as_valid_visible_text(raw: bytes) -> None:
    for value in (raw, raw.decode("utf-8", "surrogateescape")):
        out = inert(value)
        out.encode("utf-8")  # no lone surrogate: nothing raw can be written back
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in out)


def test_undecodable_bytes_show_as_the_bytes_they_were() -> None:
    assert inert(b"x\x9b31m\xff") == "x\\x9b31m\\xff"
    assert inert(b"x\x9b31m\xff".decode("utf-8", "surrogateescape")) == "x\\x9b31m\\xff"
    assert inert("zero\u200bwidth\u2060joiner\u061c") == "zero\\u200bwidth\\u2060joiner\\u061c"
