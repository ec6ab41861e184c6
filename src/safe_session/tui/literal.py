"""System and profile text as literal screen content: never parsed as markup, control and bidi
characters shown as visible escapes (`text.inert`)."""

from __future__ import annotations

from textual.content import Content

from safe_session.text import inert


def literal(value: object, style: str = "", *, one_line: bool = True) -> Content:
    return Content.styled(inert(value, one_line=one_line), style)


def dom_id(prefix: str, check_id: str) -> str:
    """A widget id for a check id (dots are not allowed in ids; ids never hold a dash)."""
    return f"{prefix}-{check_id.replace('.', '-')}"
