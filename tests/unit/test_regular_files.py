"""The one reader of files named by a profile, the command line or found on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from safe_session.regular_files import NotRegularFile, check_regular, read_regular


def test_a_regular_file_is_read_up_to_the_bound(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 100)
    assert read_regular(path, 1000) == b"x" * 100
    assert read_regular(path, 10) == b"x" * 10
    assert read_regular(path, 0) == b""


@pytest.mark.skipif(os.name == "nt", reason="making a link needs a privilege on Windows")
def test_links_are_followed_only_when_a_person_named_the_file(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.write_bytes(b"data")
    link = tmp_path / "link"
    link.symlink_to(target)
    assert read_regular(link, 100) == b"data"
    with pytest.raises(NotRegularFile) as caught:
        read_regular(link, 100, follow_symlinks=False)
    assert caught.value.strerror == "it is a link to somewhere else, not a file"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.mkdir(), "it is a folder, not a file"),
        (lambda p: os.mkfifo(p), "it is a pipe, not a file"),
        (lambda p: p.symlink_to("/dev/null"), "it is a device, not a file"),
    ],
    ids=["folder", "pipe", "device"],
)
@pytest.mark.skipif(os.name == "nt", reason="POSIX file kinds")
def test_what_is_not_a_file_is_refused_unread_with_plain_words(
    tmp_path: Path, make: object, words: str
) -> None:
    path = tmp_path / "thing"
    make(path)  # type: ignore[operator]
    for attempt in (lambda: read_regular(path, 100), lambda: check_regular(path)):
        with pytest.raises(NotRegularFile) as caught:
            attempt()
        assert caught.value.strerror == words
        assert isinstance(caught.value, OSError)  # callers' OSError handling applies


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="Linux's /proc")
def test_the_kernels_own_files_are_refused() -> None:
    with pytest.raises(NotRegularFile, match="made up by the system"):
        read_regular("/proc/self/status", 100)


def test_a_missing_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "nope", 100)
