"""One check up close: why it matters, what was found on this computer, and what to do here,
with "check again" for this one check."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Static

from safe_session.model import Status
from safe_session.tui.board import Row
from safe_session.tui.evidence import evidence_lines
from safe_session.tui.keys import QUICK_EXIT_KEYS
from safe_session.tui.literal import literal
from safe_session.tui.screens.dialog import Dialog
from safe_session.tui.status import STATUS_CLASSES, look_of
from safe_session.tui.widgets.buttons import CalmButton


class DetailScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *QUICK_EXIT_KEYS,
        Binding("escape", "close", "Close"),
        Binding("r", "recheck", "Recheck"),
    ]

    def __init__(self, row: Row, recheck: Callable[[str], None]) -> None:
        super().__init__()
        self.row = row
        self.check_id = row.spec.id
        self._recheck = recheck

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(id="detail-title")
            yield Static(id="detail-status")
            with VerticalScroll(id="detail-body"):
                yield Static("Why it matters", classes="heading")
                yield Static(literal(self.row.spec.why, one_line=False), id="detail-why")
                yield Static(id="detail-found-heading", classes="heading")
                yield Static(id="detail-found")
                yield Static("What to do", id="detail-advice-heading", classes="heading")
                yield Static(id="detail-advice")
            with Horizontal(classes="buttons"):
                if not self.row.is_confirm:
                    yield CalmButton(Content("Check again (r)"), id="recheck", compact=True)
                yield CalmButton(Content("Close (Esc)"), id="close", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show(self.row)

    def show(self, row: Row) -> None:
        self.row = row
        look = look_of(row.result)
        result = row.result
        # Titled by what was found, like the row; the check's own title says what it looks for.
        finding = result.finding if result and not row.is_confirm else row.spec.title
        self.query_one("#detail-title", Static).update(literal(finding, "bold"))
        status = self.query_one("#detail-status", Static)
        checks = "" if row.is_confirm else f"   What it checks: {row.spec.title}"
        status.update(Content.assemble((look.label, "bold"), literal(checks)))
        status.remove_class(*STATUS_CLASSES)
        status.add_class(look.css)
        found = self.query_one("#detail-found", Static)
        heading = self.query_one("#detail-found-heading", Static)
        if row.is_confirm:
            heading.update("The question")
            answer = "You confirmed it." if result and result.status is Status.PASS else "Not yet."
            found.update(Content("\n").join([literal(row.asks, one_line=False), Content(answer)]))
        else:
            heading.update("What was found")
            lines = [literal(result.summary if result else "Checking…")]
            if result is not None:
                lines += [literal(line) for line in evidence_lines(result.details)]
            found.update(Content("\n").join(lines))
        advice = result.advice if result else ()
        self.query_one("#detail-advice-heading").display = bool(advice)
        advice_box = self.query_one("#detail-advice", Static)
        advice_box.display = bool(advice)
        advice_box.update(
            Content("\n").join(literal(f"• {step}", one_line=False) for step in advice)
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "recheck":
            return not self.row.is_confirm and (
                self.row.result is None or self.row.result.status is not Status.SKIPPED
            )
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "recheck":
            self.action_recheck()
        elif event.button.id == "close":
            self.action_close()

    def action_recheck(self) -> None:
        if self.check_action("recheck", ()):
            self._recheck(self.check_id)

    def action_close(self) -> None:
        self.dismiss(None)
