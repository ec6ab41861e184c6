"""Public-looking Wi-Fi names, as data (`checks/hotspots.toml`): loaded and validated.

Their schema and matching are `data.hotspot_types`; a run reads the patterns built from the file
ahead of time (`safe_session.data.load_hotspots`).
"""

from __future__ import annotations

from pathlib import Path

from safe_session.data.catalog import checks_dir
from safe_session.data.hotspot_types import HotspotFile, Hotspots, squash
from safe_session.data.toml_errors import convert, error_at, load_toml


def load_file(path: Path, label: str | None = None) -> Hotspots:
    name = label or path.name
    data, text = load_toml(path, name)
    parsed = convert(data, text, HotspotFile, name)
    for index, group in enumerate(parsed.group):
        if not group.kind.strip():
            raise error_at(text, name, ["group", index, "kind"], "must not be empty")
        if not (group.exact or group.prefix or group.contains or group.words):
            raise error_at(
                text,
                name,
                ["group", index, "kind"],
                "a group needs at least one of exact, prefix, contains or words",
            )
        for key in ("exact", "prefix", "contains", "words"):
            for entry in getattr(group, key):
                if not squash(entry):
                    raise error_at(
                        text,
                        name,
                        ["group", index, key],
                        f'"{entry}" has no letters or digits to match',
                    )
                if key == "contains" and len(squash(entry)) < 4:
                    raise error_at(
                        text,
                        name,
                        ["group", index, key],
                        f'"{entry}" is too short to look for inside names',
                    )
    return Hotspots(tuple(parsed.group))


def hotspots_file() -> Path:
    return checks_dir() / "hotspots.toml"
