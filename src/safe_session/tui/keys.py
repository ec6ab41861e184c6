"""The quick-exit keys, on the app and repeated on every modal screen so its footer shows them
too. Priority bindings: no widget (an input field included) can swallow them."""

from __future__ import annotations

from textual.binding import Binding, BindingType

QUICK_EXIT_KEYS: list[BindingType] = [
    Binding("ctrl+q", "app.quick_exit", "Quick exit", priority=True, key_display="^q"),
    Binding("ctrl+c", "app.quick_exit", "Quick exit", show=False, priority=True),
]
