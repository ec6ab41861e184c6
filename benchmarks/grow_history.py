"""Make a real browser history of a given size, for trying the history check by hand.

Headless Firefox (or Chromium) makes a profile under HOME and visits a local test site (the
"portal" is 127.0.0.1); the database is then grown in the browser's own schema to the size
asked for (`tests/history_growth.py`). Then, for example:

    python benchmarks/grow_history.py --home /tmp/big --mb 230
    HOME=/tmp/big safe-session after --json --domain 127.0.0.1
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the test suite's real-browser helpers

from tests.browsers import Site  # noqa: E402
from tests.history_growth import (  # noqa: E402
    grow_chromium,
    grow_firefox,
    list_firefox_profiles,
    make_chromium_profile,
    make_firefox_profile,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="a new folder to use as HOME")
    parser.add_argument("--mb", type=int, default=230)
    parser.add_argument("--browser", choices=("firefox", "chromium"), default="firefox")
    args = parser.parse_args()
    args.home.mkdir(parents=True)
    with Site() as site:
        if args.browser == "firefox":
            folder = make_firefox_profile(args.home, site)
            list_firefox_profiles(args.home, [folder.name])
            grown = grow_firefox(folder / "places.sqlite", args.mb * 1024 * 1024)
        else:
            folder = make_chromium_profile(args.home, site)
            grown = grow_chromium(folder / "History", args.mb * 1024 * 1024)
    size = grown.database.stat().st_size / (1024 * 1024)
    print(f"{grown.database}: {size:.0f} MB, portal pages {grown.portal_pages}, ", end="")
    print(f"portal visits {grown.portal_visits}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
