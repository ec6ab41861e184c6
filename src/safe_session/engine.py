"""Running checks: every probe a selection needs at once, each in its own thread with its own
timeout, then the pure rules. A probe that raises, hangs, lacks permission or returns nonsense
makes its checks "unknown" with a plain reason and never delays the others.

The engine never imports the UI; the UI runs it in a worker thread and gets results via
`on_result` as they come in.
"""

from __future__ import annotations

import importlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import msgspec

from safe_session.data.catalog_types import CheckSpec
from safe_session.model import Outcome, Result, Status, first_sentence
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.rules.base import Params

if TYPE_CHECKING:
    from safe_session.plan import Policy

ProbeFn = Callable[[ProbeContext], object]
RuleFn = Callable[[Any, Params], Outcome]
OnResult = Callable[[Result], None]


class _Done(msgspec.Struct):
    probe: str
    fact: object = None
    error: BaseException | None = None
    elapsed: float = 0.0


def load_probe(name: str) -> ProbeFn:
    """The `gather` of the probe a check names: `"wifi"` is `safe_session.probes.wifi.gather`,
    `"audio.ambient"` is `safe_session.probes.audio.ambient.gather` (see `catalog`)."""
    module = importlib.import_module(f"safe_session.probes.{name}")
    fn: ProbeFn = module.gather
    return fn


def load_rule(name: str) -> RuleFn:
    module_name, _, func = name.partition(".")
    module = importlib.import_module(f"safe_session.rules.{module_name}")
    fn: RuleFn = getattr(module, func)
    return fn


def probe_timeout(spec: CheckSpec, ctx: ProbeContext) -> float:
    """A listening check's time includes the listening itself."""
    return spec.timeout + (ctx.listen_seconds if spec.audio else 0.0)


def _reason_of(error: BaseException) -> tuple[str, str]:
    if isinstance(error, Unavailable):
        return error.reason, error.situation
    if isinstance(error, PermissionError):
        return "this computer did not give permission to look", "permission"
    if isinstance(error, FileNotFoundError):
        return "a tool or file it needs is missing", "missing_tool"
    if isinstance(error, ImportError):
        return f"part of safe-session is missing ({error.name or error})", "unknown"
    return f"something went wrong while looking ({type(error).__name__})", "unknown"


