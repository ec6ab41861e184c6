"""Recently-used entries: a real recently-used.xbel written by GLib's GBookmarkFile (what GTK
uses), the session's entries found and removed, and the file read back by GLib with every other
entry intact. Also the Windows Recent folder's shortcuts, on real files."""

from __future__ import annotations

import html
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safe_session.actions import remove_recent
from safe_session.data import load_catalog
from safe_session.engine import Engine
from safe_session.model import Result, Status
from safe_session.probes.base import ProbeContext
from safe_session.probes.files.recent_files import name_of, parse_time, parse_xbel
from tests.conftest import need
from tests.glib_bookmarks import BookmarkFile, load, read_uris

OLD = [
    "file:///home/ana/Documents/tax%20return%202025.pdf",
    "file:///home/ana/Pictures/holiday.jpg",
    "https://example.org/page?a=1&b=2",
]
NEW = [
    "file:///home/ana/Downloads/session%20worksheet%20%26%20notes.pdf",
    "file:///home/ana/Documents/%E6%97%A5%E8%A8%98.odt",
]


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    return data


def result_for(since: datetime, os_name: str = "linux") -> Result:
    spec = load_catalog().get("after.recent_files")
    assert spec is not None
    [result] = Engine(ProbeContext(os_name=os_name, since=since)).run([spec])  # type: ignore[arg-type]
    return result


def test_glib_written_list_keeps_every_other_entry(data_home: Path) -> None:
    lib = load()
    need(lib, "GLib (libglib-2.0) is not installed")
    assert lib is not None
    xbel = data_home / "recently-used.xbel"
    day_ago = int(time.time()) - 86400
    bf = BookmarkFile(lib)
    for uri in OLD:
        bf.add(uri, "gedit", "text/plain", added=day_ago)
    bf.save(xbel)
    time.sleep(1.1)  # GLib keeps whole seconds in older files; stay clear of them
    since = datetime.now(UTC)
    for uri in NEW:
        bf.add(uri, "evince", "application/pdf")
    bf.save(xbel)
    bf.free()
    os.chmod(xbel, 0o600)
    original = xbel.read_text()

    result = result_for(since)
    assert result.status is Status.WARN
    assert sorted(e["target"] for e in result.details["entries"]) == sorted(NEW)
    assert {e["name"] for e in result.details["entries"]} == {
        "session worksheet & notes.pdf",
        "日記.odt",
    }
    assert all(e["apps"] == ["evince"] for e in result.details["entries"])

    [plan] = remove_recent.plan(result, ProbeContext(since=since))
    dry = remove_recent.perform(plan, dry_run=True)
    assert dry.ok and dry.dry_run and "Would remove 2 entries" in dry.message
    assert xbel.read_text() == original

    done = remove_recent.perform(plan)
    assert done.ok, done.message
    edited = xbel.read_text()
    assert sorted(read_uris(lib, xbel) or []) == sorted(OLD)  # GLib still reads it
    assert [b.href for b in parse_xbel(edited) or []] == [
        b.href for b in parse_xbel(original) or [] if b.href in OLD
    ]
    # Every other byte is as GLib wrote it: the edit only cut blocks out.
    assert len(edited) < len(original) and _is_subsequence(edited, original)
    assert xbel.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in data_home.iterdir()] == ["recently-used.xbel"]  # no temp left
    assert result_for(since).status is Status.PASS

    again = remove_recent.perform(plan)
    assert again.ok and "already gone" in again.message


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(c in it for c in small)


def test_an_entry_older_than_the_window_is_never_removed_even_if_asked(data_home: Path) -> None:
    xbel = data_home / "recently-used.xbel"
    old = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    xbel.write_text(_document([("file:///a/old.txt", old, False)]))
    since = datetime.now(UTC) - timedelta(hours=1)
    out = remove_recent.remove_from_xbel(xbel, {"file:///a/old.txt"}, since, dry_run=False)
    assert out.ok and "already gone" in out.message
    assert [b.href for b in parse_xbel(xbel.read_text()) or []] == ["file:///a/old.txt"]


def test_a_damaged_list_is_reported_and_left_alone(data_home: Path) -> None:
    xbel = data_home / "recently-used.xbel"
    xbel.write_text("<xbel><bookmark href='x' added='2026-01-01T00:00:00Z'>")
    result = result_for(datetime.now(UTC) - timedelta(hours=1))
    assert result.status is Status.UNKNOWN and "damaged" in result.summary
    out = remove_recent.remove_from_xbel(xbel, {"x"}, datetime(2000, 1, 1, tzinfo=UTC), False)
    assert not out.ok and xbel.read_text().endswith("'>")


def test_no_list_is_a_pass(data_home: Path) -> None:
    assert result_for(datetime.now(UTC)).status is Status.PASS


def test_macos_says_how_to_clear_it_by_hand() -> None:
    result = result_for(datetime.now(UTC), "macos")
    assert result.status is Status.UNKNOWN
    assert any("Clear Menu" in a for a in result.advice)


