"""Make the Firefox session-file fixture with the real browser (see tests/fixtures/SOURCES.md).

Run from the project folder: `python -m tests.make_firefox_sessions`. A headless Firefox ESR
opens pages of the local test site (127.0.0.1 is the portal, localhost another site); one page
opens tabs and a window that close themselves. Once Firefox has saved two open portal tabs, one
closed portal tab and one closed window holding the portal, its `recovery.jsonlz4` is copied to
tests/fixtures/firefox_sessions/.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tests.browsers import Site, firefox, running, wait_for
from tests.integration.test_portal_tabs_real import OTHER, PORTAL, firefox_profile, firefox_saved

OUT = Path(__file__).parent / "fixtures" / "firefox_sessions"


def main() -> None:
    exe = firefox()
    assert exe, "Firefox ESR is needed"
    OUT.mkdir(parents=True, exist_ok=True)
    for _ in range(5):  # Firefox now and then leaves the script's window open: try again
        with Site() as site, tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp) / "home"
            profile = firefox_profile(home)
            pages = [site.url(PORTAL, "c"), site.url(OTHER, "d"), site.url(PORTAL, "f")]
            argv = [exe, "--headless", "--no-remote", "--profile", str(profile), *pages]
            with running(argv, home):
                try:
                    wait_for(lambda p=profile: firefox_saved(p) == (2, 1, 1), 20, "the session")
                except AssertionError:
                    continue
                saved = profile / "sessionstore-backups" / "recovery.jsonlz4"
                shutil.copyfile(saved, OUT / "portal_recovery.jsonlz4")
                print("saved", firefox_saved(profile))
                return
    raise SystemExit("Firefox did not save the expected session")


if __name__ == "__main__":
    main()
