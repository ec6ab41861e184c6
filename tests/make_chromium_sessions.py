"""Make the Chromium session-file fixtures with the real browser (see tests/fixtures/SOURCES.md).

Run from the project folder: `python -m tests.make_chromium_sessions`. Each scenario starts a
fresh Chromium on Xvfb, acts as a person would, waits for the browser to save, and copies the
newest session file of its throw-away profile to tests/fixtures/chromium_sessions/. The portal
scenario serves its pages from the local test site (127.0.0.1 is the portal, localhost another
site) and also keeps the newest list of recently closed tabs (`Tabs_*`).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.browsers import Site
from tests.chromium_window import Browser, chromium, page, tools, x_display

OUT = Path(__file__).parent / "fixtures" / "chromium_sessions"
SETTLE = 6.0  # the browser saves about 2.5 s after a change


def three_tabs(b: Browser) -> None:
    pass


def tabs_closed_and_windows(b: Browser) -> None:
    """Window 1: a, b, c, then d opened and b closed. Window 2: w2a, w2b, then w2a closed.
    Window 3: w3a, w3b, both closed (so the window closes). Then a page opens a pop-up."""
    b.new_tab(page("d"))
    time.sleep(SETTLE)
    close(b, ">b")
    b.new_window([page("w2a"), page("w2b")])
    time.sleep(SETTLE)
    close(b, "w2a")
    b.new_window([page("w3a"), page("w3b")])
    time.sleep(SETTLE)
    close(b, "w3a", "w3b")
    opener = "<script>window.open('about:blank','p','popup,width=200,height=200')</script>"
    b.new_tab(f"data:text/html,<title>opener</title>{opener}")
    time.sleep(SETTLE)


def close(b: Browser, *endings: str) -> None:
    for target in b.pages():
        if target["url"].endswith(endings):
            b.close(target["id"])
    time.sleep(SETTLE)


def portal_tabs(b: Browser, site: Site) -> None:
    """Window 1 opened with the portal's page, another site's page and a data: page. Then a
    second portal page and another site's page are opened in new tabs and closed again, and a
    second window opens with a portal page and another site's page, which is closed."""
    b.new_tab(site.url("127.0.0.1", "d"))
    b.new_tab(site.url("localhost", "c"))
    time.sleep(SETTLE)
    close(b, f"127.0.0.1:{site.port}/d", f"localhost:{site.port}/c")
    b.new_window([site.url("127.0.0.1", "d"), site.url("localhost", "c")])
    time.sleep(SETTLE)
    close(b, f"localhost:{site.port}/c")


SCENARIOS: dict[str, Callable[[Browser], None]] = {
    "three_tabs": three_tabs,
    "tabs_closed_and_windows": tabs_closed_and_windows,
}


def make_portal(exe: str, display: str) -> None:
    """The portal scenario's session file and recently-closed list."""
    with (
        Site() as site,
        tempfile.TemporaryDirectory() as tmp,
        chromium(
            exe,
            display,
            Path(tmp),
            [site.url("127.0.0.1", "c"), site.url("localhost", "d"), page("a")],
        ) as b,
    ):
        time.sleep(SETTLE)
        portal_tabs(b, site)
        sessions = b.user_data / "Default" / "Sessions"
        shutil.copyfile(b.session_files()[-1], OUT / "portal_session.snss")
        shutil.copyfile(sorted(sessions.glob("Tabs_*"))[-1], OUT / "portal_closed.snss")
        print("portal_tabs", [t["url"][:40] for t in b.pages()])


def main() -> None:
    exe, xvfb = tools()
    assert exe and xvfb, "Chromium and Xvfb are needed"
    OUT.mkdir(parents=True, exist_ok=True)
    with x_display(xvfb) as display:
        for name, act in SCENARIOS.items():
            with (
                tempfile.TemporaryDirectory() as tmp,
                chromium(exe, display, Path(tmp), [page("a"), page("b"), page("c")]) as b,
            ):
                time.sleep(SETTLE)
                act(b)
                newest = b.session_files()[-1]
                shutil.copyfile(newest, OUT / f"{name}.snss")
                print(name, [t["url"][:40] for t in b.pages()])
        make_portal(exe, display)


if __name__ == "__main__":
    main()
