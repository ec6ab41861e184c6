"""Well-known extensions, as data (`checks/extensions.toml`): loaded and validated.

Their schema is `data.extension_types`; a run reads the list built from the file ahead of time
(`safe_session.data.load_known_extensions`).
"""

from __future__ import annotations

import re
from pathlib import Path

from safe_session.data.catalog import checks_dir
from safe_session.data.extension_types import ExtensionsFile, KnownExtensions
from safe_session.data.toml_errors import convert, error_at, load_toml

CHROMIUM_ID = re.compile(r"^[a-p]{32}$")  # 128 bits written with the letters a-p
FIREFOX_ID = re.compile(r"^(\{[0-9a-fA-F-]{36}\}|[A-Za-z0-9._+-]*@[A-Za-z0-9._-]+)$")


def load_file(path: Path, label: str | None = None) -> KnownExtensions:
    name = label or path.name
    data, text = load_toml(path, name)
    parsed = convert(data, text, ExtensionsFile, name)
    seen: set[str] = set()
    for index, known in enumerate(parsed.extension):
        if not known.name.strip():
            raise error_at(text, name, ["extension", index, "name"], "must not be empty")
        if not (known.chromium or known.firefox):
            raise error_at(
                text, name, ["extension", index, "name"], "give its chromium or firefox ids"
            )
        for key, pattern in (("chromium", CHROMIUM_ID), ("firefox", FIREFOX_ID)):
            for ext_id in getattr(known, key):
                if not pattern.match(ext_id):
                    raise error_at(
                        text, name, ["extension", index, key], f'"{ext_id}" is not an id'
                    )
                if ext_id in seen:
                    raise error_at(
                        text, name, ["extension", index, key], f'"{ext_id}" is listed twice'
                    )
                seen.add(ext_id)
    return KnownExtensions(tuple(parsed.extension))


def extensions_file() -> Path:
    return checks_dir() / "extensions.toml"
