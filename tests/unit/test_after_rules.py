"""The after-session rules: what each finding says, its status, situation and details."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from safe_session.model import Result, Status
from safe_session.probes.browsers.history import DomainVisits, HistoryFact, ProfileHistory
from safe_session.probes.browsers.portal_tabs import PortalCounts, PortalTabsFact, ProfileTabs
from safe_session.probes.files.downloads import DownloadedFile, DownloadsFact
from safe_session.probes.files.recent_files import RecentEntry, RecentFilesFact
from safe_session.probes.system.clipboard import ClipboardFact
from safe_session.rules import after
from safe_session.rules.base import Params
from tests.hostile import HOSTILE_STRINGS

T = datetime(2026, 11, 26, 19, 0, tzinfo=UTC)


def profile(
    browser: str = "Firefox",
    visits: int = 3,
    open_reason: str | None = None,
    error: str | None = None,
    name: str = "default",
) -> ProfileHistory:
    domains = (
        ()
        if error
        else (DomainVisits("clientsecure.me", visits, visits, 1, T if visits else None),)
    )
    return ProfileHistory(browser, "firefox", name, f"/home/a/{name}", open_reason, domains, error)


def test_history_found_lists_entries_as_the_contract_says() -> None:
    fact = HistoryFact(("clientsecure.me",), T, (profile(), profile("Chrome", 0, name="Default")))
    out = after.browser_history(fact, Params())
    assert out.status is Status.WARN and out.situation == "found"
    [entry] = out.details["entries"]
    assert {k: entry[k] for k in ("browser", "profile", "domain", "visits", "last_visit")} == {
        "browser": "Firefox",
        "profile": "default",
        "domain": "clientsecure.me",
        "visits": 3,
        "last_visit": "2026-11-26T19:00:00+00:00",
    }
    assert "Firefox (default) remembers 3 visits to clientsecure.me" in out.summary


def test_history_with_the_browser_open_asks_to_close_it_first() -> None:
    fact = HistoryFact(("clientsecure.me",), T, (profile(open_reason="Firefox is running"),))
    out = after.browser_history(fact, Params())
    assert out.situation == "browser_open" and out.details["entries"][0]["browser_open"] is True


def test_history_clean_is_a_pass() -> None:
    out = after.browser_history(HistoryFact(("a.org",), T, (profile(visits=0),)), Params())
    assert out.status is Status.PASS and "No visits to a.org" in out.summary
    nothing = after.browser_history(HistoryFact(("a.org",), T, ()), Params())
    assert nothing.status is Status.PASS and "No browser history" in nothing.summary


def test_history_unreadable_is_unknown_unless_something_was_found() -> None:
    bad = profile(error="its history could not be read (DatabaseError)")
    out = after.browser_history(HistoryFact(("a.org",), T, (bad,)), Params())
    assert out.status is Status.UNKNOWN and out.situation == "unreadable"
    mixed = after.browser_history(HistoryFact(("a.org",), T, (bad, profile())), Params())
    assert mixed.status is Status.WARN and "1 other profile could not be read" in mixed.summary


FOUND = PortalCounts(1, 2, 1)


def tabs(
    counts: PortalCounts = FOUND,
    name: str = "default",
    open_reason: str | None = None,
    error: str | None = None,
) -> ProfileTabs:
    return ProfileTabs("Firefox", name, open_reason, counts, 0 if error else 1, error)


def test_portal_tabs_found_gives_counts_only() -> None:
    fact = PortalTabsFact(("a.org",), (tabs(), tabs(PortalCounts(), "other")))
    out = after.portal_tabs(fact, Params())
    assert out.status is Status.WARN and out.situation == "found"
    assert out.details == {
        "entries": [
            {
                "browser": "Firefox",
                "profile": "default",
                "open_tabs": 1,
                "closed_tabs": 2,
                "closed_windows": 1,
                "browser_open": False,
            }
        ],
        "domains": ["a.org"],
        "profiles_checked": 2,
        "unreadable": [],
        "sources_missing": [],
    }
    assert out.summary == (
        "The therapy portal would come back in a browser: Firefox (default) has 1 tab of it "
        "open, and offers 2 recently closed tabs and 1 closed window to reopen."
    )
    closed_only = after.portal_tabs(
        PortalTabsFact(("a.org",), (tabs(PortalCounts(0, 1, 0)),)), Params()
    )
    assert "Firefox (default) offers 1 recently closed tab to reopen." in closed_only.summary


def test_portal_tabs_with_the_browser_open() -> None:
    fact = PortalTabsFact(("a.org",), (tabs(open_reason="Firefox is running"),))
    out = after.portal_tabs(fact, Params())
    assert out.situation == "browser_open" and out.details["entries"][0]["browser_open"] is True


def test_portal_tabs_clean_unreadable_and_no_domain() -> None:
    clean = after.portal_tabs(PortalTabsFact(("a.org",), (tabs(PortalCounts()),)), Params())
    assert clean.status is Status.PASS and "No open or recently closed tab shows a.org" in (
        clean.summary
    )
    none = after.portal_tabs(PortalTabsFact(("a.org",), ()), Params())
    assert none.status is Status.PASS and none.details["profiles_checked"] == 0
    locked = tabs(PortalCounts(), error="the browser keeps its session file locked while it runs")
    out = after.portal_tabs(PortalTabsFact(("a.org",), (locked,)), Params())
    assert out.status is Status.UNKNOWN and out.situation == "unreadable"
    assert "locked" in out.summary and out.details["unreadable"][0]["reason"].startswith("the")
    mixed = after.portal_tabs(PortalTabsFact(("a.org",), (locked, tabs())), Params())
    assert mixed.status is Status.WARN and "1 other profile could not be read" in mixed.summary
    reason = "no therapy portal address is known"
    nothing = after.portal_tabs(PortalTabsFact((), (), reason, "no_domains"), Params())
    assert nothing.status is Status.UNKNOWN and nothing.situation == "no_domains"
    assert nothing.details["entries"] == [] and reason in nothing.summary


def test_downloads() -> None:
    files = tuple(
        DownloadedFile(f"/home/a/Downloads/{n}", 10, T, T, "birth")
        for n in ("a.pdf", "b.pdf", "c.pdf", "d.pdf")
    )
    out = after.downloads(DownloadsFact("/home/a/Downloads", True, T, files), Params())
    assert out.status is Status.WARN
    assert "4 files arrived" in out.summary and "a.pdf, b.pdf, c.pdf and 1 more" in out.summary
    assert out.details["files"][0] == {
        "path": "/home/a/Downloads/a.pdf",
        "size": 10,
        "modified": "2026-11-26T19:00:00+00:00",
        "arrived": "2026-11-26T19:00:00+00:00",
        "time_source": "birth",
    }
    assert after.downloads(DownloadsFact("/x", True, T, ()), Params()).status is Status.PASS
    assert "no Downloads" in after.downloads(DownloadsFact("/x", False, T, ()), Params()).summary


def test_clipboard_never_holds_the_content() -> None:
    full = after.clipboard(ClipboardFact("x11", "xclip", True, ("UTF8_STRING",)), Params())
    assert full.status is Status.WARN and full.details["non_empty"] is True
    empty = after.clipboard(ClipboardFact("wayland", "wl-paste", False, ()), Params())
    assert empty.status is Status.PASS and empty.details["non_empty"] is False


def test_recent_files() -> None:
    entries = (RecentEntry("notes.odt", "file:///a/notes.odt", T, ("LibreOffice",)),)
    out = after.recent_files(RecentFilesFact("xbel", "/x.xbel", True, T, entries), Params())
    assert out.status is Status.WARN and "1 file opened during the session is listed" in out.summary
    assert out.details["entries"] == [
        {
            "name": "notes.odt",
            "target": "file:///a/notes.odt",
            "added": "2026-11-26T19:00:00+00:00",
            "apps": ["LibreOffice"],
        }
    ]


@pytest.mark.parametrize("hostile", HOSTILE_STRINGS)
def test_hostile_names_stay_data(hostile: str) -> None:
    fact = HistoryFact(("a.org",), T, (profile(name=hostile),))
    out = after.browser_history(fact, Params())
    assert out.details["entries"][0]["profile"] == hostile
    found = after.portal_tabs(PortalTabsFact(("a.org",), (tabs(name=hostile),)), Params())
    assert found.details["entries"][0]["profile"] == hostile
    files = (DownloadedFile(f"/d/{hostile}", 1, T, T, "changed"),)
    assert (
        after.downloads(DownloadsFact("/d", True, T, files), Params()).details["files"][0]["path"]
        == f"/d/{hostile}"
    )


@pytest.mark.parametrize(
    "rule",
    [
        after.browser_history,
        after.portal_tabs,
        after.downloads,
        after.clipboard,
        after.recent_files,
    ],
)
def test_wrong_fact_type_raises(rule: object) -> None:
    with pytest.raises(TypeError):
        rule("garbage", Params())  # type: ignore[operator]


def test_logout_confirmation_names_the_profiles_platform() -> None:
    from safe_session.plan import RunOptions, make_plan
    from safe_session.profile import BUILTIN, Platform, Profile, ProfileFile
    from safe_session.runs import run_plan

    def logout(profile: Profile) -> Result:
        options = RunOptions("after", only=("after.portal_logout",), profile=profile)
        plan = make_plan(options)
        [row] = plan.rows
        [result] = run_plan(plan).results
        assert row.asks == result.summary  # worded once, in the plan
        return result

    named = Profile("Dr. Ruiz", "file", None, ProfileFile(platform=Platform(name="SimplePractice")))
    r = logout(named)
    assert r.status is Status.MANUAL and r.summary == "Have you logged out of SimplePractice?"
    assert "in SimplePractice" in r.advice[0]
    assert logout(BUILTIN).summary == "Have you logged out of your therapy portal?"
