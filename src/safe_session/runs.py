"""One whole run of a phase: select the checks, run them, and assemble the report."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import msgspec

from safe_session import __version__
from safe_session.data import load_catalog
from safe_session.data.catalog_types import Catalog
from safe_session.engine import Engine, OnResult, ProbeFn
from safe_session.model import Phase, Report, Result
from safe_session.platforms import current_os, release
from safe_session.probes.base import ProbeContext
from safe_session.selection import Selection, select


class RunOptions(msgspec.Struct):
    phase: Phase = "before"
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    no_audio: bool = False
    acoustic_test: bool = False
    confirmed: frozenset[str] = frozenset()
    ctx: ProbeContext = msgspec.field(default_factory=ProbeContext)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def plan(options: RunOptions, catalog: Catalog | None = None) -> Selection:
    return select(
        catalog or load_catalog(),
        options.phase,
        options.ctx.os_name,
        options.ctx.profile,
        options.only,
        options.skip,
        options.no_audio,
        options.acoustic_test,
    )


def run_phase(
    options: RunOptions,
    on_result: OnResult | None = None,
    probes: Mapping[str, ProbeFn] | None = None,
    catalog: Catalog | None = None,
) -> Report:
    started = now_iso()
    selection = plan(options, catalog)
    for skipped in selection.skipped:
        if on_result:
            on_result(skipped)
    engine = Engine(options.ctx, probes=probes)
    ran = engine.run(selection.run, options.confirmed, on_result)
    by_id: dict[str, Result] = {r.id: r for r in (*ran, *selection.skipped)}
    order = selection.order or tuple(s.id for s in (catalog or load_catalog()).checks)
    results = tuple(by_id[i] for i in order if i in by_id)
    return Report(
        phase=options.phase,
        started_at=started,
        finished_at=now_iso(),
        system=current_os(),
        release=release(),
        profile=options.ctx.profile.to_json(),
        results=results,
        version=__version__,
    )