class Engine:
    """Runs a set of checks once. Reusable: call `run` again for "check again"."""

    def __init__(
        self,
        ctx: ProbeContext,
        policy: Policy | None = None,
        probes: Mapping[str, ProbeFn] | None = None,
        rules: Mapping[str, RuleFn] | None = None,
    ) -> None:
        self.ctx = ctx
        if policy is None:
            from safe_session.plan import Policy

            policy = Policy(os_name=ctx.os_name)
        self.policy = policy
        self._probes = dict(probes or {})
        self._rules = dict(rules or {})

    def _probe(self, name: str) -> ProbeFn:
        return self._probes.get(name) or load_probe(name)

    def _rule(self, name: str) -> RuleFn:
        return self._rules.get(name) or load_rule(name)

    def run(
        self,
        specs: Iterable[CheckSpec],
        confirmed: frozenset[str] = frozenset(),
        on_result: OnResult | None = None,
        head_start: HeadStart | None = None,
    ) -> list[Result]:
        """`head_start`: probes already started for this run (see `HeadStart`); the ones it
        holds are not started again, and their time limit counts from when they began."""
        specs = list(specs)
        order = {s.id: i for i, s in enumerate(specs)}
        results: dict[str, Result] = {}

        def emit(result: Result) -> None:
            results[result.id] = result
            if on_result is not None:
                on_result(result)

        by_probe: dict[str, list[CheckSpec]] = {}
        for spec in specs:
            if spec.kind == "confirm" or not spec.probe:
                emit(self._confirmation(spec, spec.id in confirmed))
            else:
                by_probe.setdefault(spec.probe, []).append(spec)

        # Listening probes start first: the listening is the longest wait, so it begins before
        # anything else is loaded, and the rest fits inside it. Their modules import little (numpy
        # comes once the sound flows). Every other probe and rule module is then imported here,
        # one after another, before their threads start: importing them in parallel threads only
        # contends for the import lock and the GIL, which made start-up slower. A module that
        # fails to import is left to its thread, which meets the same error again and reports the
        # checks as unknown.
        done: queue.Queue[_Done] = queue.Queue()
        deadlines: dict[str, float] = {}
        started: dict[str, float] = {}

        def launch(names: Iterable[str]) -> None:
            for name in names:
                started[name] = time.monotonic()
                limit = max(probe_timeout(s, self.ctx) for s in by_probe[name])
                deadlines[name] = started[name] + limit
                threading.Thread(
                    target=self._gather, args=(name, done), name=f"probe-{name}", daemon=True
                ).start()

        early = head_start.claim(by_probe, done) if head_start is not None else {}
        for name, began in early.items():
            started[name] = began
            deadlines[name] = began + max(probe_timeout(s, self.ctx) for s in by_probe[name])
        listening = [
            n for n, group in by_probe.items() if any(s.audio for s in group) and n not in early
        ]
        others = [n for n in by_probe if n not in listening and n not in early]
        for name in listening:
            self._preload(name, by_probe[name])
        launch(listening)
        for name in others:
            self._preload(name, by_probe[name])
        launch(others)

        pending = set(by_probe)
        while pending:
            now = time.monotonic()
            expired = [n for n in pending if deadlines[n] <= now]
            for name in expired:
                pending.discard(name)
                waited = deadlines[name] - started[name]
                for spec in by_probe[name]:
                    emit(
                        self._unknown(
                            spec,
                            f"it took longer than {waited:g} seconds to find out",
                            "timeout",
                            waited,
                        )
                    )
            if not pending:
                break
            wait = max(0.0, min(deadlines[n] for n in pending) - time.monotonic())
            try:
                item = done.get(timeout=wait)
            except queue.Empty:
                continue
            if item.probe not in pending:
                continue  # arrived after its deadline: already reported as unknown
            pending.discard(item.probe)
            for spec in by_probe[item.probe]:
                emit(self._judge(spec, item))
        return sorted(results.values(), key=lambda r: order[r.id])

    def _preload(self, name: str, group: list[CheckSpec]) -> None:
        try:
            if name not in self._probes:
                load_probe(name)
            for spec in group:
                if spec.rule and spec.rule not in self._rules:
                    load_rule(spec.rule)
        except Exception:
            pass  # the probe's thread or the rule's judging reports it as unknown

    def _gather(self, name: str, done: queue.Queue[_Done]) -> None:
        began = time.monotonic()
        try:
            fact = self._probe(name)(self.ctx)
            done.put(_Done(name, fact=fact, elapsed=time.monotonic() - began))
        except BaseException as exc:
            done.put(_Done(name, error=exc, elapsed=time.monotonic() - began))

    def _judge(self, spec: CheckSpec, item: _Done) -> Result:
        began = time.monotonic()
        if item.error is not None:
            reason, situation = _reason_of(item.error)
            return self._unknown(spec, reason, situation, item.elapsed)
        try:
            outcome = self._rule(spec.rule or "")(item.fact, self.policy.params_for(spec))
            if not isinstance(outcome, Outcome):
                raise TypeError("a rule returned something that is not an outcome")
        except Exception as exc:
            return self._unknown(
                spec,
                f"what was found could not be understood ({type(exc).__name__})",
                "unknown",
                item.elapsed,
            )
        elapsed = item.elapsed + (time.monotonic() - began)
        status = outcome.status
        if status is Status.WARN and self.policy.is_stricter(spec.id):
            status = Status.FAIL
        advice: tuple[str, ...] = ()
        if status in (Status.WARN, Status.FAIL, Status.UNKNOWN):
            advice = (
                outcome.advice
                if outcome.advice is not None
                else spec.advice_for(
                    outcome.situation,
                    self.ctx.os_name,
                    ("unknown", "default") if status is Status.UNKNOWN else ("default",),
                )
            )
        headline = outcome.headline or (
            spec.could_not if status is Status.UNKNOWN else first_sentence(outcome.summary)
        )
        return Result(
            spec.id,
            spec.title,
            status,
            outcome.summary,
            spec.details_with(outcome.details),
            advice,
            elapsed * 1000,
            headline,
            outcome.safety_note,
        )

    def _unknown(self, spec: CheckSpec, reason: str, situation: str, elapsed: float) -> Result:
        summary = f"Could not check: {reason}."
        return Result(
            spec.id,
            spec.title,
            Status.UNKNOWN,
            summary,
            spec.details_with({"reason": reason}),
            spec.advice_for(situation, self.ctx.os_name, ("unknown", "default")),
            elapsed * 1000,
            spec.could_not,
        )

    def _confirmation(self, spec: CheckSpec, confirmed: bool) -> Result:
        """The plan worded the question already (the portal's name filled in)."""
        question = spec.question or spec.title
        if confirmed:
            return Result(
                spec.id,
                spec.title,
                Status.PASS,
                f"You confirmed: {question}",
                {"confirmed": True},
                headline=spec.title,
            )
        return Result(  # not answered yet: the row says the question, as the screen does
            spec.id,
            spec.title,
            Status.MANUAL,
            question,
            {"confirmed": False},
            spec.advice_for("default", self.ctx.os_name),
            headline=question,
        )


