"""The session window's default start, and when a file came to be."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from safe_session.probes.files import file_times
from safe_session.state import default_window_start, record_session_start, window_start


def test_recorded_start_today_is_the_window(state_dir: Path) -> None:
    # local noon today: 50 minutes earlier is the same day, whenever the test runs
    now = datetime.now().astimezone().replace(hour=12, minute=0, second=0, microsecond=0)
    now = now.astimezone(UTC)
    assert default_window_start(now) == now - timedelta(hours=2)  # nothing recorded yet
    started = now - timedelta(minutes=50)
    assert record_session_start(started)
    assert default_window_start(now) == started
    assert [p.name for p in state_dir.iterdir()] == ["session-start"]


def test_a_start_from_another_day_or_the_future_is_ignored(state_dir: Path) -> None:
    now = datetime.now(UTC)
    record_session_start(now - timedelta(days=2))
    assert default_window_start(now) == now - timedelta(hours=2)
    record_session_start(now + timedelta(hours=1))
    assert default_window_start(now) == now - timedelta(hours=2)


def test_window_start_is_aware_utc() -> None:
    naive = datetime(2026, 11, 26, 18, 0)
    assert window_start(naive).tzinfo is UTC
    aware = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)
    assert window_start(aware) == aware


def test_birth_time_is_used_where_kept_else_the_earlier_of_change_and_modification(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f"
    path.write_text("x")
    made = time.time()
    os.utime(path, (made + 3600, made + 3600))  # a modification time in the future
    came = file_times.arrival(path)
    if came.source == "birth":
        assert abs(came.when - made) < 5
    monkeypatch.setattr(file_times, "linux_birth_time", lambda _: None)
    fallback = file_times.arrival(path)
    if not hasattr(os.lstat(path), "st_birthtime"):
        assert fallback.source == "changed" and abs(fallback.when - made) < 5
