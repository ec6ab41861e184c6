"""The portal's tabs in session files: real files the real browsers wrote (Chromium's session
and recently-closed list, Firefox's recovery file; see tests/fixtures/SOURCES.md), logs and
sessions built here where a browser cannot be made to write the case, hostile bytes, and the
probe over a private HOME. Only counts come out."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import lz4.block
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safe_session.probes.base import ProbeContext
from safe_session.probes.browsers import chromium_session as cs
from safe_session.probes.browsers import portal_tabs as pt
from safe_session.probes.browsers.tabs import MOZLZ4_MAGIC
from tests.unit.test_chromium_session import CLOSED_AND_WINDOWS, THREE_TABS, closed, log, record

FIXTURES = Path(__file__).parent.parent / "fixtures"
SESSION = (FIXTURES / "chromium_sessions" / "portal_session.snss").read_bytes()
CLOSED = (FIXTURES / "chromium_sessions" / "portal_closed.snss").read_bytes()
FIREFOX = (FIXTURES / "firefox_sessions" / "portal_recovery.jsonlz4").read_bytes()
PORTAL, OTHER = "127.0.0.1", "localhost"


def page(tab_id: int, index: int, url: str, command: int = cs.UPDATE_TAB_NAVIGATION) -> bytes:
    """A page record as the browser pickles it: size, tab id, index, then the address as a
    length-prefixed string padded to 4 bytes, then a title the reader must never need."""
    raw = url.encode()
    rest = struct.pack("<iii", tab_id, index, len(raw)) + raw + b"\0" * (-len(raw) % 4)
    rest += b"\x03\0\0\0t\0i\0t\0\0\0"
    return record(command, struct.pack("<I", len(rest)) + rest)


def tab(window_id: int, tab_id: int, *urls: str) -> bytes:
    out = record(cs.SET_TAB_WINDOW, struct.pack("<ii", window_id, tab_id))
    return out + b"".join(page(tab_id, i, u) for i, u in enumerate(urls))


def window(window_id: int, kind: int = cs.WINDOW_TYPE_NORMAL) -> bytes:
    return record(cs.SET_WINDOW_TYPE, struct.pack("<ii", window_id, kind))


def selected(tab_id: int, index: int) -> bytes:
    return record(cs.SET_SELECTED_NAVIGATION_INDEX, struct.pack("<ii", tab_id, index))


P1, P2, O1 = "https://portal.a.org/x", "https://a.org/", "https://news.example/"

# ------------------------------------------------------------------ Chromium, real files


def test_real_session_counts_the_portals_open_tabs() -> None:
    # Open: 127.0.0.1/d (window 2), 127.0.0.1/c, localhost/d, a data: page.
    assert cs.count_open_tabs(SESSION) == 4
    assert cs.portal_open_tabs(SESSION, [PORTAL]) == 2
    assert cs.portal_open_tabs(SESSION, [OTHER]) == 1
    assert cs.portal_open_tabs(SESSION, [OTHER, PORTAL]) == 3
    assert cs.portal_open_tabs(SESSION, ["example.org"]) == 0


def test_real_closed_list_counts_the_portals_closed_tabs() -> None:
    # Closed: 127.0.0.1/d, then localhost/c twice.
    assert cs.portal_closed_entries(CLOSED, [PORTAL]) == cs.ClosedCounts(1, 0)
    assert cs.portal_closed_entries(CLOSED, [OTHER]) == cs.ClosedCounts(2, 0)


def test_older_real_files_without_the_portal() -> None:
    # Their pages are data: addresses, which have no host.
    assert cs.portal_open_tabs(THREE_TABS, [PORTAL]) == 0
    assert cs.portal_open_tabs(CLOSED_AND_WINDOWS, [PORTAL]) == 0


# ------------------------------------------------------------------ Chromium, built logs


def test_the_shown_page_decides() -> None:
    both = tab(1, 10, P1, O1)
    assert cs.portal_open_tabs(log(window(1), both), ["a.org"]) == 1  # no index: the first
    assert cs.portal_open_tabs(log(window(1), both, selected(10, 1)), ["a.org"]) == 0
    assert cs.portal_open_tabs(log(window(1), both, selected(10, 0)), ["a.org"]) == 1
    assert cs.portal_open_tabs(log(window(1), both, selected(10, 7)), ["a.org"]) == 0  # the last
    # A page replaced at the same index counts as it is now.
    again = log(window(1), both, selected(10, 0), page(10, 0, O1))
    assert cs.portal_open_tabs(again, ["a.org"]) == 0
    # Look-alikes and other hosts are not the portal; subdomains are.
    assert cs.portal_open_tabs(log(window(1), tab(1, 10, "https://nota.org/")), ["a.org"]) == 0
    assert cs.portal_open_tabs(log(window(1), tab(1, 10, P2)), ["portal.a.org"]) == 0


def test_only_open_tabs_of_normal_windows_count() -> None:
    data = log(
        window(1),
        tab(1, 10, P1),
        tab(1, 11, P2),
        window(2, kind=1),  # a pop-up
        tab(2, 20, P1),
        closed(cs.TAB_CLOSED, 11),
    )
    assert cs.portal_open_tabs(data, ["a.org"]) == 1


def test_pruning_moves_the_shown_page() -> None:
    base = (window(1), tab(1, 10, O1, P1, O1), selected(10, 1))

    def shown(*records: bytes) -> int:
        return cs.portal_open_tabs(log(*base, *records), ["a.org"])

    assert shown() == 1
    assert shown(record(cs.PRUNED, struct.pack("<iii", 10, 0, 1))) == 1  # P1 moves to 0
    assert shown(record(cs.PRUNED, struct.pack("<iii", 10, 1, 1))) == 0  # into the gap: O1
    assert shown(record(cs.PRUNED_FROM_BACK, struct.pack("<ii", 10, 1))) == 0


def test_a_damaged_address_is_refused() -> None:
    rest = struct.pack("<iii", 10, 0, 99) + b"short"
    bad = record(cs.UPDATE_TAB_NAVIGATION, struct.pack("<I", len(rest)) + rest)
    with pytest.raises(ValueError, match="damaged"):
        cs.portal_open_tabs(log(window(1), bad), ["a.org"])
    assert cs.count_open_tabs(log(window(1), bad)) == 0  # the counter never reads it


def closed_tab(tab_id: int, shown: int, *urls: str, old: bool = False) -> bytes:
    head = struct.pack("<ii", tab_id, shown) + (b"" if old else struct.pack("<q", 1))
    out = record(cs.CLOSED_TAB, head)
    return out + b"".join(page(tab_id, i, u, cs.CLOSED_NAVIGATION) for i, u in enumerate(urls))


def closed_window(window_id: int, count: int) -> bytes:
    rest = struct.pack("<iiiqiiiii", window_id, 0, count, 1, 0, 0, 800, 600, 1) + b"\0" * 4
    return record(cs.CLOSED_WINDOW, struct.pack("<I", len(rest)) + rest)


def closed_group(group_id: int, count: int) -> bytes:
    rest = b"\x01" * 16 + struct.pack("<iii", group_id, count, 5) + b"\0" * 8
    return record(cs.CLOSED_GROUP, struct.pack("<I", len(rest)) + rest)


def restored(entry_id: int) -> bytes:
    return record(cs.RESTORED_ENTRY, struct.pack("<i", entry_id))


def test_closed_tabs_windows_and_groups() -> None:
    data = log(
        closed_tab(1, 0, P1),
        closed_tab(2, 1, P1, O1),  # shows the other site
        closed_tab(3, 0, P2, old=True),
        closed_window(4, 2),
        closed_tab(41, 0, O1),
        closed_tab(42, 0, P1),
        closed_window(5, 1),
        closed_tab(51, 0, O1),
        closed_group(6, 2),
        closed_tab(61, 0, P1),
        closed_tab(62, 0, P2),
        record(cs.CLOSED_WINDOW_OLD, struct.pack("<iii", 7, 0, 1)),
        closed_tab(71, 0, P1),
        closed_tab(8, 5, P1),  # its shown page is missing: the browser drops it
        record(200, b"\0" * 8),  # not known: skipped
    )
    assert cs.portal_closed_entries(data, ["a.org"]) == cs.ClosedCounts(tabs=4, windows=2)
    reopened = log(closed_tab(1, 0, P1), closed_window(4, 1), closed_tab(41, 0, P1))
    assert cs.portal_closed_entries(reopened, ["a.org"]) == cs.ClosedCounts(1, 1)
    assert cs.portal_closed_entries(
        log(*[reopened[8:-3]], restored(1), restored(4)), ["a.org"]
    ) == cs.ClosedCounts(0, 0)
    # Closed again later: counted once.
    twice = log(closed_tab(1, 0, P1), closed_tab(1, 0, P1))
    assert cs.portal_closed_entries(twice, ["a.org"]) == cs.ClosedCounts(1, 0)


@pytest.mark.parametrize(
    "data",
    [
        log(record(cs.CLOSED_NAVIGATION, b"\0" * 20)),  # a page outside a tab
        log(closed_window(4, 0)),  # a window without tabs
        log(closed_window(4, 2), closed_tab(41, 0, P1), restored(4)),  # restored mid-window
        log(record(cs.CLOSED_TAB, b"\0" * 12)),
        log(record(cs.RESTORED_ENTRY, b"\0" * 3)),
        log(closed_tab(1, 0, P1), marker=False),
        log(version=2),
    ],
)
def test_damaged_closed_lists_are_refused(data: bytes) -> None:
    with pytest.raises(ValueError):
        cs.portal_closed_entries(data, ["a.org"])


# ------------------------------------------------------------------ hostile input

IDS = st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7, 9, 11, 13, 16, 17, 24, 255, 200])
ADDRESSES = st.sampled_from([P1, P2, O1, "", "http://[::1", "\udcff", "a" * 300])
RECORDS = st.lists(
    st.one_of(
        st.tuples(IDS, st.binary(max_size=40)).map(lambda r: record(r[0], r[1])),
        st.tuples(st.integers(-2, 3), st.integers(-1, 3), ADDRESSES).map(
            lambda r: page(r[0], r[1], r[2].encode("utf-8", "surrogateescape").decode("latin-1"))
        ),
        st.tuples(st.integers(-2, 3), st.integers(-1, 3), ADDRESSES).map(
            lambda r: closed_tab(
                r[0], r[1], r[2].encode("utf-8", "surrogateescape").decode("latin-1")
            )
        ),
        st.integers(-1, 3).map(lambda n: closed_window(1, n)),
        st.integers(-1, 3).map(lambda n: selected(1, n)),
    ),
    max_size=30,
)


def _checked(data: bytes) -> None:
    try:
        portal = cs.portal_open_tabs(data, ["a.org"])
    except ValueError as exc:
        assert str(exc)
    else:
        assert 0 <= portal <= cs.count_open_tabs(data)
    try:
        found = cs.portal_closed_entries(data, ["a.org"])
    except ValueError as exc:
        assert str(exc)
    else:
        assert found.tabs >= 0 and found.windows >= 0


@given(st.binary(max_size=300))
def test_any_bytes_are_counted_or_refused(data: bytes) -> None:
    _checked(data)
    _checked(cs.SIGNATURE + b"\x03\0\0\0" + data)
    _checked(cs.SIGNATURE + b"\x01\0\0\0" + data)


@given(RECORDS, st.sampled_from([1, 3]))
def test_any_commands_are_counted_or_refused(records: list[bytes], version: int) -> None:
    _checked(log(*records, version=version))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([SESSION, CLOSED]),
    st.lists(st.tuples(st.integers(0, len(CLOSED) - 1), st.integers(0, 255)), max_size=8),
)
def test_real_files_with_bytes_changed_are_counted_or_refused(
    real: bytes, changes: list[tuple[int, int]]
) -> None:
    data = bytearray(real)
    for at, value in changes:
        data[at] = value
    _checked(bytes(data))


def test_work_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cs, "MAX_WORK", 300)
    many = log(*[closed_tab(i, 0, P1) for i in range(200)])
    with pytest.raises(ValueError, match="too complex"):
        cs.portal_closed_entries(many, ["a.org"])
    shown = log(window(1), tab(1, 10, *[P1] * 300), *[selected(10, 0)] * 10)
    monkeypatch.setattr(cs, "MAX_WORK", 3000)
    assert cs.portal_open_tabs(shown, ["a.org"]) == 1
    monkeypatch.setattr(cs, "MAX_WORK", 300)
    with pytest.raises(ValueError, match="too complex"):
        cs.portal_open_tabs(shown, ["a.org"])


# ------------------------------------------------------------------ Firefox


def mozlz4(session: object) -> bytes:
    raw = json.dumps(session).encode()
    return MOZLZ4_MAGIC + lz4.block.compress(raw, store_size=True)


def test_real_firefox_file() -> None:
    # Open: 127.0.0.1/c, localhost/d, 127.0.0.1/f. Closed tabs: /e on both hosts; closed
    # window: /e on 127.0.0.1.
    assert pt.firefox_file_counts(FIREFOX, [PORTAL]) == pt.PortalCounts(2, 1, 1)
    assert pt.firefox_file_counts(FIREFOX, [OTHER]) == pt.PortalCounts(1, 1, 0)
    assert pt.firefox_file_counts(FIREFOX, ["example.org"]) == pt.PortalCounts()


def test_firefox_shown_entry_and_closed_lists() -> None:
    def t(index: object, *urls: str) -> dict[str, object]:
        return {"entries": [{"url": u, "title": "x"} for u in urls], "index": index}

    session = {
        "windows": [
            {
                "tabs": [t(1, P1, O1), t(2, P1, O1), t(None, O1, P2), t(9, P1), {"entries": []}],
                "_closedTabs": [{"state": t(1, P1)}, {"state": t(1, O1)}, "junk"],
            },
            "junk",
        ],
        "_closedWindows": [{"tabs": [t(1, O1), t(1, P2)]}, {"tabs": [t(1, O1)]}, {}],
    }
    assert pt.firefox_portal_counts(session, ["a.org"]) == pt.PortalCounts(3, 1, 1)
    assert pt.firefox_file_counts(mozlz4(session), ["a.org"]) == pt.PortalCounts(3, 1, 1)


@pytest.mark.parametrize(
    "data",
    [b"", b"{}", MOZLZ4_MAGIC + b"\xff" * 20, mozlz4([]), mozlz4({"windows": "x"}), mozlz4(1)],
)
def test_firefox_files_that_cannot_be_read(data: bytes) -> None:
    with pytest.raises(ValueError):
        pt.firefox_file_counts(data, ["a.org"])


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=30),
        lambda c: (
            st.lists(c, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "windows",
                        "tabs",
                        "entries",
                        "index",
                        "url",
                        "state",
                        "_closedTabs",
                        "_closedWindows",
                    ]
                ),
                c,
                max_size=4,
            )
        ),
        max_leaves=30,
    )
)
def test_any_json_is_counted_or_refused(session: object) -> None:
    try:
        counts = pt.firefox_portal_counts(session, ["a.org"])
    except ValueError:
        return
    assert min(counts.open_tabs, counts.closed_tabs, counts.closed_windows) >= 0


# ------------------------------------------------------------------ the probe


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home


def chromium_profile(home: Path, name: str = "Default") -> Path:
    profile = home / ".config" / "chromium" / name
    (profile / "Sessions").mkdir(parents=True)
    (profile / "History").write_bytes(b"")
    return profile


def firefox_profile(home: Path) -> Path:
    profile = home / ".mozilla" / "firefox" / "x.default"
    profile.mkdir(parents=True)
    (profile / "places.sqlite").write_bytes(b"")
    return profile


def test_probe_reads_the_newest_files_of_every_profile(home: Path) -> None:
    chrome = chromium_profile(home)
    (chrome / "Sessions" / "Session_100").write_bytes(b"SNSS\x02\0\0\0")  # older: not read
    (chrome / "Sessions" / "Session_200").write_bytes(SESSION)
    (chrome / "Sessions" / "Tabs_200").write_bytes(CLOSED)
    ff = firefox_profile(home)
    shutil.copyfile(
        FIXTURES / "firefox_sessions" / "portal_recovery.jsonlz4", ff / "sessionstore.jsonlz4"
    )
    empty = chromium_profile(home, "Profile 1")  # no session files
    assert empty.is_dir()
    fact = pt.gather(ProbeContext(os_name="linux", domains=(PORTAL,)))
    by_browser = {p.browser: p for p in fact.profiles if p.sessions}
    assert by_browser["Chromium"].counts == pt.PortalCounts(2, 1, 0)
    assert by_browser["Firefox"].counts == pt.PortalCounts(2, 1, 1)
    assert [p.sessions for p in fact.profiles] == [2, 0, 1]
    assert all(p.error is None and p.open_reason is None for p in fact.profiles)


def test_probe_says_why_a_file_cannot_be_read(home: Path) -> None:
    chrome = chromium_profile(home)
    (chrome / "Sessions" / "Session_1").write_bytes(b"SNSS\x02\0\0\0")
    ff = firefox_profile(home)
    (ff / "sessionstore-backups").mkdir()
    (ff / "sessionstore-backups" / "recovery.jsonlz4").write_bytes(b"not lz4")
    fact = pt.gather(ProbeContext(os_name="linux", domains=(PORTAL,)))
    assert [p.error for p in fact.profiles] == [
        "the session file is encrypted",
        "the session file could not be read (not a mozLz4 file)",
    ]


def test_probe_without_a_domain_reads_nothing(home: Path) -> None:
    fact = pt.gather(ProbeContext(os_name="linux", domains=()))
    assert fact.situation == "no_domains" and fact.unknown and fact.profiles == ()
