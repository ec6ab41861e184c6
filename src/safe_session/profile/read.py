"""Reading a profile: `--profile FILE`, else `$SAFE_SESSION_PROFILE`, else the built-in one.

Anyone can send a profile, so reading one is bounded and every problem in it is reported with
file, line and key (`profile.validate`); its text is shown literally everywhere.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from safe_session.profile.model import BUILTIN, MAX_PROFILE_BYTES, Profile, toml_limits


def parse_profile(
    raw: bytes, name: str, source: Literal["file", "env"] = "file", stem: str | None = None
) -> Profile:
    """A profile from the bytes of its file; every problem is a DataError (a `ProfileError`
    listing all of them when the TOML itself is readable)."""
    from safe_session.data.toml_reading import parse_untrusted  # only when there is a profile file
    from safe_session.profile.validate import validate

    data, text = parse_untrusted(raw, name, toml_limits())
    parsed = validate(data, text, name)
    display = parsed.practice.name.strip() or (stem if stem is not None else Path(name).stem)
    return Profile(name=display, source=source, path=name, data=parsed)


def load_profile(path: Path, source: Literal["file", "env"] = "file") -> Profile:
    """Load and validate a profile file; every problem is a DataError with file, line and key."""
    from safe_session.data.toml_reading import read_bounded

    raw = read_bounded(path, str(path), MAX_PROFILE_BYTES)
    return parse_profile(raw, str(path), source, path.stem)


def resolve_profile(option: str | None) -> Profile:
    """`--profile FILE`, else `$SAFE_SESSION_PROFILE`, else the built-in profile."""
    if option:
        return load_profile(Path(option), "file")
    env = os.environ.get("SAFE_SESSION_PROFILE")
    if env:
        return load_profile(Path(env), "env")
    return BUILTIN
