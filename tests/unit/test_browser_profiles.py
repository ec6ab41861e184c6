"""Portal domains, browser data folders on each system, profiles.ini, Local State, lock files,
and which running browser may hold which profile."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_session.domains import host_matches, normalize_domain, url_matches
from safe_session.probes.browsers.history import (
    chromium_micros,
    chromium_time,
    firefox_micros,
    firefox_time,
)
from safe_session.probes.browsers.profiles import (
    BrowserProcess,
    BrowserProfile,
    browser_roots,
    find_profiles,
    lock_holder,
    parse_firefox_lock,
    parse_local_state,
    parse_profiles_ini,
    parse_singleton_lock,
    process_holds,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("clientsecure.me", "clientsecure.me"),
        ("  ClientSecure.ME. ", "clientsecure.me"),
        ("https://portal.example.org:8443/login?next=/", "portal.example.org"),
        ("*.example.org", "example.org"),
        (".example.org", "example.org"),
        ("example.org/path", "example.org"),
        ("localhost:8765", "localhost"),
        ("127.0.0.1", "127.0.0.1"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("999.1.1.1", None),
        ("not a domain", None),
        ("-bad-.org", None),
        ("", None),
        ("https://", None),
    ],
)
def test_normalize_domain(text: str, expected: str | None) -> None:
    assert normalize_domain(text) == expected


def test_subdomains_match_and_look_alikes_do_not() -> None:
    assert host_matches("clientsecure.me", "clientsecure.me")
    assert host_matches("www.ClientSecure.me.", "clientsecure.me")
    assert not host_matches("notclientsecure.me", "clientsecure.me")
    assert not host_matches("clientsecure.me.evil.org", "clientsecure.me")
    assert url_matches("https://a.b.clientsecure.me/x", "clientsecure.me")
    assert not url_matches("https://evil.org/?u=clientsecure.me", "clientsecure.me")
    assert not url_matches("about:blank", "clientsecure.me")


def test_addresses_match_only_themselves() -> None:
    assert normalize_domain("0.0.1") is None and normalize_domain("1.2") is None
    assert normalize_domain("127.0.0.1") == "127.0.0.1"
    assert host_matches("127.0.0.1", "127.0.0.1")
    assert not host_matches("127.0.0.1", "0.0.1") and not host_matches("10.0.0.1", "0.0.1")
    assert url_matches("http://127.0.0.1:8080/x", "127.0.0.1")
    assert host_matches("portal.8x8.com", "8x8.com")  # digits inside names still work


@given(st.text(max_size=60))
def test_normalize_never_raises(text: str) -> None:
    out = normalize_domain(text)
    assert out is None or normalize_domain(out) == out


def test_times_round_trip() -> None:
    when = datetime(2026, 11, 26, 19, 0, 0, 123456, tzinfo=UTC)
    assert chromium_time(chromium_micros(when)) == when
    assert firefox_time(firefox_micros(when)) == when
    assert chromium_time(0) is None and firefox_time(None) is None
    assert chromium_time(13440194793313268) == datetime(
        2026, 11, 26, 19, 26, 33, 313268, tzinfo=UTC
    )


def test_roots_on_each_system() -> None:
    home = Path("/h")
    env = {"LOCALAPPDATA": "/w/Local", "APPDATA": "/w/Roaming", "XDG_CONFIG_HOME": "/cfg"}
    linux = {(b, str(p)) for b, _, p in browser_roots("linux", home, env)}
    assert ("Chrome", "/cfg/google-chrome") in linux
    assert ("Chromium", "/h/snap/chromium/common/chromium") in linux
    assert ("Firefox", "/h/.mozilla/firefox") in linux
    assert ("Brave", "/cfg/BraveSoftware/Brave-Browser") in linux
    macos = {(b, str(p)) for b, _, p in browser_roots("macos", home, env)}
    assert ("Edge", "/h/Library/Application Support/Microsoft Edge") in macos
    assert ("Opera", "/h/Library/Application Support/com.operasoftware.Opera") in macos
    windows = {(b, str(p)) for b, _, p in browser_roots("windows", home, env)}
    assert ("Chrome", "/w/Local/Google/Chrome/User Data") in windows
    assert ("Vivaldi", "/w/Local/Vivaldi/User Data") in windows
    assert ("Opera", "/w/Roaming/Opera Software/Opera Stable") in windows
    assert ("Firefox", "/w/Roaming/Mozilla/Firefox") in windows
    assert {b for b, _ in windows} == {
        "Chrome", "Chromium", "Edge", "Brave", "Vivaldi", "Opera", "Firefox"
    }  # fmt: skip
    no_env = {str(p) for _, _, p in browser_roots("windows", home, {})}
    assert "/h/AppData/Local/Microsoft/Edge/User Data" in no_env


REAL_PROFILES_INI = """[Install4F96D1932A9F858E]
Default=Profiles/abcd1234.default-release
Locked=1

[Profile1]
Name=default
IsRelative=1
Path=Profiles/x1y2z3.default

[Profile0]
Name=default-release
IsRelative=1
Path=Profiles/abcd1234.default-release
Default=1

[Profile2]
Name=Work
IsRelative=0
Path=C:\\Users\\ana\\FirefoxWork

