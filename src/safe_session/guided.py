"""`safe-session after --guided`: the after-session tidy-up as plain-text questions, for people
who use a screen reader (and anyone who prefers a plain terminal).

It runs the after checks, prints the plain report, then asks about each tidy-up step the screen
would offer, one line at a time: "Move worksheet.pdf to the Trash? [y/N]". Only an answer of
"y" does it, through the same action plans and the same refusals as the screen's
confirmations; anything else, an empty line or the end of the input, is no. Nothing is ever
done without an answer read from the input. At the end it says what was done and what was left.
"""

from __future__ import annotations

from typing import TextIO

from safe_session.actions.base import ActionModule, ActionPlan, ActionResult, load_action
from safe_session.actions.offer import plans_for
from safe_session.model import Result
from safe_session.plan import RunPlan
from safe_session.report import to_plain
from safe_session.runs import run_plan
from safe_session.text import inert

YES = ("y",)  # as the contract says: only "y" (or "Y") does a step
WIDTH = 78
MAX_TARGETS_SAID = 10


def _say(out: TextIO, text: str = "", indent: str = "") -> None:
    """A line (or a paragraph, wrapped for the terminal under `indent`), written at once."""
    if "\n" not in text and len(indent + text) > WIDTH:
        import textwrap

        text = "\n".join(
            textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent)
        )
    else:
        text = indent + text
    out.write(text + "\n")
    out.flush()


def _ask(question: str, answers: TextIO, out: TextIO) -> bool | None:
    """True on y, False on anything else; None when the input has ended (stop asking)."""
    out.write(f"{question} [y/N] ")
    out.flush()
    line = answers.readline()
    if not line:
        _say(out)
        return None
    return line.strip().lower() in YES


def _describe(plan: ActionPlan, out: TextIO) -> None:
    _say(out, inert(plan.description))
    shown = plan.targets[:MAX_TARGETS_SAID]
    for target in shown:
        _say(out, f"  - {inert(target)}")  # a path stays on one line, as it is
    more = len(plan.targets) - len(shown)
    if more > 0:
        _say(out, f"  and {more} more")


def _perform(module: ActionModule, plan: ActionPlan) -> ActionResult:
    try:
        return module.perform(plan)
    except Exception as exc:  # as on the screen: a failure is said, never raised
        return ActionResult(False, f"it could not be done ({type(exc).__name__})")


def _steps(plan: RunPlan, results: tuple[Result, ...]) -> list[tuple[Result, ActionPlan]]:
    steps: list[tuple[Result, ActionPlan]] = []
    for result in results:
        row = plan.get(result.id)
        offered, _ = plans_for(row.spec.action if row else None, result, plan.inputs, load_action)
        steps.extend((result, p) for p in offered)
    return steps


def run_guided(plan: RunPlan, answers: TextIO, out: TextIO) -> int:
    """Run the after checks, ask about each step, do the ones answered y. Exit code 0."""
    report = run_plan(plan)
    _say(out, to_plain(report, portal=plan.portal).rstrip("\n"))
    steps = _steps(plan, report.results)
    _say(out)
    if not steps:
        _say(out, "Nothing here can be tidied up for you. The steps above say what to do by hand.")
        return 0
    _say(out, f"Tidying up: {len(steps)} step{'s' if len(steps) != 1 else ''}, one at a time.")
    _say(out, "Answer y to do a step; anything else leaves it as it is.")
    done: list[str] = []  # what each action said it did
    left: list[str] = []  # the steps left as they were
    ended = False
    for number, (result, step) in enumerate(steps, 1):
        label = inert(step.label)
        if ended:
            left.append(label)
            continue
        _say(out)
        _say(out, f"Step {number} of {len(steps)}: {inert(result.finding)}")
        _describe(step, out)
        answer = _ask(f"{label}?", answers, out)
        if answer is None:
            ended = True
            left.append(label)
            continue
        if not answer:
            _say(out, "Left as it is.")
            left.append(label)
            continue
        _say(out, inert(step.working))
        outcome = _perform(load_action(step.action), step)
        word = "Done" if outcome.ok else "Not done"
        _say(out, f"{word}: {inert(outcome.message)}")
        for item in outcome.failed:
            _say(out, f"  could not: {inert(item)}")
        if outcome.ok:
            done.append(inert(outcome.message))
        else:
            left.append(label)
    _say(out)
    if ended:
        _say(out, "No more answers came, so the remaining steps were left as they are.")
    _say(out, "What was done:" if done else "Nothing was done.")
    for line in done:
        _say(out, f"- {line}", "  ")
    if left:
        _say(out, "Left as it was:")
        for line in left:
            _say(out, f"- {line}", "  ")
    return 0