class HeadStart:
    """The listening, started before the screen that shows it is drawn.

    Listening is the longest wait of a run, and drawing the first screen takes a third of a
    second: started first, the listening runs while the screen is drawn, and every result is
    shown that much sooner. What the listening can put off waits until `screen_drawn` (see
    `ProbeContext.defer_until`), so the screen is not drawn later for it. The first run that
    needs a probe held here takes its result rather than starting it again ("check again"
    starts afresh). The live level goes to whoever `follow_levels` names, once the screen is
    there to show it.
    """

    def __init__(
        self,
        ctx: ProbeContext,
        names: Iterable[str],
        probes: Mapping[str, ProbeFn] | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._levels: Callable[[float], None] | None = None
        self._results: dict[str, queue.Queue[_Done]] = {}
        self._began: dict[str, float] = {}
        self._drawn = threading.Event()
        engine = Engine(replace(ctx, on_level=self._level, defer_until=self._drawn), probes=probes)
        for name in dict.fromkeys(names):
            self._results[name] = queue.Queue(maxsize=1)
            self._began[name] = time.monotonic()
            threading.Thread(
                target=engine._gather,
                args=(name, self._results[name]),
                name=f"probe-{name}",
                daemon=True,
            ).start()

    @classmethod
    def listening(
        cls,
        specs: Iterable[CheckSpec],
        ctx: ProbeContext,
        probes: Mapping[str, ProbeFn] | None = None,
    ) -> HeadStart | None:
        """The listening probes among `specs`, started now; None when there are none. A test
        that plays a sound is never started before the screen can say so."""
        names = [s.probe for s in specs if s.audio and s.probe and s.opt_in is None]
        return cls(ctx, names, probes) if names else None

    @property
    def names(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._results)

    def follow_levels(self, on_level: Callable[[float], None] | None) -> None:
        self._levels = on_level

    def screen_drawn(self) -> None:
        """The first screen is up: what the listening put off so as not to slow it (loading
        its analysis) may run now."""
        self._drawn.set()

    def _level(self, dbfs: float) -> None:
        follower = self._levels
        if follower is not None:
            follower(dbfs)

    def claim(self, wanted: Mapping[str, object], done: queue.Queue[_Done]) -> dict[str, float]:
        """Hand the probes of `wanted` held here over to a run: each one's result goes to
        `done` when it comes. Returns when each began; a probe is handed over once."""
        with self._lock:
            taken = {n: self._results.pop(n) for n in list(self._results) if n in wanted}
        for results in taken.values():
            threading.Thread(
                target=lambda r=results: done.put(r.get()), name="head-start", daemon=True
            ).start()
        return {name: self._began[name] for name in taken}