def test_windows_recent_shortcuts_made_during_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    appdata = tmp_path / "Roaming"
    recent = appdata / "Microsoft" / "Windows" / "Recent"
    (recent / "AutomaticDestinations").mkdir(parents=True)
    monkeypatch.setenv("APPDATA", str(appdata))
    (recent / "old letter.docx.lnk").write_bytes(b"L\0\0\0")
    time.sleep(0.03)
    since = datetime.now(UTC)
    time.sleep(0.03)
    (recent / "session notes.pdf.lnk").write_bytes(b"L\0\0\0")
    (recent / "desktop.ini").write_text("[.ShellClassInfo]")
    result = result_for(since, "windows")
    assert [e["name"] for e in result.details["entries"]] == ["session notes.pdf"]
    [plan] = remove_recent.plan(result, ProbeContext(os_name="windows", since=since))
    assert remove_recent.perform(plan, dry_run=True).ok
    assert (recent / "session notes.pdf.lnk").exists()
    done = remove_recent.perform(plan)
    assert done.ok and "1 recent-files shortcut" in done.message
    assert not (recent / "session notes.pdf.lnk").exists()
    assert (recent / "old letter.docx.lnk").exists() and (recent / "desktop.ini").exists()
    forged = remove_recent.ActionPlan(
        "remove_recent",
        "after.recent_files",
        "x",
        "x",
        payload={
            "source": "windows_recent",
            "targets": [str(recent / "old letter.docx.lnk"), str(tmp_path / "elsewhere.lnk")],
            "since": since.isoformat(),
        },
    )
    assert not remove_recent.perform(forged).ok
    assert (recent / "old letter.docx.lnk").exists()


# --- The edit itself, over documents of every shape ---------------------------------------


def _document(items: list[tuple[str, str, bool]], prolog: bool = True) -> str:
    head = (
        ('<?xml version="1.0" encoding="UTF-8"?>\n' if prolog else "") + '<xbel version="1.0"\n'
        '      xmlns:bookmark="http://www.freedesktop.org/standards/desktop-bookmarks"\n'
        '      xmlns:mime="http://www.freedesktop.org/standards/shared-mime-info"\n>\n'
    )
    body = []
    for href, added, short in items:
        attrs = f'href="{html.escape(href, quote=True)}" added="{added}"'
        if short:
            body.append(f"  <bookmark {attrs}/>\n")
        else:
            body.append(
                f'  <bookmark {attrs} modified="{added}">\n    <title>t &lt;1&gt;</title>\n'
                '    <info>\n      <metadata owner="http://freedesktop.org">\n'
                '        <mime:mime-type type="text/plain"/>\n        <bookmark:applications>\n'
                '          <bookmark:application name="gedit" exec="&apos;gedit %u&apos;" '
                f'modified="{added}" count="1"/>\n        </bookmark:applications>\n'
                "      </metadata>\n    </info>\n  </bookmark>\n"
            )
    return head + "".join(body) + "</xbel>\n"


HREFS = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=20)
ITEMS = st.lists(
    st.tuples(
        HREFS,
        st.sampled_from(["2020-01-01T00:00:00Z", "2030-01-01T00:00:00.123456Z"]),
        st.booleans(),
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(items=ITEMS, chosen=st.sets(st.integers(0, 7)), prolog=st.booleans())
def test_the_edit_keeps_a_valid_document_with_every_other_entry(
    items: list[tuple[str, str, bool]], chosen: set[int], prolog: bool
) -> None:
    text = _document(items, prolog)
    since = datetime(2025, 1, 1, tzinfo=UTC)
    targets = {items[i][0] for i in chosen if i < len(items)}
    out = remove_recent.without_entries(text, targets, since)
    assert out is not None
    new, count = out
    kept = [
        (h, a)
        for h, a, _ in items
        if not (h in targets and parse_time(a) >= since)  # type: ignore[operator]
    ]
    assert [(b.href, b.added) for b in parse_xbel(new) or []] == [
        (h, parse_time(a)) for h, a in kept
    ]
    assert count == len(items) - len(kept)


@given(st.text(max_size=300), st.sets(st.text(max_size=5)))
def test_garbage_never_raises(text: str, targets: set[str]) -> None:
    out = remove_recent.without_entries(text, targets, datetime(2000, 1, 1, tzinfo=UTC))
    if out is not None:
        assert parse_xbel(out[0]) is not None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-26T19:00:00Z", datetime(2026, 11, 26, 19, tzinfo=UTC)),
        ("2026-11-26T19:00:00.123456Z", datetime(2026, 11, 26, 19, 0, 0, 123456, tzinfo=UTC)),
        ("2026-11-26T19:00:00", datetime(2026, 11, 26, 19, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_xbel_times(value: str | None, expected: datetime | None) -> None:
    assert parse_time(value) == expected


def test_names_of_entries() -> None:
    assert name_of("file:///home/a/My%20notes.odt") == "My notes.odt"
    assert name_of("file:///home/a/folder/") == "folder"
    assert name_of("https://example.org/") == "https://example.org/"
