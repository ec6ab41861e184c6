"""The quick-exit keys, on the app and repeated on every modal screen so its footer shows them
too. Priority bindings: no widget (an input field included) can swallow them."""

from __future__ import annotations

from textual.binding import Binding, BindingType

QUICK_EXIT_KEYS: list[BindingType] = [
    Binding("ctrl+q", "app.quick_exit", "Quick exit", priority=True, key_display="^q"),
    Binding("ctrl+c", "app.quick_exit", "Quick exit", show=False, priority=True),
]

# safe-session's own keys, in the person's words: the help view lists these (and nothing of
# Textual's own), in this order. The README's table says the same.
KEY_HELP: tuple[tuple[str, str], ...] = (
    ("Ctrl+Q", "Quick exit: closes safe-session at once, from any screen, and prints nothing."),
    ("↑ ↓, Tab", "Move between the rows."),
    ("Enter", "Open a row: why it matters, what was found, and what to do on this computer."),
    ("r", "Check this row again."),
    ("a", "Check everything again."),
    ("Space", "Tick or untick something only you can confirm (i: why it matters)."),
    ("x", "Fix this (close an app, move files to the trash...): shows what will happen first."),
    ("y / n", "When asked before something is done: yes, do it / no, leave it."),
    ("s", "After your session: change when the session started, and look again."),
    ("c", "High contrast on or off."),
    ("?", "This list of keys."),
    ("Ctrl+P", "More commands: quick exit, high contrast, check everything again, keys."),
    ("Esc", "Close a window like this one."),
)
