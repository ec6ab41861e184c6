"""Asking before acting: an action's plan shown exactly (what it does, every target), and
nothing happens unless the person says yes. "No" is the default."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Static

from safe_session.actions.base import ActionPlan
from safe_session.tui.keys import QUICK_EXIT_KEYS
from safe_session.tui.literal import literal
from safe_session.tui.screens.dialog import Dialog
from safe_session.tui.widgets.buttons import CalmButton


class ConfirmActionScreen(Dialog[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *QUICK_EXIT_KEYS,
        Binding("y", "answer(True)", "Yes, do it"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, plan: ActionPlan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        plan = self.plan
        with Vertical(id="dialog"):
            yield Static(literal(plan.label, "bold"), id="action-label")
            yield Static("This is exactly what will happen:", classes="heading")
            with VerticalScroll(id="action-body"):
                yield Static(literal(plan.description, one_line=False), id="action-description")
                if plan.targets:
                    yield Static("It touches:", classes="heading")
                    yield Static(
                        Content("\n").join(literal(f"• {t}") for t in plan.targets),
                        id="action-targets",
                    )
            with Horizontal(classes="buttons"):
                yield CalmButton(Content("Yes, do it (y)"), id="yes", compact=True)
                yield CalmButton(Content("No, leave it (n)"), id="no", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
