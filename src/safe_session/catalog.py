"""The check catalog: checks declared as data in `checks/catalog/*.toml`, loaded and validated.

A check names the probe that gathers its facts and the rule that judges them; it never holds a
command to run. The catalog ships inside the wheel (`safe_session/checks`) and is read from the
top-level `checks/` folder in a source checkout.

Probe names follow the probe families (`safe_session/probes/<family>/`): a name is the dotted
path of a module under `safe_session.probes` whose `gather(ctx)` the engine calls. `"wifi"` is a
family whose own module gathers (`safe_session.probes.wifi.gather`); `"audio.ambient"` is a
probe within a family (`safe_session.probes.audio.ambient.gather`); the first part is always a
family (a package), never a shared module such as `base` or `tools`. Rules are named
`"module.function"` within `safe_session.rules`, actions by their module in
`safe_session.actions`.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path
from typing import Literal

import msgspec

from safe_session.model import OSName, Phase
from safe_session.toml_errors import DataError, convert, error_at, load_toml

ParamValue = bool | int | float | str | list[str]
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
PROBE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")  # "family" or "family.probe"
RULE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
OS_NAMES: tuple[OSName, ...] = ("linux", "macos", "windows")
CHOICES: dict[str, tuple[str, ...]] = {
    "phase": ("before", "after"),
    "kind": ("auto", "confirm"),
    "severity": ("warn", "fail"),
    "platforms": OS_NAMES,
    "opt_in": ("acoustic_test",),
}


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


def checks_dir() -> Path:
    """`checks/` inside the installed package, else the source checkout's top-level folder."""
    here = Path(__file__).resolve().parent
    shipped = here / "checks"
    if shipped.is_dir():
        return shipped
    source = here.parent.parent / "checks"
    if source.is_dir():
        return source
    raise DataError(str(shipped), None, None, "the check catalog is missing from this install")


def load_file(path: Path, label: str | None = None, modules: bool = True) -> list[CheckSpec]:
    """Load and validate one catalog file. `modules=False` skips looking up each named probe,
    rule and action module: the shipped catalog's are checked by the test suite, not on every
    run (each look-up costs start-up time); every other problem is still an error."""
    name = label or path.name
    data, text = load_toml(path, name)
    parsed = convert(data, text, CatalogFile, name, CHOICES)
    for index, spec in enumerate(parsed.check):
        _validate(spec, index, text, name, modules)
    return parsed.check


def _validate(spec: CheckSpec, index: int, text: str, name: str, modules: bool = True) -> None:
    def fail(key: str, problem: str) -> DataError:
        return error_at(text, name, ["check", index, key], problem)

    if not ID_PATTERN.match(spec.id):
        raise fail("id", f'expected a dotted lower-case id like "network.wifi", got "{spec.id}"')
    if not spec.title.strip():
        raise fail("title", "must not be empty")
    if not spec.why.strip():
        raise fail("why", "must not be empty")
    if spec.timeout <= 0 or spec.timeout > 120:
        raise fail("timeout", f"expected seconds between 0 and 120, got {spec.timeout}")
    if spec.kind == "confirm":
        if not spec.question:
            raise fail("question", "a confirmation needs the question the person answers")
        if spec.probe or spec.rule:
            raise fail("probe" if spec.probe else "rule", "a confirmation has no probe or rule")
        return

    def exists(module: str) -> bool:
        return not modules or _module_exists(module)

    if spec.action is not None and (
        not NAME_PATTERN.match(spec.action) or not exists(f"safe_session.actions.{spec.action}")
    ):
        raise fail("action", f'no action named "{spec.action}"')
    if not spec.probe:
        raise fail("probe", "an automatic check needs a probe")
    if not spec.rule:
        raise fail("rule", "an automatic check needs a rule")
    if not PROBE_PATTERN.match(spec.probe) or (modules and not _probe_exists(spec.probe)):
        raise fail("probe", f'no probe named "{spec.probe}"')
    if not RULE_PATTERN.match(spec.rule) or not exists(
        "safe_session.rules." + spec.rule.split(".")[0]
    ):
        raise fail("rule", f'expected "module.function" of an existing rule, got "{spec.rule}"')


def _module_exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _probe_exists(probe: str) -> bool:
    """The probe's family is a package of `safe_session.probes` and its module is there."""
    family = probe.split(".")[0]
    try:
        found = importlib.util.find_spec(f"safe_session.probes.{family}")
    except (ImportError, ValueError):
        return False
    if found is None or found.submodule_search_locations is None:
        return False  # a module of the probes package itself (base, runner, tools)
    return _module_exists(f"safe_session.probes.{probe}")


def load_dir(folder: Path, modules: bool = True) -> Catalog:
    checks: list[CheckSpec] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        for spec in load_file(path, f"{folder.name}/{path.name}", modules):
            if spec.id in seen:
                raise DataError(
                    f"{folder.name}/{path.name}",
                    None,
                    "check.id",
                    f'"{spec.id}" is declared twice (also in {seen[spec.id]})',
                )
            seen[spec.id] = path.name
            checks.append(spec)
    if not checks:
        raise DataError(str(folder), None, None, "holds no checks")
    return Catalog(tuple(checks))


@cache
def load_catalog() -> Catalog:
    """The shipped catalog, in file order (which is also the report's order): built from the
    TOML files ahead of time (`shipped_build`), which the test suite validates, probe, rule and
    action names included (test_catalog)."""
    from safe_session.shipped.catalog import CATALOG

    return CATALOG
