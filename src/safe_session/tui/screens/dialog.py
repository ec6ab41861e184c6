"""What the detail view and the question before an action share: a box in the middle of the
screen. Its style lives here, not in app.tcss, so it is read when a dialog first opens rather
than before the first screen is drawn."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    SCOPED_CSS = False
    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    #dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    #detail-body, #action-body, #keys-body {
        height: auto;
        max-height: 14;
        border-left: blank;
        &:focus {
            border-left: outer $primary;
        }
    }
    #keys-body {
        max-height: 18;
    }
    #dialog Input {
        background: $panel;
        color: $foreground;
        border-left: blank;
        &:focus {
            border-left: outer $primary;
        }
    }
    #dialog .buttons {
        height: 1;
        margin: 1 0 0 0;
    }
    #dialog .buttons Button {
        margin: 0 2 0 0;
        min-width: 0;
    }
    /* High contrast: a heavy white frame */
    .-high-contrast #dialog {
        border: heavy $foreground;
    }
    """
