"""System and profile text as literal screen content: never parsed as markup, control and bidi
characters shown as visible escapes (`text.inert`)."""

from __future__ import annotations

from textual.content import Content

from safe_session.text import inert


def literal(value: object, style: str = "", *, one_line: bool = True) -> Content:
    return Content.styled(inert(value, one_line=one_line), style)
