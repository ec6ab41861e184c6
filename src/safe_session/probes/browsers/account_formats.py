"""Whether a browser profile is signed in to an account and copies history or open tabs to it,
read from the browser's own files (pure: text in, booleans out).

Only booleans leave this module: the account's address, name and ids are looked at only to tell
whether they are there, and never returned.

Firefox (checked on Firefox ESR 153, where Firefox's own code wrote every state; see
tests/fixtures/SOURCES.md):
- Signed in to a Mozilla account: `signedInUser.json` holds `{"version":1,"accountData":{...}}`.
  Signing out writes `null` into it (the file stays), so its contents count, not its presence.
- Sync on: `services.sync.username` in `prefs.js` (set when sync is turned on, cleared by "Turn
  off sync" and by signing out). Signed in without it: the account is used for other things
  (send tab, Relay, Monitor), nothing is synced.
- What syncs: `services.sync.engine.history` and `services.sync.engine.tabs`, both on unless
  `false` is written (the "Choose what to sync" dialog writes them); an engine named in
  `services.sync.declinedEngines` is off too.

Chromium family (checked on Chromium 156; key names from the Chromium source, found in this
Chromium's binary):
- Signed in: `google.services.account_id` in the profile's `Preferences`
  (signin_pref_names.cc kGoogleServicesAccountId), else `gaia_id` / `user_name` of
  `profile.info_cache.<profile folder>` in `Local State` (profile_attributes_entry.cc). Before
  about version 86, `google.services.username` held the address.
- Sync (the classic "Turn on sync" consent): `google.services.consented_to_sync`, else the
  entry's `is_consented_primary_account`; with `sync.has_setup_completed` true. What syncs:
  `sync.keep_everything_synced` (true: everything), else `sync.typed_urls` (history) and
  `sync.tabs`. `sync.managed` true: sync switched off by policy.
- Signed in without that consent (the only kind of sign-in in recent versions, after Chrome's
  "sync to sign-in" migration): history and tabs sync only when turned on for the account, in
  `sync.selected_types_per_account.<base64 SHA-256 of the Gaia id>` {"sync.typed_urls",
  "sync.tabs"}.
A profile in "sync paused" or "sign-in pending" (no valid sign-in token, e.g. the password was
changed elsewhere) still counts: it copies again as soon as someone signs in.
"""

from __future__ import annotations

import base64

import msgspec

from safe_session.probes.browsers.browser_files import as_text, firefox_prefs, get, load_json

_FIREFOX_PREFIXES = ("services.sync.", "identity.fxaccounts.")


class SyncState(msgspec.Struct, frozen=True):
    """`syncing`: history or open tabs are copied to the account. None: could not tell, and
    `reason` says why."""

    signed_in: bool | None
    syncing: bool | None
    reason: str | None = None
    what: tuple[str, ...] = ()  # which of "history", "tabs" sync, when syncing


# --- Firefox ---------------------------------------------------------------------------------


def _firefox_account(signed_in_user: object) -> tuple[bool | None, str | None]:
    if signed_in_user is None:
        return False, None
    value, why = load_json(signed_in_user, "signedInUser.json")
    if why:
        return None, why
    if value is None:
        return False, None  # `null`: signed out
    account = get(value, "accountData")
    if not isinstance(account, dict):
        return None, "signedInUser.json has no account data"
    ids = (account.get("uid"), account.get("email"))
    if any(isinstance(v, str) and v.strip() for v in ids):
        return True, None
    return None, "signedInUser.json names no account"


