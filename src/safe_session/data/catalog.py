"""The check catalog: checks declared as data in `checks/catalog/*.toml`, loaded and validated.

A check names the probe that gathers its facts and the rule that judges them; it never holds a
command to run. The data files ship inside the wheel (`safe_session/checks`) and are read from
the top-level `checks/` folder in a source checkout. Their schema is `data.catalog_types`; a run
reads the catalog built from them ahead of time (`safe_session.data.load_catalog`).

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
from pathlib import Path

from safe_session.data.catalog_types import OS_NAMES, Catalog, CatalogFile, CheckSpec
from safe_session.data.toml_errors import DataError, convert, error_at, load_toml

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
PROBE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")  # "family" or "family.probe"
RULE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
CHOICES: dict[str, tuple[str, ...]] = {
    "phase": ("before", "after"),
    "kind": ("auto", "confirm"),
    "severity": ("warn", "fail"),
    "platforms": OS_NAMES,
    "opt_in": ("acoustic_test",),
    "needs": ("domains",),
}


def checks_dir() -> Path:
    """`checks/` inside the installed package, else the source checkout's top-level folder."""
    here = Path(__file__).resolve().parent.parent  # the safe_session package
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
    if not spec.area.strip():
        raise fail("area", 'say what it looks at, in the person\'s words, e.g. "your network"')


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
