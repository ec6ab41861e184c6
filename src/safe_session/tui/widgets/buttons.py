"""safe-session's buttons: compact, readable in every theme, and focus shown by a bright block.

Textual's button variants colour text and background alike in some themes (a focused warning
button in high contrast was yellow on yellow, a default one black on black); these buttons look
the same whatever they do, and say what they do in their words."""

from __future__ import annotations

from textual.widgets import Button


class CalmButton(Button):
    SCOPED_CSS = False  # its high-contrast look is chosen by the app's class
    DEFAULT_CSS = """
    CalmButton {
        min-width: 0;
        background: $panel !important;
        color: $foreground !important;
        background-tint: $background 0% !important;
        text-style: none !important;
        &:focus {
            background: $primary !important;
            color: $background !important;
            text-style: bold !important;
        }
        &:hover {
            background: $primary 50% !important;
        }
    }
    /* High contrast: the panel is black, so a button shows white edges until it has focus */
    .-high-contrast CalmButton.-textual-compact {
        border-left: inner $foreground !important;
        border-right: inner $foreground !important;
        &:focus {
            border-left: inner $primary !important;
            border-right: inner $primary !important;
        }
    }
    /* On a focused row's bright block the edges are dark */
    .-high-contrast CheckRow:focus CalmButton.-textual-compact {
        border-left: inner $background !important;
        border-right: inner $background !important;
    }
    """
