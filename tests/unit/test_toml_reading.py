"""Reading TOML anyone may have written: bounded, never hanging, every failure located."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from safe_session.data.toml_errors import DataError
from safe_session.data.toml_reading import (
    array_item_line,
    nesting_line,
    parse_untrusted,
    read_bounded,
)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a = [[1]]\n", None),
        ("a = [[[1]]]\n", 1),
        ('a = "[[[[[[["\n', None),  # inside a string
        ("a = '[[[[[['\n", None),
        ('a = """\n[[[[[[\n"""\nb = [[[1]]]\n', 4),  # multi-line string, then too deep
        ("# [[[[[[[[\na = 1\n", None),  # a comment
        ('a = "\\"[[[[[["\n', None),  # escaped quote inside a string
        ("x = 1\n\ny = {a = {b = {c = 1}}}\n", 3),
        ("[[confirm]]\n[[after_step]]\n", None),  # headers close on their line
    ],
)
def test_nesting_is_measured_outside_strings_and_comments(text: str, line: int | None) -> None:
    assert nesting_line(text, 2) == line


def parse(raw: bytes) -> dict[str, object]:
    return parse_untrusted(raw, "p.toml", 10)[0]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b"a = " + b"[" * 5000 + b"]" * 5000,
            "p.toml:1: values are nested more than 10 levels deep",
        ),
        (
            b"x = 1\na = " + b"{b=" * 900 + b"1" + b"}" * 900,
            "p.toml:2: values are nested more than",
        ),
        (b"\n\nn = " + b"7" * 5000, "p.toml:3: holds a number with far too many digits"),
        (b"a = 1\nb = 2\na = 3\n", "p.toml:3: a: is set twice (first on line 1); set it once"),
        (b"[t]\nx = 1\n[t]\n", "p.toml:3: t: is set twice (first on line 1); set it once"),
        (b"ok = 1\nbad = '\xff'\n", "p.toml:2: is not valid UTF-8 text"),
        (b"a = ", "p.toml:1: invalid TOML: Invalid value"),
    ],
)
def test_parse_failures_are_located(raw: bytes, message: str) -> None:
    with pytest.raises(DataError) as caught:
        parse(raw)
    assert str(caught.value).startswith(message)


def test_arrays_of_tables_may_repeat_and_a_bom_is_ignored() -> None:
    data = parse(b"\xef\xbb\xbf[[s]]\nt = 1\n[[s]]\nt = 2\n")
    assert data == {"s": [{"t": 1}, {"t": 2}]}


def test_a_big_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * 2000)
    with pytest.raises(DataError, match=r"big\.toml: is 2,000 bytes; at most 1,000 bytes"):
        read_bounded(path, str(path), 1000)
    assert read_bounded(path, "x", 2000) == b"#" * 2000


def attempt(path: Path) -> str:
    """What reading `path` says, in a thread: a read that blocks fails the test, not the run."""
    outcome: list[str] = []

    def read() -> None:
        try:
            read_bounded(path, str(path), 1000)
            outcome.append("read")
        except DataError as exc:
            outcome.append(str(exc))

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(5)
    return outcome[0] if outcome else "still reading after 5 seconds"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev are POSIX")
def test_posix_devices_and_pipes_are_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero"), Path("/dev/urandom")):
        assert attempt(path) == f"{path}: is not a regular file (a device or a pipe?)"


@pytest.mark.skipif(os.name != "nt", reason="Windows device names")
def test_windows_devices_are_never_opened() -> None:
    """Reading CON would wait for the keyboard; every device must be refused unread."""
    for name in ("CON", "NUL", "CONIN$"):
        outcome = attempt(Path(name))
        assert outcome.startswith(f"{name}: "), outcome  # refused, not read and not waiting


def test_folders_missing_files_and_bad_names(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="is a folder, not a file"):
        read_bounded(tmp_path, "t", 1000)
    with pytest.raises(DataError, match="file not found"):
        read_bounded(tmp_path / "nope.toml", "nope.toml", 1000)
    with pytest.raises(DataError, match="cannot be read"):
        read_bounded(Path("bad\x00name"), "bad", 1000)


ARRAYS = """off = ["a", "b"]
stricter = [
    "one",  # a comment, with "quotes" and [brackets]
    'two',

    { id = "three" },
    [4, 5],
    "six"
]
[[confirm]]
name = "not an array"
"""


@pytest.mark.parametrize(
    ("key_line", "index", "line"),
    [(1, 0, 1), (1, 1, 1), (1, 2, None), (2, 0, 3), (2, 1, 4), (2, 2, 6), (2, 3, 7), (2, 4, 8)],
)
def test_array_entries_are_found_on_their_own_lines(
    key_line: int, index: int, line: int | None
) -> None:
    assert array_item_line(ARRAYS, key_line, index) == line


@pytest.mark.parametrize("key_line", [10, 11, 0, 99])
def test_array_entries_are_not_looked_for_where_there_is_no_array(key_line: int) -> None:
    assert array_item_line(ARRAYS, key_line, 0) is None
