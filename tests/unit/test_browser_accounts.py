"""browsers.sync's parsers over the real profiles (tests/fixtures/shared_computer): Firefox's
states were all written by Firefox itself; Chromium's signed-in keys were written by hand and
kept by the real Chromium (SOURCES.md). Variants built in the tests change one key of a real
file."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_session.probes.browsers.account_formats import (
    SyncState,
    gaia_id_hash,
    parse_chromium_sync,
    parse_firefox_sync,
)
from safe_session.probes.browsers.browser_files import firefox_prefs
from tests.hostile import HOSTILE_STRINGS
from tests.shared_computer import CHROMIUM, EMAIL, FIREFOX, GAIA_ID, SECRETS

STATES = FIREFOX / "states"


def pair(state: SyncState) -> tuple[bool | None, bool | None]:
    return state.signed_in, state.syncing


def firefox_state(name: str) -> tuple[str, str | None]:
    prefs = (STATES / f"{name}.prefs.js").read_text()
    user = STATES / f"{name}.signedInUser.json"
    return prefs, user.read_text() if user.exists() else None


def no_account_in(state: SyncState) -> None:
    text = repr(state)
    assert not any(secret in text for secret in SECRETS)


@pytest.mark.parametrize(
    ("name", "signed_in", "syncing", "what"),
    [
        ("not_signed_in", False, False, ()),
        ("signed_in_not_syncing", True, False, ()),
        ("signed_in_syncing", True, True, ("history", "tabs")),
        ("syncing_without_history_tabs", True, False, ()),
        ("signed_in_sync_off", True, False, ()),
        ("signed_out", False, False, ()),
    ],
)
def test_firefox_states_written_by_firefox(
    name: str, signed_in: bool, syncing: bool, what: tuple[str, ...]
) -> None:
    state = parse_firefox_sync(*firefox_state(name))
    assert (state.signed_in, state.syncing, state.what, state.reason) == (
        signed_in,
        syncing,
        what,
        None,
    )
    no_account_in(state)


def test_firefox_writes_null_when_signing_out_so_the_file_alone_proves_nothing() -> None:
    prefs, user = firefox_state("signed_out")
    assert user is not None and user.strip() == "null"
    assert pair(parse_firefox_sync(prefs, user)) == (False, False)
    assert pair(parse_firefox_sync((FIREFOX / "prefs.js").read_text(), "null")) == (False, False)


def test_firefox_sync_left_set_up_for_an_account_that_signed_out() -> None:
    prefs, _ = firefox_state("signed_in_syncing")
    state = parse_firefox_sync(prefs, "null")
    assert pair(state) == (False, False) and state.reason
    assert pair(parse_firefox_sync(prefs, None)) == (True, True)  # no account file at all


def test_firefox_one_engine_off_or_declined() -> None:
    prefs, user = firefox_state("signed_in_syncing")
    state = parse_firefox_sync(prefs + 'user_pref("services.sync.engine.history", false);\n', user)
    assert (state.syncing, state.what) == (True, ("tabs",))
    declined = 'user_pref("services.sync.declinedEngines", "passwords,history,tabs");\n'
    assert parse_firefox_sync(prefs + declined, user).syncing is False


def test_firefox_unreadable_account_file_makes_signed_in_unknown() -> None:
    prefs, _ = firefox_state("signed_in_not_syncing")
    state = parse_firefox_sync(prefs, "{not json")
    assert state.signed_in is None and state.syncing is False and state.reason


def test_firefox_prefs_lines() -> None:
    text = "\r\n".join(
        [
            "// Mozilla User Preferences",
            'user_pref("services.sync.username", "a\\"b\\\\c");',
            'user_pref("services.sync.engine.tabs", false);',
            'user_pref("services.sync.globalScore", 0);',
            'user_pref("services.sync.engine.tabs", true);',  # the last one wins
            'user_pref("other.pref", "ignored");',
            'user_pref("services.sync.broken", );',
            "user_pref(",
        ]
    )
    assert firefox_prefs(text, ("services.sync.",)) == {
        "services.sync.username": 'a"b\\c',
        "services.sync.globalScore": 0,
        "services.sync.engine.tabs": True,
    }


def chromium_state(name: str) -> tuple[str, str]:
    d = CHROMIUM / "signed_in"
    return (d / f"{name}.Local State").read_text(), (d / f"{name}.Preferences").read_text()


@pytest.mark.parametrize(
    ("name", "syncing", "what"),
    [
        ("signed_in_syncing", True, ("history", "tabs")),
        ("syncing_without_history_tabs", False, ()),
        ("signed_in_not_syncing", False, ()),
        ("signed_in_history_opt_in", True, ("history", "tabs")),
    ],
)
def test_chromium_states_kept_by_chromium(name: str, syncing: bool, what: tuple[str, ...]) -> None:
    local_state, prefs = chromium_state(name)
    state = parse_chromium_sync(local_state, "Default", prefs)
    assert (state.signed_in, state.syncing, state.what) == (True, syncing, what)
    no_account_in(state)


def test_chromium_fresh_profile_is_not_signed_in() -> None:
    state = parse_chromium_sync(
        (CHROMIUM / "Local State").read_text(), "Default", (CHROMIUM / "Preferences").read_text()
    )
    assert pair(state) == (False, False)


def test_chromium_per_account_choice_is_found_by_the_gaia_id_hash() -> None:
    local_state, prefs = chromium_state("signed_in_history_opt_in")
    p = json.loads(prefs)
    assert list(p["sync"]["selected_types_per_account"]) == [gaia_id_hash(GAIA_ID)]
    p["sync"]["selected_types_per_account"] = {
        gaia_id_hash("999"): {"sync.typed_urls": True, "sync.tabs": True}
    }
    assert pair(parse_chromium_sync(local_state, "Default", json.dumps(p))) == (True, False)


def test_chromium_with_one_of_its_two_files() -> None:
    local_state, prefs = chromium_state("signed_in_syncing")
    state = parse_chromium_sync(local_state, "Default", None)
    assert state.signed_in is True and state.syncing is None and state.reason
    fresh = (CHROMIUM / "Local State").read_text()
    assert pair(parse_chromium_sync(fresh, "Default", None)) == (False, False)
    assert pair(parse_chromium_sync(None, "Default", prefs)) == (True, True)
    assert pair(parse_chromium_sync("{}", "Profile 7", prefs)) == (True, True)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"managed": True}, (True, False)),  # switched off by policy
        ({"has_setup_completed": False}, (True, False)),  # consent, setup never finished
    ],
)
def test_chromium_sync_changes(change: dict[str, object], expected: tuple[bool, bool]) -> None:
    local_state, prefs = chromium_state("signed_in_syncing")
    p = json.loads(prefs)
    p["sync"].update(change)
    state = parse_chromium_sync(local_state, "Default", json.dumps(p))
    assert pair(state) == expected and state.reason


def test_chromium_before_the_consent_key() -> None:
    # As versions before about 86 wrote it: the address in google.services.username.
    _, prefs = chromium_state("signed_in_syncing")
    p = json.loads(prefs)
    p["google"]["services"] = {"username": EMAIL}
    p.pop("account_info", None)
    state = parse_chromium_sync("{}", "Default", json.dumps(p))
    assert pair(state) == (True, True)
    no_account_in(state)


def test_chromium_nothing_readable() -> None:
    for local_state, prefs in ((None, None), ("[1]", "garbage")):
        state = parse_chromium_sync(local_state, "Default", prefs)
        assert pair(state) == (None, None) and state.reason


texts = st.text(max_size=300) | st.sampled_from(HOSTILE_STRINGS) | st.binary(max_size=300)


@given(a=texts, b=texts | st.none())
def test_hostile_files_never_raise(a: str | bytes, b: str | bytes | None) -> None:
    for state in (parse_firefox_sync(a, b), parse_chromium_sync(a, "Default", b)):
        assert state.signed_in in (True, False, None) and state.syncing in (True, False, None)
        if state.syncing is None:
            assert state.reason
