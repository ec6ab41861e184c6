"""A site's traces outside the history database, forgotten with it: the icons shown next to
its pages, its tile among the top sites, the address bar's shortcuts and predictions for it.
Each database is changed in its own transaction with an integrity check, like the history."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from safe_session.domains import host_matches, url_matches
from safe_session.probes.browsers.database import Database
from safe_session.probes.browsers.history import tables
from safe_session.probes.browsers.profiles import Family

Cleaner = Callable[[Database, str], Counter[str]]


def _matching(rows: Iterable[tuple[object, ...]], domain: str, host: bool = False) -> list[object]:
    """The keys (first column) of rows whose value (second column) names the domain."""
    out: list[object] = []
    for key, value in rows:
        if not isinstance(value, str):
            continue
        if host_matches(value.split(":")[0], domain) if host else url_matches(value, domain):
            out.append(key)
    return out


def _delete(conn: Database, table: str, column: str, keys: list[object]) -> int:
    removed = 0
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        removed += conn.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk).rowcount
    return removed


def chromium_favicons(conn: Database, domain: str) -> Counter[str]:
    known = tables(conn)
    removed: Counter[str] = Counter()
    if "page_url" not in known.get("icon_mapping", set()):
        return removed
    rows = conn.execute("SELECT id, page_url, icon_id FROM icon_mapping").fetchall()
    gone = [r for r in rows if isinstance(r[1], str) and url_matches(r[1], domain)]
    removed["icon_mapping"] = _delete(conn, "icon_mapping", "id", [r[0] for r in gone])
    icons = {r[2] for r in gone if r[2] is not None}
    still = {r[0] for r in conn.execute("SELECT DISTINCT icon_id FROM icon_mapping")}
    orphans: list[object] = sorted(icons - still)
    if "icon_id" in known.get("favicon_bitmaps", set()):
        removed["favicon_bitmaps"] = _delete(conn, "favicon_bitmaps", "icon_id", orphans)
    if "favicons" in known:
        removed["favicons"] = _delete(conn, "favicons", "id", orphans)
    return removed


def chromium_top_sites(conn: Database, domain: str) -> Counter[str]:
    removed: Counter[str] = Counter()
    if "url" in tables(conn).get("top_sites", set()):
        keys = _matching(conn.execute("SELECT url, url FROM top_sites"), domain)
        removed["top_sites"] = _delete(conn, "top_sites", "url", keys)
    return removed


def chromium_shortcuts(conn: Database, domain: str) -> Counter[str]:
    removed: Counter[str] = Counter()
    if "url" in tables(conn).get("omni_box_shortcuts", set()):
        keys = _matching(conn.execute("SELECT id, url FROM omni_box_shortcuts"), domain)
        removed["omni_box_shortcuts"] = _delete(conn, "omni_box_shortcuts", "id", keys)
    return removed


def chromium_predictor(conn: Database, domain: str) -> Counter[str]:
    known = tables(conn)
    removed: Counter[str] = Counter()
    if "url" in known.get("network_action_predictor", set()):
        keys = _matching(conn.execute("SELECT id, url FROM network_action_predictor"), domain)
        removed["network_action_predictor"] = _delete(conn, "network_action_predictor", "id", keys)
    for table in (
        "resource_prefetch_predictor_origin",
        "resource_prefetch_predictor_host_redirect",
    ):
        if "key" in known.get(table, set()):
            keys = _matching(conn.execute(f"SELECT key, key FROM {table}"), domain, host=True)
            removed[table] = _delete(conn, table, "key", keys)
    return removed


def firefox_favicons(conn: Database, domain: str) -> Counter[str]:
    known = tables(conn)
    removed: Counter[str] = Counter()
    if "page_url" not in known.get("moz_pages_w_icons", set()):
        return removed
    pages = _matching(conn.execute("SELECT id, page_url FROM moz_pages_w_icons"), domain)
    icons: set[object] = set()
    if "page_id" in known.get("moz_icons_to_pages", set()):
        for start in range(0, len(pages), 500):
            chunk = pages[start : start + 500]
            marks = ",".join("?" * len(chunk))
            icons.update(
                r[0]
                for r in conn.execute(
                    f"SELECT icon_id FROM moz_icons_to_pages WHERE page_id IN ({marks})", chunk
                )
            )
        removed["moz_icons_to_pages"] = _delete(conn, "moz_icons_to_pages", "page_id", pages)
    removed["moz_pages_w_icons"] = _delete(conn, "moz_pages_w_icons", "id", pages)
    if "icon_url" in known.get("moz_icons", set()):
        icons.update(_matching(conn.execute("SELECT id, icon_url FROM moz_icons"), domain))
        still = {r[0] for r in conn.execute("SELECT DISTINCT icon_id FROM moz_icons_to_pages")}
        removed["moz_icons"] = _delete(conn, "moz_icons", "id", sorted(icons - still))  # type: ignore[type-var]
    return removed


# Per browser family: (file in the profile folder, what to remove from it).
COMPANIONS: dict[Family, tuple[tuple[str, Cleaner], ...]] = {
    "chromium": (
        ("Favicons", chromium_favicons),
        ("Top Sites", chromium_top_sites),
        ("Shortcuts", chromium_shortcuts),
        ("Network Action Predictor", chromium_predictor),
    ),
    "firefox": (("favicons.sqlite", firefox_favicons),),
}
