"""`safe-session profile validate FILE...`: for each file, name every problem, or say what the
profile changes.

Everything printed that came from the profile or its file name passes through `inert`, so markup
and escape sequences in a profile are shown, never acted on by the terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from safe_session.data import load_catalog
from safe_session.data.catalog_types import Catalog
from safe_session.data.toml_errors import DataError
from safe_session.data.toml_reading import read_bounded
from safe_session.model import EXIT_USAGE, Phase
from safe_session.profile.model import (
    LANGUAGES,
    MAX_PROFILE_BYTES,
    PROTECTED,
    THRESHOLD_PARAMS,
    Profile,
)
from safe_session.profile.read import parse_profile
from safe_session.text import inert

STEP_WORDS: tuple[tuple[Phase, str], ...] = (
    ("before", "Extra confirmation"),
    ("after", "Extra after-session step"),
)
# What each threshold means, for people.
THRESHOLD_WORDS: dict[str, str] = {
    "browser_tabs": "a caution when more browser tabs are open than {value}",
    "browsers": "a caution when more browsers are open than {value}",
    "noise_quiet_dbfs": "the room counts as quiet below {value} dBFS",
    "noise_noisy_dbfs": "the room counts as noisy above {value} dBFS",
}


def validate_command(paths: Sequence[str]) -> int:
    """Validate each file in turn (a shell's `*.toml` gives several): exit 0 when every one is
    valid, 2 when any is not or cannot be read. With several, a last line sums them up."""
    catalog = load_catalog()
    refused: list[str] = []
    described = 0
    for path in paths:
        lines = _validate_one(path, catalog, several=len(paths) > 1)
        if lines is None:
            refused.append(path)
            continue
        print("\n".join(["", *lines] if described else lines), flush=True)
        described += 1
    if len(paths) > 1:
        valid = len(paths) - len(refused)
        if refused:
            names = ", ".join(inert(p) for p in refused)
            print(
                f"safe-session: {valid} of {len(paths)} profiles are valid; not valid: {names}.",
                file=sys.stderr,
            )
        else:
            print(f"All {len(paths)} profiles are valid.")
    return EXIT_USAGE if refused else 0


def _validate_one(path: str, catalog: Catalog, *, several: bool) -> list[str] | None:
    """What one valid file changes, or None after printing every problem in it (stderr).
    A file that cannot be read at all (missing, a folder, too big) is one line: there are no
    lines in it to fix."""
    try:
        raw = read_bounded(Path(path), path, MAX_PROFILE_BYTES)
    except DataError as exc:
        print(f"safe-session: {inert(str(exc))}", file=sys.stderr, flush=True)
        return None
    try:
        profile = parse_profile(raw, path, "file", Path(path).stem)
    except DataError as exc:
        problems: tuple[DataError, ...] = getattr(exc, "problems", (exc,))
        more: int = getattr(exc, "more", 0)
        for problem in problems:
            print(inert(str(problem)), file=sys.stderr)
        count = len(problems) + more
        if more:
            print(f"... and {more} more problems.", file=sys.stderr)
        noun = "problem" if count == 1 else "problems"
        which = inert(path) if several else "this profile"
        print(
            f"safe-session: {which} is not valid ({count} {noun}); "
            "fix the lines above and validate it again.",
            file=sys.stderr,
            flush=True,
        )
        return None
    return describe(profile, path, catalog)


def describe(profile: Profile, path: str, catalog: Catalog) -> list[str]:
    """What the profile changes, in plain lines; every profile string made inert."""
    data = profile.data
    lines = [f"{inert(path)}: a valid profile, for {inert(profile.name)}.", "It changes this:"]
    changes: list[str] = []
    if data.practice.contact:
        changes.append(f"Contact line shown to the person: {inert(data.practice.contact)}")
    if data.platform.name or data.platform.domains:
        portal = ", ".join(inert(d) for d in data.platform.domains) or "(none)"
        changes.append(
            f"Platform: {inert(data.platform.name) or '(unnamed)'}; portal domains, for the "
            f"logout step and the browser history check after the session: {portal}"
        )
    if data.platform.apps:
        apps = ", ".join(inert(a) for a in data.platform.apps)
        changes.append(f"The platform's apps, looked for after the session: {apps}")
    for check_id in data.checks.off:
        changes.append(f"Switched off: {_check(check_id, catalog)}")
    for check_id in data.checks.stricter:
        changes.append(f"Made stricter (a caution becomes a problem): {_check(check_id, catalog)}")
    for key, words in THRESHOLD_WORDS.items():
        value = getattr(data.thresholds, key)
        if value is not None:
            target = THRESHOLD_PARAMS[key][0]
            changes.append(f"Threshold: {words.format(value=f'{value:g}')} ({target})")
    for phase, label in STEP_WORDS:
        for step in profile.extra_steps(phase):
            changes.append(f"{label} {step.id}: {inert(step.title)}: {inert(step.text)}")
    lines.extend(f"- {c}" for c in changes or ["nothing: it works like the built-in profile"])
    lines.append(
        f"Language: {LANGUAGES[data.language]} ({inert(data.language)}); "
        f"languages available so far: {_languages()}."
    )
    lines.append("Always checked, whatever a profile says: " + ", ".join(sorted(PROTECTED)) + ".")
    lines.append("Nothing in a profile is run, fetched or opened; its text is shown as written.")
    return lines


def _check(check_id: str, catalog: Catalog) -> str:
    spec = catalog.get(check_id)
    if spec is None:
        return f"{inert(check_id)} (not in this version of safe-session: no effect here)"
    return f"{inert(check_id)} ({inert(spec.title)})"


def _languages() -> str:
    return ", ".join(f"{name} ({code})" for code, name in LANGUAGES.items())
