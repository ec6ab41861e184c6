"""The shipped catalog loads and resolves; broken catalogs give exact, located errors."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from safe_session.data import load_catalog
from safe_session.data.catalog import checks_dir, load_dir, load_file
from safe_session.data.toml_errors import DataError

GOOD = """
[[check]]
id = "system.other_sessions"
title = "No one else is logged in"
why = "Because."
phase = "before"
probe = "system.sessions"
rule = "system.other_sessions"
area = "who else is logged in"
"""


def test_an_automatic_check_must_say_what_it_looks_at(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('area = "who else is logged in"\n', ""))
    with pytest.raises(DataError, match="area: say what it looks at"):
        load_file(path)


def write(tmp_path: Path, text: str, name: str = "t.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_catalog_loads_with_unique_ids() -> None:
    catalog = load_catalog()
    ids = [c.id for c in catalog.checks]
    assert len(ids) == len(set(ids))
    assert "system.other_sessions" in ids
    assert {
        "room.private",
        "room.door_closed",
        "room.earshot",
        "room.phone_silenced",
        "account.two_factor",
    } <= set(ids)


def test_every_probe_and_rule_in_the_catalog_exists() -> None:
    for spec in load_catalog().checks:
        if spec.kind == "confirm":
            assert spec.question
            continue
        assert spec.probe and spec.rule
        probe_module = importlib.import_module(f"safe_session.probes.{spec.probe}")
        assert callable(probe_module.gather), spec.id
        module, _, func = spec.rule.partition(".")
        assert callable(getattr(importlib.import_module(f"safe_session.rules.{module}"), func)), (
            spec.id
        )


def test_shipped_catalog_passes_the_module_checks_a_run_skips() -> None:
    """`load_catalog` skips looking up modules for speed; this is where they are looked up."""
    full = load_dir(checks_dir() / "catalog", modules=True)
    assert full == load_catalog()
    for spec in full.checks:
        if spec.action is not None:
            module = importlib.import_module(f"safe_session.actions.{spec.action}")
            assert callable(module.plan) and callable(module.perform), spec.id


def test_module_checks_can_be_skipped_but_names_are_still_checked(tmp_path: Path) -> None:
    missing = GOOD.replace('probe = "system.sessions"', 'probe = "no_such_probe"')
    with pytest.raises(DataError, match='no probe named "no_such_probe"'):
        load_file(write(tmp_path, missing))
    [spec] = load_file(write(tmp_path, missing), modules=False)
    assert spec.probe == "no_such_probe"
    bad_name = GOOD.replace('probe = "system.sessions"', 'probe = "rm -rf /"')
    with pytest.raises(DataError, match='no probe named "rm -rf /"'):
        load_file(write(tmp_path, bad_name), modules=False)


def test_a_probe_is_named_by_its_family_and_module(tmp_path: Path) -> None:
    """ "wifi" is a family that gathers itself; "audio.ambient" is a probe in a family."""
    for name in ("wifi", "wifi.route"):
        [spec] = load_file(
            write(tmp_path, GOOD.replace('probe = "system.sessions"', f'probe = "{name}"'))
        )
        assert spec.probe == name
    for name in (
        "wifi.no_such_probe",
        "no_such_family.probe",
        "wifi.route.deeper",
        "wifi.",
        "tools",
    ):
        text = GOOD.replace('probe = "system.sessions"', f'probe = "{name}"')
        with pytest.raises(DataError, match=f'no probe named "{name}"'):
            load_file(write(tmp_path, text))


def test_every_automatic_check_has_advice_and_a_why() -> None:
    for spec in load_catalog().checks:
        assert len(spec.why.strip()) > 20, spec.id
        if spec.kind == "auto":
            assert spec.advice, f"{spec.id} has no advice"


def test_checks_dir_is_the_source_folder_in_a_checkout() -> None:
    assert (checks_dir() / "catalog").is_dir()


def test_good_file_loads(tmp_path: Path) -> None:
    [spec] = load_file(write(tmp_path, GOOD))
    assert spec.severity == "warn" and spec.timeout == 5.0


BROKEN = [
    pytest.param(
        GOOD + 'colour = "red"\n',
        "t.toml:10: check[0].colour: unknown key (not one this file may set)",
        id="unknown-key",
    ),
    pytest.param(
        GOOD.replace('phase = "before"', 'phase = "during"'),
        't.toml:6: check[0].phase: expected one of "before", "after", got \'during\'',
        id="bad-enum",
    ),
    pytest.param(
        GOOD + 'timeout = "soon"\n',
        "t.toml:10: check[0].timeout: expected `float`, got `str`",
        id="wrong-type",
    ),
    pytest.param(
        GOOD.replace('title = "No one else is logged in"\n', ""),
        "t.toml:2: check[0]: missing required key `title`",
        id="missing-key",
    ),
    pytest.param(
        GOOD.replace('probe = "system.sessions"', 'probe = "rm -rf /"'),
        't.toml:7: check[0].probe: no probe named "rm -rf /"',
        id="command-as-probe",
    ),
    pytest.param(
        GOOD.replace('rule = "system.other_sessions"', 'rule = "nowhere.x"'),
        't.toml:8: check[0].rule: expected "module.function" of an existing rule, got "nowhere.x"',
        id="bad-rule",
    ),
    pytest.param(
        GOOD.replace('id = "system.other_sessions"', 'id = "Other Sessions"'),
        't.toml:3: check[0].id: expected a dotted lower-case id like "network.wifi", got "Other Sessions"',
        id="bad-id",
    ),
    pytest.param(
        GOOD + "timeout = 500\n",
        "t.toml:10: check[0].timeout: expected seconds between 0 and 120, got 500.0",
        id="timeout-range",
    ),
    pytest.param(
        GOOD
        + GOOD.replace('system.other_sessions"\ntitle', 'system.x"\ntitle')
        + 'command = "ls"\n',
        "t.toml:19: check[1].command: unknown key (not one this file may set)",
        id="second-check-located",
    ),
    pytest.param(
        GOOD + '[check.advice.default]\nlinux = "one string"\n',
        "t.toml:11: check[0].advice.default.linux: expected `array`, got `str`",
        id="nested-table",
    ),
    pytest.param(
        GOOD + '[check.advice.default]\nshell = ["x"]\n',
        "t.toml:11: check[0].advice.default.shell: unknown key (not one this file may set)",
        id="nested-unknown",
    ),
    pytest.param(
        GOOD + 'title = "again"\n',
        "t.toml:10: invalid TOML: Cannot overwrite a value",
        id="duplicate-key",
    ),
    pytest.param("[[check]\n", "t.toml:1: invalid TOML:", id="syntax"),
    pytest.param(
        GOOD.replace('phase = "before"', 'phase = "before"\nkind = "confirm"'),
        "t.toml:2: check[0].question: a confirmation needs the question the person answers",
        id="confirm-without-question",
    ),
]


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_broken_catalog_errors_are_exact(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DataError) as caught:
        load_file(write(tmp_path, text))
    assert str(caught.value).startswith(message)


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_bytes(GOOD.encode() + b"\n# \xff\xfe\n")
    with pytest.raises(DataError, match=r"t\.toml:11: is not valid UTF-8 text"):
        load_file(path)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    folder.mkdir()
    write(folder, GOOD, "a.toml")
    write(folder, GOOD, "b.toml")
    with pytest.raises(
        DataError, match=r'"system.other_sessions" is declared twice \(also in a.toml\)'
    ):
        load_dir(folder)


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="holds no checks"):
        load_dir(tmp_path)
