"""The two looks: a calm default, and a high-contrast one (pure black, white and bright colours)
for low vision or bright rooms. NO_COLOR is honoured by Textual itself, which then renders in
monochrome; status is never told by colour alone."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual.theme import Theme

if TYPE_CHECKING:
    from textual.app import App

CALM = Theme(
    name="safe-session",
    primary="#6FA3D0",
    secondary="#8FB8A8",
    accent="#9DB7E0",
    warning="#E2B457",
    error="#F08080",
    success="#7CC48E",
    foreground="#E8ECF1",
    background="#18202A",
    surface="#1F2935",
    panel="#273443",
    # Set, not left to Textual: its default changed in 8.2.5, and the screens must look the
    # same with every Textual from the declared floor up (the lowest-versions test run).
    boost="transparent",
    dark=True,
)

HIGH_CONTRAST = Theme(
    name="safe-session-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF6060",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    dark=True,
    text_alpha=1.0,
    luminosity_spread=0.0,
    variables={
        "text-muted": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "footer-background": "#000000",
        "button-foreground": "#000000",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "input-selection-background": "#FFFF00 50%",
    },
)

THEMES = (CALM, HIGH_CONTRAST)
ENV_VAR = "SAFE_SESSION_HIGH_CONTRAST"


def high_contrast_from_env() -> bool:
    """`SAFE_SESSION_HIGH_CONTRAST=1` (any value but empty, 0, no, false) asks for it."""
    value = os.environ.get(ENV_VAR, "").strip().lower()
    return value not in ("", "0", "no", "false", "off")


def is_high_contrast(app: App[object]) -> bool:
    return app.theme == HIGH_CONTRAST.name


def themed(app: App[object], style: str) -> str:
    """A style for text drawn by a widget itself, with `$name` colours replaced by the current
    theme's values: a variable in such a style loses its alpha ("auto 60%" would be white)."""
    values = app.theme_variables
    return " ".join(
        values.get(word[1:], word) if word[:1] == "$" else word for word in style.split()
    )
