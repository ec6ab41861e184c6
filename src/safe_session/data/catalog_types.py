"""The check catalog's schema: what one check declares (`checks/catalog/*.toml`).

Types only: reading and validating the files is `data.catalog`'s work, and a run reads the
catalog built ahead of time (`safe_session.shipped.catalog`), made of these types.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from safe_session.model import OSName, Phase

ParamValue = bool | int | float | str | list[str]
OS_NAMES: tuple[OSName, ...] = ("linux", "macos", "windows")


class AdviceSet(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Steps for one situation: `all` first, then the ones for this system."""

    all: list[str] = []
    linux: list[str] = []
    macos: list[str] = []
    windows: list[str] = []

    def for_os(self, os_name: OSName) -> tuple[str, ...]:
        return (*self.all, *getattr(self, os_name))


class CheckSpec(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """One check. `why` is part of its definition: the UI shows it next to the finding."""

    id: str
    title: str
    why: str
    phase: Literal["before", "after"]
    kind: Literal["auto", "confirm"] = "auto"
    probe: str | None = None
    rule: str | None = None
    question: str | None = None
    severity: Literal["warn", "fail"] = "warn"
    params: dict[str, ParamValue] = {}
    advice: dict[str, AdviceSet] = {}
    timeout: float = 5.0
    audio: bool = False
    opt_in: Literal["acoustic_test"] | None = None
    platforms: tuple[Literal["linux", "macos", "windows"], ...] = OS_NAMES
    action: str | None = None  # module in safe_session.actions offered for this finding
    evidence: tuple[str, ...] = ()  # the `details` keys every result of this check carries
    area: str = ""  # what it looks at, in the person's words, for the welcome line
    needs: Literal["domains"] | None = None  # "domains": runs only when the portal is named

    def details_with(self, found: dict[str, object] | None = None) -> dict[str, object]:
        """`found`, with every evidence key present: null where nothing was found out."""
        details: dict[str, object] = dict.fromkeys(self.evidence)
        details.update(found or {})
        return details

    def advice_for(
        self, situation: str, os_name: OSName, fallbacks: tuple[str, ...] = ("default",)
    ) -> tuple[str, ...]:
        """The steps for `situation` on this system, else for the first fallback that has any."""
        for name in (situation, *fallbacks):
            chosen = self.advice.get(name)
            steps = chosen.for_os(os_name) if chosen else ()
            if steps:
                return steps
        return ()


class CatalogFile(msgspec.Struct, forbid_unknown_fields=True):
    check: list[CheckSpec]


class Catalog(msgspec.Struct, frozen=True):
    checks: tuple[CheckSpec, ...]

    def get(self, check_id: str) -> CheckSpec | None:
        return next((c for c in self.checks if c.id == check_id), None)

    def phase(self, phase: Phase) -> tuple[CheckSpec, ...]:
        return tuple(c for c in self.checks if c.phase == phase)
