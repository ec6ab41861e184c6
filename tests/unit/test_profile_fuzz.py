"""Fuzzing the profile loader: arbitrary bytes, TOML-ish text and arbitrary structures never raise
anything but the loader's DataError, and whatever loads is within every limit."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safe_session.data.toml_errors import DataError
from safe_session.profile import Profile, parse_profile
from safe_session.profile.validate import ProfileError, unsafe_text, validate
from safe_session.text import inert
from tests.hostile import FORBIDDEN_IN_TERMINAL
from tests.tomlish import profile_data, render_toml, tomlish_text

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load_or_error(raw: bytes) -> Profile | DataError:
    try:
        return parse_profile(raw, "fuzz.toml")
    except DataError as exc:  # anything else fails the test
        return exc


def assert_safe(outcome: Profile | DataError) -> None:
    if isinstance(outcome, DataError):
        message = inert(str(outcome))
        assert message.startswith("fuzz.toml"), message
        assert "\n" not in message
        assert not any(bad in message for bad in FORBIDDEN_IN_TERMINAL)
        if isinstance(outcome, ProfileError):
            assert outcome.problems and all(p.file == "fuzz.toml" for p in outcome.problems)
        return
    data = outcome.data
    for text in (
        data.practice.name,
        data.practice.contact,
        data.platform.name,
        *data.platform.apps,
        *data.platform.domains,
        *(s.text for s in (*data.confirm, *data.after_step)),
        *(s.title for s in (*data.confirm, *data.after_step)),
        *(s.why for s in (*data.confirm, *data.after_step)),
    ):
        assert unsafe_text(text) is None
        assert len(text) <= 500
    assert data.language == "en"
    assert all(d == d.lower() and "/" not in d and ":" not in d for d in data.platform.domains)
    assert not any(outcome.is_off(c) for c in ("apps.monitoring", "apps.remote_access"))


@FUZZ
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(raw: bytes) -> None:
    assert_safe(load_or_error(raw))


@FUZZ
@given(tomlish_text())
def test_tomlish_text(text: str) -> None:
    assert_safe(load_or_error(text.encode("utf-8", "surrogatepass")))


@FUZZ
@given(profile_data)
def test_arbitrary_structures_reach_the_validator(data: dict[str, Any]) -> None:
    """Profile-shaped documents (the real sections and keys, any values) written as TOML, and the
    same structures handed to the validator directly."""
    assert_safe(load_or_error(render_toml(data).encode("utf-8", "surrogatepass")))
    try:
        validate(data, "", "fuzz.toml")
    except DataError as exc:
        assert_safe(exc)
