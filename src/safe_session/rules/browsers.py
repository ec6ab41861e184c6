"""Judging what a browser on a shared computer could give away before the session: an account
that copies history and tabs elsewhere, a saved login for the portal, extensions that read
every page.

Every profile looked at is in the details; a profile that could not be read never passes
quietly: with nothing found elsewhere, the result is "unknown" and says which one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from safe_session.data import load_known_extensions
from safe_session.data.extension_types import KnownExtensions
from safe_session.model import Outcome, Status
from safe_session.probes.browsers.extensions import ExtensionsFact
from safe_session.probes.browsers.saved_logins import LoginsFact
from safe_session.probes.browsers.sync import SyncFact
from safe_session.rules.base import Params
from safe_session.words import plural

MAX_NAMED = 5  # profiles or extensions named in one summary
SAFARI_NOTE = " Safari keeps its own in iCloud and the Keychain, which safe-session does not read."

# Risky permissions in the person's words; a host pattern for every site is "every site".
_PERMISSION_WORDS = {
    "history": "your history",
    "topSites": "your most visited sites",
    "sessions": "recently closed tabs",
    "tabs": "your tabs",
    "webNavigation": "every page you open",
    "clipboardRead": "the clipboard",
    "cookies": "sign-in cookies",
    "webRequest": "every request",
    "webRequestBlocking": "every request",
    "webRequestFilterResponse": "what sites send",
    "declarativeNetRequestFeedback": "every request",
    "scripting": "pages' content",
    "userScripts": "pages' content",
    "debugger": "everything in a tab",
    "pageCapture": "whole pages",
    "tabCapture": "what a tab shows",
    "desktopCapture": "the screen",
    "proxy": "all your traffic",
}


def _where(browser: str, profile: str) -> str:
    return f'{browser} (profile "{profile}")'


def _listed(items: list[str]) -> str:
    shown = items[:MAX_NAMED]
    more = len(items) - len(shown)
    text = ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]
    return text + (f", and {more} more" if more > 0 else "")


def _sentences(items: list[str]) -> str:
    """Items that hold commas themselves: one after another, with semicolons."""
    more = len(items) - MAX_NAMED
    return "; ".join(items[:MAX_NAMED]) + (f"; and {more} more" if more > 0 else "")


def _mac_note(params: Params) -> str:
    return SAFARI_NOTE if params.os_name == "macos" else ""


def _unreadable(names: Iterable[tuple[str, str, str | None]]) -> list[dict[str, Any]]:
    return [{"browser": b, "profile": p, "reason": r} for b, p, r in names]


def _could_not(what: str, unreadable: list[dict[str, Any]], details: dict[str, Any]) -> Outcome:
    first = unreadable[0]
    where = _listed([_where(u["browser"], u["profile"]) for u in unreadable])
    reason = first["reason"] or "it could not be read"
    return Outcome(
        Status.UNKNOWN,
        f"Could not check {what} of {where}: {reason}.",
        {**details, "reason": reason},
        "unknown",
    )


# --- browsers.sync ---------------------------------------------------------------------------


def sync(fact: SyncFact, params: Params) -> Outcome:
    if not isinstance(fact, SyncFact):
        raise TypeError("expected the browser profiles' accounts")
    profiles = [
        {
            "browser": p.browser,
            "profile": p.profile,
            "signed_in": p.signed_in,
            "syncing": p.syncing,
            "syncs": list(p.what),
        }
        for p in fact.profiles
    ]
    unreadable = _unreadable(
        (p.browser, p.profile, p.reason) for p in fact.profiles if p.syncing is None
    )
    details: dict[str, Any] = {"profiles": profiles, "unreadable": unreadable}
    syncing = [p for p in fact.profiles if p.syncing]
    if syncing:
        parts = []
        for p in syncing:
            what = " and ".join("open tabs" if w == "tabs" else w for w in p.what) or "data"
            parts.append(f"{_where(p.browser, p.profile)} copies its {what}")
        return Outcome(
            params.severity,
            f"{_listed(parts)} to an account. Pages you open there during the session could "
            "show up on other computers and phones signed in to that account.",
            details,
        )
    if unreadable:
        return _could_not("the account", unreadable, details)
    if not fact.profiles:
        return Outcome(
            Status.PASS,
            "No browser profile was found, so none copies history or tabs to an account."
            + _mac_note(params),
            details,
        )
    signed = [_where(p.browser, p.profile) for p in fact.profiles if p.signed_in]
    note = (
        f" {_listed(signed)} {'is' if len(signed) == 1 else 'are'} signed in to an account, "
        "without copying history or tabs."
        if signed
        else ""
    )
    return Outcome(
        Status.PASS,
        f"No browser profile copies history or open tabs to an account "
        f"({plural(len(fact.profiles), 'profile')} looked at).{note}{_mac_note(params)}",
        details,
    )


# --- browsers.saved_logins -------------------------------------------------------------------


def saved_logins(fact: LoginsFact, params: Params) -> Outcome:
    if not isinstance(fact, LoginsFact):
        raise TypeError("expected the saved logins counted per browser profile")
    profiles = [
        {"browser": p.browser, "profile": p.profile, "count": p.count} for p in fact.profiles
    ]
    unreadable = _unreadable(
        (p.browser, p.profile, p.reason) for p in fact.profiles if p.count is None
    )
    details: dict[str, Any] = {
        "profiles": profiles,
        "domains": list(fact.domains),
        "unreadable": unreadable,
    }
    portal = _listed(list(fact.domains)) if fact.domains else "the portal"
    found = [p for p in fact.profiles if p.count]
    if found:
        parts = [
            f"{_where(p.browser, p.profile)} keeps {plural(p.count or 0, 'saved login')}"
            for p in found
        ]
        return Outcome(
            params.severity,
            f"{_listed(parts)} for {portal}. If others use this computer, they could open "
            "your portal signed in as you.",
            details,
        )
    if unreadable:
        return _could_not("the saved logins", unreadable, details)
    if not fact.profiles:
        return Outcome(
            Status.PASS,
            f"No browser profile was found, so none keeps a login for {portal}."
            + _mac_note(params),
            details,
        )
    return Outcome(
        Status.PASS,
        f"No browser keeps a saved login for {portal} "
        f"({plural(len(fact.profiles), 'profile')} looked at).{_mac_note(params)}",
        details,
    )


# --- browsers.extensions ---------------------------------------------------------------------


def _reads(permissions: Iterable[str]) -> str:
    words: list[str] = []
    for p in permissions:
        word = _PERMISSION_WORDS.get(p, "every site")
        if word not in words:
            words.append(word)
    return _listed(words)


def extensions(
    fact: ExtensionsFact, params: Params, known: KnownExtensions | None = None
) -> Outcome:
    if not isinstance(fact, ExtensionsFact):
        raise TypeError("expected the extensions of each browser profile")
    known = known if known is not None else load_known_extensions()
    listed: list[dict[str, Any]] = []
    strange: list[str] = []
    familiar: list[str] = []
    for p in fact.profiles:
        for ext in p.extensions:
            match = known.find(p.family, ext.id) if ext.from_store else None
            listed.append(
                {
                    "browser": p.browser,
                    "profile": p.profile,
                    "name": ext.name,
                    "permissions": list(ext.permissions),
                    "id": ext.id,
                    "well_known": match is not None,
                }
            )
            if match is None:
                strange.append(
                    f'"{ext.name}" in {_where(p.browser, p.profile)} can read '
                    f"{_reads(ext.permissions)}"
                )
            elif f"{match.name} ({match.kind})" not in familiar:
                familiar.append(f"{match.name} ({match.kind})")
    unreadable = _unreadable((p.browser, p.profile, p.reason) for p in fact.profiles if p.reason)
    details: dict[str, Any] = {"extensions": listed, "unreadable": unreadable}
    also = f" Well known, from its store: {_listed(familiar)}." if familiar else ""
    if strange:
        return Outcome(
            params.severity,
            f"{_sentences(strange)}.{also} An extension with this access could see your "
            "portal and what you type there.",
            details,
        )
    if unreadable:
        return _could_not("the extensions", unreadable, details)
    if familiar:
        return Outcome(
            Status.PASS,
            f"The only extensions that can read every page are well known, from their "
            f"stores: {_listed(familiar)}.",
            details,
        )
    if not fact.profiles:
        return Outcome(
            Status.PASS, "No browser profile was found, so no extension to look at.", details
        )
    return Outcome(
        Status.PASS,
        "No extension can read every page, your history, tabs or clipboard "
        f"({plural(len(fact.profiles), 'profile')} looked at).",
        details,
    )
