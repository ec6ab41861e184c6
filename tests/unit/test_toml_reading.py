"""Reading TOML anyone may have written: bounded, never hanging, every failure located."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safe_session.data.toml_errors import DataError
from safe_session.data.toml_limits import TomlLimits, check_limits
from safe_session.data.toml_reading import (
    array_item_line,
    parse_untrusted,
    read_bounded,
)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a = [1]\n", None),
        ("a = [[1]]\n", "1:6"),  # the key, then two arrays: 3 levels
        ('a = "[[[[[[["\n', None),  # inside a string
        ("a = '[[[[[['\n", None),
        ('a = """\n[[[[[[\n"""\nb = [[[1]]]\n', "4:6"),  # multi-line string, then too deep
        ("# [[[[[[[[\na = 1\n", None),  # a comment
        ('a = "\\"[[[[[["\n', None),  # escaped quote inside a string
        ("x = 1\n\ny = {a = {b = 1}}\n", "3:6"),
        ("[[confirm]]\n[[after_step]]\n", None),  # headers close on their line
        ("[a]\nb = [1]\n", "2:5"),  # table, key and array: 3 levels
        ("a.b.c = 1\n", "1:1"),  # a dotted key is nesting too
    ],
)
def test_nesting_of_every_kind_is_measured_outside_strings_and_comments(
    text: str, where: str | None
) -> None:
    try:
        check_limits(text, "p.toml", TomlLimits(nesting=2))
    except DataError as exc:
        assert (
            str(exc)
            == f"p.toml:{where}: "
            + (f"{exc.key}: " if exc.key else "")
            + "values are nested more than 2 levels deep"
        )
    else:
        assert where is None


def parse(raw: bytes) -> dict[str, object]:
    return parse_untrusted(raw, "p.toml", 10)[0]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b"a = " + b"[" * 5000 + b"]" * 5000,
            "p.toml:1:14: a: values are nested more than 10 levels deep",
        ),
        (
            b"x = 1\na = " + b"{b=" * 900 + b"1" + b"}" * 900,
            "p.toml:2:18: a.b.b.b.b.b: values are nested more than 10 levels deep",
        ),
        (b"\n\nn = " + b"7" * 5000, "p.toml:3:5: n: holds a number with far too many digits"),
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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a.b.c.d.e.f.g = 1\n", "p.toml:1:1: a.b.c.d.e.f.…: a key or table name of more than 6"),
        ("[a.b.c.d.e.f.g]\n", "p.toml:1:2: a.b.c.d.e.f.…: a key or table name of more than 6"),
        ('x = {"a".b.c.d.e.f.g = 1}\n', "p.toml:1:10: x.a.b.c.d.e.f.…: a key or table name"),
        (f"{'k' * 101} = 1\n", "p.toml:1:1: kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…: a key of"),
        (f"a = [{'1,' * 100}1]\n", "p.toml:1:205: a: a list or table of more than 100 entries"),
        (f"a = '{'x' * 4001}'\n", "p.toml:1:5: a: holds a text of more than 4,000 characters"),
        (f"[t]\nn = {'1' * 65}\n", "p.toml:2:5: t.n: holds a number with far too many digits"),
        (f"n = {'x' * 65}\n", "p.toml:1:5: n: holds a value of more than 64 characters"),
        ("[[c]]\n[[c]]\n[[c]]\nx = '''a\n\u202e'''\ny = 1 # \u202e\n", "p.toml:6:9: holds an"),
        ("a = 1 # \u200b\n", "p.toml:1:9: holds an invisible or control character (U+200B)"),
        ("a = 1\r\n\u2028", "p.toml:2:1: holds an invisible or control character (U+2028)"),
        ("".join(f"k{i} = 1\n" for i in range(501)), "p.toml:501:1: k500: sets more than 500"),
    ],
)
def test_each_limit_is_refused_with_line_column_and_key(text: str, message: str) -> None:
    with pytest.raises(DataError) as caught:
        check_limits(text, "p.toml", TomlLimits())
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    "text",
    [
        'a = """x""""\nb = """""y"""""\n',  # up to two quotes may end a multi-line string
        "a = '''it's'''\nb = ''''quoted''''\n",
        'a = "tab\there"  # and a comment with "quotes" and [brackets]\n',
        "a = 1979-05-27 07:32:00Z\nb = -1.5e+10\nc = inf\nd = 0x_dead\n",
        'a = [\n  1, # one\n  2,\n]\nt = {x = 1, y = [1, {z = "}"}]}\n',
        "[a . \"b.c\" . 'd']\n[[e.f]]\n",
        'a = "\u202e inside a string is for validation to name"\n',
        f"a = [{'1,' * 99}1]\n",
    ],
)
def test_ordinary_toml_is_within_the_limits(text: str) -> None:
    check_limits(text, "p.toml", TomlLimits())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab.=[]{},\"'\\#\n\t \u202e1")), max_size=400))
def test_the_scan_ends_on_any_text_and_raises_only_data_errors(text: str) -> None:
    try:
        check_limits(text, "p.toml", TomlLimits(nesting=3, key_parts=2, items=3, entries=5))
    except DataError as exc:
        assert str(exc).startswith("p.toml:")