def parse_firefox_sync(
    prefs_text: str | bytes | None, signed_in_user_json: str | bytes | None = None
) -> SyncState:
    """A Firefox profile's account and sync state from `prefs.js`, and `signedInUser.json` when
    the profile has one (None when the file does not exist)."""
    if prefs_text is None:
        prefs_text = ""  # a profile Firefox never closed has no prefs.js yet: defaults apply
    text, why = as_text(prefs_text)
    if text is None:
        return SyncState(None, None, f"prefs.js: {why}")
    prefs = firefox_prefs(text, _FIREFOX_PREFIXES)
    account, account_why = _firefox_account(signed_in_user_json)

    username = prefs.get("services.sync.username")
    sync_on = isinstance(username, str) and bool(username.strip())
    if not sync_on:
        if account is None:
            return SyncState(None, False, account_why)
        return SyncState(account, False)
    if account is False and signed_in_user_json is not None:
        # Sync set up for an account that is no longer there: Firefox asks to sign in again and
        # syncs nothing until then.
        return SyncState(False, False, "sync waits for the account to sign in again")

    declined_raw = prefs.get("services.sync.declinedEngines")
    declined: set[str] = set()
    if isinstance(declined_raw, str):
        declined = {p.strip() for p in declined_raw.split(",")[:100]}
    what = tuple(
        engine
        for engine in ("history", "tabs")
        if prefs.get(f"services.sync.engine.{engine}") is not False and engine not in declined
    )
    return SyncState(True, bool(what), None, what)


# --- Chromium family -------------------------------------------------------------------------


def gaia_id_hash(gaia_id: str) -> str:
    """How Chromium names an account in per-account prefs (signin::GaiaIdHash::ToBase64)."""
    import hashlib  # loaded only for a Chromium profile signed in to an account

    return base64.b64encode(hashlib.sha256(gaia_id.encode("utf-8", "replace")).digest()).decode()


def _nonempty(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _json_object(text: str | bytes | None, what: str) -> tuple[dict[str, object] | None, str]:
    if text is None:
        return None, f"{what} could not be read"
    value, why = load_json(text, what)
    if why:
        return None, why
    if not isinstance(value, dict):
        return None, f"{what} is not a JSON object"
    return value, ""


def parse_chromium_sync(
    local_state_text: str | bytes | None,
    profile_folder: str,
    preferences_text: str | bytes | None,
) -> SyncState:
    """A Chromium-family profile's account and sync state from the user-data folder's
    `Local State` and the profile's `Preferences` (either None when unreadable)."""
    prefs, prefs_why = _json_object(preferences_text, "Preferences")
    state, state_why = _json_object(local_state_text, "Local State")
    entry = get(state, "profile", "info_cache", profile_folder)
    if not isinstance(entry, dict):
        entry = None
    if prefs is None and entry is None:
        return SyncState(None, None, prefs_why or state_why or "no profile information")

    services = get(prefs, "google", "services")
    services = services if isinstance(services, dict) else {}
    gaia = services.get("account_id") if _nonempty(services.get("account_id")) else None
    if gaia is None and entry is not None and _nonempty(entry.get("gaia_id")):
        gaia = entry.get("gaia_id")
    signed_in = (
        gaia is not None
        or _nonempty(services.get("username"))  # before about version 86
        or (entry is not None and _nonempty(entry.get("user_name")))
    )
    if not signed_in:
        # Local State alone is enough here: it names the account whenever one is signed in.
        return SyncState(False, False)
    if prefs is None:
        return SyncState(True, None, f"cannot tell what syncs: {prefs_why}")

    sync = prefs.get("sync")
    sync = sync if isinstance(sync, dict) else {}
    if sync.get("managed") is True:
        return SyncState(True, False, "sync is switched off by the administrator")

    consent = services.get("consented_to_sync")
    if not isinstance(consent, bool):
        consent = entry.get("is_consented_primary_account") if entry is not None else None
    if not isinstance(consent, bool):
        # Versions without the consent key: being signed in meant having turned sync on.
        consent = sync.get("has_setup_completed") is True

    if consent and sync.get("has_setup_completed") is True:
        if sync.get("keep_everything_synced", True) is not False:
            return SyncState(True, True, None, ("history", "tabs"))
        what = tuple(
            name
            for name, key in (("history", "typed_urls"), ("tabs", "tabs"))
            if sync.get(key) is True
        )
        return SyncState(True, bool(what), None, what)

    per_account = sync.get("selected_types_per_account")
    choices = None
    if isinstance(per_account, dict) and isinstance(gaia, str):
        choices = per_account.get(gaia_id_hash(gaia))
    if isinstance(choices, dict):
        what = tuple(
            name
            for name, key in (("history", "sync.typed_urls"), ("tabs", "sync.tabs"))
            if choices.get(key) is True
        )
        return SyncState(True, bool(what), None, what)
    if consent:
        return SyncState(True, False, "sync was never finished setting up")
    return SyncState(True, False)
