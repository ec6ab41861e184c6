"""Counting open tabs in Chromium's session command log ("SNSS"): real files written by the
real browser (tests/fixtures/chromium_sessions, see SOURCES.md), and logs built here command by
command where a real browser cannot be made to write the case (old versions, damage)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safe_session.probes.browsers import chromium_session as cs

FIXTURES = Path(__file__).parent.parent / "fixtures" / "chromium_sessions"
THREE_TABS = (FIXTURES / "three_tabs.snss").read_bytes()
CLOSED_AND_WINDOWS = (FIXTURES / "tabs_closed_and_windows.snss").read_bytes()


def record(command: int, payload: bytes = b"") -> bytes:
    return struct.pack("<HB", len(payload) + 1, command) + payload


def log(*records: bytes, version: int = 3, marker: bool = True) -> bytes:
    body = b"".join(records) + (record(cs.INITIAL_STATE_MARKER) if marker else b"")
    return cs.SIGNATURE + struct.pack("<i", version) + body


def window(window_id: int, kind: int = cs.WINDOW_TYPE_NORMAL) -> bytes:
    return record(cs.SET_WINDOW_TYPE, struct.pack("<ii", window_id, kind))


def tab(window_id: int, tab_id: int, *history: int) -> bytes:
    out = record(cs.SET_TAB_WINDOW, struct.pack("<ii", window_id, tab_id))
    for index in history or (0,):
        out += navigation(tab_id, index)
    return out


def navigation(tab_id: int, index: int) -> bytes:
    # A pickle: its payload size, the tab id, the history index, then the address and title,
    # which the counter must never need.
    rest = struct.pack("<ii", tab_id, index) + b"\x10\0\0\0https://example.test/"
    return record(cs.UPDATE_TAB_NAVIGATION, struct.pack("<I", len(rest)) + rest)


def closed(command: int, item: int) -> bytes:
    return record(command, struct.pack("<iiq", item, 0, 13_000_000_000_000_000))


# ------------------------------------------------------------------ real files


def test_real_file_three_tabs_in_one_window() -> None:
    assert cs.count_open_tabs(THREE_TABS) == 3


def test_real_file_with_closed_tabs_a_closed_window_and_a_popup() -> None:
    # Window 1: a, b, c; d opened, b closed (3). Window 2: w2a, w2b; w2a closed (1). Window 3:
    # two tabs, both closed, so the window closed (0). A page in window 2 opened a pop-up window,
    # which is not a normal window (its page is not a tab). The browser listed 6 pages: 5 tabs.
    assert cs.count_open_tabs(CLOSED_AND_WINDOWS) == 5


def test_real_file_cut_anywhere_is_counted_or_refused() -> None:
    marker_at = CLOSED_AND_WINDOWS.index(record(cs.INITIAL_STATE_MARKER))
    for cut in range(len(CLOSED_AND_WINDOWS)):
        data = CLOSED_AND_WINDOWS[:cut]
        if cut < 8:
            with pytest.raises(ValueError, match="not a Chromium session file"):
                cs.count_open_tabs(data)
        elif cut < marker_at + 3:
            with pytest.raises(ValueError, match="not finished"):
                cs.count_open_tabs(data)
        else:  # the state as it was when this much had been written
            assert 0 <= cs.count_open_tabs(data) <= 6


def test_real_file_reads_no_more_than_it_counts() -> None:
    # The page records carry addresses and titles; replacing every byte past the tab id and
    # history index changes nothing.
    data = bytearray(THREE_TABS)
    pos = 8
    while pos < len(data):
        size = int.from_bytes(data[pos : pos + 2], "little")
        if data[pos + 2] == cs.UPDATE_TAB_NAVIGATION:
            start = pos + 3 + 12
            data[start : pos + 2 + size] = b"\xff" * (pos + 2 + size - start)
        pos += 2 + size
    assert cs.count_open_tabs(bytes(data)) == 3


# ------------------------------------------------------------------ built logs


def test_replay_of_windows_and_tabs() -> None:
    data = log(
        window(1),
        tab(1, 10),
        tab(1, 11),
        tab(1, 12),
        window(2, kind=1),  # a pop-up
        tab(2, 20),
        window(3, kind=2),  # an app window
        tab(3, 30),
        window(4),
        tab(4, 40),
        tab(4, 41),
        closed(cs.TAB_CLOSED, 11),
        closed(cs.WINDOW_CLOSED, 4),
        record(cs.SET_TAB_WINDOW, struct.pack("<ii", 1, 20)),  # dragged into window 1
    )
    assert cs.count_open_tabs(data) == 3  # 10, 12, 20


def test_a_tab_counts_only_with_a_page_and_a_typed_window() -> None:
    no_page = record(cs.SET_TAB_WINDOW, struct.pack("<ii", 1, 10))
    assert cs.count_open_tabs(log(window(1), no_page)) == 0
    assert cs.count_open_tabs(log(tab(1, 10))) == 0  # window 1 never got a type
    assert cs.count_open_tabs(log(window(1), tab(0, 10))) == 0  # no window
    # A closed window's id reused by later commands does not bring it back.
    assert cs.count_open_tabs(log(window(1), tab(1, 10), closed(cs.WINDOW_CLOSED, 1))) == 0


def test_a_closed_tab_that_comes_back_needs_its_window_again() -> None:
    data = log(window(1), tab(1, 10), closed(cs.TAB_CLOSED, 10), navigation(10, 0))
    assert cs.count_open_tabs(data) == 0


def test_pruned_history() -> None:
    base = (window(1), tab(1, 10, 0, 1, 2))

    def pruned(*records: bytes) -> int:
        return cs.count_open_tabs(log(*base, *records))

    assert pruned(record(cs.PRUNED, struct.pack("<iii", 10, 0, 3))) == 0
    assert pruned(record(cs.PRUNED, struct.pack("<iii", 10, 1, 2))) == 1
    # Entries move down: after dropping the first one, 1 and 2 are 0 and 1.
    assert (
        pruned(
            record(cs.PRUNED, struct.pack("<iii", 10, 0, 1)),
            record(cs.PRUNED, struct.pack("<iii", 10, 0, 2)),
        )
        == 0
    )
    assert pruned(record(cs.PRUNED_FROM_BACK, struct.pack("<ii", 10, 0))) == 0
    assert pruned(record(cs.PRUNED_FROM_BACK, struct.pack("<ii", 10, 2))) == 1
    assert pruned(record(cs.PRUNED_FROM_FRONT, struct.pack("<ii", 10, 3))) == 0
    assert pruned(record(cs.PRUNED_FROM_FRONT, struct.pack("<ii", 10, 2))) == 1


def test_the_older_unmarked_version_and_unknown_commands() -> None:
    data = log(window(1), record(200, b"\0" * 40), tab(1, 10), version=1, marker=False)
    assert cs.count_open_tabs(data) == 1


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a Chromium session file"),
        (b"SNSS\x03\0\0", "not a Chromium session file"),
        (b"PK\x03\x04\0\0\0\0", "not a Chromium session file"),
        (log(version=2), "encrypted"),
        (log(version=4), "encrypted"),
        (log(version=7), "unknown session file version"),
        (log(window(1), tab(1, 10), marker=False), "not finished"),
        (log(record(cs.SET_TAB_WINDOW, b"\0" * 7)), "damaged"),
        (log(record(cs.TAB_CLOSED, b"\0" * 12)), "damaged"),
        (log(record(cs.UPDATE_TAB_NAVIGATION, b"\0" * 8)), "damaged"),
        (log(record(cs.PRUNED, struct.pack("<iii", 1, 0, 0))), "damaged"),
        (log(record(cs.PRUNED_FROM_FRONT, struct.pack("<ii", 1, 0))), "damaged"),
    ],
)
def test_what_cannot_be_read_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        cs.count_open_tabs(data)


def test_an_empty_record_ends_the_log_as_in_the_browser() -> None:
    data = log(window(1), tab(1, 10)) + b"\0\0" + tab(1, 11)
    assert cs.count_open_tabs(data) == 1


def test_size_and_work_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="too large"):
        cs.count_open_tabs(cs.SIGNATURE + b"\x03\0\0\0" + b"\0" * cs.MAX_SESSION_BYTES)
    monkeypatch.setattr(cs, "MAX_WORK", 1000)
    history = tab(1, 10, *range(300))
    prune = record(cs.PRUNED, struct.pack("<iii", 10, 500, 1))  # touches all, removes none
    with pytest.raises(ValueError, match="too complex"):
        cs.count_open_tabs(log(window(1), history, *[prune] * 10))


# ------------------------------------------------------------------ hostile input

IDS = st.sampled_from([0, 2, 5, 6, 9, 11, 16, 17, 24, 255, 7, 200])
RECORDS = st.lists(
    st.tuples(IDS, st.binary(max_size=20)).map(lambda r: record(r[0], r[1])), max_size=40
)


def _counted_or_refused(data: bytes) -> None:
    try:
        tabs = cs.count_open_tabs(data)
    except ValueError as exc:
        assert str(exc)
    else:
        assert tabs >= 0


@given(st.binary(max_size=300))
def test_any_bytes_are_counted_or_refused(data: bytes) -> None:
    _counted_or_refused(data)
    _counted_or_refused(cs.SIGNATURE + b"\x03\0\0\0" + data)
    _counted_or_refused(cs.SIGNATURE + b"\x01\0\0\0" + data)


@given(RECORDS, st.sampled_from([1, 3]))
def test_any_commands_are_counted_or_refused(records: list[bytes], version: int) -> None:
    _counted_or_refused(log(*records, version=version))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(THREE_TABS) - 1), st.integers(0, 255)), max_size=8))
def test_a_real_file_with_bytes_changed_is_counted_or_refused(
    changes: list[tuple[int, int]],
) -> None:
    data = bytearray(THREE_TABS)
    for at, value in changes:
        data[at] = value
    _counted_or_refused(bytes(data))
