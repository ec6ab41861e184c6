"""Files that arrived in Downloads during the session go to a real trash (the XDG trash under a
private data folder), from where they can be restored; nothing older and nothing outside
Downloads is ever touched, whatever the tree looks like."""

from __future__ import annotations

import os
import shutil
import time
from configparser import ConfigParser
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safe_session.actions import trash_downloads
from safe_session.actions.base import ActionPlan
from safe_session.data import load_catalog
from safe_session.engine import Engine
from safe_session.model import Result, Status
from safe_session.probes.base import ProbeContext
from safe_session.probes.files.downloads import DownloadsFact, gather

TRASH = Path(os.environ["XDG_DATA_HOME"]) / "Trash"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DOWNLOAD_DIR"):
        monkeypatch.delenv(name, raising=False)
    return home


def pause() -> None:
    """File times come from a coarse kernel clock: keep "before" and "during" apart."""
    time.sleep(0.03)


def start_window() -> datetime:
    pause()
    since = datetime.now(UTC)
    pause()
    return since


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def downloads_result(since: datetime) -> Result:
    spec = load_catalog().get("after.downloads")
    assert spec is not None
    [result] = Engine(ProbeContext(since=since)).run([spec])
    return result


def trashed_from(original: Path) -> Path | None:
    """The file in the trash that came from `original`, found through its .trashinfo."""
    for info in (TRASH / "info").glob("*.trashinfo"):
        parser = ConfigParser(interpolation=None)
        parser.read(info)
        if Path(unquote(parser["Trash Info"]["Path"])) == original:
            return TRASH / "files" / info.name.removesuffix(".trashinfo")
    return None


def test_the_downloads_folder_follows_the_users_dirs_file(home: Path) -> None:
    (home / ".config").mkdir()
    (home / ".config" / "user-dirs.dirs").write_text('XDG_DOWNLOAD_DIR="$HOME/Téléchargements"\n')
    (home / "Téléchargements").mkdir()
    since = start_window()
    write(home / "Téléchargements" / "fiche.pdf", "x")
    write(home / "Downloads" / "not-the-folder.pdf", "x")
    fact = gather(ProbeContext(since=since))
    assert [Path(f.path).name for f in fact.files] == ["fiche.pdf"]


def test_only_the_sessions_files_go_to_the_trash_and_can_be_restored(home: Path) -> None:
    downloads = home / "Downloads"
    old = write(downloads / "old-statement.pdf", "old")
    old_sub = write(downloads / "letters" / "old-letter.txt", "old letter")
    documents = write(home / "Documents" / "diary.txt", "private")
    since = start_window()
    os.utime(old, None)  # touched during the session, but it was there before
    new = write(downloads / "worksheet.pdf", "worksheet")
    new_sub = write(downloads / "letters" / "invoice.pdf", "invoice")
    outside_new = write(home / "Documents" / "new-notes.txt", "notes")
    (downloads / "shortcut.txt").symlink_to(outside_new)
    (downloads / "linked-folder").symlink_to(home / "Documents", target_is_directory=True)

    result = downloads_result(since)
    assert result.status is Status.WARN
    listed = sorted(f["path"] for f in result.details["files"])
    assert listed == sorted([str(new), str(new_sub)])
    assert {f["size"] for f in result.details["files"]} == {9, 7}
    assert "2 files arrived" in result.summary

    plans = trash_downloads.plan(result, ProbeContext(since=since))
    assert len(plans) == 2 and all(p.action == "trash_downloads" for p in plans)
    for p in plans:
        dry = trash_downloads.perform(p, dry_run=True)
        assert dry.ok and dry.dry_run and dry.message.startswith("Would move")
    assert new.exists() and new_sub.exists()

    for p in plans:
        done = trash_downloads.perform(p)
        assert done.ok, done.message
    assert not new.exists() and not new_sub.exists()
    for path in (old, old_sub, documents, outside_new, downloads / "shortcut.txt"):
        assert os.path.lexists(path), path
    assert (downloads / "linked-folder").is_symlink()

    # Restored from the trash, the file is what it was.
    in_trash = trashed_from(new)
    assert in_trash is not None and in_trash.read_text() == "worksheet"
    os.rename(in_trash, new)
    assert new.read_text() == "worksheet"
    assert gather(ProbeContext(since=since)).files  # and it shows up again


