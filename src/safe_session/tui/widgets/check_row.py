"""One check as a row: its status (symbol and word), its title and what was found, and for
after-session findings the actions it offers, each described exactly."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Static

from safe_session.actions.base import ActionPlan
from safe_session.model import Status
from safe_session.tui.board import Row
from safe_session.tui.literal import literal
from safe_session.tui.status import STATUS_CLASSES, look_of

MAX_TARGETS_SHOWN = 5
INLINE_PLANS = 2  # up to this many actions are described in the row; more are listed as buttons
MAX_BUTTONS = 6
# Arrow keys move between rows (before the scrolling container takes them to scroll).
ROW_KEYS: list[BindingType] = [
    Binding("down", "app.focus_next", "Next", show=False),
    Binding("up", "app.focus_previous", "Previous", show=False),
]


def row_id(check_id: str) -> str:
    """The widget id of a check's row (ids allow no dots; check ids hold no dashes)."""
    return "row-" + check_id.replace(".", "-")


class PlanButton(Button):
    """One action's button; Enter on it asks before anything is done."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "press", "Choose this")]


class RowMessage(Message):
    def __init__(self, check_id: str) -> None:
        super().__init__()
        self.check_id = check_id


class CheckRow(Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "details", "Details"),
        Binding("r", "recheck", "Recheck"),
        Binding("x", "act", "Fix this"),
        *ROW_KEYS,
    ]

    class Details(RowMessage):
        """Open the detail view for this check."""

    class Recheck(RowMessage):
        """Run this one check again."""

    class ActionChosen(RowMessage):
        def __init__(self, check_id: str, plan: ActionPlan) -> None:
            super().__init__(check_id)
            self.plan = plan

    def __init__(self, row: Row) -> None:
        super().__init__(id=row_id(row.spec.id))
        self.row = row
        self._plans_shown: tuple[tuple[ActionPlan, ...], str | None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="status")
        with Vertical(classes="body"):
            yield Static(literal(self.row.spec.title, "bold"), classes="title")
            yield Static(classes="summary")
            yield Vertical(classes="actions")
            yield Static(classes="outcome")

    def on_mount(self) -> None:
        self.show(self.row)

    def show(self, row: Row) -> None:
        self.row = row
        look = look_of(row.result)
        status = self.query_one(".status", Static)
        status.update(Content.styled(look.label, "bold"))
        status.remove_class(*STATUS_CLASSES)
        status.add_class(look.css)
        summary = self.query_one(".summary", Static)
        summary.update(literal(row.result.summary if row.result else "Checking…"))
        self._show_plans(row)
        outcome = self.query_one(".outcome", Static)
        outcome.display = row.outcome is not None
        if row.outcome is not None:
            word = "Done" if row.outcome.ok else "Not done"
            lines = [literal(f"{word}: {row.outcome.message}", "bold")]
            lines += [literal(f"  could not: {item}") for item in row.outcome.failed]
            outcome.update(Content("\n").join(lines))
        self.refresh_bindings()

    def _show_plans(self, row: Row) -> None:
        if self._plans_shown == (row.plans, row.plan_note):
            return
        self._plans_shown = (row.plans, row.plan_note)
        area = self.query_one(".actions", Vertical)
        area.remove_children()
        widgets: list[Widget] = []
        if row.plan_note:
            widgets.append(Static(literal(row.plan_note), classes="plan-note"))
        if len(row.plans) <= INLINE_PLANS:
            for index, plan in enumerate(row.plans):
                widgets += self._described(index, plan)
        else:
            widgets.append(
                Static("Each of these asks first, showing exactly what it will do:", classes="plan")
            )
            for index, plan in enumerate(row.plans[:MAX_BUTTONS]):
                widgets.append(self._button(index, plan, "tight"))
            more = len(row.plans) - MAX_BUTTONS
            if more > 0:
                widgets.append(
                    Static(f"… and {more} more: x goes through them in turn.", classes="targets")
                )
        area.display = bool(widgets)
        if widgets:
            area.mount_all(widgets)

    def _described(self, index: int, plan: ActionPlan) -> list[Widget]:
        """An action with what it does and what it touches, then its button."""
        widgets: list[Widget] = [Static(literal(plan.description, one_line=False), classes="plan")]
        if plan.targets:
            shown = [f"  • {t}" for t in plan.targets[:MAX_TARGETS_SHOWN]]
            more = len(plan.targets) - MAX_TARGETS_SHOWN
            if more > 0:
                shown.append(f"  … and {more} more (all are listed before anything is done)")
            widgets.append(Static(Content("\n").join(literal(t) for t in shown), classes="targets"))
        widgets.append(self._button(index, plan))
        return widgets

    @staticmethod
    def _button(index: int, plan: ActionPlan, *classes: str) -> Button:
        return PlanButton(
            literal(plan.label),
            name=str(index),
            compact=True,
            classes=" ".join(("plan-button", *classes)),
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.has_class("plan-button") and event.button.name is not None:
            event.stop()
            index = int(event.button.name)
            if index < len(self.row.plans):  # the row may have been rechecked meanwhile
                self.post_message(self.ActionChosen(self.row.spec.id, self.row.plans[index]))

    def on_click(self, event: events.Click) -> None:
        """A click on the row (not on one of its buttons) opens it, like Enter."""
        if not isinstance(event.widget, Button):
            self.action_details()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "act":
            return bool(self.row.plans)
        if action == "recheck":
            return self.row.result is None or self.row.result.status is not Status.SKIPPED
        return True

    def action_details(self) -> None:
        self.post_message(self.Details(self.row.spec.id))

    def action_recheck(self) -> None:
        self.post_message(self.Recheck(self.row.spec.id))

    def action_act(self) -> None:
        if self.row.plans:
            self.post_message(self.ActionChosen(self.row.spec.id, self.row.plans[0]))
