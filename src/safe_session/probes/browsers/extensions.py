"""Installed extensions that can read every page, the history, the open tabs or the clipboard
(`browsers.extensions`), in every profile of every browser `profiles` knows.

Firefox: `extensions.json` and `extension-preferences.json`. The Chromium family:
`extensions.settings` in `Preferences` and `Secure Preferences`, and for an extension whose
manifest the prefs do not keep, its `manifest.json` (and the default locale's `messages.json`
for its name) in its own folder. Everything is read into memory, within bounds, never changed;
`extension_formats` decides what counts.
"""

from __future__ import annotations

import os
from pathlib import Path

import msgspec

from safe_session.probes.base import ProbeContext
from safe_session.probes.browsers.browser_files import get, load_json, read_bounded
from safe_session.probes.browsers.extension_formats import (
    Extension,
    ExtensionScan,
    chromium_extensions,
    chromium_manifests_wanted,
    firefox_extensions,
)
from safe_session.probes.browsers.profiles import BrowserProfile, Family, find_profiles

MAX_MANIFEST_BYTES = 1024 * 1024
MAX_MANIFESTS = 200  # extension folders read in one profile


class ProfileExtensions(msgspec.Struct, frozen=True):
    browser: str
    family: Family
    profile: str  # hostile text
    extensions: tuple[Extension, ...]
    reason: str | None = None  # why this profile's extensions could not be read


class ExtensionsFact(msgspec.Struct, frozen=True):
    profiles: tuple[ProfileExtensions, ...]


def _small(path: Path) -> bytes | None:
    try:
        return read_bounded(path, MAX_MANIFEST_BYTES)
    except OSError:
        return None


def _chromium_scan(profile: BrowserProfile) -> ExtensionScan:
    prefs = read_bounded(profile.path / "Preferences")
    secure = read_bounded(profile.path / "Secure Preferences")
    manifests: dict[str, bytes] = {}
    messages: dict[str, bytes] = {}
    for ext_id, where, locale in chromium_manifests_wanted(prefs, secure)[:MAX_MANIFESTS]:
        folder = Path(where) if os.path.isabs(where) else profile.path / "Extensions" / where
        manifest = _small(folder / "manifest.json")
        if manifest is not None:
            manifests[ext_id] = manifest
            if locale is None:
                locale = _default_locale(manifest)
        if locale and "/" not in locale and "\\" not in locale and locale not in (".", ".."):
            found = _small(folder / "_locales" / locale / "messages.json")
            if found is not None:
                messages[ext_id] = found
    return chromium_extensions(prefs, secure, manifests, messages)


def _default_locale(manifest: bytes) -> str | None:
    data, _ = load_json(manifest, "manifest.json")
    locale = get(data, "default_locale")
    return locale if isinstance(locale, str) and 0 < len(locale) <= 20 else None


def scan_profile(profile: BrowserProfile) -> ExtensionScan:
    try:
        if profile.family == "firefox":
            return firefox_extensions(
                read_bounded(profile.path / "extensions.json"),
                read_bounded(profile.path / "extension-preferences.json"),
            )
        return _chromium_scan(profile)
    except PermissionError:
        return ExtensionScan((), "this computer did not give permission to read it")
    except OSError as exc:
        return ExtensionScan((), f"its extensions could not be read ({type(exc).__name__})")


def gather(ctx: ProbeContext, home: Path | None = None) -> ExtensionsFact:
    found = []
    for profile in find_profiles(ctx.os_name, home):
        scan = scan_profile(profile)
        found.append(
            ProfileExtensions(
                profile.browser, profile.family, profile.name, scan.extensions, scan.reason
            )
        )
    return ExtensionsFact(tuple(found))
