"""In-process: with internet sockets and name lookups made to raise, every check still runs,
and none of them tried to use the network."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from safe_session.data import load_catalog
from safe_session.model import Status
from safe_session.plan import RunOptions, make_plan
from safe_session.runs import run_plan
from tests.pulse import PulseServer


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_inet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []
    real_socket = socket.socket

    class GuardedSocket(real_socket):  # type: ignore[misc, valid-type]
        def __init__(self, family: int = -1, *args: Any, **kwargs: Any) -> None:
            if family not in (socket.AF_UNIX,):
                attempts.append(f"socket family {family}")
                raise NetworkUsed(f"socket family {family}")
            super().__init__(family, *args, **kwargs)

    def refuse(name: str) -> Any:
        def _refuse(*args: Any, **kwargs: Any) -> Any:
            attempts.append(name)
            raise NetworkUsed(name)

        return _refuse

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_connection"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def test_before_and_after_never_touch_the_network(no_inet: list[str], pulse: PulseServer) -> None:
    before = run_plan(make_plan(RunOptions(phase="before", acoustic_test=True)))
    after = run_plan(make_plan(RunOptions(phase="after")))
    assert no_inet == []
    ran = {r.id for r in (*before.results, *after.results)}
    assert ran == {c.id for c in load_catalog().checks}
    for r in (*before.results, *after.results):
        assert "NetworkUsed" not in r.summary, r
        assert r.status in set(Status)
