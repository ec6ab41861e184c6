"""Installed, enabled extensions that can read every page, the history, the open tabs or the
clipboard, read from a browser profile's own files (pure: text in, extensions out).

Firefox (checked on Firefox ESR 153): `extensions.json` lists every add-on (`addons[]`); an
extension has `type` "extension", `active` true when it runs, `defaultLocale.name`, and
`userPermissions {permissions, origins}` (what it was granted from its manifest). Host access an
extension gets at install or later (Manifest V3 `host_permissions`, optional permissions) is kept
in `extension-preferences.json` (`{"<id>": {permissions, origins}}`); Firefox's own permissions
there start with `internal:`. Without that file, the host access an extension asks for
(`requestedPermissions.origins`) is taken as granted, as Firefox grants it at install. Mozilla's
own add-ons are skipped: locations `app-builtin`, `app-builtin-addons` (Firefox 14x and later),
`app-system-defaults`, `app-system-addons`. Add-ons installed for every user of the computer
(`app-system-share`, `app-system-local`, `app-global`) are not Mozilla's and are kept.
`signedState` 1 or 2: signed by Mozilla's add-on site, whose ids are unique.

Chromium family (checked on Chromium 156): `extensions.settings.<id>` in `Preferences`, or in
`Secure Preferences` (Chrome and Edge on Windows and macOS keep them there); both are merged.
`location` (extensions/common/mojom/manifest.mojom ManifestLocation): 1 internal (web store),
2 external preferences, 3 external registry, 4 unpacked, 5 component, 6 external preferences
download, 7 external policy download, 8 command line, 9 external policy, 10 external component;
5 and 10 are the browser's own and are skipped. Disabled: a non-empty `disable_reasons` (a list
in current versions, a bit mask before) or the old `state` 0. Permissions in force:
`active_permissions {api, explicit_host, scriptable_host, manifest_permissions}`, else
`granted_permissions`, else the manifest's `permissions`, `host_permissions` and content-script
`matches`. The manifest is kept in the prefs for packed extensions only; for the others the
caller reads `manifest.json` from the extension's folder (`chromium_manifests_wanted`) and passes
it in, with `_locales/<default_locale>/messages.json` when the name is `__MSG_..__`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import msgspec

from safe_session.probes.browsers.browser_files import MAX_ITEMS, get, load_json, short

# What lets an extension read pages, history, tabs or the clipboard (browser API names; the
# same in Firefox and Chromium).
RISKY_APIS = frozenset(
    {
        "history",  # the browsing history
        "topSites",  # the most visited sites
        "sessions",  # recently closed tabs and windows, with their addresses
        "tabs",  # every tab's address and title
        "webNavigation",  # every page loaded, with its address
        "clipboardRead",
        "cookies",  # sign-in cookies of sites it has host access to
        "webRequest",  # every request the browser makes, with its address
        "webRequestBlocking",
        "webRequestFilterResponse",  # Firefox: read and change what sites send
        "declarativeNetRequestFeedback",  # which requests matched: their addresses
        "scripting",  # run code in pages it has host access to
        "userScripts",
        "debugger",  # everything in a tab
        "pageCapture",
        "tabCapture",
        "desktopCapture",  # the screen
        "proxy",  # all traffic through a server of its choosing
    }
)
_PATTERN = re.compile(r"^(\*|https?|wss?|ftp|urn|file)://([^/]*)(/.*)?$")
_MSG = re.compile(r"^__MSG_(\w{1,100})__$")

FIREFOX_OWN_LOCATIONS = frozenset(
    {"app-builtin", "app-builtin-addons", "app-system-defaults", "app-system-addons"}
)
CHROMIUM_OWN_LOCATIONS = frozenset({5, 10})
CHROMIUM_STORE_LOCATIONS = frozenset({1})
MAX_PERMISSIONS = 1000
MAX_PERMISSION_LENGTH = 500


class Extension(msgspec.Struct, frozen=True):
    id: str
    name: str  # hostile text: as the extension names itself
    permissions: tuple[str, ...]  # the risky ones only, sorted
    from_store: bool  # installed from the browser's own add-on store (signed there)


class ExtensionScan(msgspec.Struct, frozen=True):
    extensions: tuple[Extension, ...] = ()
    reason: str | None = None  # set when the store could not be read: the list is then empty


def is_all_sites(pattern: str) -> bool:
    """`<all_urls>`, `*://*/*`, `https://*/*`, ...: a match pattern whose host is any host."""
    if pattern == "<all_urls>":
        return True
    m = _PATTERN.match(pattern)
    if not m:
        return False
    scheme, host = m[1], m[2]
    return scheme != "file" and host.split(":", 1)[0] == "*"


def risky_permissions(permissions: Iterable[object]) -> tuple[str, ...]:
    """The permissions and host patterns among `permissions` that can read every page, the
    history, the tabs or the clipboard; sorted, each once."""
    found: set[str] = set()
    for i, p in enumerate(permissions):
        if i >= MAX_PERMISSIONS:
            break
        if not isinstance(p, str) or len(p) > MAX_PERMISSION_LENGTH:
            continue
        if p in RISKY_APIS or is_all_sites(p):
            found.add(p)
    return tuple(sorted(found))


def _strings(value: object) -> list[object]:
    return value[:MAX_PERMISSIONS] if isinstance(value, list) else []


def _label(name: object, fallback: str) -> str:
    chosen = name if isinstance(name, str) and name.strip() else fallback
    return short(chosen.strip())


# --- Firefox ---------------------------------------------------------------------------------


def _firefox_granted(extension_preferences: str | bytes | None) -> dict[str, list[object]]:
    if extension_preferences is None:
        return {}
    data, why = load_json(extension_preferences, "extension-preferences.json")
    if why or not isinstance(data, dict):
        return {}
    granted: dict[str, list[object]] = {}
    for addon_id, perms in list(data.items())[:MAX_ITEMS]:
        if isinstance(perms, dict):
            granted[addon_id] = [
                p
                for p in _strings(perms.get("permissions")) + _strings(perms.get("origins"))
                if not (isinstance(p, str) and p.startswith("internal:"))
            ]
    return granted


def firefox_extensions(
    extensions_json: str | bytes | None, extension_preferences: str | bytes | None = None
) -> ExtensionScan:
    """The enabled extensions of a Firefox profile, not Mozilla's own, with risky permissions.
    `extensions_json` None: the profile has no add-on database yet (none installed)."""
    if extensions_json is None:
        return ExtensionScan()
    data, why = load_json(extensions_json, "extensions.json")
    if why:
        return ExtensionScan((), why)
    addons = get(data, "addons")
    if not isinstance(addons, list):
        return ExtensionScan((), "extensions.json has no list of add-ons")
    granted = _firefox_granted(extension_preferences)
    found: list[Extension] = []
    for addon in addons[:MAX_ITEMS]:
        if not isinstance(addon, dict) or addon.get("type") != "extension":
            continue
        if addon.get("active") is not True or addon.get("location") in FIREFOX_OWN_LOCATIONS:
            continue
        addon_id = addon.get("id")
        addon_id = short(addon_id) if isinstance(addon_id, str) else "?"
        perms = _strings(get(addon, "userPermissions", "permissions")) + _strings(
            get(addon, "userPermissions", "origins")
        )
        if extension_preferences is None:
            perms += _strings(get(addon, "requestedPermissions", "origins"))
        else:
            perms += granted.get(addon_id, [])
        risky = risky_permissions(perms)
        if risky:
            signed = addon.get("signedState")
            from_store = isinstance(signed, int) and signed in (1, 2)
            name = _label(get(addon, "defaultLocale", "name"), addon_id)
            found.append(Extension(addon_id, name, risky, from_store))
    return ExtensionScan(tuple(found))


# --- Chromium family -------------------------------------------------------------------------


def _settings(text: str | bytes | None, what: str) -> tuple[dict[str, object], str | None]:
    if text is None:
        return {}, None
    data, why = load_json(text, what)
    if why:
        return {}, why
    settings = get(data, "extensions", "settings")
    return (settings if isinstance(settings, dict) else {}), None


def _merged_settings(
    preferences: str | bytes | None, secure_preferences: str | bytes | None
) -> tuple[dict[str, dict[str, object]], str | None]:
    plain, plain_why = _settings(preferences, "Preferences")
    secure, secure_why = _settings(secure_preferences, "Secure Preferences")
    if preferences is None and secure_preferences is None:
        return {}, "Preferences could not be read"
    if plain_why and (secure_why or secure_preferences is None):
        return {}, plain_why
    merged: dict[str, dict[str, object]] = {}
    for source in (plain, secure):
        for ext_id, entry in list(source.items())[:MAX_ITEMS]:
            if isinstance(entry, dict):
                merged.setdefault(ext_id, {}).update(entry)
    return merged, None


def _enabled(entry: Mapping[str, object]) -> bool:
    reasons = entry.get("disable_reasons")
    if isinstance(reasons, list) and reasons:
        return False
    if isinstance(reasons, int) and not isinstance(reasons, bool) and reasons != 0:
        return False
    return entry.get("state") != 0


def _skipped(entry: Mapping[str, object]) -> bool:
    location = entry.get("location")
    own = isinstance(location, int) and location in CHROMIUM_OWN_LOCATIONS
    return own or not _enabled(entry)


def _api_names(values: object) -> list[object]:
    """API permissions are names, or dicts like {"fileSystem": ["write"]}: their keys."""
    out: list[object] = []
    for v in _strings(values):
        if isinstance(v, dict):
            out.extend(list(v)[:10])
        else:
            out.append(v)
    return out


def _permission_set(perms: object) -> list[object] | None:
    if not isinstance(perms, dict):
        return None
    return (
        _api_names(perms.get("api"))
        + _strings(perms.get("explicit_host"))
        + _strings(perms.get("scriptable_host"))
        + _api_names(perms.get("manifest_permissions"))
    )


def _manifest_permissions(manifest: Mapping[str, object]) -> list[object]:
    perms = _api_names(manifest.get("permissions")) + _strings(manifest.get("host_permissions"))
    for script in _strings(manifest.get("content_scripts"))[:100]:
        if isinstance(script, dict):
            perms += _strings(script.get("matches"))
    return perms


def _localised(name: str, messages_text: str | bytes | None) -> str:
    m = _MSG.match(name)
    if not m or messages_text is None:
        return name
    messages, why = load_json(messages_text, "messages.json")
    if why or not isinstance(messages, dict):
        return name
    wanted = m[1].lower()
    for key, value in list(messages.items())[:MAX_ITEMS]:
        if isinstance(key, str) and key.lower() == wanted:
            message = get(value, "message")
            if isinstance(message, str) and message.strip():
                return message
    return name


def chromium_extensions(
    preferences: str | bytes | None,
    secure_preferences: str | bytes | None = None,
    manifests: Mapping[str, str | bytes] | None = None,
    messages: Mapping[str, str | bytes] | None = None,
) -> ExtensionScan:
    """The enabled extensions of a Chromium-family profile, not the browser's own, with risky
    permissions. `manifests` / `messages`: id -> text of the extension's `manifest.json` /
    default locale's `messages.json`, for extensions whose manifest the prefs do not keep."""
    settings, why = _merged_settings(preferences, secure_preferences)
    if why:
        return ExtensionScan((), why)
    found: list[Extension] = []
    for ext_id, entry in settings.items():
        if _skipped(entry):
            continue
        manifest = entry.get("manifest")
        if not isinstance(manifest, dict) and manifests and ext_id in manifests:
            manifest, _ = load_json(manifests[ext_id], "manifest.json")
        manifest = manifest if isinstance(manifest, dict) else {}
        if "theme" in manifest:
            continue
        perms = _permission_set(entry.get("active_permissions"))
        if perms is None:
            perms = _permission_set(entry.get("granted_permissions"))
        if perms is None:
            perms = _manifest_permissions(manifest)
        risky = risky_permissions(perms)
        if not risky:
            continue
        name = manifest.get("name")
        if isinstance(name, str) and name.strip():
            name = _localised(name, (messages or {}).get(ext_id))
        location = entry.get("location")
        from_store = entry.get("from_webstore") is True or location in CHROMIUM_STORE_LOCATIONS
        found.append(Extension(short(ext_id), _label(name, ext_id), risky, from_store))
    return ExtensionScan(tuple(found))


def chromium_manifests_wanted(
    preferences: str | bytes | None, secure_preferences: str | bytes | None = None
) -> list[tuple[str, str, str | None]]:
    """(id, path, default locale) of the enabled extensions whose manifest the prefs do not
    keep, or whose kept name is still a `__MSG_..__` key. An absolute path is the extension's
    own folder (unpacked, command line); a relative one lies under the profile's `Extensions`
    folder. The caller reads `manifest.json` (and the locale's `messages.json`) there."""
    settings, _ = _merged_settings(preferences, secure_preferences)
    wanted: list[tuple[str, str, str | None]] = []
    for ext_id, entry in settings.items():
        if _skipped(entry):
            continue
        path = entry.get("path")
        manifest = entry.get("manifest")
        locale: str | None = None
        if isinstance(manifest, dict):
            name = manifest.get("name")
            if not (isinstance(name, str) and _MSG.match(name)):
                continue
            default = manifest.get("default_locale")
            locale = default if isinstance(default, str) else None
        if isinstance(path, str) and 0 < len(path) <= 4096 and "\0" not in path:
            wanted.append((ext_id, path, locale))
    return wanted
