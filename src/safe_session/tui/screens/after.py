"""After your session: log out (the portal named from the profile), the portal's address for
the history check, then what the session left behind, each with its action, done only when the
person confirms."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, Static

from safe_session.tui.domains import parse_domains
from safe_session.tui.literal import literal
from safe_session.tui.screens.base import CheckScreen
from safe_session.tui.widgets.top_bar import TopBar
from safe_session.tui.widgets.verdict import VerdictBar
from safe_session.tui.widgets.welcome import after_welcome, logout_line


class AddressInput(Input):
    """The portal's address; Enter (shown in the footer) looks for it in the history."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "Look for this address")]


class AfterScreen(CheckScreen):
    def compose(self) -> ComposeResult:
        profile = self.plan.profile
        auto = [i for i, r in self.board.rows.items() if not r.is_confirm]
        yield TopBar("After your session")
        yield VerdictBar(self.board, id="verdict")
        with VerticalScroll(id="body"):
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

    def on_mount(self) -> None:
        super().on_mount()
        self._describe_domains(self.ctx.domains, ())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "domains":
            return
        event.stop()
        domains, bad = parse_domains(event.value)
        self.ctx = replace(self.ctx, domains=domains)
        self._describe_domains(domains, bad)
        self.start_checks(self.auto_ids(), everything=True)

    def _describe_domains(self, domains: tuple[str, ...], bad: tuple[str, ...]) -> None:
        parts: list[Content] = []
        if domains:
            parts.append(literal("Looking for visits to " + ", ".join(domains) + "."))
        if bad:
            parts.append(literal("Not a web address: " + ", ".join(bad)))
        note = self.query_one("#domains-note", Static)
        note.display = bool(parts)
        note.update(Content("\n").join(parts))
