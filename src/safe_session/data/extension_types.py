"""The schema of the well-known extensions (`checks/extensions.toml`): extensions that can read
every page for a reason everyone knows (password managers, content blockers), named by the ids
their official stores gave them.

Types only: `data.known_extensions` reads and validates the file, and a run reads the list
built from it ahead of time (`safe_session.shipped.extensions`).
"""

from __future__ import annotations

from typing import Literal

import msgspec

Kind = Literal["password manager", "content blocker"]


class KnownExtension(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    name: str
    kind: Kind
    chromium: list[str] = []  # ids in the Chrome Web Store and Edge Add-ons
    firefox: list[str] = []  # ids on addons.mozilla.org


class ExtensionsFile(msgspec.Struct, forbid_unknown_fields=True):
    extension: list[KnownExtension]


class KnownExtensions(msgspec.Struct, frozen=True):
    extensions: tuple[KnownExtension, ...]

    def find(self, family: str, extension_id: str) -> KnownExtension | None:
        """The well-known extension with this id in this browser family, if any."""
        for known in self.extensions:
            ids = known.firefox if family == "firefox" else known.chromium
            if extension_id in ids:
                return known
        return None
