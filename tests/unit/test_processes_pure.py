"""The process probe's pure parts: rows with hidden attributes, ownership, connections, bundles."""

from __future__ import annotations

from safe_session.app_matcher import AppMatcher
from safe_session.probes.apps import processes as p


def test_attributes_the_system_would_not_show_are_none() -> None:
    row = p._row(
        {
            "pid": 7,
            "name": "AnyDesk",
            "exe": None,
            "uids": None,
            "username": None,
            "status": None,
        }
    )
    assert row == p.ProcessInfo(7, "AnyDesk", None, None, None, False)
    table = p.ProcessTable((row,), 1000, "ana", 0.0)
    assert table.is_mine(row) is None  # unknown owner: never claimed as the person's
    zombie = p._row({"pid": 8, "name": "x", "exe": "", "status": "zombie"})
    assert zombie.zombie and zombie.exe is None


def test_windows_owner_names() -> None:
    assert p.same_user("DESKTOP-1\\Ana", "ana")
    assert not p.same_user("NT AUTHORITY\\SYSTEM", "ana")
    row = p.ProcessInfo(1, "x", None, None, "DESKTOP-1\\ana")
    assert p.ProcessTable((row,), None, "ana", 0.0).is_mine(row) is True


def test_incoming_connections_are_on_a_listening_port() -> None:
    conns = [("LISTEN", 5900, False), ("ESTABLISHED", 5900, True), ("ESTABLISHED", 51234, True)]
    assert p.count_incoming(conns) == 1  # the outgoing one (to a relay) does not count
    assert p.count_incoming([("ESTABLISHED", 443, True)]) == 0


def test_outer_bundle() -> None:
    exe = "/Applications/Google Chrome.app/Contents/Frameworks/x.framework/Helpers/H.app/Contents/MacOS/H"
    assert p.outer_bundle(exe) == "/Applications/Google Chrome.app"
    assert p.outer_bundle("/usr/bin/zoom") is None


def test_profile_apps_are_matched_by_name_and_bundle() -> None:
    apps = p.profile_apps(["TherapyRoom", " TherapyRoom ", "", "../evil", "Portal.app"])
    assert [a.name for a in apps] == ["TherapyRoom", "Portal.app"]
    mac = AppMatcher(apps, "macos")
    assert (
        mac.match("helper", "/Applications/TherapyRoom.app/Contents/MacOS/helper")[0].app.name
        == "TherapyRoom"
    )
    assert AppMatcher(apps, "windows").match("TherapyRoom.exe")[0].app.category == "video_call"


def test_find_apps_skips_zombies_and_our_own_process() -> None:
    rows = (
        p.ProcessInfo(1, "AnyDesk", None, 0, None, zombie=True),
        p.ProcessInfo(2, "AnyDesk", None, 0, None),
        p.ProcessInfo(3, "AnyDesk", None, 5, None),
        p.ProcessInfo(4, "", None, 0, None),
    )
    table = p.ProcessTable(rows, 0, "root", 0.0)
    found = p.find_apps(table, p.catalog_matcher("linux"), "linux", skip_pids=frozenset({3}))
    assert [(m.pid, m.mine, m.category) for m in found] == [(2, True, "remote_access")]
