"""What every rule receives besides its fact."""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from safe_session.model import OSName, Status


class Params(msgspec.Struct, frozen=True):
    """A check's parameters after the profile's changes, its severity and the system it runs on."""

    values: Mapping[str, object] = msgspec.field(default_factory=dict)
    severity: Status = Status.WARN
    os_name: OSName = "linux"

    def number(self, key: str, default: float) -> float:
        value = self.values.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return default
        return float(value)

    def text(self, key: str, default: str = "") -> str:
        value = self.values.get(key, default)
        return value if isinstance(value, str) else default

    def names(self, key: str) -> tuple[str, ...]:
        value = self.values.get(key, ())
        if isinstance(value, list | tuple):
            return tuple(v for v in value if isinstance(v, str))
        return ()
