"""Plans offered for the after-session findings: one per thing, exact about what they touch,
and inert text wherever a name came from the system."""

from __future__ import annotations

import pytest

from safe_session.actions import clear_clipboard, forget_history, remove_recent, trash_downloads
from safe_session.model import Result, Status
from safe_session.probes.base import ProbeContext
from tests.hostile import FORBIDDEN_IN_TERMINAL, HOSTILE_STRINGS

SINCE = "2026-11-26T18:00:00+00:00"


def result(check_id: str, details: dict[str, object]) -> Result:
    return Result(check_id, "t", Status.WARN, "s", details)


@pytest.mark.parametrize("hostile", HOSTILE_STRINGS)
def test_plan_text_is_inert(hostile: str) -> None:
    ctx = ProbeContext()
    plans = [
        *forget_history.plan(
            result(
                "after.browser_history",
                {
                    "entries": [
                        {
                            "browser": "Firefox",
                            "profile": hostile,
                            "domain": "clientsecure.me",
                            "visits": 2,
                            "profile_path": f"/p/{hostile}",
                        }
                    ]
                },
            ),
            ctx,
        ),
        *trash_downloads.plan(
            result("after.downloads", {"files": [{"path": f"/d/{hostile}"}], "since": SINCE}), ctx
        ),
        *remove_recent.plan(
            result(
                "after.recent_files",
                {
                    "entries": [{"name": hostile, "target": "file:///x"}],
                    "source": "xbel",
                    "since": SINCE,
                },
            ),
            ctx,
        ),
    ]
    assert len(plans) == 3
    for p in plans:
        for text in (p.label, p.description):
            assert not any(bad in text for bad in FORBIDDEN_IN_TERMINAL), text


def test_plans_are_exact() -> None:
    ctx = ProbeContext()
    [forget] = forget_history.plan(
        result(
            "after.browser_history",
            {
                "entries": [
                    {
                        "browser": "Chrome",
                        "profile": "Person 1",
                        "domain": "ClientSecure.me",
                        "visits": 3,
                        "profile_path": "/h/.config/google-chrome/Default",
                    }
                ]
            },
        ),
        ctx,
    )
    assert forget.label == "Forget clientsecure.me in Chrome (Person 1)"
    assert "3 visits" in forget.description and "must be closed" in forget.description
    assert forget.payload["domain"] == "clientsecure.me"
    files = [{"path": "/d/a.pdf"}, {"path": "/d/b.pdf"}]
    plans = trash_downloads.plan(result("after.downloads", {"files": files, "since": SINCE}), ctx)
    assert [p.targets for p in plans] == [("/d/a.pdf",), ("/d/b.pdf",)]
    assert all(p.payload["since"] == SINCE for p in plans)
    assert clear_clipboard.plan(result("after.clipboard", {"non_empty": False}), ctx) == []
    assert clear_clipboard.plan(result("after.clipboard", {"non_empty": None}), ctx) == []
    [clear] = clear_clipboard.plan(result("after.clipboard", {"non_empty": True}), ctx)
    assert clear.label == "Empty the clipboard"
    assert remove_recent.plan(result("after.recent_files", {"entries": []}), ctx) == []
