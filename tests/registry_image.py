"""A registry image for the Windows readers' tests: a `.reg` export (what `reg export` and
regedit write) read into the read-only interface the readers use, with winreg's value types
(REG_DWORD as int, REG_SZ as str, REG_MULTI_SZ as a list of str)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = "HKEY_LOCAL_MACHINE\\"
_VALUE = re.compile(r'^(@|"(?:[^"\\]|\\.)*")=(.*)$')


def _decode(raw: str) -> object:
    if raw.startswith('"'):
        return raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if raw.startswith("dword:"):
        return int(raw[6:], 16)
    kind, _, data = raw.partition(":")
    octets = bytes(int(b, 16) for b in data.replace("\\", "").replace(" ", "").split(",") if b)
    if kind == "hex(7)":  # REG_MULTI_SZ, UTF-16LE, each string ended by NUL
        return [s for s in octets.decode("utf-16-le").split("\0") if s]
    return octets


class RegistryImage:
    def __init__(self, path: Path) -> None:
        self.keys: dict[str, dict[str, object]] = {}
        current: dict[str, object] | None = None
        text = path.read_text(encoding="utf-8")
        for line in re.sub(r"\\\n\s*", "", text).splitlines():
            line = line.strip()
            if line.startswith("[") and line.endswith("]"):
                name = line[1:-1]
                assert name.startswith(ROOT), name
                current = self.keys.setdefault(name[len(ROOT) :].lower(), {})
            elif current is not None and (m := _VALUE.match(line)):
                name = "" if m[1] == "@" else m[1][1:-1]
                current[name] = _decode(m[2])

    def values(self, path: str) -> dict[str, object]:
        try:
            return dict(self.keys[path.lower()])
        except KeyError:
            raise FileNotFoundError(path) from None
