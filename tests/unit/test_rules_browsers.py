"""The judgement of browsers.sync, browsers.saved_logins and browsers.extensions: what is a
caution, what never passes quietly, and what the summary names (never an account)."""

from __future__ import annotations

from safe_session.data import load_known_extensions
from safe_session.model import Status
from safe_session.probes.browsers.extension_formats import Extension
from safe_session.probes.browsers.extensions import ExtensionsFact, ProfileExtensions
from safe_session.probes.browsers.saved_logins import LoginsFact, ProfileLogins
from safe_session.probes.browsers.sync import ProfileSync, SyncFact
from safe_session.rules import browsers
from safe_session.rules.base import Params

PARAMS = Params({}, Status.WARN, "linux")
MAC = Params({}, Status.WARN, "macos")
UBLOCK_CHROME = "cjpalhdlnbpafiamejdnhcphjbkeiagm"


def test_sync_caution_names_browser_profile_and_what_syncs() -> None:
    fact = SyncFact(
        (
            ProfileSync("Firefox", "default", True, True, ("history", "tabs")),
            ProfileSync("Chrome", "Work", True, False),
            ProfileSync("Chromium", "Person 1", False, False),
        )
    )
    out = browsers.sync(fact, PARAMS)
    assert out.status is Status.WARN
    assert 'Firefox (profile "default") copies its history and open tabs' in out.summary
    assert "Chrome" not in out.summary
    assert out.details["profiles"][0] == {
        "browser": "Firefox",
        "profile": "default",
        "signed_in": True,
        "syncing": True,
        "syncs": ["history", "tabs"],
    }


def test_sync_that_cannot_be_told_never_passes() -> None:
    fact = SyncFact(
        (
            ProfileSync("Chrome", "Default", True, None, (), "Preferences is not valid JSON"),
            ProfileSync("Firefox", "default", False, False),
        )
    )
    out = browsers.sync(fact, PARAMS)
    assert out.status is Status.UNKNOWN and "Preferences is not valid JSON" in out.summary
    assert out.details["unreadable"][0]["browser"] == "Chrome"


def test_sync_passes_and_mentions_signed_in_profiles_and_safari_on_a_mac() -> None:
    fact = SyncFact((ProfileSync("Chrome", "Default", True, False),))
    out = browsers.sync(fact, MAC)
    assert out.status is Status.PASS
    assert "signed in to an account, without copying" in out.summary and "Safari" in out.summary
    assert browsers.sync(SyncFact(()), PARAMS).status is Status.PASS


def test_saved_logins() -> None:
    fact = LoginsFact(
        ("clientsecure.me",),
        (ProfileLogins("Chrome", "Default", 2), ProfileLogins("Firefox", "default", 0)),
    )
    out = browsers.saved_logins(fact, PARAMS)
    assert out.status is Status.WARN
    assert 'Chrome (profile "Default") keeps 2 saved logins for clientsecure.me' in out.summary
    assert out.details["profiles"] == [
        {"browser": "Chrome", "profile": "Default", "count": 2},
        {"browser": "Firefox", "profile": "default", "count": 0},
    ]
    none = LoginsFact(("clientsecure.me",), (ProfileLogins("Firefox", "default", 0),))
    assert browsers.saved_logins(none, PARAMS).status is Status.PASS
    unreadable = LoginsFact(
        ("clientsecure.me",), (ProfileLogins("Chrome", "Default", None, "locked"),)
    )
    assert browsers.saved_logins(unreadable, PARAMS).status is Status.UNKNOWN


def test_extensions_well_known_from_their_store_pass_calmly() -> None:
    known = load_known_extensions()
    ublock = Extension(UBLOCK_CHROME, "uBlock Origin", ("<all_urls>", "webRequest"), True)
    fact = ExtensionsFact((ProfileExtensions("Chrome", "chromium", "Default", (ublock,)),))
    out = browsers.extensions(fact, PARAMS, known)
    assert out.status is Status.PASS and "uBlock Origin (content blocker)" in out.summary
    assert out.details["extensions"][0]["well_known"] is True


def test_extensions_a_copy_claiming_a_known_id_is_not_well_known() -> None:
    """Loaded from a folder, an extension can claim any id: only a store install counts."""
    fake = Extension(UBLOCK_CHROME, "uBlock Origin", ("<all_urls>", "clipboardRead"), False)
    reader = Extension("x@y", "Page Reader", ("history",), True)
    fact = ExtensionsFact(
        (
            ProfileExtensions("Chrome", "chromium", "Default", (fake,)),
            ProfileExtensions("Firefox", "firefox", "default", (reader,)),
        )
    )
    out = browsers.extensions(fact, PARAMS)
    assert out.status is Status.WARN
    assert (
        '"uBlock Origin" in Chrome (profile "Default") can read every site and the clipboard'
        in (out.summary)
    )
    assert '"Page Reader" in Firefox (profile "default") can read your history' in out.summary
    assert [e["well_known"] for e in out.details["extensions"]] == [False, False]


def test_extensions_unreadable_profile_never_passes() -> None:
    fact = ExtensionsFact(
        (ProfileExtensions("Chrome", "chromium", "Default", (), "extensions could not be read"),)
    )
    assert browsers.extensions(fact, PARAMS).status is Status.UNKNOWN
    clean = ExtensionsFact((ProfileExtensions("Firefox", "firefox", "default", ()),))
    assert browsers.extensions(clean, PARAMS).status is Status.PASS
