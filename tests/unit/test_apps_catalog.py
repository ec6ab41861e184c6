"""The known-apps catalog: it loads, covers the reference list, and bad files give located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_session.data import load_apps
from safe_session.data.apps_catalog import load_apps_file
from safe_session.data.apps_types import CATEGORIES
from safe_session.data.toml_errors import DataError

GOOD = """
[[app]]
name = "AnyDesk"
category = "remote_access"
sure = "high"
windows = ["AnyDesk.exe"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "apps.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_catalog_has_every_category() -> None:
    apps = load_apps().apps
    assert {a.category for a in apps} == set(CATEGORIES)
    assert len({a.name for a in apps}) == len(apps)


@pytest.mark.parametrize(
    ("os_name", "name", "app"),
    [
        ("windows", "AnyDesk.exe", "AnyDesk"),
        ("linux", "teamviewerd", "TeamViewer"),
        ("windows", "remoting_host.exe", "Chrome Remote Desktop"),
        ("windows", "ScreenConnect.ClientService.exe", "ScreenConnect (ConnectWise Control)"),
        ("linux", "x11vnc", "VNC server"),
        ("linux", "wayvnc", "VNC server"),
        ("windows", "quickassist.exe", "Quick Assist"),
        ("windows", "obs64.exe", "OBS Studio"),
        ("linux", "wf-recorder", "Linux screen recorder"),
        ("windows", "bdcam.exe", "Bandicam"),
        ("windows", "tmagentsvc.exe", "Teramind"),
        ("windows", "wesvc.exe", "Controlio"),
        ("windows", "Discord.exe", "Discord"),
        ("linux", "signal-desktop", "Signal"),
        ("windows", "OUTLOOK.EXE", "Outlook"),
        ("windows", "Zoom.exe", "Zoom"),
        ("windows", "CiscoWebExStart.exe", "Webex"),
        ("linux", "firefox-esr", "Firefox"),
        ("windows", "msedge.exe", "Microsoft Edge"),
    ],
)
def test_reference_names_are_in_the_catalog(os_name: str, name: str, app: str) -> None:
    entries = [a for a in load_apps().apps if name in a.names_for(os_name)]
    assert [a.name for a in entries] == [app]


def test_renamed_agents_are_not_matched_by_system_names() -> None:
    """Teramind's hidden agent calls itself dwm.exe: matching that name would flag every PC."""
    for app in load_apps().apps:
        for name in app.windows:
            assert name.lower() not in {"dwm.exe", "svchost.exe", "explorer.exe", "clm.exe"}


def test_teams_is_a_video_call_that_also_pops_up_messages() -> None:
    catalog = load_apps()
    assert "Microsoft Teams" in {a.name for a in catalog.in_category("notifications")}
    assert "Microsoft Teams" in {a.name for a in catalog.in_category("video_call")}


BROKEN = [
    pytest.param(
        GOOD.replace('"remote_access"', '"spyware"'),
        'apps.toml:4: app[0].category: expected one of "remote_access", "screen_capture", "monitoring", "notifications", "video_call", "browser", got \'spyware\'',
        id="category",
    ),
    pytest.param(
        GOOD.replace('sure = "high"', 'sure = "certain"'),
        'apps.toml:5: app[0].sure: expected one of "high", "medium", "low", got \'certain\'',
        id="sure",
    ),
    pytest.param(
        GOOD + 'process = "x"\n',
        "apps.toml:7: app[0].process: unknown key (not one this file may set)",
        id="unknown-key",
    ),
    pytest.param(
        GOOD.replace('["AnyDesk.exe"]', '["C:\\\\AnyDesk.exe"]'),
        'apps.toml:6: app[0].windows: expected a plain name without slashes, got "C:\\AnyDesk.exe"',
        id="slash",
    ),
    pytest.param(
        GOOD + '[[app.command_line]]\nprocess = ["ffmpeg"]\npattern = "x11grab("\n',
        "apps.toml:9: app[0].command_line[0].pattern: not a valid pattern (missing ), unterminated subpattern at position 7)",
        id="regex",
    ),
    pytest.param(
        GOOD + 'bundles = ["AnyDesk"]\n',
        'apps.toml:7: app[0].bundles: expected a name ending in ".app", got "AnyDesk"',
        id="bundle",
    ),
    pytest.param(GOOD + GOOD, 'apps.toml:9: app[1].name: "AnyDesk" is listed twice', id="twice"),
    pytest.param(
        GOOD.replace('windows = ["AnyDesk.exe"]\n', ""),
        "apps.toml:3: app[0].name: gives no way to recognise the app (names, bundles, folders...)",
        id="nothing",
    ),
]


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_broken_catalog_errors_name_file_line_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(DataError) as err:
        load_apps_file(write(tmp_path, text))
    assert str(err.value) == message


def test_good_file_loads(tmp_path: Path) -> None:
    [app] = load_apps_file(write(tmp_path, GOOD)).apps
    assert app.name == "AnyDesk" and app.categories == ("remote_access",)
