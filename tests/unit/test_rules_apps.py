"""The apps rules and the mic/camera rule: pure judgements on made-up facts."""

from __future__ import annotations

import pytest

from safe_session.model import Status
from safe_session.probes.apps.notifications import DndReading, NotificationsFact
from safe_session.probes.apps.processes import AppMatch, RunningApps
from safe_session.probes.browsers.tabs import BrowsersFact, BrowserUse
from safe_session.probes.devices import DevicesFact, DeviceUser
from safe_session.profile import Profile, ProfileFile, Thresholds
from safe_session.rules import apps, devices
from safe_session.rules.base import Params
from tests.hostile import HOSTILE_STRINGS

WARN = Params()
FAIL = Params(severity=Status.FAIL)


def m(app: str, category: str, pid: int = 10, name: str | None = None, **kw: object) -> AppMatch:
    return AppMatch(
        pid,
        name or app,
        app,
        category,
        kw.pop("how", "process name"),  # type: ignore[arg-type]
        kw.pop("sure", "high"),
        mine=True,
        **kw,
    )  # type: ignore[arg-type]


def facts(*matches: AppMatch) -> RunningApps:
    return RunningApps(tuple(matches), 100)


def test_remote_access_pass_warn_and_viewer_only() -> None:
    assert apps.remote_access(facts(), WARN).status is Status.PASS
    out = apps.remote_access(facts(m("AnyDesk", "remote_access", incoming=0)), WARN)
    assert out.status is Status.WARN and out.situation == "default"
    assert out.summary.startswith("AnyDesk is running.")
    assert out.details["matches"][0] == {
        "name": "AnyDesk",
        "pid": 10,
        "app": "AnyDesk",
        "category": "remote_access",
        "how": "process name",
        "sure": "high",
        "own": True,
        "incoming_connections": 0,
    }
    viewer = apps.remote_access(
        facts(m("VNC viewer", "remote_access", role="viewer", sure="low")), WARN
    )
    assert viewer.status is Status.PASS and "does not share this one" in viewer.summary
    assert viewer.details["matches"][0]["role"] == "viewer"


def test_remote_access_with_someone_connected_fails() -> None:
    out = apps.remote_access(
        facts(m("TeamViewer", "remote_access", incoming=1), m("AnyDesk", "remote_access", 11)), WARN
    )
    assert out.status is Status.FAIL and out.situation == "connected"
    assert out.summary.startswith("TeamViewer is running and someone is connected")


def test_other_categories_are_ignored_by_each_rule() -> None:
    f = facts(m("Discord", "notifications"), m("Zoom", "video_call"), m("Firefox", "browser"))
    for rule in (apps.remote_access, apps.screen_capture, apps.monitoring):
        assert rule(f, WARN).status is Status.PASS


def test_screen_capture_names_what_was_seen() -> None:
    out = apps.screen_capture(facts(m("OBS Studio", "screen_capture", name="obs")), WARN)
    assert out.status is Status.WARN
    assert out.summary.startswith('OBS Studio (seen as "obs") is running.')


def test_monitoring_is_calm_and_says_when_it_is_only_a_hint() -> None:
    out = apps.monitoring(
        facts(m("Spyrix", "monitoring", name="spm.exe", how="install folder Spyrix*", sure="low")),
        FAIL,
    )
    assert out.status is Status.FAIL
    assert "looks like monitoring software" in out.summary
    assert "only a hint and may be something else: Spyrix (install folder Spyrix*)" in out.summary
    for alarming in ("!", "danger", "hacked", "spying on you"):
        assert alarming not in out.summary


@pytest.mark.parametrize(
    ("dnd", "matches", "status", "situation"),
    [
        (DndReading(True, "gsettings"), (m("Discord", "notifications"),), Status.PASS, "default"),
        (DndReading(False, "gsettings"), (m("Discord", "notifications"),), Status.WARN, "default"),
        (
            DndReading(None, None, "no desktop"),
            (m("Slack", "notifications"),),
            Status.WARN,
            "dnd_unknown",
        ),
        (DndReading(False, "gsettings"), (), Status.PASS, "default"),
        (DndReading(None, None, "no desktop"), (), Status.PASS, "default"),
    ],
)
def test_notifications(
    dnd: DndReading, matches: tuple[AppMatch, ...], status: Status, situation: str
) -> None:
    out = apps.notifications(NotificationsFact(matches, dnd), WARN)
    assert (out.status, out.situation) == (status, situation)
    assert out.details["do_not_disturb"] is dnd.on
    assert len(out.details["matches"]) == len(matches)


