"""Make the Chromium session-file fixtures with the real browser (see tests/fixtures/SOURCES.md).

Run from the project folder: `python -m tests.make_chromium_sessions`. Each scenario starts a
fresh Chromium on Xvfb, acts as a person would, waits for the browser to save, and copies the
newest session file of its throw-away profile to tests/fixtures/chromium_sessions/.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

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


SCENARIOS: dict[str, Callable[[Browser], None]] = {
    "three_tabs": three_tabs,
    "tabs_closed_and_windows": tabs_closed_and_windows,
}


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


if __name__ == "__main__":
    main()
