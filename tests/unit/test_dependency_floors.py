"""The lowest versions the CI run installs (constraints-lowest.txt) are exactly the floors
pyproject.toml declares: one `name==X` for each `name>=X`, nothing more, nothing less."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([0-9][0-9A-Za-z.]*)$")


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_floors() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors: dict[str, str] = {}
    for requirement in project["dependencies"]:
        found = REQUIREMENT.match(requirement)
        assert found, f"{requirement!r}: declare a floor as `name>=X.Y.Z`, tested by scripts/test"
        floors[normalized(found[1])] = found[2]
    return floors


def pinned_lowest() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints-lowest.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{line!r}: pin with `name==X`"
            pins[normalized(name)] = version
    return pins


def test_the_lowest_constraints_are_the_declared_floors() -> None:
    assert pinned_lowest() == declared_floors()


def test_textual_floor_has_the_styles_the_screens_use() -> None:
    """Textual before 7.4 refuses the app's stylesheets (the `pointer` style), so the app fails
    to start: the floor must not fall below it again."""
    major, minor, *_ = (int(part) for part in declared_floors()["textual"].split("."))
    assert (major, minor) >= (7, 4)
    uses_pointer = [
        path
        for path in (ROOT / "src" / "safe_session").rglob("*.py")
        if re.search(r"^\s*pointer:", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert uses_pointer, "no screen uses `pointer:` any more: the floor may be lowered"
