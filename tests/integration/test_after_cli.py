"""`safe-session after --json/--plain`, the installed command in a private HOME holding a
browser history, a download and a recent-files entry: the findings have the contract's details,
and running it changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema

from safe_session.probes.browsers.history import chromium_micros
from tests.conftest import venv_bin
from tests.hostile import FORBIDDEN_IN_TERMINAL
from tests.schema_check import assert_report

CMD = venv_bin("safe-session")

DETAILS = {
    "after.browser_history": {
        "type": "object",
        "required": ["entries"],
        "properties": {
            "entries": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["browser", "profile", "domain", "visits", "last_visit"],
                    "properties": {
                        "browser": {"type": "string"},
                        "profile": {"type": "string"},
                        "domain": {"type": "string"},
                        "visits": {"type": "integer", "minimum": 0},
                        "last_visit": {"type": ["string", "null"]},
                    },
                },
            }
        },
    },
    "after.downloads": {
        "type": "object",
        "required": ["files"],
        "properties": {
            "files": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["path", "size", "modified"],
                    "properties": {
                        "path": {"type": "string"},
                        "size": {"type": "integer"},
                        "modified": {"type": "string"},
                    },
                },
            }
        },
    },
    "after.clipboard": {"type": "object", "required": ["non_empty"]},
    "after.recent_files": {
        "type": "object",
        "required": ["entries"],
        "properties": {"entries": {"type": "array"}},
    },
}
HOSTILE_NAME = "notes\x1b[2J\u202eevil.pdf"


def make_home(tmp_path: Path) -> tuple[dict[str, str], dict[str, Path], str]:
    home = tmp_path / "home"
    data = home / ".local" / "share"
    data.mkdir(parents=True)
    history = home / ".config" / "google-chrome" / "Default" / "History"
    history.parent.mkdir(parents=True)
    now = datetime.now(UTC)
    with closing(sqlite3.connect(history)) as conn, conn:
        conn.executescript(
            "CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT, url LONGVARCHAR, "
            "title LONGVARCHAR, visit_count INTEGER DEFAULT 0 NOT NULL, typed_count INTEGER "
            "DEFAULT 0 NOT NULL, last_visit_time INTEGER NOT NULL, hidden INTEGER DEFAULT 0 NOT NULL);"
            "CREATE TABLE visits(id INTEGER PRIMARY KEY AUTOINCREMENT, url INTEGER NOT NULL, "
            "visit_time INTEGER NOT NULL, from_visit INTEGER, transition INTEGER DEFAULT 0 NOT NULL);"
        )
        for i, url in enumerate(
            [
                "https://secure.clientsecure.me/login",
                "https://news.example.org/",
                "https://clientsecure.me/",
            ]
        ):
            t = chromium_micros(now - timedelta(minutes=10 - i))
            conn.execute(
                "INSERT INTO urls (url, title, visit_count, last_visit_time) VALUES (?, 't', 1, ?)",
                (url, t),
            )
            conn.execute("INSERT INTO visits (url, visit_time) VALUES (?, ?)", (i + 1, t))
    old = home / "Downloads" / "old.pdf"
    old.parent.mkdir()
    old.write_text("old")
    time.sleep(0.05)
    since = datetime.now(UTC)
    time.sleep(0.05)
    new = home / "Downloads" / HOSTILE_NAME
    new.write_text("new")
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    xbel = data / "recently-used.xbel"
    xbel.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xbel version="1.0">\n'
        f'  <bookmark href="file:///home/a/old.odt" added="2020-01-01T00:00:00Z"/>\n'
        f'  <bookmark href="file:///home/a/session.odt" added="{stamp}"/>\n</xbel>\n'
    )
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(data)}
    for name in ("XDG_CONFIG_HOME", "DISPLAY", "WAYLAND_DISPLAY", "NO_COLOR"):
        env.pop(name, None)
    paths = {"history": history, "old": old, "new": new, "xbel": xbel, "home": home}
    return env, paths, since.isoformat()


def snapshot(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest() + str(
                path.stat().st_mtime_ns
            )
    return out


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CMD, "after", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_after_json_finds_what_the_session_left_and_changes_nothing(tmp_path: Path) -> None:
    env, paths, since = make_home(tmp_path)
    before = snapshot(paths["home"])
    out = run(env, "--json", "--since", since, "--domain", "https://ClientSecure.me/login")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert_report(data)
    assert data["phase"] == "after" and data["verdict"] == "cautions"
    results = {r["id"]: r for r in data["results"]}
    for check_id, schema in DETAILS.items():
        jsonschema.validate(results[check_id]["details"], schema)
    [entry] = results["after.browser_history"]["details"]["entries"]
    assert entry["browser"] == "Chrome" and entry["domain"] == "clientsecure.me"
    assert entry["visits"] == 2 and entry["profile"] == "Default"
    [download] = results["after.downloads"]["details"]["files"]
    assert download["path"] == str(paths["new"]) and download["size"] == 3
    assert [e["name"] for e in results["after.recent_files"]["details"]["entries"]] == [
        "session.odt"
    ]
    assert results["after.clipboard"]["status"] == "unknown"
    assert results["after.portal_logout"]["status"] == "manual"
    assert snapshot(paths["home"]) == before  # read-only: not a byte or a time changed


def test_after_plain_is_inert_text(tmp_path: Path) -> None:
    env, _, since = make_home(tmp_path)
    out = run(env, "--plain", "--since", since, "--domain", "clientsecure.me")
    assert out.returncode == 0, out.stderr
    assert "CAUTION   1 file arrived in Downloads" in out.stdout
    assert "notes\\x1b[2J\\u202eevil.pdf" in out.stdout
    assert not any(bad in out.stdout for bad in FORBIDDEN_IN_TERMINAL)
    # No screen here: nothing speaks of buttons, pressing or clicking; it says how to have the
    # tidy-up done instead.
    assert not re.search(r"button|press|click", out.stdout, re.IGNORECASE), out.stdout
    assert out.stdout.rstrip().endswith(" after --guided")
    assert "answer y to each step you want done" in out.stdout


def test_without_a_domain_the_history_check_says_how_to_name_it(tmp_path: Path) -> None:
    env, _, _ = make_home(tmp_path)
    data = json.loads(run(env, "--json", "--only", "after.browser_history").stdout)
    [r] = data["results"]
    assert r["status"] == "unknown" and "--domain" in r["summary"]


def test_a_bad_domain_is_a_usage_error(tmp_path: Path) -> None:
    env, _, _ = make_home(tmp_path)
    out = run(env, "--json", "--domain", "not a domain")
    assert out.returncode == 2 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and "--domain" in out.stderr
