"""The processes never closed, as data (`checks/protected-processes.toml`): loaded and
validated. Their schema and matching are `data.protected_types`; a run reads the list built
from the file ahead of time (`safe_session.data.load_protected`).
"""

from __future__ import annotations

from pathlib import Path

from safe_session.data.catalog import checks_dir
from safe_session.data.protected_types import ProtectedFile, ProtectedProcesses, normalize
from safe_session.data.toml_errors import convert, error_at, load_toml


def load_file(path: Path, label: str | None = None) -> ProtectedProcesses:
    name = label or path.name
    data, text = load_toml(path, name)
    parsed = convert(data, text, ProtectedFile, name)
    seen: dict[str, int] = {}
    for index, group in enumerate(parsed.group):
        if not group.kind.strip():
            raise error_at(text, name, ["group", index, "kind"], "must not be empty")
        for entry in group.names:
            key = normalize(entry)
            if not key.rstrip("*") or "*" in key[:-1]:
                raise error_at(
                    text,
                    name,
                    ["group", index, "names"],
                    f'"{entry}" is not a process name (a "*" may only end one)',
                )
            if key in seen:
                raise error_at(text, name, ["group", index, "names"], f'"{entry}" is listed twice')
            seen[key] = index
    return ProtectedProcesses(tuple(parsed.group))


def protected_file() -> Path:
    return checks_dir() / "protected-processes.toml"
