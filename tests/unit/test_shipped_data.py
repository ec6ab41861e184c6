"""The built data modules are the TOML data files, value for value, and stay so."""

from __future__ import annotations

import ast

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_session.data import build, load_apps, load_catalog, load_hotspots
from safe_session.data.apps_catalog import apps_file, load_apps_file
from safe_session.data.catalog import checks_dir, load_dir
from safe_session.data.catalog_types import CheckSpec
from safe_session.data.hotspot_types import HotspotGroup
from safe_session.data.hotspots import hotspots_file, load_file
from safe_session.probes.audio.names import load_names_file, matcher
from safe_session.shipped.audio_names import NAMES


@pytest.mark.parametrize("name", sorted(build.BUILDS))
def test_each_built_module_is_up_to_date(name: str) -> None:
    built = (build.shipped_dir() / f"{name}.py").read_text(encoding="utf-8")
    assert built == build.render(name), (
        f"safe_session/shipped/{name}.py is out of date: run scripts/build-data"
    )


@pytest.mark.parametrize("name", sorted(build.BUILDS))
def test_each_built_module_imports_only_schema_types(name: str) -> None:
    """Never a loader: the loaders are what builds these modules."""
    tree = ast.parse(build.render(name))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert imported
    assert all(m and m.startswith("safe_session.data.") and m.endswith("_types") for m in imported)


def test_runs_use_exactly_what_the_data_files_say() -> None:
    assert load_catalog() == load_dir(checks_dir() / "catalog")
    assert load_apps() == load_apps_file(apps_file(), "checks/apps.toml")
    assert load_hotspots() == load_file(hotspots_file(), "checks/hotspots.toml")
    assert load_names_file() == NAMES
    assert matcher().kind("Jabra Evolve 65 Headset") == "headset"


def test_check_mode_reports_nothing_stale(capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_a_changed_data_file_makes_its_module_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    real = build.BUILDS["hotspots"]
    changed = HotspotGroup(kind="a test network", exact=["Test Net"])

    def load() -> object:
        loaded = real[0]()
        return msgspec.structs.replace(loaded, groups=(*loaded.groups, changed))  # type: ignore[type-var]

    monkeypatch.setitem(build.BUILDS, "hotspots", (load, *real[1:]))
    assert "HotspotGroup(kind='a test network', exact=['Test Net'])" in (build.render("hotspots"))
    assert build.main(["--check"]) == 1


def _evaluate(source: str) -> object:
    namespace: dict[str, object] = {"CheckSpec": CheckSpec}
    return eval(source, namespace)  # the builder's own output, in a test


text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


@given(title=text, steps=st.lists(text, max_size=4), timeout=st.floats(0.1, 120))
def test_any_text_survives_the_build_unchanged(
    title: str, steps: list[str], timeout: float
) -> None:
    """Quotes, backslashes, escape sequences and markup in data come back exactly."""
    spec = CheckSpec(
        id="x.y",
        title=title,
        why=title,
        phase="before",
        params={"words": steps, "n": 3, "on": True},
        timeout=timeout,
    )
    source = build._literal(spec, 0, 0, {})
    assert _evaluate(source) == spec
