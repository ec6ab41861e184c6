"""The sessions probe against this machine's real login records."""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest

from safe_session.probes.base import ProbeContext
from safe_session.probes.system.sessions import SessionsFact, current_user, gather


def test_real_sessions_match_psutil() -> None:
    fact = gather(ProbeContext())
    assert isinstance(fact, SessionsFact)
    assert fact.me == current_user() and fact.me
    if fact.source == "login records":
        assert [s.user for s in fact.sessions] == [u.name for u in psutil.users()]
    else:  # a Linux system without utmp: logind was asked, or the list is said to be missing
        assert fact.source == "logind" or fact.missing


LIST = "      2 1000 ana  seat0 tty2\n      5 1000 ana  -     pts/1\n     c3  120 gdm  seat0 tty1\n"
SHOW = (
    "Id=2\nName=ana\nTTY=tty2\nDisplay=\nRemote=no\nRemoteHost=\nLeader=1234\n\n"
    "Id=5\nName=ana\nTTY=pts/1\nDisplay=\nRemote=yes\nRemoteHost=203.0.113.9\nLeader=5678\n\n"
    "Id=c3\nName=gdm\nTTY=tty1\nDisplay=\nRemote=no\nRemoteHost=\nLeader=900\n"
)


def test_loginctl_parsers() -> None:
    from safe_session.probes.system.sessions import parse_list_sessions, parse_show_sessions

    assert parse_list_sessions(LIST) == ["2", "5", "c3"]
    assert parse_list_sessions("No sessions.\n") == []
    found = parse_show_sessions(SHOW)
    assert [(s.user, s.terminal, s.host, s.pid) for s in found] == [
        ("ana", "tty2", None, 1234),
        ("ana", "pts/1", "203.0.113.9", 5678),
        ("gdm", "tty1", None, 900),
    ]
    assert parse_show_sessions("garbage\n\x1b[2J") == []


def test_without_utmp_logind_is_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in `loginctl` on PATH that prints what logind's prints; the remote login of the
    person's own account is found, as it would be in utmp."""
    from safe_session.probes.system import sessions
    from safe_session.rules.base import Params
    from safe_session.rules.system import other_sessions

    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "list.txt").write_text(LIST)
    (folder / "show.txt").write_text(SHOW)
    tool = folder / "loginctl"
    tool.write_text(
        f'#!/bin/sh\nif [ "$1" = list-sessions ]; then cat {folder}/list.txt; '
        f"else cat {folder}/show.txt; fi\n"
    )
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")
    monkeypatch.setattr(sessions, "UTMP_FILES", (tmp_path / "utmp",))
    monkeypatch.setattr(sessions, "current_user", lambda: "ana")
    fact = sessions.gather(ProbeContext(os_name="linux"))
    assert fact.source == "logind" and not fact.missing
    out = other_sessions(fact, Params())
    assert out.situation == "remote" and "203.0.113.9" in out.summary
