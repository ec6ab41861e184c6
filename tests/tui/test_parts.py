"""The UI's small pure parts: the portal-address parser, evidence lines, the level bar, the
welcome lines and the status looks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from safe_session.model import Status
from safe_session.profile import BUILTIN
from safe_session.tui.domains import parse_domains
from safe_session.tui.evidence import MAX_ITEMS, evidence_lines
from safe_session.tui.status import LOOKS, WAITING, look_of
from safe_session.tui.widgets.level_meter import CELLS, bar
from safe_session.tui.widgets.welcome import areas_line, source_line
from tests.hostile import FORBIDDEN_IN_TERMINAL, HOSTILE_STRINGS
from tests.tui.fakes import CATALOG, profile


def test_portal_addresses_are_taken_from_whatever_is_pasted() -> None:
    assert parse_domains("https://Portal.Example.com/login?next=/x, www.clientsecure.me") == (
        ("portal.example.com", "clientsecure.me"),
        (),
    )
    assert parse_domains("  clientsecure.me clientsecure.me;  ") == (("clientsecure.me",), ())
    assert parse_domains("localhost, http://[::1]/, not_a_host.com!, 'x'") == (
        (),
        ("localhost", "http://[::1]/", "not_a_host.com!", "'x'"),
    )
    assert parse_domains("") == ((), ())


@given(st.text())
def test_portal_address_parser_never_raises(typed: str) -> None:
    good, _bad = parse_domains(typed)
    assert all(d == d.lower() and "." in d for d in good)


def test_evidence_lines_are_readable_inert_and_bounded() -> None:
    details = {
        "connected": True,
        "ssid": HOSTILE_STRINGS[3],
        "captive_portal": None,
        "matches": [{"name": "obs", "pid": i} for i in range(MAX_ITEMS + 3)],
        "default_output": {"name": "Speakers", "kind": "speakers"},
        "confirmed": False,
        "tabs": [3, 4],
    }
    lines = evidence_lines(details)
    assert lines[:3] == ["Connected: yes", "Ssid: Net\\x1b[2J\\x1b[H", "Captive portal: not known"]
    assert lines[3] == "Matches:" and lines[4] == "  • name: obs, pid: 0"
    assert lines[4 + MAX_ITEMS] == "  … and 3 more"
    assert "Default output:" in lines and "  Name: Speakers" in lines
    assert "Tabs: 3, 4" in lines
    assert not any("onfirmed" in line for line in lines)
    for line in evidence_lines({"x": list(HOSTILE_STRINGS), "y": {"k": HOSTILE_STRINGS[5]}}):
        assert not any(bad in line for bad in FORBIDDEN_IN_TERMINAL)


def test_level_bar_fills_with_loudness() -> None:
    assert bar(-120.0) == "░" * CELLS and bar(0.0) == "█" * CELLS and bar(6.0) == "█" * CELLS
    assert bar(-40.0).count("█") == CELLS // 2


def test_welcome_says_who_it_is_from_and_what_it_looks_at() -> None:
    assert source_line(BUILTIN).plain == (
        "With safe-session's own settings (no profile from a therapist)."
    )
    assert source_line(profile()).plain == (
        "From Dr. Ana Ruiz, Couples & Sex Therapy · ana@example.org"
    )
    assert areas_line(CATALOG.phase("before")) == (
        "It looks at: your network, the apps that are open, who else is logged in, your "
        "headphones and the room's sound. And it asks a few things only you can answer."
    )
    assert areas_line(CATALOG.phase("after")[:1]) == "It asks a few things only you can answer."


def test_every_status_has_a_symbol_and_a_word() -> None:
    assert set(LOOKS) == set(Status)
    labels = [look.label for look in (*LOOKS.values(), WAITING)]
    assert len(set(labels)) == len(labels)
    assert all(" " in label and label.split(" ", 1)[1] for label in labels)
    assert look_of(None) is WAITING
