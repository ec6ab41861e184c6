"""The processes never closed (checks/protected-processes.toml): what the list matches, that it
is what the data file says, and that it never names an app safe-session may close."""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_session.data import load_apps, load_protected
from safe_session.data.protected import load_file, protected_file
from safe_session.data.protected_types import normalize
from safe_session.data.toml_errors import DataError


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("bash", "a command shell"),
        ("PowerShell.exe", "a command shell"),
        ("  zsh ", "a command shell"),
        ("gnome-terminal-", "a terminal window"),  # Linux cuts names to 15 characters
        ("kwin_wayland", "part of the desktop"),  # kwin*
        ("explorer.EXE", "part of the desktop"),
        ("gsd-media-keys", "part of the desktop"),
        ("wireplumber", "the computer's sound system"),
        ("python3.12", "a Python runtime (safe-session itself runs in one)"),
        ("systemd-logind", "part of the operating system"),
        ("orca", "a screen reader or typing aid"),
        ("Zoom", None),
        ("AnyDesk", None),
        ("bashful", None),  # whole names only, unless the entry ends in *
        ("", None),
    ],
)
def test_kind_of(name: str, kind: str | None) -> None:
    assert load_protected().kind_of(name) == kind


def test_runs_use_exactly_what_the_data_file_says() -> None:
    assert load_protected() == load_file(protected_file(), "checks/protected-processes.toml")


def test_no_known_app_is_on_the_list() -> None:
    """Apps the checks find and offer to close must never be refused as system processes."""
    protected = load_protected()
    clashes = sorted(
        f"{app.name}: {name}"
        for app in load_apps().apps
        for os_name in ("linux", "macos", "windows")
        for name in (app.name, *app.names_for(os_name))
        if protected.kind_of(name)
    )
    assert clashes == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[group]]\nkind = "x"\nnames = ["a", "A.exe"]\n', '"A.exe" is listed twice'),
        ('[[group]]\nkind = "x"\nnames = ["a*b"]\n', r'a "\*" may only end one'),
        ('[[group]]\nkind = " "\nnames = ["a"]\n', "kind: must not be empty"),
    ],
)
def test_the_file_is_checked(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(DataError, match=message):
        load_file(path)
    assert normalize(" Cmd.EXE ") == "cmd"
