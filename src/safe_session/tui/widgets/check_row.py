"""One check as a row: its status (symbol and word), its title and what was found, and for
after-session findings the actions it offers, each described exactly."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Static

from safe_session.model import Status
from safe_session.tui.board import Row
from safe_session.tui.literal import literal
from safe_session.tui.status import MUTED, look_of
from safe_session.tui.theme import is_high_contrast, themed
from safe_session.tui.widgets.buttons import CalmButton
from safe_session.tui.widgets.row_line import RowLine
from safe_session.words import is_note

if TYPE_CHECKING:
    from safe_session.actions.base import ActionPlan

MAX_TARGETS_SHOWN = 5
# Under a safety note: no alarm, nothing to fix, and the way out.
NOTE_LINE = "There is no need to act right now. Quick exit: Ctrl+Q closes safe-session at once."
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


class RowActions(Vertical):
    """What a finding offers, under its words: mounted only when there is something."""

    DEFAULT_CSS = """
    RowActions {
        height: auto;
        padding: 0 0 1 12;
    }
    RowActions .plan-note {
        color: $text-muted;
    }
    RowActions .plan {
        margin: 1 0 0 0;
    }
    RowActions .plan-button {
        min-width: 0;
    }
    """


class RowOutcome(Static):
    """What a confirmed action did, under the row's actions."""

    DEFAULT_CSS = """
    RowOutcome {
        padding: 0 0 0 12;
        text-style: bold;
    }
    """


class PlanButton(CalmButton):
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
        self._line = RowLine(*self._words(row, plain=False), classes="line")
        self._actions: RowActions | None = None  # mounted only when the row offers actions
        self._outcome: RowOutcome | None = None  # mounted only after an action was done
        self._working: str | None = None  # what a confirmed action is doing right now
        self._plans_shown: tuple[tuple[ActionPlan, ...], str | None] = ((), None)

    def compose(self) -> ComposeResult:
        yield self._line

    def on_mount(self) -> None:
        if self.row.plans or self.row.plan_note or self.row.outcome:  # built with them already
            self.show(self.row)

    def _words(self, row: Row, *, plain: bool) -> tuple[Content, Content]:
        """The status, then what was found in bold (the catalog's title while it is checked)
        and the rest of what was found under it. `plain`: no colours of their own (a focused
        row in high contrast is drawn in one colour on a bright block)."""
        look = look_of(row.result)
        result = row.result
        title = result.finding if result else row.spec.title
        said = [result.said] if result else ["Checking…"]
        if result is not None and is_note(result):
            said.append(NOTE_LINE)
        said = [line for line in said if line]
        if plain:
            status = Content.styled(look.label, "bold")
            lines = [literal(line) for line in said]
        else:
            status = Content.styled(look.label, themed(self.app, f"bold {look.colour}"))
            lines = [literal(line, themed(self.app, MUTED)) for line in said]
        return status, Content("\n").join([literal(title, "bold"), *lines])

    _focused = False  # set by the focus events themselves: `has_focus` lags behind them

    def _plain(self) -> bool:
        return self._focused and is_high_contrast(self.app)

    def show(self, row: Row) -> None:
        self.row = row
        self._line.show(*self._words(row, plain=self._plain()))
        self._show_plans(row)
        self._show_outcome(row)
        if self.has_focus_within:  # the footer shows only the focused row's keys
            self.refresh_bindings()

    def restyle(self) -> None:
        """Focus or the theme changed: draw the words in the right colours."""
        self._line.show(*self._words(self.row, plain=self._plain()))

    def on_focus(self) -> None:
        self._focused = True
        self.restyle()

    def on_blur(self) -> None:
        self._focused = False
        self.restyle()

    def show_working(self, doing: str | None) -> None:
        """Say at once what a confirmed action is doing ("Asking AnyDesk to close…"), before
        its worker has finished; None when it is done and its outcome follows."""
        self._working = doing
        self._show_outcome(self.row)

    def _show_outcome(self, row: Row) -> None:
        if self._working is not None:
            text = literal(self._working, "bold")
        elif row.outcome is None:
            if self._outcome is not None:
                self._outcome.display = False
            return
        else:
            word = "Done" if row.outcome.ok else "Not done"
            lines = [literal(f"{word}: {row.outcome.message}", "bold")]
            lines += [literal(f"  could not: {item}") for item in row.outcome.failed]
            text = Content("\n").join(lines)
        if self._outcome is None:
            self._outcome = RowOutcome(text, classes="outcome")
            self.mount(self._outcome)
        else:
            self._outcome.update(text)
            self._outcome.display = True

    def _show_plans(self, row: Row) -> None:
        if self._plans_shown == (row.plans, row.plan_note):
            return
        self._plans_shown = (row.plans, row.plan_note)
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
        if self._actions is not None:
            self._actions.remove()
            self._actions = None
        if widgets:
            self._actions = RowActions(*widgets, classes="actions")
            self.mount(self._actions, after=self._line)

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
