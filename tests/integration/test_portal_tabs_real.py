"""The portal's tabs in real browsers' session files: Firefox ESR (headless) and Chromium (a
window on Xvfb) open pages of the local test site, where 127.0.0.1 is the portal and localhost
another site, and close some. `safe-session after --json` run in the same private HOME finds the
portal's open and recently closed tabs per profile, and no address reaches its output."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from safe_session.probes.browsers.chromium_session import portal_closed_entries, portal_open_tabs
from safe_session.probes.browsers.portal_tabs import firefox_portal_counts
from safe_session.probes.browsers.tabs import decode_mozlz4
from tests import chromium_window
from tests.browsers import Site, firefox, running, stop, wait_for, write_firefox_prefs
from tests.conftest import need, venv_bin

PORTAL, OTHER = "127.0.0.1", "localhost"
FIREFOX_PREFS: dict[str, object] = {
    "browser.sessionstore.interval": 500,
    "dom.disable_open_during_load": False,  # /f opens tabs and a window by script
    "dom.allow_scripts_to_close_windows": True,
    "dom.popup_maximum": 50,
}


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        yield s


def firefox_profile(home: Path) -> Path:
    profiles = home / ".mozilla" / "firefox"
    profile = profiles / "test.default"
    profile.mkdir(parents=True)
    (profiles / "profiles.ini").write_text(
        "[General]\nStartWithLastProfile=1\n\n"
        "[Profile0]\nName=default\nIsRelative=1\nPath=test.default\nDefault=1\n"
    )
    write_firefox_prefs(profile, FIREFOX_PREFS)
    return profile


def firefox_saved(profile: Path) -> tuple[int, int, int] | None:
    try:
        data = (profile / "sessionstore-backups" / "recovery.jsonlz4").read_bytes()
        counts = firefox_portal_counts(json.loads(decode_mozlz4(data)), [PORTAL])
    except (OSError, ValueError):
        return None
    return counts.open_tabs, counts.closed_tabs, counts.closed_windows


def run_after(home: Path) -> tuple[dict[str, object], str]:
    env = {**os.environ, "HOME": str(home)}
    for name in ("XDG_CONFIG_HOME", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    out = subprocess.run(
        [venv_bin("safe-session"), "after", "--json", "--domain", PORTAL],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 0, out.stderr
    [result] = [r for r in json.loads(out.stdout)["results"] if r["id"] == "after.portal_tabs"]
    return result, out.stdout


def assert_no_address(output: str, site: Site) -> None:
    """Only the domain given on the command line; no page, port, other host or title."""
    for leak in (f":{site.port}", "http", OTHER, "/c", "/d", "/e", "Portal C", "Closing E"):
        assert leak not in output, leak


def test_firefox_portal_tabs_open_and_closed(tmp_path: Path, site: Site) -> None:
    """Open: c and f on the portal. Closed: e on the portal and on the other site (tabs), and
    the window /f opened with e on the portal. Now and then Firefox leaves that window open (its
    page's window.close() does not take): then it is a third open tab."""
    exe = firefox()
    need(exe, "firefox-esr is not installed")
    assert exe
    home = tmp_path / "home"
    profile = firefox_profile(home)
    pages = [site.url(PORTAL, "c"), site.url(OTHER, "d"), site.url(PORTAL, "f")]
    argv = [exe, "--headless", "--no-remote", "--profile", str(profile), *pages]
    with running(argv, home) as proc:
        seen: list[object] = []
        settled = ((2, 1, 1), (3, 1, 0))
        wait_for(
            lambda: (
                seen.append(firefox_saved(profile))
                or seen[-10:] in ([settled[0]] * 10, [settled[1]] * 10)
            ),
            60,
            "Firefox to save its session",
        )
        open_tabs, closed_tabs, closed_windows = seen[-1]  # type: ignore[misc]
        result, output = run_after(home)
        assert result["status"] == "warn", result
        details = result["details"]
        assert isinstance(details, dict)
        assert details["entries"] == [
            {
                "browser": "Firefox",
                "profile": "default",
                "open_tabs": open_tabs,
                "closed_tabs": closed_tabs,
                "closed_windows": closed_windows,
                "browser_open": True,
            }
        ]
        assert details["unreadable"] == [] and details["profiles_checked"] == 1
        assert_no_address(output, site)
        stop(proc)
    result, output = run_after(home)  # closed: the file it left still brings the portal back
    assert result["status"] == "warn" and result["details"]["entries"][0]["browser_open"] is False  # type: ignore[index]
    assert_no_address(output, site)


def test_chromium_portal_tabs_open_and_closed(tmp_path: Path, site: Site) -> None:
    exe, xvfb = chromium_window.tools()
    need(exe and xvfb, "Chromium and Xvfb are needed for Chromium's session files")
    assert exe and xvfb
    home = tmp_path / "home"
    home.mkdir()
    pages = [site.url(PORTAL, "c"), site.url(OTHER, "d"), chromium_window.page("a")]
    with (
        chromium_window.x_display(xvfb) as display,
        chromium_window.chromium(exe, display, home, pages) as browser,
    ):
        wait_for(lambda: len(browser.pages()) == 3, 30, "three pages in Chromium")
        browser.new_tab(site.url(PORTAL, "d"))

        def loaded() -> list[str]:
            return [
                t["id"]
                for t in browser.pages()
                if t["url"] == site.url(PORTAL, "d") and t.get("title") == "Other site D"
            ]

        wait_for(loaded, 30, "the portal's second tab to load")
        time.sleep(3)  # saved about 2.5 s after the change: then it is closed
        for target_id in loaded():
            browser.close(target_id)
        sessions = browser.user_data / "Default" / "Sessions"

        def saved() -> bool:
            try:
                session = max(sessions.glob("Session_*")).read_bytes()
                closed = max(sessions.glob("Tabs_*")).read_bytes()
                return (
                    portal_open_tabs(session, [PORTAL]) == 1
                    and portal_closed_entries(closed, [PORTAL]).tabs == 1
                )
            except (OSError, ValueError):
                return False

        wait_for(saved, 60, "Chromium to save its tabs")
        result, output = run_after(home)
        assert result["status"] == "warn", result
        assert result["details"]["entries"] == [  # type: ignore[index]
            {
                "browser": "Chromium",
                "profile": "Default",
                "open_tabs": 1,
                "closed_tabs": 1,
                "closed_windows": 0,
                "browser_open": True,
            }
        ]
        assert_no_address(output, site)
