from __future__ import annotations

import pytest

from safe_session.model import Status
from safe_session.probes.system.sessions import LoginSession, SessionsFact
from safe_session.rules.base import Params
from safe_session.rules.system import is_remote, other_sessions


def s(user: str, terminal: str | None = "pts/0", host: str | None = None) -> LoginSession:
    return LoginSession(user, terminal, host, 0.0, None)


@pytest.mark.parametrize(
    ("host", "remote"),
    [
        (None, False),
        ("", False),
        (":0", False),
        (":1.0", False),
        ("localhost", False),
        ("127.0.0.1", False),
        ("::1", False),
        ("tmux(123).%0", False),
        ("203.0.113.5", True),
        ("laptop.example.org", True),
        ("2001:db8::1", True),
    ],
)
def test_remote_hosts(host: str | None, remote: bool) -> None:
    assert is_remote(host) is remote


def test_no_sessions_is_a_pass() -> None:
    out = other_sessions(SessionsFact("ana", ()), Params())
    assert out.status is Status.PASS
    assert out.details["sessions"] == []


def test_own_local_terminals_are_not_others() -> None:
    fact = SessionsFact("ana", (s("ana", "tty2", ":0"), s("ana", "pts/1", ":0"), s("ana", "pts/3")))
    out = other_sessions(fact, Params())
    assert out.status is Status.PASS
    assert out.details["own_sessions"] == 3


def test_another_local_user_warns_with_their_name() -> None:
    fact = SessionsFact("ana", (s("ana", "tty2", ":0"), s("ben", "tty3")))
    out = other_sessions(fact, Params())
    assert out.status is Status.WARN
    assert "ben (on tty3)" in out.summary
    assert out.details["sessions"] == [{"user": "ben", "terminal": "tty3", "host": None}]
    assert out.situation == "default"


def test_own_account_from_elsewhere_is_flagged_as_remote() -> None:
    fact = SessionsFact("ana", (s("ana", "tty2", ":0"), s("ana", "pts/4", "198.51.100.7")))
    out = other_sessions(fact, Params())
    assert out.status is Status.WARN
    assert "another place" in out.summary and "198.51.100.7" in out.summary
    assert out.situation == "remote"


def test_severity_comes_from_the_catalog() -> None:
    fact = SessionsFact("ana", (s("ben", "pts/1", "203.0.113.9"),))
    assert other_sessions(fact, Params(severity=Status.FAIL)).status is Status.FAIL


def test_wrong_fact_type_raises_so_the_engine_reports_unknown() -> None:
    with pytest.raises(TypeError):
        other_sessions("garbage", Params())  # type: ignore[arg-type]
