"""`safe-session profile validate FILE`: name every problem, or say what the profile changes."""

from __future__ import annotations

import sys
from pathlib import Path

from safe_session.model import EXIT_USAGE
from safe_session.profile import load_profile
from safe_session.text import inert
from safe_session.toml_errors import DataError


def validate_command(path: str) -> int:
    try:
        profile = load_profile(Path(path))
    except DataError as exc:
        print(f"safe-session: profile: {inert(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    data = profile.data
    lines = [f"{inert(path)}: valid profile for {inert(profile.name)}."]
    if data.platform.name or data.platform.domains:
        lines.append(
            f"Platform: {inert(data.platform.name) or '(unnamed)'}; portal: "
            + (", ".join(inert(d) for d in data.platform.domains) or "(none)")
        )
    for check_id in data.checks.off:
        lines.append(f"Switches off: {inert(check_id)}")
    for check_id in data.checks.stricter:
        lines.append(f"Makes stricter (a caution becomes a problem): {inert(check_id)}")
    print("\n".join(lines))
    return 0
