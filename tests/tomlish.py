"""Writing TOML from tests, and Hypothesis strategies for TOML-ish profiles.

`toml_string` escapes what TOML requires (so a test can put any hostile string in a profile);
the strategies build both well-formed TOML around the profile's own keys and near-TOML text, so
fuzzing reaches the validator and not only the parser.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from hypothesis import strategies as st

from tests.hostile import HOSTILE_STRINGS


def toml_string(value: str) -> str:
    """A TOML basic string holding exactly `value`."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)  # nan, inf and -inf are TOML too
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
        )
    raise TypeError(type(value))


def toml_key(key: str) -> str:
    return (
        key
        if key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key)
        else toml_string(key)
    )


def render_toml(data: dict[str, Any]) -> str:
    """A TOML document for `data`: plain keys, then `[tables]`, then `[[arrays of tables]]`."""
    lines: list[str] = []
    tables: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append(f"\n[{toml_key(key)}]")
            tables.extend(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                tables.append(f"\n[[{toml_key(key)}]]")
                tables.extend(f"{toml_key(k)} = {toml_value(v)}" for k, v in item.items())
        else:
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    return "\n".join([*lines, *tables]) + "\n"


# -- strategies -----------------------------------------------------------------------------------

SECTIONS = ("practice", "platform", "checks", "thresholds")
KEYS = (
    "name",
    "contact",
    "domains",
    "apps",
    "off",
    "stricter",
    "browser_tabs",
    "browsers",
    "noise_quiet_dbfs",
    "noise_noisy_dbfs",
    "text",
    "title",
    "why",
    "about",
    "language",
    "confirm",
    "after_step",
)
CHECK_IDS = (
    "apps.monitoring",
    "apps.browsers",
    "system.other_sessions",
    "room.private",
    "network.wifi",
    "after.downloads",
)

texts = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.sampled_from(CHECK_IDS),
    st.sampled_from(("clientsecure.me", "https://x.org/a", "*.x.org", "en", "de", "room", "")),
    st.text(max_size=40),
    st.builds(lambda ch, n: ch * n, st.characters(codec="utf-8"), st.integers(90, 600)),
)
scalars = st.one_of(
    texts,
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(),
    st.dates(),
    st.times(),
)
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=4),
    ),
    max_leaves=8,
)
keys = st.one_of(st.sampled_from(KEYS), st.sampled_from(SECTIONS), st.text(max_size=12))

# Profile-shaped data: the real sections and keys, with any values at all.
profile_data: st.SearchStrategy[dict[str, Any]] = st.dictionaries(
    st.one_of(st.sampled_from((*SECTIONS, "confirm", "after_step", "language")), keys),
    st.one_of(
        st.dictionaries(keys, values, max_size=5),
        st.lists(st.dictionaries(keys, values, max_size=4), max_size=12),
        values,
    ),
    max_size=6,
)


def _line(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return f"[{draw(st.sampled_from(SECTIONS))}]"
    if kind == 1:
        return f"[[{draw(st.sampled_from(('confirm', 'after_step', 'practice')))}]]"
    if kind == 2:  # near-TOML noise: brackets, quotes, escapes, half lines
        return draw(
            st.text(alphabet="[]{}\"'=.,#\\ \tabcu0123x\n", max_size=30)
            | st.sampled_from(('"""', "'''", "[" * 50, "{a=" * 30, 'a = "\\u001b"'))
        )
    return f"{toml_key(draw(keys))} = {toml_value(draw(values))}"


@st.composite
def tomlish_text(draw: st.DrawFn) -> str:
    """Lines of TOML and near-TOML around a profile's keys."""
    return "\n".join(_line(draw) for _ in range(draw(st.integers(0, 14))))
