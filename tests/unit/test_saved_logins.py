"""browsers.saved_logins' counting over the real login stores (tests/fixtures/shared_computer):
both browsers hold the same six saved logins, three for the portal (one on www., one over http
on port 8080) and three look-alikes."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_session.domains import normalize_domain
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.browsers import saved_logins
from safe_session.probes.browsers.login_formats import (
    chromium_login_origins,
    count_firefox_logins,
    count_origins,
)
from safe_session.probes.browsers.sqlite_snapshot import memory_snapshot
from tests.hostile import HOSTILE_STRINGS
from tests.shared_computer import CHROMIUM, FIREFOX, PORTAL

LOGIN_DATA = CHROMIUM / "Login Data"
EXPECTED = [
    ([PORTAL], 3),
    (["www." + PORTAL], 1),
    (["example-therapy.test"], 4),
    (["other-site.test"], 2),
    (["nothing.test"], 0),
    ([PORTAL, "www." + PORTAL], 3),  # a login counts once
    (["https://PORTAL.Example-Therapy.TEST./login"], 3),
    (["*." + PORTAL], 3),
]


def normalized(domains: list[str]) -> list[str]:
    out = [normalize_domain(d) for d in domains]
    return [d for d in out if d]


def origins_of(path: Path) -> list[object]:
    with memory_snapshot(path) as conn:
        origins, why = chromium_login_origins(conn)
    assert why is None and origins is not None
    return origins


@pytest.mark.parametrize(("domains", "count"), EXPECTED)
def test_firefox_counts(domains: list[str], count: int) -> None:
    text = (FIREFOX / "logins.json").read_text()
    assert count_firefox_logins(text, normalized(domains)).count == count


@pytest.mark.parametrize(("domains", "count"), EXPECTED)
def test_chromium_counts(domains: list[str], count: int) -> None:
    origins = origins_of(LOGIN_DATA)
    assert len(origins) == 6
    assert count_origins(origins, normalized(domains)).count == count


def test_never_save_entries_are_no_logins(tmp_path: Path) -> None:
    db = tmp_path / "Login Data"
    shutil.copyfile(LOGIN_DATA, db)
    with sqlite3.connect(db) as conn:  # the columns a "Never save" row has, per the real schema
        conn.execute(
            "INSERT INTO logins (origin_url, signon_realm, date_created, blacklisted_by_user,"
            " scheme) VALUES (?, ?, 0, 1, 0)",
            (f"https://{PORTAL}/other", f"https://{PORTAL}/"),
        )
    conn.close()
    assert count_origins(origins_of(db), [PORTAL]).count == 3


def test_only_the_origin_column_is_queried() -> None:
    queries: list[str] = []
    with memory_snapshot(LOGIN_DATA) as conn:
        conn.set_trace_callback(queries.append)
        chromium_login_origins(conn)
    selects = [q for q in queries if q.upper().startswith("SELECT")]
    assert selects and all("password" not in q and "username" not in q for q in selects)
    assert any(q.startswith("SELECT origin_url FROM logins") for q in selects)


def test_no_login_file_means_none_saved_and_no_domain_means_no_count() -> None:
    assert count_firefox_logins(None, [PORTAL]).count == 0
    assert count_origins(["https://x.test/"], ()).count is None


@pytest.mark.parametrize(
    "text",
    ["", "   ", "null", "[]", '{"logins": "x"}', "{" * 10, "[" * 200_000, b"\xff\xfe\x00garbage"],
)
def test_firefox_garbage_is_unknown(text: str | bytes) -> None:
    result = count_firefox_logins(text, [PORTAL])
    assert result.count is None and result.reason


def test_odd_entries_are_skipped_and_an_address_matches_only_itself() -> None:
    logins = [
        1,
        None,
        {"hostname": None},
        {"hostname": ["https://portal.example-therapy.test"]},
        {"hostname": "http://[::1"},
        {"hostname": "chrome://FirefoxAccounts"},
        {"hostname": "https://" + "a." * 3000 + PORTAL},  # longer than any address
        {"hostname": "HTTPS://WWW.PORTAL.EXAMPLE-THERAPY.TEST."},
        {"hostname": f"https://{PORTAL}"},
    ]
    assert count_firefox_logins(json.dumps({"logins": logins}), [PORTAL]).count == 2
    origins = ["http://127.0.0.1:8000/", "http://1.127.0.0.1/", "http://127.0.0.10/"]
    assert count_origins(origins, ["127.0.0.1"]).count == 1
    assert (
        count_origins(
            [None, 5, f"https://{PORTAL}/".encode(), f"https://{PORTAL}/"], [PORTAL]
        ).count
        == 2
    )


def make_db(tmp_path: Path, *statements: str) -> Path:
    path = tmp_path / "Login Data"
    with sqlite3.connect(path) as conn:
        for s in statements:
            conn.execute(s)
    conn.close()
    return path


def test_hostile_login_databases(tmp_path: Path) -> None:
    # A view that would never finish if it were read, a table without the column.
    view = make_db(
        tmp_path,
        "CREATE VIEW logins AS WITH RECURSIVE n(origin_url) AS (SELECT 1 UNION ALL"
        " SELECT origin_url + 1 FROM n) SELECT origin_url FROM n",
    )
    with memory_snapshot(view) as conn:
        origins, why = chromium_login_origins(conn)
    assert origins is None and why
    other = tmp_path / "other"
    other.mkdir()
    with memory_snapshot(make_db(other, "CREATE TABLE logins (url TEXT)")) as conn:
        assert chromium_login_origins(conn)[0] is None


def profile_home(tmp_path: Path) -> Path:
    """A home whose Chromium and Firefox profiles hold the real login stores."""
    home = tmp_path / "home"
    chromium = home / ".config" / "chromium"
    (chromium / "Default").mkdir(parents=True)
    shutil.copyfile(CHROMIUM / "Local State", chromium / "Local State")
    shutil.copyfile(LOGIN_DATA, chromium / "Default" / "Login Data")
    (chromium / "Default" / "History").write_bytes(b"")
    firefox = home / ".mozilla" / "firefox"
    (firefox / "a.default").mkdir(parents=True)
    (firefox / "profiles.ini").write_text(
        "[Profile0]\nName=default\nIsRelative=1\nPath=a.default\n"
    )
    shutil.copyfile(FIREFOX / "logins.json", firefox / "a.default" / "logins.json")
    (firefox / "a.default" / "places.sqlite").write_bytes(b"")
    return home


def test_the_probe_counts_each_profile_and_both_chromium_stores(tmp_path: Path) -> None:
    home = profile_home(tmp_path)
    ctx = ProbeContext(os_name="linux", domains=(PORTAL,))
    fact = saved_logins.gather(ctx, home)
    assert [(p.browser, p.profile, p.count) for p in fact.profiles] == [
        ("Chromium", "Your Chromium", 3),
        ("Firefox", "default", 3),
    ]
    shutil.copyfile(LOGIN_DATA, home / ".config/chromium/Default/Login Data For Account")
    assert saved_logins.gather(ctx, home).profiles[0].count == 6
    (home / ".config/chromium/Default/Login Data").write_bytes(b"SQLite format 3\0" + b"\xff" * 99)
    broken = saved_logins.gather(ctx, home).profiles[0]
    assert broken.count is None and broken.reason
    with pytest.raises(Unavailable, match="no portal address"):
        saved_logins.gather(ProbeContext(os_name="linux"), home)


@given(a=st.text(max_size=300) | st.sampled_from(HOSTILE_STRINGS) | st.binary(max_size=300))
def test_hostile_text_never_raises(a: str | bytes) -> None:
    result = count_firefox_logins(a, [PORTAL])
    assert (result.count is None) == (result.reason is not None)
