"""How many tabs a Chromium-family browser has open, from its session command log ("SNSS").

Chromium (and Chrome, Edge, Brave, Vivaldi, Opera) keeps its open windows and tabs in
`<profile>/Sessions/Session_<timestamp>` (older versions: `<profile>/Current Session`): the
bytes "SNSS", an int32 version, then records of a uint16 size, a uint8 command id and
`size - 1` bytes of payload, all little-endian. The browser writes the whole state when it
starts a file, then appends one command per change while it runs, so replaying the commands
gives the tabs open now. Version 3 files end their initial state with a marker record (id 255);
a file without it was not finished and the browser itself would not use it. Versions 2 and 4
are encrypted and cannot be read.

Only the commands that decide which tabs are open are replayed, the way the browser restores a
session: a tab counts when it belongs to a window whose type is "normal" (not a pop-up, app or
developer-tools window), has not been closed, its window has not been closed, and it has at
least one page in its history. Of a page record only the tab id and history index are read;
addresses, titles and page state are skipped, never decoded. Commands this code does not know
are skipped whole (their size says where the next one starts).

`portal_open_tabs` replays the same log to tell which open tabs show the therapy portal now,
and `portal_closed_entries` reads the browser's list of recently closed tabs and windows
(`Sessions/Tabs_<timestamp>`, the same framing). They decode a page's address only to compare
its host with the portal's domains at once: no address, host or title is kept or returned.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator, Sequence

import msgspec

from safe_session.domains import host_matches, url_host

SIGNATURE = b"SNSS"
MAX_SESSION_BYTES = 32 * 1024 * 1024  # real files are far smaller; larger ones are refused
MAX_WORK = 5_000_000  # history entries touched while replaying; beyond this the file is refused

VERSION_PLAIN = 1
VERSION_ENCRYPTED = 2
VERSION_PLAIN_MARKED = 3
VERSION_ENCRYPTED_MARKED = 4

# Command ids (components/sessions/core/session_service_commands.cc).
SET_TAB_WINDOW = 0  # int32 window id, int32 tab id
PRUNED_FROM_BACK = 5  # int32 tab id, int32 index: entries from index on are gone
UPDATE_TAB_NAVIGATION = 6  # a pickle: uint32 size, int32 tab id, int32 index, ...
SET_SELECTED_NAVIGATION_INDEX = 7  # int32 tab id, int32 index: the page the tab shows
SET_WINDOW_TYPE = 9  # int32 window id, int32 type
PRUNED_FROM_FRONT = 11  # int32 tab id, int32 count: the first count entries are gone
TAB_CLOSED = 16  # int32 id, 4 bytes padding, int64 time
WINDOW_CLOSED = 17  # the same layout
PRUNED = 24  # int32 tab id, int32 index, int32 count
INITIAL_STATE_MARKER = 255  # no payload

WINDOW_TYPE_NORMAL = 0

# Command ids of the recently-closed list (components/sessions/core/tab_restore_service_impl.cc).
CLOSED_NAVIGATION = 1  # a pickle: uint32 size, int32 tab id, then the page as in a session
RESTORED_ENTRY = 2  # int32 id: the person reopened it, so it left the list
CLOSED_WINDOW_OLD = 3  # int32 window id, int32 selected tab, int32 tab count[, padding, int64]
CLOSED_TAB = 4  # int32 tab id, int32 current page[, int64 time]: a tab's pages follow
CLOSED_WINDOW = 9  # a pickle: uint32 size, int32 window id, int32 selected tab, int32 count, ...
CLOSED_GROUP = 13  # a pickle: uint32 size, 16-byte group token, int32 id, int32 count, ...

_TWO_INTS = struct.Struct("<ii")
_THREE_INTS = struct.Struct("<iii")
_CLOSED_SIZE = 16
_PICKLE_HEAD = struct.Struct("<Iii")


Matcher = Callable[[bytes], bool]  # a page's address (raw bytes) -> is it on the portal


class _Replay:
    """The browser's view of windows and tabs, reduced to what counting needs. With a matcher,
    each history entry keeps only whether its page is on the portal."""

    def __init__(self, match: Matcher | None = None) -> None:
        self.window_type: dict[int, int] = {}  # windows that were given a type and not closed
        self.tab_window: dict[int, int] = {}
        self.history: dict[int, dict[int, bool]] = {}  # tab -> {history index: on the portal}
        self.selected: dict[int, int] = {}  # tab -> the history index it shows
        self.match = match
        self.work = 0

    def entries(self, tab: int) -> dict[int, bool]:
        return self.history.setdefault(tab, {})

    def _charge(self, entries: dict[int, bool]) -> None:
        self.work += len(entries) + 1
        if self.work > MAX_WORK:
            raise ValueError("the session file is too complex to read")

    def prune(self, tab: int, start: int, count: int) -> None:
        """Entries [start, start + count) are gone; later ones move down by count (the shown
        one too: into the gap it becomes the entry before it, as the browser does)."""
        entries = self.entries(tab)
        self._charge(entries)
        end = start + count
        self.history[tab] = {
            (i if i < start else i - count): on for i, on in entries.items() if not start <= i < end
        }
        shown = self.selected.get(tab)
        if shown is not None and shown >= start:
            self.selected[tab] = start - 1 if shown < end else shown - count

    def prune_from(self, tab: int, start: int) -> None:
        """Entries from start on are gone."""
        entries = self.entries(tab)
        self._charge(entries)
        self.history[tab] = {i: on for i, on in entries.items() if i < start}

    def _open(self) -> list[int]:
        return [
            tab
            for tab, window in self.tab_window.items()
            if window != 0
            and self.window_type.get(window) == WINDOW_TYPE_NORMAL
            and self.history.get(tab)
        ]

    def open_tabs(self) -> int:
        return len(self._open())

    def shows_portal(self, tab: int) -> bool:
        """Whether the page the tab shows is on the portal: the entry at its selected index,
        else the first one after it, else its last one (as the browser restores it)."""
        entries = self.history[tab]
        self._charge(entries)
        wanted = self.selected.get(tab, -1)
        later = [i for i in entries if i >= wanted]
        return entries[min(later) if later else max(entries)]

    def portal_tabs(self) -> int:
        return sum(1 for tab in self._open() if self.shows_portal(tab))


def _ints(payload: bytes, layout: struct.Struct, command: int) -> tuple[int, ...]:
    if len(payload) != layout.size:
        raise ValueError(f"a damaged command in the session file (id {command})")
    return layout.unpack(payload)


def _commands(data: bytes) -> Iterator[tuple[int, bytes]]:
    """The (command id, payload) records of a command log, in order. Raises ValueError with a
    plain reason when the file is not one this code can read (at the end: not finished)."""
    if len(data) > MAX_SESSION_BYTES:
        raise ValueError("the session file is too large")
    if len(data) < 8 or data[:4] != SIGNATURE:
        raise ValueError("not a Chromium session file")
    version = int.from_bytes(data[4:8], "little", signed=True)
    if version in (VERSION_ENCRYPTED, VERSION_ENCRYPTED_MARKED):
        raise ValueError("the session file is encrypted")
    if version not in (VERSION_PLAIN, VERSION_PLAIN_MARKED):
        raise ValueError(f"an unknown session file version ({version})")
    marked = False
    pos, end = 8, len(data)
    while end - pos >= 2:  # each turn moves on by at least 3 bytes, or stops
        size = int.from_bytes(data[pos : pos + 2], "little")
        if size == 0 or pos + 2 + size > end:
            break  # the browser stops here too: a write that did not finish
        command = data[pos + 2]
        payload = data[pos + 3 : pos + 2 + size]
        pos += 2 + size
        if command == INITIAL_STATE_MARKER:
            marked = True
        else:
            yield command, payload
    if version == VERSION_PLAIN_MARKED and not marked:
        raise ValueError("the browser has not finished writing this session file")


def count_open_tabs(data: bytes) -> int:
    """Tabs open in normal windows, from a session file's bytes. Raises ValueError with a plain
    reason when the file is not one this code can read."""
    state = _Replay()
    for command, payload in _commands(data):
        _apply(state, command, payload)
    return state.open_tabs()


def portal_open_tabs(data: bytes, domains: Sequence[str]) -> int:
    """Of the tabs `count_open_tabs` counts, those whose shown page is on one of the portal's
    domains (or a subdomain). Raises ValueError like it, also for a damaged page address."""
    state = _Replay(_matcher(domains))
    for command, payload in _commands(data):
        _apply(state, command, payload)
    return state.portal_tabs()


def _matcher(domains: Sequence[str]) -> Matcher:
    wanted = tuple(domains)

    def match(raw: bytes) -> bool:
        host = url_host(raw.decode("utf-8", errors="replace"))
        return any(host_matches(host, domain) for domain in wanted)

    return match


def _page_matches(payload: bytes, at: int, match: Matcher, command: int) -> bool:
    """The pickled address starting at `at` (int32 length, then its bytes), compared at once."""
    if len(payload) < at + 4:
        raise ValueError(f"a damaged command in the session file (id {command})")
    length = int.from_bytes(payload[at : at + 4], "little", signed=True)
    if length < 0 or at + 4 + length > len(payload):
        raise ValueError(f"a damaged command in the session file (id {command})")
    return match(payload[at + 4 : at + 4 + length])


def _apply(state: _Replay, command: int, payload: bytes) -> None:
    if command == SET_TAB_WINDOW:
        window, tab = _ints(payload, _TWO_INTS, command)
        state.tab_window[tab] = window
    elif command == UPDATE_TAB_NAVIGATION:
        if len(payload) < _PICKLE_HEAD.size:
            raise ValueError(f"a damaged command in the session file (id {command})")
        _, tab, index = _PICKLE_HEAD.unpack_from(payload)
        on = state.match is not None and _page_matches(
            payload, _PICKLE_HEAD.size, state.match, command
        )
        state.entries(tab)[index] = on
    elif command == SET_SELECTED_NAVIGATION_INDEX and state.match is not None:
        tab, index = _ints(payload, _TWO_INTS, command)
        state.selected[tab] = index
    elif command == SET_WINDOW_TYPE:
        window, kind = _ints(payload, _TWO_INTS, command)
        state.window_type[window] = kind
    elif command in (TAB_CLOSED, WINDOW_CLOSED):
        if len(payload) != _CLOSED_SIZE:
            raise ValueError(f"a damaged command in the session file (id {command})")
        closed = int.from_bytes(payload[:4], "little", signed=True)
        if command == TAB_CLOSED:
            state.tab_window.pop(closed, None)
            state.history.pop(closed, None)
            state.selected.pop(closed, None)
        else:
            state.window_type.pop(closed, None)
    elif command == PRUNED_FROM_BACK:
        tab, index = _ints(payload, _TWO_INTS, command)
        state.prune_from(tab, index)
    elif command == PRUNED_FROM_FRONT:
        tab, count = _ints(payload, _TWO_INTS, command)
        if count <= 0:
            raise ValueError(f"a damaged command in the session file (id {command})")
        state.prune(tab, 0, count)
    elif command == PRUNED:
        tab, index, count = _ints(payload, _THREE_INTS, command)
        if index < 0 or count <= 0:
            raise ValueError(f"a damaged command in the session file (id {command})")
        state.prune(tab, index, count)


# ---------------------------------------------------------------- recently closed


class ClosedCounts(msgspec.Struct, frozen=True):
    tabs: int  # closed tabs (alone or in a closed tab group) showing the portal
    windows: int  # closed windows with at least one tab showing the portal


class _Closed(msgspec.Struct):
    """One entry of the recently-closed list: a tab, or a window or group holding tabs."""

    kind: str  # "tab", "window" or "group"
    tabs: list[tuple[int, list[bool]]]  # per tab: its shown page's index, pages on the portal
    waiting: int = 0  # tabs of a window or group still to come


_SELECTED_OLD = struct.Struct("<ii")
_SELECTED = struct.Struct("<iiq")
_WINDOW_OLD = struct.Struct("<iii")
_WINDOW_OLD_TIMED = struct.Struct("<iii4xq")
_PICKLE_SIZE = 4
_TOKEN_SIZE = 16


def portal_closed_entries(data: bytes, domains: Sequence[str]) -> ClosedCounts:
    """Recently closed tabs and windows that would offer the portal again, from the bytes of a
    `Tabs_` file. The browser writes, per closed tab, its id and shown page, then its pages;
    per closed window or tab group, its tab count, then that many tabs; and when the person
    reopens one, its id. Commands this code does not know are skipped. Raises ValueError with a
    plain reason when the file cannot be read."""
    match = _matcher(domains)
    entries: dict[int, _Closed] = {}  # by id, in the order they were closed
    filling: _Closed | None = None  # the window or group whose tabs are being read
    pages: list[bool] | None = None  # the pages of the tab being read
    for work, (command, payload) in enumerate(_commands(data), start=1):
        if work > MAX_WORK:  # each command costs a constant: entries are found by id
            raise ValueError("the session file is too complex to read")
        if command == RESTORED_ENTRY:
            if filling is not None:
                raise ValueError(f"a damaged command in the session file (id {command})")
            (entry_id,) = _ints(payload, _ONE_INT, command)
            entries.pop(entry_id, None)
            pages = None
        elif command in (CLOSED_WINDOW, CLOSED_WINDOW_OLD, CLOSED_GROUP):
            if filling is not None:
                raise ValueError(f"a damaged command in the session file (id {command})")
            entry_id, count = _container(payload, command)
            entries.pop(entry_id, None)
            kind = "group" if command == CLOSED_GROUP else "window"
            filling = entries[entry_id] = _Closed(kind, [], count)
            pages = None
        elif command == CLOSED_TAB:
            layout = _SELECTED if len(payload) == _SELECTED.size else _SELECTED_OLD
            tab_id, shown = _ints(payload, layout, command)[:2]
            pages = []
            if filling is not None:
                filling.tabs.append((shown, pages))
                filling.waiting -= 1
                if filling.waiting == 0:
                    filling = None
            else:
                entries.pop(tab_id, None)
                entries[tab_id] = _Closed("tab", [(shown, pages)])
        elif command == CLOSED_NAVIGATION:
            if pages is None or len(payload) < _PICKLE_SIZE + 8:
                raise ValueError(f"a damaged command in the session file (id {command})")
            # The pickle: its size, the tab id and the page's index, then its address.
            pages.append(_page_matches(payload, _PICKLE_SIZE + 8, match, command))
    tabs = windows = 0
    for entry in entries.values():
        on = [_tab_on_portal(shown, tab_pages) for shown, tab_pages in entry.tabs]
        if entry.kind == "window":
            windows += any(on)
        else:
            tabs += sum(on)
    return ClosedCounts(tabs, windows)


_ONE_INT = struct.Struct("<i")


def _container(payload: bytes, command: int) -> tuple[int, int]:
    """A closed window's or group's id and tab count (at least one, or the entry is damaged)."""
    if command == CLOSED_WINDOW_OLD:
        layout = _WINDOW_OLD_TIMED if len(payload) == _WINDOW_OLD_TIMED.size else _WINDOW_OLD
        entry_id, _, count = _ints(payload, layout, command)[:3]
    else:
        at = _PICKLE_SIZE + (_TOKEN_SIZE if command == CLOSED_GROUP else 0)
        if len(payload) < at + 12:
            raise ValueError(f"a damaged command in the session file (id {command})")
        if command == CLOSED_GROUP:
            entry_id, count = struct.unpack_from("<ii", payload, at)
        else:
            entry_id, _, count = struct.unpack_from("<iii", payload, at)
    if count <= 0:
        raise ValueError(f"a damaged command in the session file (id {command})")
    return entry_id, count


def _tab_on_portal(shown: int, pages: list[bool]) -> bool:
    """The browser reopens a closed tab at its shown page; one without it is dropped."""
    return 0 <= shown < len(pages) and pages[shown]
