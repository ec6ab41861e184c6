"""The sessions probe against this machine's real login records."""

from __future__ import annotations

import psutil

from safe_session.probes.base import ProbeContext
from safe_session.probes.system.sessions import SessionsFact, current_user, gather


def test_real_sessions_match_psutil() -> None:
    fact = gather(ProbeContext())
    assert isinstance(fact, SessionsFact)
    assert fact.me == current_user() and fact.me
    assert [s.user for s in fact.sessions] == [u.name for u in psutil.users()]
