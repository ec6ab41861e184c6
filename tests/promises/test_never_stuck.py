"""Fault injection over every probe in the catalog: raises, hangs, permission denied, tool missing,
garbage. The report stays complete, every affected check is unknown with its reason, the others
are untouched, and the run ends within the timeout budget."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from safe_session.data import load_catalog
from safe_session.data.catalog_types import CheckSpec
from safe_session.engine import Engine, ProbeFn, probe_timeout
from safe_session.model import Status
from safe_session.probes.base import ProbeContext, Unavailable

GATE = threading.Event()


def _hang(ctx: ProbeContext) -> object:
    GATE.wait(120)
    return None


def _raise(exc: BaseException) -> ProbeFn:
    def probe(ctx: ProbeContext) -> object:
        raise exc

    return probe


FAULTS: dict[str, tuple[ProbeFn, str]] = {
    "raises": (_raise(RuntimeError("boom")), "something went wrong while looking"),
    "permission": (_raise(PermissionError(13, "Permission denied")), "did not give permission"),
    "missing_tool": (
        _raise(Unavailable("the tool `x` is not installed", "missing_tool")),
        "is not installed",
    ),
    "garbage": (lambda ctx: b"\xff\x00 nonsense \x1b[2J", "could not be understood"),
    "hangs": (_hang, "took longer than"),
}


def automatic() -> list[CheckSpec]:
    return [c for c in load_catalog().checks if c.kind == "auto" and c.probe]


def probe_names() -> list[str]:
    return sorted({c.probe for c in automatic() if c.probe})


CTX = ProbeContext(listen_seconds=0.5)


@pytest.mark.parametrize("fault", list(FAULTS))
def test_every_probe_failing_at_once_still_gives_a_complete_report(fault: str) -> None:
    GATE.clear()
    probe, words = FAULTS[fault]
    specs = automatic()
    start = time.monotonic()
    results = Engine(CTX, probes={name: probe for name in probe_names()}).run(specs)
    elapsed = time.monotonic() - start
    GATE.set()
    assert [r.id for r in results] == [s.id for s in specs]
    for r in results:
        assert r.status is Status.UNKNOWN, r
        assert words in r.summary and r.details.get("reason"), r
        assert r.advice, f"{r.id}: an unknown result should still say what to do"
    budget = max(probe_timeout(s, CTX) for s in specs)
    assert elapsed < budget + 2.0


@pytest.mark.parametrize("broken", probe_names())
def test_one_broken_probe_leaves_the_others_alone(broken: str) -> None:
    specs = automatic()
    calls: dict[str, int] = {}

    def healthy(name: str) -> Callable[[ProbeContext], object]:
        def probe(ctx: ProbeContext) -> object:
            calls[name] = calls.get(name, 0) + 1
            raise Unavailable(f"healthy stand-in for {name}")

        return probe

    probes = {name: healthy(name) for name in probe_names()}
    probes[broken] = FAULTS["raises"][0]
    results = Engine(CTX, probes=probes).run(specs)
    for r, spec in zip(results, specs, strict=True):
        assert r.status is Status.UNKNOWN
        if spec.probe == broken:
            assert "something went wrong" in r.summary
        else:
            assert f"healthy stand-in for {spec.probe}" in r.summary
    assert set(calls) == set(probe_names()) - {broken}