def test_notifications_unknown_dnd_says_why() -> None:
    out = apps.notifications(
        NotificationsFact((m("Slack", "notifications"),), DndReading(None, None, "no desktop")),
        WARN,
    )
    assert "We could not tell whether Do Not Disturb is on (no desktop)." in out.summary


def params_from_profile(**thresholds: int) -> Params:
    profile = Profile(data=ProfileFile(thresholds=Thresholds(**thresholds)))  # type: ignore[arg-type]
    values: dict[str, object] = {"max_browsers": 2, "max_tabs": 10}
    values.update(profile.params_for("apps.browsers"))
    return Params(values)


def test_browsers_thresholds_and_profile() -> None:
    one = BrowsersFact((BrowserUse("Firefox", 7, 4),))
    assert apps.browsers(one, params_from_profile()).status is Status.PASS
    assert (
        apps.browsers(one, params_from_profile()).summary
        == "One browser is open: Firefox (4 tabs)."
    )
    strict = apps.browsers(one, params_from_profile(browser_tabs=3))
    assert strict.status is Status.WARN and "more than 3 tabs" in strict.summary
    assert strict.details["browsers"] == [{"app": "Firefox", "processes": 7, "tabs": 4}]
    many = BrowsersFact(tuple(BrowserUse(n, 1, None) for n in ("Chromium", "Firefox", "Brave")))
    out = apps.browsers(many, params_from_profile())
    assert out.status is Status.WARN and "more than 2 browsers" in out.summary
    assert "Chromium (tabs could not be counted)" in out.summary
    unsure = apps.browsers(many, params_from_profile(browsers=3))
    assert unsure.status is Status.UNKNOWN, "uncounted tabs could be any number: never a pass"
    assert "Whether more than 10 tabs are open is not known" in unsure.summary
    assert len(unsure.details["sources_missing"]) == 3
    assert apps.browsers(BrowsersFact(()), WARN).status is Status.PASS


def test_still_open_after_the_session() -> None:
    assert apps.still_open(facts(m("Discord", "notifications")), WARN).status is Status.PASS
    out = apps.still_open(facts(m("Zoom", "video_call"), m("Zoom", "video_call", 11)), WARN)
    assert out.status is Status.WARN and out.summary.startswith("Zoom is still running.")
    assert [x["pid"] for x in out.details["matches"]] == [10, 11]
    theirs = AppMatch(12, "zoom", "Zoom", "video_call", "process name", "high", mine=False)
    assert apps.still_open(facts(theirs), WARN).status is Status.PASS


def test_mic_camera_rule() -> None:
    empty = DevicesFact((), ("open device files", "sound server"))
    assert devices.mic_camera_in_use(empty, WARN).status is Status.PASS
    users = DevicesFact(
        (
            DeviceUser(5, "parec", "alsa_input.usb", "microphone", "sound server"),
            DeviceUser(None, "Zoom.exe", "camera", "camera", "privacy settings"),
        ),
        ("sound server",),
    )
    out = devices.mic_camera_in_use(users, WARN)
    assert out.status is Status.WARN
    assert "parec, process 5 is using the microphone; Zoom.exe is using the camera" in out.summary
    assert out.details["users"][1] == {
        "pid": None,
        "name": "Zoom.exe",
        "device": "camera",
        "kind": "camera",
        "via": "privacy settings",
    }


@pytest.mark.parametrize(
    "rule",
    [
        apps.remote_access,
        apps.screen_capture,
        apps.monitoring,
        apps.notifications,
        apps.browsers,
        apps.still_open,
        devices.mic_camera_in_use,
    ],
)
def test_rules_refuse_the_wrong_fact(rule) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError):
        rule(object(), WARN)


@pytest.mark.parametrize("hostile", HOSTILE_STRINGS)
def test_hostile_names_are_carried_as_data(hostile: str) -> None:
    out = apps.screen_capture(facts(m("OBS Studio", "screen_capture", name=hostile)), WARN)
    assert out.details["matches"][0]["name"] == hostile


def test_a_windows_exe_name_is_not_repeated() -> None:
    out = apps.remote_access(facts(m("AnyDesk", "remote_access", name="AnyDesk.exe")), WARN)
    assert out.summary.startswith("AnyDesk is running.")
