"""The shared-computer browser checks on real browsers: Debian's Chromium and Firefox ESR make
fresh profiles here, headless and offline, with a real extension each browser installs itself
(Chromium from `--load-extension`, Firefox from the profile's `extensions` folder). With the
browser closed, the state that needs a network to make for real is added the way the browser
keeps it (SOURCES.md, "Shared computer"): the sign-in and sync keys in its preference files, and
saved logins (Firefox: the login store a real Firefox wrote; Chromium: rows in the `Login Data`
database it created). Then `safe-session check --json --only browsers` runs with HOME there."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest

from safe_session.probes.browsers.account_formats import gaia_id_hash
from tests.browsers import CHROMIUM_FLAGS, chromium, firefox, running, wait_for, write_firefox_prefs
from tests.conftest import need, venv_bin
from tests.shared_computer import EMAIL, FIREFOX, FXA_UID, GAIA_ID, PORTAL, SECRETS

READER = {
    "manifest_version": 3,
    "name": "Test Page Reader",
    "version": "1.0",
    "description": "A test extension that asks for history, tabs and every site.",
    "permissions": ["history", "tabs", "storage"],
    "host_permissions": ["<all_urls>"],
    "browser_specific_settings": {"gecko": {"id": "test-page-reader@safe-session.test"}},
}
LOGINS = [
    f"https://{PORTAL}/login",
    f"https://www.{PORTAL}/",
    f"https://evil{PORTAL}/",
    "https://mail.other-site.test/",
]


def check_browsers(home: Path, *extra: str) -> tuple[dict[str, dict[str, object]], str]:
    env = {**os.environ, "HOME": str(home)}
    for name in ("XDG_CONFIG_HOME", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    out = subprocess.run(
        [venv_bin("safe-session"), "check", "--json", "--only", "browsers", *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode in (0, 1), out.stderr
    results = {r["id"]: r for r in json.loads(out.stdout)["results"]}
    return results, out.stdout


def assert_no_account(output: str) -> None:
    for secret in SECRETS:
        assert secret not in output, secret


def write_extension(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(READER))
    return folder


def test_chromium_profile_signed_in_with_a_saved_login_and_an_extension(tmp_path: Path) -> None:
    exe = chromium()
    need(exe, "chromium is not installed")
    assert exe
    home = tmp_path / "home"
    user_data = home / ".config" / "chromium"
    reader = write_extension(tmp_path / "page_reader")
    argv = [exe, *CHROMIUM_FLAGS, "--password-store=basic", f"--user-data-dir={user_data}"]
    argv += [f"--load-extension={reader}", "about:blank"]
    prefs_file = user_data / "Default" / "Preferences"

    def installed() -> bool:
        try:
            settings = json.loads(prefs_file.read_text())["extensions"]["settings"]
        except (OSError, ValueError, KeyError):
            return False
        return any(str(v.get("path")) == str(reader) for v in settings.values())

    with running(argv, home):
        wait_for(lambda: (user_data / "Default" / "Login Data").is_file(), 60, "Login Data")
        wait_for(installed, 60, "Chromium to note the extension in its Preferences")
    results, output = check_browsers(home, "--domain", PORTAL)
    assert results["browsers.sync"]["status"] == "pass"
    assert results["browsers.saved_logins"]["status"] == "pass"
    extensions = results["browsers.extensions"]
    assert extensions["status"] == "warn"
    [found] = extensions["details"]["extensions"]  # type: ignore[index]
    assert (found["browser"], found["name"]) == ("Chromium", "Test Page Reader")
    assert set(found["permissions"]) == {"<all_urls>", "history", "tabs"}

    # Signed in with sync on, as a real Chromium keeps it (keys written by hand: signing in
    # needs Google's servers), and three saved logins, one of them for the portal's www.
    state = json.loads((user_data / "Local State").read_text())
    state["profile"]["info_cache"]["Default"].update(
        gaia_id=GAIA_ID, user_name=EMAIL, is_consented_primary_account=True
    )
    (user_data / "Local State").write_text(json.dumps(state))
    prefs = json.loads(prefs_file.read_text())
    prefs.setdefault("google", {}).setdefault("services", {}).update(
        account_id=GAIA_ID, consented_to_sync=True, last_username=EMAIL
    )
    prefs["sync"] = {"has_setup_completed": True, "keep_everything_synced": True}
    prefs_file.write_text(json.dumps(prefs))
    with sqlite3.connect(user_data / "Default" / "Login Data") as conn:
        for url in LOGINS:
            conn.execute(
                "INSERT INTO logins (origin_url, signon_realm, username_value, password_value,"
                " date_created, blacklisted_by_user, scheme) VALUES (?, ?, ?, ?, 1, 0, 0)",
                (url, url, EMAIL, b"not-a-real-password"),
            )
    conn.close()
    results, output = check_browsers(home, "--domain", PORTAL)
    sync = results["browsers.sync"]
    assert sync["status"] == "warn" and 'Chromium (profile "' in str(sync["summary"])
    assert sync["details"]["profiles"][0]["syncing"] is True  # type: ignore[index]
    logins = results["browsers.saved_logins"]
    assert logins["status"] == "warn"
    assert logins["details"]["profiles"][0]["count"] == 2  # type: ignore[index]
    assert_no_account(output)

    # Per-account choice instead of sync consent, as current versions keep it.
    prefs["google"]["services"]["consented_to_sync"] = False
    prefs["sync"] = {
        "selected_types_per_account": {gaia_id_hash(GAIA_ID): {"sync.typed_urls": True}}
    }
    prefs_file.write_text(json.dumps(prefs))
    results, output = check_browsers(home)
    assert results["browsers.sync"]["details"]["profiles"][0]["syncs"] == ["history"]  # type: ignore[index]
    assert results["browsers.saved_logins"]["status"] == "skipped"  # no portal address
    assert_no_account(output)


def xpi(folder: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as z:
        for f in sorted(folder.rglob("*")):
            z.write(f, f.relative_to(folder).as_posix())
    return target


def test_firefox_profile_signed_in_with_a_saved_login_and_an_extension(tmp_path: Path) -> None:
    exe = firefox()
    need(exe, "firefox-esr is not installed")
    assert exe
    home = tmp_path / "home"
    profiles = home / ".mozilla" / "firefox"
    profile = profiles / "test.default"
    profile.mkdir(parents=True)
    (profiles / "profiles.ini").write_text(
        "[General]\nStartWithLastProfile=1\n\n"
        "[Profile0]\nName=default\nIsRelative=1\nPath=test.default\nDefault=1\n"
    )
    write_firefox_prefs(
        profile,
        {
            "xpinstall.signatures.required": False,  # the test extension is unsigned (ESR)
            "extensions.autoDisableScopes": 0,  # install what lies in the profile's folder
            "extensions.enabledScopes": 15,
        },
    )
    reader = write_extension(tmp_path / "page_reader")
    xpi(reader, profile / "extensions" / "test-page-reader@safe-session.test.xpi")

    def installed() -> bool:
        try:
            addons = json.loads((profile / "extensions.json").read_text())["addons"]
        except (OSError, ValueError, KeyError):
            return False
        return any(
            a.get("id", "").startswith("test-page-reader") and a.get("active") for a in addons
        )

    argv = [exe, "--headless", "--no-remote", "--profile", str(profile), "about:blank"]
    with running(argv, home):
        wait_for(installed, 90, "Firefox to install the extension")
        wait_for((profile / "places.sqlite").is_file, 30, "places.sqlite")
    wait_for((profile / "prefs.js").is_file, 30, "prefs.js")
    results, output = check_browsers(home, "--domain", PORTAL)
    assert results["browsers.sync"]["status"] == "pass"
    assert results["browsers.saved_logins"]["status"] == "pass"
    extensions = results["browsers.extensions"]
    assert extensions["status"] == "warn"
    [found] = extensions["details"]["extensions"]  # type: ignore[index]
    assert (found["browser"], found["profile"], found["name"]) == (
        "Firefox",
        "default",
        "Test Page Reader",
    )
    assert set(found["permissions"]) == {"<all_urls>", "history", "tabs"}

    # Signed in with sync on (what Firefox writes, SOURCES.md) and the login store a real
    # Firefox wrote with six logins, three of them for the portal.
    with (profile / "prefs.js").open("a") as prefs:
        prefs.write(f'user_pref("services.sync.username", "{EMAIL}");\n')
    (profile / "signedInUser.json").write_text(
        json.dumps({"version": 1, "accountData": {"email": EMAIL, "uid": FXA_UID}})
    )
    shutil.copyfile(FIREFOX / "logins.json", profile / "logins.json")
    results, output = check_browsers(home, "--domain", PORTAL)
    sync = results["browsers.sync"]
    assert sync["status"] == "warn"
    assert 'Firefox (profile "default") copies its history and open tabs' in str(sync["summary"])
    logins = results["browsers.saved_logins"]
    assert logins["status"] == "warn"
    assert logins["details"]["profiles"] == [  # type: ignore[index]
        {"browser": "Firefox", "profile": "default", "count": 3}
    ]
    assert_no_account(output)


@pytest.mark.parametrize("which", ["Preferences", "prefs.js"])
def test_an_unreadable_file_is_never_a_pass(tmp_path: Path, which: str) -> None:
    """A profile whose settings cannot be read makes the checks unknown, with the reason."""
    home = tmp_path / "home"
    if which == "Preferences":
        folder = home / ".config" / "chromium" / "Default"
        folder.mkdir(parents=True)
        (folder / "History").write_bytes(b"")
        (folder / "Preferences").write_text("{not json")
    else:
        folder = home / ".mozilla" / "firefox" / "x.default"
        folder.mkdir(parents=True)
        (folder / "places.sqlite").write_bytes(b"")
        (folder / "extensions.json").write_text("[[[")
        (folder / "signedInUser.json").write_text("{oops")
    results, _ = check_browsers(home)
    if which == "Preferences":
        assert results["browsers.sync"]["status"] == "unknown"
    else:  # without services.sync.username nothing syncs, whatever the account file says
        assert results["browsers.sync"]["status"] == "pass"
    extensions = results["browsers.extensions"]
    assert extensions["status"] == "unknown" and "not valid JSON" in str(extensions["summary"])


def test_hostile_profile_and_extension_names_are_inert_and_exact(tmp_path: Path) -> None:
    """A profile named, and an extension calling itself, with escape sequences and markup:
    the plain report shows them inert, the JSON carries them exactly."""
    from tests.hostile import FORBIDDEN_IN_TERMINAL

    name = "Evil\x1b[2J\x1b]52;c;cm0gLXJmIC8=\x07[bold]Me[/bold]\u202e"
    home = tmp_path / "home"
    profiles = home / ".mozilla" / "firefox"
    folder = profiles / "x.default"
    folder.mkdir(parents=True)
    (profiles / "profiles.ini").write_text(
        f"[Profile0]\nName={name}\nIsRelative=1\nPath=x.default\n", encoding="utf-8"
    )
    (folder / "places.sqlite").write_bytes(b"")
    data = json.loads((FIREFOX / "extensions.json").read_text())
    for addon in data["addons"]:
        if addon["id"].startswith("test-page-reader"):
            addon["defaultLocale"]["name"] = name
    (folder / "extensions.json").write_text(json.dumps(data))
    (folder / "prefs.js").write_text(f'user_pref("services.sync.username", "{EMAIL}");\n')
    results, output = check_browsers(home)
    found = {e["name"] for e in results["browsers.extensions"]["details"]["extensions"]}  # type: ignore[index]
    assert name in found
    assert results["browsers.sync"]["details"]["profiles"][0]["profile"] == name  # type: ignore[index]
    env = {**os.environ, "HOME": str(home)}
    env.pop("XDG_CONFIG_HOME", None)
    plain = subprocess.run(
        [venv_bin("safe-session"), "check", "--plain", "--only", "browsers"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    ).stdout
    assert "[bold]Me[/bold]" in plain and "\\x1b[2J" in plain
    for bad in FORBIDDEN_IN_TERMINAL:
        assert bad not in plain, repr(bad)
    assert_no_account(output + plain)