@pytest.mark.parametrize(
    "target",
    [
        "old-statement.pdf",
        "shortcut.txt",
        "../Documents/new-notes.txt",
        "linked-folder/new-notes.txt",
    ],
)
def test_a_plan_for_anything_else_is_refused(home: Path, target: str) -> None:
    downloads = home / "Downloads"
    write(downloads / "old-statement.pdf", "old")
    since = start_window()
    outside_new = write(home / "Documents" / "new-notes.txt", "notes")
    (downloads / "shortcut.txt").symlink_to(outside_new)
    (downloads / "linked-folder").symlink_to(home / "Documents", target_is_directory=True)
    forged = ActionPlan(
        "trash_downloads",
        "after.downloads",
        "x",
        "x",
        payload={"path": str(downloads / target), "since": since.isoformat()},
    )
    for dry_run in (True, False):
        out = trash_downloads.perform(forged, dry_run=dry_run)
        assert not out.ok and "left alone" in out.message
    assert (downloads / "old-statement.pdf").exists() and outside_new.exists()
    assert (downloads / "shortcut.txt").is_symlink()


NAMES = st.text(alphabet="abcXYZ019 _-.é日", min_size=1, max_size=8).filter(
    lambda n: n not in (".", "..")
)
ENTRY = st.tuples(
    st.sampled_from(["downloads", "outside"]),
    st.lists(NAMES, max_size=2),  # subfolders
    NAMES,
    st.sampled_from(["before", "during"]),
    st.sampled_from(["plain", "future_mtime", "past_mtime", "symlink_out", "symlink_dir_out"]),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(entries=st.lists(ENTRY, max_size=12))
def test_nothing_outside_the_window_or_outside_downloads_is_ever_touched(
    home: Path, entries: list[tuple[str, list[str], str, str, str]]
) -> None:
    downloads, outside = home / "Downloads", home / "Elsewhere"
    for folder in (downloads, outside):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
    untouchable: dict[Path, str] = {}  # path -> content (or link target) that must stay
    may_go: set[Path] = set()
    surely_found: set[Path] = set()  # new, with times that say so whatever the file system
    since = None
    for phase in ("before", "during"):
        if phase == "during":
            since = start_window()
        for index, (where, subs, name, when, kind) in enumerate(entries):
            if when != phase:
                continue
            base = downloads if where == "downloads" else outside
            path = base.joinpath(*subs, f"{index}-{name}")
            if os.path.lexists(path) or any(
                os.path.lexists(p) and not p.is_dir() for p in path.parents
            ):
                continue
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                continue
            if kind == "symlink_out":
                target = write(outside / f"target-{index}", f"target {index}")
                untouchable[target] = target.read_text()
                path.symlink_to(target)
                untouchable[path] = os.readlink(path)
                continue
            if kind == "symlink_dir_out":
                folder = outside / f"folder-{index}"
                inner = write(folder / "inner.txt", f"inner {index}")
                untouchable[inner] = inner.read_text()
                path.symlink_to(folder, target_is_directory=True)
                untouchable[path] = os.readlink(path)
                continue
            write(path, f"{phase} {index}")
            if kind == "future_mtime":
                os.utime(path, (time.time() + 86400, time.time() + 86400))
            elif kind == "past_mtime":
                os.utime(path, (time.time() - 86400 * 30, time.time() - 86400 * 30))
            if where == "downloads" and phase == "during":
                may_go.add(path)
                if kind != "past_mtime":
                    surely_found.add(path)
            else:
                untouchable[path] = path.read_text()
    assert since is not None

    fact = gather(ProbeContext(since=since))
    assert isinstance(fact, DownloadsFact)
    listed = {Path(f.path) for f in fact.files}
    assert surely_found <= listed <= may_go
    result = downloads_result(since)
    for plan in trash_downloads.plan(result, ProbeContext(since=since)):
        assert trash_downloads.perform(plan).ok
    # Forged plans for everything else are refused too.
    for path in untouchable:
        forged = ActionPlan(
            "trash_downloads",
            "after.downloads",
            "x",
            "x",
            payload={"path": str(path), "since": since.isoformat()},
        )
        assert not trash_downloads.perform(forged).ok
    for path, content in untouchable.items():
        assert os.path.lexists(path), path
        if path.is_symlink():
            assert os.readlink(path) == content
        else:
            assert path.read_text() == content
    for path in may_go - listed:
        assert path.exists()  # not listed, so not touched
    for path in listed:
        assert not os.path.lexists(path) and trashed_from(path) is not None
