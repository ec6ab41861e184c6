"""The Textual app: picks the first screen, the theme and the keys every screen shares.

Quick exit (Ctrl+Q) works everywhere, at once: the app closes, the terminal is restored, and
nothing is printed. Screens live in screens/, their parts in widgets/.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import Initialize, Reactive
from textual.screen import Screen
from textual.theme import Theme

from safe_session.model import Phase
from safe_session.tui.config import UIConfig
from safe_session.tui.keys import QUICK_EXIT_KEYS
from safe_session.tui.screens.base import CheckScreen
from safe_session.tui.screens.before import BeforeScreen
from safe_session.tui.theme import CALM, HIGH_CONTRAST, THEMES
from safe_session.tui.widgets.check_row import CheckRow
from safe_session.tui.widgets.confirm_row import ConfirmRow


def _first_theme(app: SafeSessionApp) -> str:
    return HIGH_CONTRAST.name if app.config.high_contrast else CALM.name


class SafeSessionApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "safe-session"
    BINDINGS: ClassVar[list[BindingType]] = [
        *QUICK_EXIT_KEYS,
        Binding("c", "toggle_contrast", "Contrast"),
        Binding("question_mark", "show_keys", "Keys", key_display="?"),
    ]
    # Our theme from the first moment: one set after start-up makes Textual parse all the CSS
    # a second time before the first screen is drawn.
    theme: Reactive[str] = Reactive(Initialize(_first_theme))

    def __init__(self, config: UIConfig, phase: Phase = "before") -> None:
        self.config = config  # read by `_first_theme` while Textual sets itself up
        super().__init__()
        self.set_class(config.high_contrast, "-high-contrast")  # `watch_theme` runs on changes
        self.phase = phase
        self._first: Screen[None]
        if phase == "before":
            self._first = BeforeScreen(config)
        else:  # imported only when needed: it brings the input field along
            from safe_session.tui.screens.after import AfterScreen

            self._first = AfterScreen(config)

    @property
    def available_themes(self) -> dict[str, Theme]:
        """Textual's themes and ours, already while `App.__init__` builds the stylesheet."""
        return {**super().available_themes, **{theme.name: theme for theme in THEMES}}

    def get_default_screen(self) -> Screen[None]:
        return self._first

    def watch_theme(self, theme: str) -> None:
        self.set_class(theme == HIGH_CONTRAST.name, "-high-contrast")
        for screen in self.screen_stack:  # rows draw their own colours
            for row in screen.query(CheckRow):
                row.restyle()
            for confirm in screen.query(ConfirmRow):
                confirm.restyle()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Quick exit", "Close safe-session at once (Ctrl+Q)", self.action_quick_exit
        )
        yield SystemCommand(
            "High contrast", "Switch high contrast on or off (c)", self.action_toggle_contrast
        )
        if isinstance(screen, CheckScreen):
            yield SystemCommand(
                "Check everything again", "Run every check once more (a)", screen.action_recheck_all
            )
        yield SystemCommand(
            "Keys", "safe-session's keys and what they do (?)", self.action_show_keys
        )

    def action_show_keys(self) -> None:
        """safe-session's own list of keys (Textual's key panel would list its own too)."""
        from safe_session.tui.screens.keys import KeysScreen

        if not isinstance(self.screen, KeysScreen):
            self.push_screen(KeysScreen())

    def action_quick_exit(self) -> None:
        """Leave at once: no question, no message, nothing printed."""
        self.exit(0)

    def action_toggle_contrast(self) -> None:
        self.theme = CALM.name if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name
