"""A site's traces outside the history database, forgotten with it: the icons shown next to
its pages, its tile among the top sites, the address bar's shortcuts and predictions for it.
Each database is changed in its own transaction with an integrity check, like the history."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from safe_session.domains import host_matches, url_matches
from safe_session.probes.browsers.database import Database
from safe_session.probes.browsers.history import containing, tables
from safe_session.probes.browsers.profiles import Family

Cleaner = Callable[[Database, str], Counter[str]]


def _matching(
    conn: Database, table: str, key: str, column: str, domain: str, host: bool = False
) -> list[object]:
    """The keys of rows whose `column` names the domain. Only rows whose text holds the domain
    are read (a LIKE over the table, in SQLite), then each is checked by its host: these tables
    can hold a row for every page of a long history."""
    out: list[object] = []
    rows = conn.execute(
        f"SELECT {key}, {column} FROM {table} WHERE {column} LIKE ? ESCAPE '\\'",
        (containing(domain),),
    )
    for found, value in rows:
        if not isinstance(value, str):
            continue
        if host_matches(value.split(":")[0], domain) if host else url_matches(value, domain):
            out.append(found)
    return out


def _still_used(conn: Database, table: str, column: str, keys: set[object]) -> set[object]:
    """Those of `keys` that rows of `table` still name in `column`."""
    select = f"SELECT DISTINCT {column} FROM {table} WHERE {column}"
    return {r[0] for r in _in_chunks(conn, select, sorted(keys, key=repr))}


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
    gone = _matching(conn, "icon_mapping", "id", "page_url", domain)
    icons: set[object] = set()
    if "icon_id" in known["icon_mapping"]:
        icons = {r[0] for r in _in_chunks(conn, "SELECT icon_id FROM icon_mapping WHERE id", gone)}
        icons.discard(None)
    removed["icon_mapping"] = _delete(conn, "icon_mapping", "id", gone)
    orphans: list[object] = sorted(
        icons - _still_used(conn, "icon_mapping", "icon_id", icons),
        key=repr,
    )
    if "icon_id" in known.get("favicon_bitmaps", set()):
        removed["favicon_bitmaps"] = _delete(conn, "favicon_bitmaps", "icon_id", orphans)
    if "favicons" in known:
        removed["favicons"] = _delete(conn, "favicons", "id", orphans)
    return removed


def chromium_top_sites(conn: Database, domain: str) -> Counter[str]:
    removed: Counter[str] = Counter()
    if "url" in tables(conn).get("top_sites", set()):
        keys = _matching(conn, "top_sites", "url", "url", domain)
        removed["top_sites"] = _delete(conn, "top_sites", "url", keys)
    return removed


def chromium_shortcuts(conn: Database, domain: str) -> Counter[str]:
    removed: Counter[str] = Counter()
    if "url" in tables(conn).get("omni_box_shortcuts", set()):
        keys = _matching(conn, "omni_box_shortcuts", "id", "url", domain)
        removed["omni_box_shortcuts"] = _delete(conn, "omni_box_shortcuts", "id", keys)
    return removed


def chromium_predictor(conn: Database, domain: str) -> Counter[str]:
    known = tables(conn)
    removed: Counter[str] = Counter()
    if "url" in known.get("network_action_predictor", set()):
        keys = _matching(conn, "network_action_predictor", "id", "url", domain)
        removed["network_action_predictor"] = _delete(conn, "network_action_predictor", "id", keys)
    for table in (
        "resource_prefetch_predictor_origin",
        "resource_prefetch_predictor_host_redirect",
    ):
        if "key" in known.get(table, set()):
            keys = _matching(conn, table, "key", "key", domain, host=True)
            removed[table] = _delete(conn, table, "key", keys)
    return removed


def firefox_favicons(conn: Database, domain: str) -> Counter[str]:
    known = tables(conn)
    removed: Counter[str] = Counter()
    if "page_url" not in known.get("moz_pages_w_icons", set()):
        return removed
    pages = _matching(conn, "moz_pages_w_icons", "id", "page_url", domain)
    icons: set[object] = set()
    if "page_id" in known.get("moz_icons_to_pages", set()):
        icons.update(
            r[0]
            for r in _in_chunks(conn, "SELECT icon_id FROM moz_icons_to_pages WHERE page_id", pages)
        )
        removed["moz_icons_to_pages"] = _delete(conn, "moz_icons_to_pages", "page_id", pages)
    removed["moz_pages_w_icons"] = _delete(conn, "moz_pages_w_icons", "id", pages)
    if "icon_url" in known.get("moz_icons", set()):
        icons.update(_matching(conn, "moz_icons", "id", "icon_url", domain))
        still = _still_used(conn, "moz_icons_to_pages", "icon_id", icons)
        removed["moz_icons"] = _delete(conn, "moz_icons", "id", sorted(icons - still, key=repr))
    return removed


def _in_chunks(conn: Database, select: str, keys: list[object]) -> list[tuple[object, ...]]:
    """`select` (ending in a column) for rows whose column is one of `keys`."""
    out: list[tuple[object, ...]] = []
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        out.extend(conn.execute(f"{select} IN ({marks})", chunk))
    return out


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
