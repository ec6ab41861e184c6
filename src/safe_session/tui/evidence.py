"""A result's `details` (the evidence) as plain lines a person can read.

Every value is system text, so each passes through `inert`; the caller shows the lines without
markup. Long lists are cut short with a count of what was left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from safe_session.text import inert

MAX_ITEMS = 25
HIDDEN_KEYS = frozenset({"confirmed"})


def _label(key: object) -> str:
    text = inert(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _value(value: object) -> str:
    if value is None:
        return "not known"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        return ", ".join(f"{_label(k).lower()}: {_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value) or "none"
    return inert(value)


def evidence_lines(details: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    for key, value in details.items():
        if key in HIDDEN_KEYS:
            continue
        if isinstance(value, list | tuple) and any(isinstance(v, Mapping) for v in value):
            lines.append(f"{_label(key)}:")
            lines.extend(f"  • {_value(item)}" for item in value[:MAX_ITEMS])
            if len(value) > MAX_ITEMS:
                lines.append(f"  … and {len(value) - MAX_ITEMS} more")
        elif isinstance(value, Mapping):
            lines.append(f"{_label(key)}:")
            lines.extend(f"  {_label(k)}: {_value(v)}" for k, v in list(value.items())[:MAX_ITEMS])
        else:
            lines.append(f"{_label(key)}: {_value(value)}")
    return lines
