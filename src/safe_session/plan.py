"""The run plan: the ONE place that decides what a run shows and does.

Made once from the catalog, the profile and the person's options, it holds every row in report
order (the catalog's checks for this phase and system, then the profile's own questions and
steps), why any row is left out, and every question's final wording (the portal's name is filled
in here, once). The command line, the plain and JSON reports and the screens all read it; none
of them consults the catalog to decide what to show.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import msgspec

from safe_session.data import load_catalog
from safe_session.data.catalog_types import AdviceSet, Catalog, CheckSpec
from safe_session.model import OSName, Phase, Result, Status
from safe_session.platforms import current_os
from safe_session.probes.base import DEFAULT_LISTEN_SECONDS, ProbeContext
from safe_session.profile import BUILTIN, Profile
from safe_session.rules.base import Params

PORTAL_PLACEHOLDER = "{portal}"
UNNAMED_PORTAL = "your therapy portal"
NO_PORTAL = (
    "Not checked: no portal address was given (a profile from your therapist names it, "
    "or add --domain)."
)


class SelectionError(ValueError):
    """An `--only`/`--skip` name that matches no check."""


class RunOptions(msgspec.Struct, frozen=True):
    """What the person (or a clinic's script) asked for."""

    phase: Phase = "before"
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    no_audio: bool = False
    acoustic_test: bool = False
    confirmed: frozenset[str] = frozenset()
    profile: Profile = BUILTIN
    os_name: OSName = msgspec.field(default_factory=current_os)
    listen_seconds: float = DEFAULT_LISTEN_SECONDS
    since: datetime | None = None
    domains: tuple[str, ...] = ()


class Policy(msgspec.Struct, frozen=True):
    """The run's policy, which the engine applies to what the rules find: the profile's
    thresholds and stricter checks. Probes never see it."""

    profile: Profile = BUILTIN
    os_name: OSName = "linux"

    def params_for(self, spec: CheckSpec) -> Params:
        values: dict[str, object] = dict(spec.params)
        values.update(self.profile.params_for(spec.id))
        return Params(values, Status(spec.severity), self.os_name)

    def is_stricter(self, check_id: str) -> bool:
        return self.profile.is_stricter(check_id)


class PlannedCheck(msgspec.Struct, frozen=True):
    """One row: the check with its final wording, and why it does not run (None: it runs)."""

    spec: CheckSpec
    skipped: str | None = None
    # Left out only until the person asks for it (the tone test, without --acoustic-test):
    # the screen may still run it when they choose it there.
    waits_to_be_asked: bool = False

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def is_confirm(self) -> bool:
        return self.spec.kind == "confirm"

    @property
    def asks(self) -> str:
        """What the person is asked (confirmations), else the check's title."""
        return self.spec.question or self.spec.title

    def skipped_result(self) -> Result:
        assert self.skipped is not None
        return Result(
            self.id, self.spec.title, Status.SKIPPED, self.skipped, self.spec.details_with()
        )


class RunPlan(msgspec.Struct, frozen=True):
    """Everything a run shows, in order, and what its probes are given."""

    phase: Phase
    rows: tuple[PlannedCheck, ...]
    policy: Policy
    inputs: ProbeContext
    confirmed: frozenset[str] = frozenset()
    sound: bool = True  # may this run listen or play sound (False with --no-audio)

    @property
    def profile(self) -> Profile:
        return self.policy.profile

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rows)

    def to_run(self) -> tuple[CheckSpec, ...]:
        """The checks to run (the profile's questions included: they are judged at once)."""
        return tuple(r.spec for r in self.rows if r.skipped is None)

    def skipped(self) -> tuple[Result, ...]:
        return tuple(r.skipped_result() for r in self.rows if r.skipped is not None)

    def get(self, check_id: str) -> PlannedCheck | None:
        return next((r for r in self.rows if r.id == check_id), None)

    def with_inputs(self, inputs: ProbeContext) -> RunPlan:
        return msgspec.structs.replace(self, inputs=inputs)


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


def make_plan(options: RunOptions, catalog: Catalog | None = None) -> RunPlan:
    """The plan for one run. Raises SelectionError for an `--only`/`--skip` that names no
    check of this phase."""
    catalog = catalog or load_catalog()
    profile, phase = options.profile, options.phase
    specs = [s for s in catalog.phase(phase) if options.os_name in s.platforms]
    known = {s.id for s in catalog.checks}
    specs.extend(s for s in profile_specs(profile, phase) if s.id not in known)
    _check_known(options.only, specs, "--only")
    _check_known(options.skip, specs, "--skip")
    portal = profile.data.platform.name.strip() or UNNAMED_PORTAL
    rows: list[PlannedCheck] = []
    asked_for = msgspec.structs.replace(options, acoustic_test=True)  # the tone test, chosen
    for spec in specs:
        if options.only and not any(matches(spec.id, p) for p in options.only):
            continue
        skipped = _skip_reason(spec, options)
        askable = skipped is not None and _skip_reason(spec, asked_for) is None
        rows.append(PlannedCheck(_worded(spec, portal), skipped, askable))
    inputs = ProbeContext(
        os_name=options.os_name,
        listen_seconds=options.listen_seconds,
        since=options.since,
        domains=options.domains,
        extra_apps=tuple(profile.data.platform.apps),
    )
    policy = Policy(profile, options.os_name)
    return RunPlan(
        phase, tuple(rows), policy, inputs, options.confirmed, sound=not options.no_audio
    )


def _skip_reason(spec: CheckSpec, options: RunOptions) -> str | None:
    if any(matches(spec.id, p) for p in options.skip):
        return "Not checked: left out with --skip."
    if options.profile.is_off(spec.id):
        return f"Not checked: switched off by the profile of {options.profile.name}."
    if spec.audio and options.no_audio:
        return "Not checked: sound checks are off (--no-audio)."
    if spec.opt_in == "acoustic_test" and not options.acoustic_test:
        return "Not checked: this test plays a short tone, so it runs only when asked for."
    if spec.needs == "domains" and not options.domains:
        return NO_PORTAL
    return None


def _worded(spec: CheckSpec, portal: str) -> CheckSpec:
    """A confirmation's words with the portal's name filled in, once, here."""
    if spec.kind != "confirm":
        return spec

    def name(text: str) -> str:
        return text.replace(PORTAL_PLACEHOLDER, portal)

    advice = {
        situation: AdviceSet(
            all=[name(a) for a in steps.all],
            linux=[name(a) for a in steps.linux],
            macos=[name(a) for a in steps.macos],
            windows=[name(a) for a in steps.windows],
        )
        for situation, steps in spec.advice.items()
    }
    return msgspec.structs.replace(
        spec,
        title=name(spec.title),
        question=name(spec.question or spec.title),
        advice=advice,
    )


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
