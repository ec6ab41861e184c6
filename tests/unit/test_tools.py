"""The tables of system tools: one per system in each family, used by the probe that runs a tool
and by the contract's `parse_output`, and loaded one system at a time."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Callable

import pytest

from safe_session.platforms import current_os
from safe_session.probes.tools import ToolLookup, ToolSpec, ToolTable

# family -> the modules that hold a `TOOLS` table
TABLES = {
    "wifi": ("linux", "macos", "windows"),
    "audio": ("linux", "macos", "windows", "portaudio"),
    "apps": ("linux",),
    "devices": ("linux",),
    "system": ("linux", "macos"),  # Windows' system facts come from the registry: no tools
}
# what a module keeps beside its table: commands whose answer is not what the table's parsers
# give (a captive-portal state, a sink's name, the names of sound inputs)
BESIDE = {
    "wifi.linux": ("CONNECTIVITY",),
    "audio.linux": ("DEFAULT_SINK", "SERVER_INFO"),
    "devices.linux": ("SOURCES",),
}


def _specs() -> list[tuple[str, ToolSpec[object]]]:
    found: list[tuple[str, ToolSpec[object]]] = []
    for family, modules in TABLES.items():
        for name in modules:
            module = importlib.import_module(f"safe_session.probes.{family}.{name}")
            where = f"{family}.{name}"
            found += [(where, spec) for spec in module.TOOLS.values()]
            for name_beside in BESIDE.get(where, ()):
                beside = getattr(module, name_beside)
                specs = beside.values() if isinstance(beside, ToolTable) else [beside]
                found += [(where, spec) for spec in specs]
    return found


def _resolved(spec: ToolSpec[object]) -> Callable[[str], object]:
    if isinstance(spec.parser, str):
        module, _, name = spec.parser.partition(":")
        parser: Callable[[str], object] = getattr(
            importlib.import_module(f"safe_session.probes.{module}"), name
        )
        return parser
    return spec.parser


def test_argv_fields_are_filled_in_whole_items_only() -> None:
    spec = ToolSpec("t", ("tool", "-i", "{iface}", "{0.0.0.1}", "a {iface} b"), str.strip, 1.0)
    assert spec.command(iface="wlan0") == ["tool", "-i", "wlan0", "{0.0.0.1}", "a {iface} b"]
    with pytest.raises(KeyError):
        spec.command()


def test_a_table_names_each_tool_once() -> None:
    one = ToolSpec("t", ("t",), str.strip, 1.0)
    assert list(ToolTable(one)) == ["t"]
    with pytest.raises(ValueError, match="listed twice"):
        ToolTable(one, ToolSpec("t", ("t", "-v"), str.strip, 1.0))


def test_a_parser_named_by_module_loads_when_used() -> None:
    spec = ToolSpec[str | None]("x", ("pactl", "info"), "audio.linux_pactl:parse_default_sink", 1.0)
    assert spec.parse("Default Sink: headphones\n") == "headphones"


@pytest.mark.parametrize(("where", "spec"), _specs(), ids=lambda v: getattr(v, "tool", v))
def test_every_spec_runs_a_command_in_time_and_has_its_parser(
    where: str, spec: ToolSpec[object]
) -> None:
    assert spec.argv and spec.argv[0], where
    assert 0 < spec.timeout <= 10, where
    assert callable(_resolved(spec)), where
    assert 0 in spec.ok_codes


@pytest.mark.parametrize("family", ["wifi", "audio"])
def test_each_tool_is_in_one_table_of_its_family(family: str) -> None:
    seen: dict[str, str] = {}
    for name in TABLES[family]:
        module = importlib.import_module(f"safe_session.probes.{family}.{name}")
        for tool, spec in module.TOOLS.items():
            assert spec.tool == tool
            assert tool not in seen, f"{tool} is in {seen.get(tool)} and {name}"
            seen[tool] = name
    lookup: ToolLookup[object] = ToolLookup(family, TABLES[family])
    assert sorted(lookup) == sorted(seen) and len(lookup) == len(seen)
    assert all(
        lookup[tool]
        is importlib.import_module(f"safe_session.probes.{family}.{seen[tool]}").TOOLS[tool]
        for tool in seen
    )
    assert lookup.get("no-such-tool") is None


LOADED = """
import importlib, json, sys
family, here = sys.argv[1], sys.argv[2]
module = importlib.import_module(f"safe_session.probes.{family}")
table = importlib.import_module(f"safe_session.probes.{family}.{here}").TOOLS
for tool in table:
    module.parse_output(tool, "")
print(json.dumps(sorted(m for m in sys.modules if m.startswith("safe_session.probes."))))
"""


@pytest.mark.parametrize("family", ["wifi", "audio"])
def test_parsing_this_systems_tools_loads_no_other_systems_module(family: str) -> None:
    here = current_os()
    out = subprocess.run(
        [sys.executable, "-c", LOADED, family, here],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    loaded = set(json.loads(out.stdout))
    others = {f"safe_session.probes.{family}.{name}" for name in TABLES[family]} - {
        f"safe_session.probes.{family}.{here}",
        f"safe_session.probes.{family}.portaudio",
    }
    assert not loaded & others