[General]
StartWithLastProfile=1
Version=2
"""


def test_profiles_ini() -> None:
    assert parse_profiles_ini(REAL_PROFILES_INI) == [
        ("default", "Profiles/x1y2z3.default", True),
        ("default-release", "Profiles/abcd1234.default-release", True),
        ("Work", "C:\\Users\\ana\\FirefoxWork", False),
    ]


@given(st.text(max_size=300))
def test_profiles_ini_never_raises(text: str) -> None:
    parse_profiles_ini(text)
    parse_local_state(text)


def test_local_state_names() -> None:
    text = json.dumps(
        {
            "profile": {
                "info_cache": {
                    "Default": {"name": "Person 1"},
                    "Profile 1": {"name": "Work"},
                    "Bad": 3,
                }
            }
        }
    )
    assert parse_local_state(text) == {"Default": "Person 1", "Profile 1": "Work"}
    assert parse_local_state("{}") == {} and parse_local_state("[1]") == {}


def test_lock_targets() -> None:
    assert parse_singleton_lock("my-laptop-12345") == ("my-laptop", 12345)
    assert parse_singleton_lock("nonsense") is None
    assert parse_firefox_lock("127.0.1.1:+4242") == 4242
    assert parse_firefox_lock("garbage") is None


def test_finds_profiles_with_names(tmp_path: Path) -> None:
    chrome = tmp_path / ".config" / "google-chrome"
    for folder in ("Default", "Profile 1", "Crashpad"):
        (chrome / folder).mkdir(parents=True)
    (chrome / "Default" / "History").write_bytes(b"")
    (chrome / "Profile 1" / "History").write_bytes(b"")
    (chrome / "Local State").write_text(
        json.dumps({"profile": {"info_cache": {"Profile 1": {"name": "Therapy"}}}})
    )
    firefox = tmp_path / ".mozilla" / "firefox"
    (firefox / "Profiles" / "abcd1234.default-release").mkdir(parents=True)
    (firefox / "Profiles" / "abcd1234.default-release" / "places.sqlite").write_bytes(b"")
    (firefox / "unlisted.profile").mkdir()
    (firefox / "unlisted.profile" / "places.sqlite").write_bytes(b"")
    (firefox / "profiles.ini").write_text(REAL_PROFILES_INI)
    found = {(p.browser, p.name, p.path.name) for p in find_profiles("linux", tmp_path, {})}
    assert found == {
        ("Chrome", "Default", "Default"),
        ("Chrome", "Therapy", "Profile 1"),
        ("Firefox", "default-release", "abcd1234.default-release"),
        ("Firefox", "unlisted.profile", "unlisted.profile"),
    }


def profile_at(tmp_path: Path, family: str = "chromium") -> BrowserProfile:
    root = tmp_path / "chromium"
    path = root / "Default" if family == "chromium" else tmp_path / "ff"
    path.mkdir(parents=True, exist_ok=True)
    browser = "Chromium" if family == "chromium" else "Firefox"
    return BrowserProfile(browser, family, "Default", path, root)  # type: ignore[arg-type]


def test_stale_and_live_chromium_locks(tmp_path: Path) -> None:
    p = profile_at(tmp_path)
    assert lock_holder(p) is None
    dead = subprocess.Popen(["true"])
    dead.wait()
    os.symlink(f"{socket.gethostname()}-{dead.pid}", p.root / "SingletonLock")
    assert lock_holder(p) is None  # names a process that is gone
    os.unlink(p.root / "SingletonLock")
    os.symlink(f"{socket.gethostname()}-{os.getpid()}", p.root / "SingletonLock")
    assert lock_holder(p) is None  # its number now belongs to a process that is no browser
    os.unlink(p.root / "SingletonLock")
    os.symlink(f"elsewhere.example-{os.getpid()}", p.root / "SingletonLock")
    assert "another computer" in (lock_holder(p) or "")


def test_firefox_parentlock_held_by_a_live_process(tmp_path: Path) -> None:
    p = profile_at(tmp_path, "firefox")
    lock = p.path / ".parentlock"
    lock.write_bytes(b"")
    assert lock_holder(p) is None
    holder = subprocess.Popen(
        [
            "python3",
            "-c",
            "import fcntl,sys,time; f=open(sys.argv[1],'w'); fcntl.lockf(f, fcntl.LOCK_EX); print('x', flush=True); time.sleep(30)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline()
        assert lock_holder(p) == f"Firefox is running (process {holder.pid})"
    finally:
        holder.kill()
        holder.wait()
    assert lock_holder(p) is None


def test_which_process_may_hold_which_profile(tmp_path: Path) -> None:
    chromium = profile_at(tmp_path)
    other_dir = BrowserProcess(
        1, "chromium", ("/usr/lib/chromium/chromium", "--user-data-dir=/elsewhere")
    )
    same_dir = BrowserProcess(2, "chromium", ("chromium", f"--user-data-dir={chromium.root}"))
    no_dir = BrowserProcess(3, "chromium", ("chromium", "--headless"))
    brave = BrowserProcess(4, "brave", ("brave",))
    exiting = BrowserProcess(10, "chromium", ())
    assert not process_holds(chromium, exiting)
    assert not process_holds(chromium, other_dir)
    assert process_holds(chromium, same_dir) and process_holds(chromium, no_dir)
    assert not process_holds(chromium, brave)
    ff = profile_at(tmp_path, "firefox")
    named = BrowserProcess(5, "firefox-esr", ("firefox-esr", "--profile", str(ff.path)))
    elsewhere = BrowserProcess(6, "firefox", ("firefox", "-profile", "/other"))
    helper = BrowserProcess(7, "firefox-esr", ("/usr/lib/firefox-esr/firefox-esr", "-contentproc"))
    by_name = BrowserProcess(8, "firefox", ("firefox", "-P", "Work"))
    plain = BrowserProcess(9, "firefox", ("firefox",))
    assert process_holds(ff, named) and process_holds(ff, plain)
    assert not process_holds(ff, elsewhere) and not process_holds(ff, helper)
    assert not process_holds(ff, by_name)
