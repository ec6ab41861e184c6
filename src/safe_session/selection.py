"""Choosing which checks run: phase, `--only`/`--skip`, `--no-audio`, opt-ins, profile, system."""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from safe_session.data.catalog_types import Catalog, CheckSpec
from safe_session.model import OSName, Phase, Result, Status
from safe_session.profile import Profile


class SelectionError(ValueError):
    """An `--only`/`--skip` name that matches no check."""


class Selection(msgspec.Struct, frozen=True):
    run: tuple[CheckSpec, ...]
    skipped: tuple[Result, ...]
    order: tuple[str, ...] = ()  # every id considered, in report order (catalog, then profile)


def matches(check_id: str, pattern: str) -> bool:
    return check_id == pattern or check_id.startswith(pattern + ".")


def parse_ids(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(p.strip() for p in value.split(",") if p.strip())


def _check_known(patterns: Iterable[str], specs: Iterable[CheckSpec], option: str) -> None:
    ids = [s.id for s in specs]
    for pattern in patterns:
        if not any(matches(i, pattern) for i in ids):
            raise SelectionError(f"{option}: no check is called {pattern!r}")


def select(
    catalog: Catalog,
    phase: Phase,
    os_name: OSName,
    profile: Profile,
    only: tuple[str, ...] = (),
    skip: tuple[str, ...] = (),
    no_audio: bool = False,
    acoustic_test: bool = False,
) -> Selection:
    specs = [s for s in catalog.phase(phase) if os_name in s.platforms]
    known = {s.id for s in catalog.checks}
    specs.extend(s for s in profile_specs(profile, phase) if s.id not in known)
    _check_known(only, specs, "--only")
    _check_known(skip, specs, "--skip")
    run: list[CheckSpec] = []
    skipped: list[Result] = []
    for spec in specs:
        if only and not any(matches(spec.id, p) for p in only):
            continue
        reason = None
        if any(matches(spec.id, p) for p in skip):
            reason = "Not checked: left out with --skip."
        elif profile.is_off(spec.id):
            reason = f"Not checked: switched off by the profile of {profile.name}."
        elif spec.audio and no_audio:
            reason = "Not checked: sound checks are off (--no-audio)."
        elif spec.opt_in == "acoustic_test" and not acoustic_test:
            reason = "Not checked: this test plays a short tone, so it runs only when asked for."
        if reason:
            skipped.append(Result(spec.id, spec.title, Status.SKIPPED, reason, spec.details_with()))
        else:
            run.append(spec)
    return Selection(tuple(run), tuple(skipped), tuple(s.id for s in specs))


def profile_specs(profile: Profile, phase: Phase) -> tuple[CheckSpec, ...]:
    """The profile's own confirmations (before) or after-session steps (after), as checks the
    person confirms: `manual` rows until they do, like the catalog's `room.*` questions."""
    return tuple(
        CheckSpec(
            id=step.id,
            title=step.title,
            why=step.why,
            phase=step.phase,
            kind="confirm",
            question=step.text,
        )
        for step in profile.extra_steps(phase)
    )
