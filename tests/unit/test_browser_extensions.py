"""browsers.extensions' parsers over the real extension stores (tests/fixtures/shared_computer):
two test extensions in each browser, "Test Page Reader" (history, tabs, every site) and "Test
Clipboard Helper" (clipboard, cookies, every site, a localised name); Firefox's and Chromium's
own add-ons beside them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_session.probes.base import ProbeContext
from safe_session.probes.browsers import extensions
from safe_session.probes.browsers.extension_formats import (
    Extension,
    chromium_extensions,
    chromium_manifests_wanted,
    firefox_extensions,
    is_all_sites,
    risky_permissions,
)
from tests.hostile import HOSTILE_STRINGS
from tests.shared_computer import CHROMIUM, FIREFOX

READER_PERMS = ("<all_urls>", "history", "tabs")
HELPER_PERMS = ("*://*/*", "clipboardRead", "cookies")


def ff(name: str) -> str:
    return (FIREFOX / name).read_text()


def chromium_files() -> tuple[str, str]:
    return (CHROMIUM / "Preferences").read_text(), (CHROMIUM / "Secure Preferences").read_text()


def helper_id() -> str:
    [ext_id] = [p.name for p in (CHROMIUM / "Extensions").iterdir()]
    return ext_id


def reader_id() -> str:
    settings = json.loads(chromium_files()[0])["extensions"]["settings"]
    [ext_id] = [k for k, v in settings.items() if v.get("location") == 8]
    return ext_id


def named(scan_extensions: tuple[Extension, ...]) -> set[tuple[str, tuple[str, ...]]]:
    return {(e.name, e.permissions) for e in scan_extensions}


def test_firefox_profile_extensions_and_mozillas_own_skipped() -> None:
    data = json.loads(ff("extensions.json"))
    own = [a for a in data["addons"] if a["location"] == "app-builtin-addons"]
    assert any("<all_urls>" in a["userPermissions"]["origins"] for a in own)  # and skipped:
    scan = firefox_extensions(ff("extensions.json"), ff("extension-preferences.json"))
    assert scan.reason is None
    assert named(scan.extensions) == {
        ("Test Page Reader", READER_PERMS),
        ("Test Clipboard Helper", HELPER_PERMS),
    }
    assert {e.id for e in scan.extensions} == {
        "test-page-reader@safe-session.test",
        "test-clipboard-helper@safe-session.test",
    }
    assert not any(e.from_store for e in scan.extensions)  # unsigned: not from the store


def test_firefox_host_access_comes_from_the_grants_file() -> None:
    without = firefox_extensions(ff("extensions.json"))  # requested hosts taken as granted
    assert named(without.extensions) == named(
        firefox_extensions(ff("extensions.json"), ff("extension-preferences.json")).extensions
    )
    none_granted = firefox_extensions(ff("extensions.json"), "{}")
    assert named(none_granted.extensions) == {
        ("Test Page Reader", ("history", "tabs")),
        ("Test Clipboard Helper", ("clipboardRead", "cookies")),
    }


def test_firefox_disabled_themes_shared_and_signed() -> None:
    data = json.loads(ff("extensions.json"))
    for addon in data["addons"]:
        if addon["id"].startswith("test-page-reader"):
            addon["active"] = False
        if addon["id"].startswith("test-clipboard-helper"):
            addon["location"] = "app-system-share"  # installed for every user: kept
            addon["signedState"] = 2
    [helper] = firefox_extensions(json.dumps(data)).extensions
    assert helper.name == "Test Clipboard Helper" and helper.from_store


def test_chromium_profile_extensions() -> None:
    scan = chromium_extensions(*chromium_files())
    assert scan.reason is None
    # The PDF viewer (a component, location 5, with "tabs") is the browser's own: skipped. The
    # command-line extension's manifest is not in the prefs: its id stands for its name.
    assert named(scan.extensions) == {
        ("Test Clipboard Helper", HELPER_PERMS),
        (reader_id(), READER_PERMS),
    }


def test_chromium_manifest_read_from_the_extension_folder() -> None:
    wanted = chromium_manifests_wanted(*chromium_files())
    assert [(ext_id, path.startswith("/")) for ext_id, path, _ in wanted] == [(reader_id(), True)]
    manifest = (CHROMIUM / "unpacked_page_reader" / "manifest.json").read_text()
    scan = chromium_extensions(*chromium_files(), manifests={reader_id(): manifest})
    assert ("Test Page Reader", READER_PERMS) in named(scan.extensions)


def test_chromium_extensions_kept_in_secure_preferences() -> None:
    # Chrome and Edge on Windows and macOS keep extensions.settings in Secure Preferences.
    prefs, secure = chromium_files()
    p, s = json.loads(prefs), json.loads(secure)
    s["extensions"] = {"settings": p["extensions"].pop("settings")}
    scan = chromium_extensions(json.dumps(p), json.dumps(s))
    assert named(scan.extensions) == named(chromium_extensions(*chromium_files()).extensions)
    assert chromium_extensions(None, json.dumps(s)).extensions == scan.extensions


@pytest.mark.parametrize(
    "change", [{"disable_reasons": [1]}, {"disable_reasons": 1}, {"state": 0}, {"location": 10}]
)
def test_chromium_disabled_or_own_extensions_are_skipped(change: dict[str, object]) -> None:
    prefs, secure = chromium_files()
    p = json.loads(prefs)
    p["extensions"]["settings"][helper_id()].update(change)
    names = {e.name for e in chromium_extensions(json.dumps(p), secure).extensions}
    assert "Test Clipboard Helper" not in names


def test_chromium_store_installs() -> None:
    prefs, secure = chromium_files()
    p = json.loads(prefs)
    p["extensions"]["settings"][helper_id()]["from_webstore"] = True
    found = {e.id: e.from_store for e in chromium_extensions(json.dumps(p), secure).extensions}
    assert found == {helper_id(): True, reader_id(): False}


def test_chromium_manifest_on_disk_with_its_localised_name() -> None:
    prefs, _ = chromium_files()
    p = json.loads(prefs)
    entry = p["extensions"]["settings"][helper_id()]
    for key in ("active_permissions", "granted_permissions", "manifest"):
        entry.pop(key)
    folder = CHROMIUM / "Extensions" / helper_id() / "2.1_0"
    manifest = (folder / "manifest.json").read_text()
    messages = (folder / "_locales" / "en" / "messages.json").read_text()
    assert json.loads(manifest)["name"] == "__MSG_extName__"
    scan = chromium_extensions(
        json.dumps(p), None, {helper_id(): manifest}, {helper_id(): messages}
    )
    assert ("Test Clipboard Helper", HELPER_PERMS) in named(scan.extensions)


def test_chromium_unreadable_preferences() -> None:
    for text in (None, "", "nope", "[]", '{"extensions": 5}'):
        assert chromium_extensions(text).extensions == ()
    assert chromium_extensions(None).reason and chromium_extensions("nope").reason
    assert chromium_extensions("nope", "{}").reason is None  # Secure Preferences was read


@pytest.mark.parametrize(
    ("pattern", "all_sites"),
    [
        ("<all_urls>", True),
        ("*://*/*", True),
        ("https://*/", True),
        ("https://*:8443/*", True),
        ("*://*.example.com/*", False),
        ("https://example.com/*", False),
        ("file:///*", False),
        ("*", False),
    ],
)
def test_all_sites_patterns(pattern: str, all_sites: bool) -> None:
    assert is_all_sites(pattern) is all_sites


def test_risky_permissions() -> None:
    perms = ["storage", "tabs", "history", "activeTab", "clipboardRead", "*://*/*", None, 7]
    perms += ["https://example.com/*", "tabs", "x" * 10_000]
    assert risky_permissions(perms) == ("*://*/*", "clipboardRead", "history", "tabs")


def test_the_probe_reads_both_browsers_and_the_extension_folders(tmp_path: Path) -> None:
    home = tmp_path / "home"
    chromium = home / ".config" / "chromium"
    (chromium / "Default").mkdir(parents=True)
    shutil.copyfile(CHROMIUM / "Local State", chromium / "Local State")
    shutil.copytree(CHROMIUM / "Extensions", chromium / "Default" / "Extensions")
    (chromium / "Default" / "History").write_bytes(b"")
    unpacked = tmp_path / "page_reader"
    shutil.copytree(CHROMIUM / "unpacked_page_reader", unpacked)
    prefs = json.loads(chromium_files()[0])
    prefs["extensions"]["settings"][reader_id()]["path"] = str(unpacked)
    (chromium / "Default" / "Preferences").write_text(json.dumps(prefs))
    firefox = home / ".mozilla" / "firefox"
    (firefox / "a.default").mkdir(parents=True)
    (firefox / "profiles.ini").write_text(
        "[Profile0]\nName=default\nIsRelative=1\nPath=a.default\n"
    )
    for name in ("extensions.json", "extension-preferences.json"):
        shutil.copyfile(FIREFOX / name, firefox / "a.default" / name)
    (firefox / "a.default" / "places.sqlite").write_bytes(b"")
    fact = extensions.gather(ProbeContext(os_name="linux"), home)
    found = {(p.browser, p.family, e.name) for p in fact.profiles for e in p.extensions}
    assert found == {
        ("Chromium", "chromium", "Test Page Reader"),
        ("Chromium", "chromium", "Test Clipboard Helper"),
        ("Firefox", "firefox", "Test Page Reader"),
        ("Firefox", "firefox", "Test Clipboard Helper"),
    }


json_text = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=20)
    | st.sampled_from(HOSTILE_STRINGS),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
).map(json.dumps)


@given(a=json_text | st.binary(max_size=200), b=json_text | st.none())
def test_hostile_files_never_raise(a: str | bytes, b: str | None) -> None:
    for scan in (firefox_extensions(a, b), chromium_extensions(a, b, {"x": a}, {"x": a})):
        assert all(isinstance(e.name, str) and len(e.name) <= 200 for e in scan.extensions)
    chromium_manifests_wanted(a, b)
