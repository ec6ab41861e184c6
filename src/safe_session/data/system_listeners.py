"""The system's own microphone listeners, as data (`checks/system-listeners.toml`): loaded and
validated.

Their schema is `data.listener_types`; a run reads the list built from the file ahead of time
(`safe_session.data.load_system_listeners`).
"""

from __future__ import annotations

from pathlib import Path

from safe_session.data.catalog import checks_dir
from safe_session.data.listener_types import ListenersFile, SystemListeners
from safe_session.data.toml_errors import convert, error_at, load_toml


def load_file(path: Path, label: str | None = None) -> SystemListeners:
    name = label or path.name
    data, text = load_toml(path, name)
    parsed = convert(data, text, ListenersFile, name, {"system": ("linux", "macos", "windows")})
    seen: set[tuple[str, str]] = set()
    for index, listener in enumerate(parsed.listener):
        if not listener.process.strip() or listener.process != listener.process.strip():
            raise error_at(
                text, name, ["listener", index, "process"], "a process name, without spaces around"
            )
        if not listener.what.strip():
            raise error_at(text, name, ["listener", index, "what"], "must not be empty")
        key = (listener.system, listener.process)
        if key in seen:
            raise error_at(text, name, ["listener", index, "process"], "is listed twice")
        seen.add(key)
    return SystemListeners(tuple(parsed.listener))


def listeners_file() -> Path:
    return checks_dir() / "system-listeners.toml"
