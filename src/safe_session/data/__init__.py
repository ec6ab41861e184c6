"""The data safe-session ships under `checks/`.

Each kind of data has its schema in a module of types (`catalog_types`, `apps_types`...) and is
read and validated from its TOML file by a loader (`catalog`, `apps_catalog`...). A run reads none
of the TOML: the functions here return the values built from it ahead of time into
`safe_session.shipped` (`scripts/build-data`), which the test suite keeps equal to the files.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safe_session.data.apps_types import AppsCatalog
    from safe_session.data.catalog_types import Catalog
    from safe_session.data.extension_types import KnownExtensions
    from safe_session.data.hotspot_types import Hotspots
    from safe_session.data.listener_types import SystemListeners
    from safe_session.data.protected_types import ProtectedProcesses


@cache
def load_catalog() -> Catalog:
    """The shipped catalog, in file order (which is also the report's order); the test suite
    validates it, probe, rule and action names included (test_catalog)."""
    from safe_session.shipped.catalog import CATALOG

    return CATALOG


@cache
def load_hotspots() -> Hotspots:
    """The shipped patterns of public-looking Wi-Fi names."""
    from safe_session.shipped.hotspots import HOTSPOTS

    return HOTSPOTS


@cache
def load_known_extensions() -> KnownExtensions:
    """The shipped well-known extensions (password managers, content blockers)."""
    from safe_session.shipped.extensions import EXTENSIONS

    return EXTENSIONS


@cache
def load_system_listeners() -> SystemListeners:
    """The shipped list of the systems' own microphone listeners ("Hey Siri")."""
    from safe_session.shipped.listeners import LISTENERS

    return LISTENERS


@cache
def load_protected() -> ProtectedProcesses:
    """The shipped list of processes never offered for closing, whatever names them."""
    from safe_session.shipped.protected import PROTECTED

    return PROTECTED


_lock = threading.Lock()
_apps: AppsCatalog | None = None


def load_apps() -> AppsCatalog:
    """The shipped catalog of known apps; probes in several threads ask for it at once."""
    global _apps
    with _lock:
        if _apps is None:
            from safe_session.shipped.apps import APPS

            _apps = APPS
        return _apps
