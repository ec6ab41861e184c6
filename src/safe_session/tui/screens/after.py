"""After your session: log out (the portal named from the profile), the portal's address for
the history check, then what the session left behind, each with its action, done only when the
person confirms."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from safe_session.model import Status
from safe_session.tui.domains import parse_domains
from safe_session.tui.literal import literal
from safe_session.tui.screens.base import CheckScreen
from safe_session.tui.widgets.top_bar import TopBar
from safe_session.tui.widgets.verdict import VerdictBar
from safe_session.tui.widgets.welcome import after_welcome, logout_line

HISTORY = "after.browser_history"


class AddressInput(Input):
    """The portal's address; Enter (shown in the footer) looks for it in the history. Up and
    down leave it, as they leave every row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Look for this address"),
        Binding("down", "app.focus_next", "Next", show=False),
        Binding("up", "app.focus_previous", "Previous", show=False),
    ]


class AfterScreen(CheckScreen):
    _bad: tuple[str, ...] = ()  # what was typed that is no web address
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "change_start", "Session start", show=False),  # said beside the time
    ]

    def compose(self) -> ComposeResult:
        profile = self.plan.profile
        auto = [i for i, r in self.board.rows.items() if not r.is_confirm]
        yield TopBar("After your session")
        yield VerdictBar(self.board, id="verdict")
        with VerticalScroll(id="body", can_focus=False):
            yield Static(after_welcome(profile, self.ctx.since), id="welcome")
            yield Static("1. Log out", classes="heading")
            yield Static(logout_line(profile), id="logout")
            yield from self.rows_for(self.confirm_ids())  # the profile's own steps among them
            yield Static("2. Your therapy portal's web address", classes="heading")
            yield Static(
                "Used only to find the portal's pages in this computer's browsers: in their "
                "history and in the tabs they would open again. Type it and press Enter.",
                classes="note",
            )
            yield AddressInput(
                ", ".join(self.ctx.domains),
                placeholder="for example portal.example.com",
                id="domains",
                compact=True,
            )
            yield Static(id="domains-note", classes="note")
            yield Static("3. Tidy up", classes="heading")
            if auto:
                yield from self.rows_for(auto)
            else:
                yield Static("Nothing else to look at on this computer.", classes="note")
        yield Footer(compact=True)

    def on_mount(self) -> None:  # Textual calls CheckScreen.on_mount too, after this one
        self._describe_domains(self.ctx.domains, ())

    def first_focus(self) -> Widget | None:
        """The address field when no address is known: typing is expected there first."""
        if not self.ctx.domains:
            return self.query_one(AddressInput)
        return super().first_focus()

    def action_change_start(self) -> None:
        """Ask when the session started; look again from there."""
        from safe_session.tui.screens.start import StartScreen

        def chosen(since: datetime | None) -> None:
            if since is None:
                return
            self.ctx = replace(self.ctx, since=since)
            self.query_one("#welcome", Static).update(after_welcome(self.plan.profile, since))
            self.start_checks(self.auto_ids(), everything=True)

        self.app.push_screen(StartScreen(self.ctx.since), chosen)

    def refresh_row(self, check_id: str) -> None:
        super().refresh_row(check_id)
        if check_id == HISTORY:  # the note under the address says what was found for it
            self._describe_domains(self.ctx.domains, self._bad)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "domains":
            return
        event.stop()
        domains, bad = parse_domains(event.value)
        self.ctx = replace(self.ctx, domains=domains)
        self._bad = bad
        self._describe_domains(domains, bad)
        self.start_checks(self.auto_ids(), everything=True)

    def _describe_domains(self, domains: tuple[str, ...], bad: tuple[str, ...]) -> None:
        parts: list[Content] = []
        row = self.board.rows.get(HISTORY)
        result = row.result if row else None
        if domains and result is not None and result.status is Status.PASS:
            # Nothing for this exact address: say it, with the address, so a typo shows.
            parts.append(literal(result.summary))
        elif domains:
            parts.append(literal("Looking for visits to " + ", ".join(domains) + "."))
        if bad:
            parts.append(literal("Not a web address: " + ", ".join(bad)))
        note = self.query_one("#domains-note", Static)
        note.display = bool(parts)
        note.update(Content("\n").join(parts))
