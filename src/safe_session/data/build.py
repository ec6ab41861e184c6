"""Builds `safe_session/shipped/*.py` from the data files under `checks/`.

The TOML files are the source: reviewed by people, validated with msgspec with file, line and
key in every error. What a run imports is the built module: the same values, already
validated, with no TOML parsing or validation on every start (about a tenth of `check`'s own
time). A test keeps both equal; after editing a data file, run `scripts/build-data`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import msgspec

WIDTH = 100  # the project's line length
HEADER = '''"""Built from {source} by `scripts/build-data`: edit that file, not this one.

A test checks that this module equals what the data file says.
"""

'''


def _catalog() -> object:
    from safe_session.data.catalog import checks_dir, load_dir

    return load_dir(checks_dir() / "catalog")


def _apps() -> object:
    from safe_session.data.apps_catalog import apps_file, load_apps_file

    return load_apps_file(apps_file(), "checks/apps.toml")


def _hotspots() -> object:
    from safe_session.data.hotspots import hotspots_file, load_file

    return load_file(hotspots_file(), "checks/hotspots.toml")


def _protected() -> object:
    from safe_session.data.protected import load_file, protected_file

    return load_file(protected_file(), "checks/protected-processes.toml")


def _audio_names() -> object:
    from safe_session.probes.audio.names import load_names_file

    return load_names_file()


def _extensions() -> object:
    from safe_session.data.known_extensions import extensions_file, load_file

    return load_file(extensions_file(), "checks/extensions.toml")


def _listeners() -> object:
    from safe_session.data.system_listeners import listeners_file, load_file

    return load_file(listeners_file(), "checks/system-listeners.toml")


# built module -> (how to load the data file, the module's constant, the source it names)
BUILDS: dict[str, tuple[Callable[[], object], str, str]] = {
    "catalog": (_catalog, "CATALOG", "checks/catalog/*.toml"),
    "apps": (_apps, "APPS", "checks/apps.toml"),
    "hotspots": (_hotspots, "HOTSPOTS", "checks/hotspots.toml"),
    "audio_names": (_audio_names, "NAMES", "checks/audio-devices.toml"),
    "extensions": (_extensions, "EXTENSIONS", "checks/extensions.toml"),
    "listeners": (_listeners, "LISTENERS", "checks/system-listeners.toml"),
    "protected": (_protected, "PROTECTED", "checks/protected-processes.toml"),
}


def shipped_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "shipped"


def render(name: str) -> str:
    """The text of one built module."""
    load, constant, source = BUILDS[name]
    value = load()
    classes: dict[str, str] = {}
    body = _literal(value, len(constant) + 3, 0, classes)
    imports: dict[str, list[str]] = {}
    for cls, module in sorted(classes.items(), key=lambda item: (item[1], item[0])):
        imports.setdefault(module, []).append(cls)
    lines = [HEADER.format(source=source).rstrip("\n"), ""]
    lines += [f"from {module} import {', '.join(names)}" for module, names in imports.items()]
    lines += ["", f"{constant} = {body}", ""]
    return "\n".join(lines)


def _literal(value: object, used: int, indent: int, classes: dict[str, str]) -> str:
    """Python source for `value`: on one line when it fits, else one item per line."""
    flat = _flat(value, classes)
    if used + len(flat) <= WIDTH:
        return flat
    pad = " " * (indent + 4)
    items: list[str]
    if isinstance(value, msgspec.Struct):
        name = type(value).__name__
        items = [
            f"{pad}{key}={_literal(item, len(pad) + len(key) + 2, indent + 4, classes)},"
            for key, item in _set_fields(value)
        ]
        return f"{name}(\n" + "\n".join(items) + f"\n{' ' * indent})"
    if isinstance(value, dict):
        items = []
        for key, item in value.items():
            head = f"{pad}{key!r}: "
            items.append(f"{head}{_literal(item, len(head) + 1, indent + 4, classes)},")
        return "{\n" + "\n".join(items) + f"\n{' ' * indent}}}"
    if isinstance(value, list | tuple):
        opening, closing = ("[", "]") if isinstance(value, list) else ("(", ")")
        items = [f"{pad}{_literal(item, len(pad) + 1, indent + 4, classes)}," for item in value]
        return opening + "\n" + "\n".join(items) + f"\n{' ' * indent}{closing}"
    return flat  # a long string stays whole


def _flat(value: object, classes: dict[str, str]) -> str:
    if isinstance(value, msgspec.Struct):
        cls = type(value)
        classes[cls.__name__] = cls.__module__
        inner = ", ".join(f"{key}={_flat(item, classes)}" for key, item in _set_fields(value))
        return f"{cls.__name__}({inner})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_flat(v, classes)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flat(item, classes) for item in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(_flat(item, classes) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    raise TypeError(f"cannot build a literal of {type(value).__name__}")


def _set_fields(value: msgspec.Struct) -> list[tuple[str, object]]:
    """The fields that differ from their defaults, in declaration order."""
    out: list[tuple[str, object]] = []
    for field in msgspec.structs.fields(value):
        item = getattr(value, field.name)
        if field.default is not msgspec.NODEFAULT and item == field.default:
            continue
        if field.default_factory is not msgspec.NODEFAULT and item == field.default_factory():
            continue
        out.append((field.name, item))
    return out


def main(argv: list[str] | None = None) -> int:
    """Write every built module; `--check` only says which ones are out of date (exit 1)."""
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale: list[str] = []
    for name in BUILDS:
        path = shipped_dir() / f"{name}.py"
        text = render(name)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not check:
            path.write_text(text, encoding="utf-8")
    verb = "out of date" if check else "written"
    print(f"{verb}: {', '.join(stale)}" if stale else "all built data is up to date")
    return 1 if check and stale else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
