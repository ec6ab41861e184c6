"""The built data modules are the TOML data files, value for value, and stay so."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_session import shipped_build
from safe_session.apps_catalog import apps_file, load_apps, load_apps_file
from safe_session.catalog import CheckSpec, checks_dir, load_catalog, load_dir
from safe_session.hotspots import HotspotGroup, hotspots_file, load_file, load_hotspots
from safe_session.probes.audio.names import load_names_file, matcher
from safe_session.shipped.audio_names import NAMES


@pytest.mark.parametrize("name", sorted(shipped_build.BUILDS))
def test_each_built_module_is_up_to_date(name: str) -> None:
    built = (shipped_build.shipped_dir() / f"{name}.py").read_text(encoding="utf-8")
    assert built == shipped_build.render(name), (
        f"safe_session/shipped/{name}.py is out of date: run scripts/build-data"
    )


def test_runs_use_exactly_what_the_data_files_say() -> None:
    assert load_catalog() == load_dir(checks_dir() / "catalog")
    assert load_apps() == load_apps_file(apps_file(), "checks/apps.toml")
    assert load_hotspots() == load_file(hotspots_file(), "checks/hotspots.toml")
    assert load_names_file() == NAMES
    assert matcher().kind("Jabra Evolve 65 Headset") == "headset"


def test_check_mode_reports_nothing_stale(capsys: pytest.CaptureFixture[str]) -> None:
    assert shipped_build.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_a_changed_data_file_makes_its_module_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    real = shipped_build.BUILDS["hotspots"]
    changed = HotspotGroup(kind="a test network", exact=["Test Net"])

    def load() -> object:
        loaded = real[0]()
        return msgspec.structs.replace(loaded, groups=(*loaded.groups, changed))  # type: ignore[type-var]

    monkeypatch.setitem(shipped_build.BUILDS, "hotspots", (load, *real[1:]))
    assert "HotspotGroup(kind='a test network', exact=['Test Net'])" in (
        shipped_build.render("hotspots")
    )
    assert shipped_build.main(["--check"]) == 1


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
    source = shipped_build._literal(spec, 0, 0, {})
    assert _evaluate(source) == spec
