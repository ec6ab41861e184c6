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
"""

from __future__ import annotations

import struct

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
SET_WINDOW_TYPE = 9  # int32 window id, int32 type
PRUNED_FROM_FRONT = 11  # int32 tab id, int32 count: the first count entries are gone
TAB_CLOSED = 16  # int32 id, 4 bytes padding, int64 time
WINDOW_CLOSED = 17  # the same layout
PRUNED = 24  # int32 tab id, int32 index, int32 count
INITIAL_STATE_MARKER = 255  # no payload

WINDOW_TYPE_NORMAL = 0

_TWO_INTS = struct.Struct("<ii")
_THREE_INTS = struct.Struct("<iii")
_CLOSED_SIZE = 16
_PICKLE_HEAD = struct.Struct("<Iii")


class _Replay:
    """The browser's view of windows and tabs, reduced to what counting needs."""

    def __init__(self) -> None:
        self.window_type: dict[int, int] = {}  # windows that were given a type and not closed
        self.tab_window: dict[int, int] = {}
        self.history: dict[int, set[int]] = {}  # tab -> indexes of its history entries
        self.work = 0

    def entries(self, tab: int) -> set[int]:
        return self.history.setdefault(tab, set())

    def _charge(self, entries: set[int]) -> None:
        self.work += len(entries) + 1
        if self.work > MAX_WORK:
            raise ValueError("the session file is too complex to read")

    def prune(self, tab: int, start: int, count: int) -> None:
        """Entries [start, start + count) are gone; later ones move down by count."""
        entries = self.entries(tab)
        self._charge(entries)
        end = start + count
        self.history[tab] = {i if i < start else i - count for i in entries if not start <= i < end}

    def prune_from(self, tab: int, start: int) -> None:
        """Entries from start on are gone."""
        entries = self.entries(tab)
        self._charge(entries)
        self.history[tab] = {i for i in entries if i < start}

    def open_tabs(self) -> int:
        return sum(
            1
            for tab, window in self.tab_window.items()
            if window != 0
            and self.window_type.get(window) == WINDOW_TYPE_NORMAL
            and self.history.get(tab)
        )


def _ints(payload: bytes, layout: struct.Struct, command: int) -> tuple[int, ...]:
    if len(payload) != layout.size:
        raise ValueError(f"a damaged command in the session file (id {command})")
    return layout.unpack(payload)


def count_open_tabs(data: bytes) -> int:
    """Tabs open in normal windows, from a session file's bytes. Raises ValueError with a plain
    reason when the file is not one this code can read."""
    if len(data) > MAX_SESSION_BYTES:
        raise ValueError("the session file is too large")
    if len(data) < 8 or data[:4] != SIGNATURE:
        raise ValueError("not a Chromium session file")
    version = int.from_bytes(data[4:8], "little", signed=True)
    if version in (VERSION_ENCRYPTED, VERSION_ENCRYPTED_MARKED):
        raise ValueError("the session file is encrypted")
    if version not in (VERSION_PLAIN, VERSION_PLAIN_MARKED):
        raise ValueError(f"an unknown session file version ({version})")
    state = _Replay()
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
            _apply(state, command, payload)
    if version == VERSION_PLAIN_MARKED and not marked:
        raise ValueError("the browser has not finished writing this session file")
    return state.open_tabs()


def _apply(state: _Replay, command: int, payload: bytes) -> None:
    if command == SET_TAB_WINDOW:
        window, tab = _ints(payload, _TWO_INTS, command)
        state.tab_window[tab] = window
    elif command == UPDATE_TAB_NAVIGATION:
        if len(payload) < _PICKLE_HEAD.size:
            raise ValueError(f"a damaged command in the session file (id {command})")
        _, tab, index = _PICKLE_HEAD.unpack_from(payload)
        state.entries(tab).add(index)
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
