"""Actions change things, and only after the person confirmed: one module per action.

Each module exposes:
- `plan(result: Result, ctx: ProbeContext) -> list[ActionPlan]`: what could be done for this
  finding, described exactly. It changes nothing; it reads nothing new from the system except
  what acting safely later needs (`close_app` records each process's start time, and never
  offers what must not be closed).
- `perform(plan: ActionPlan, dry_run: bool = False) -> ActionResult`: do it (or, with `dry_run`,
  say what would happen without changing anything).
A check names its action in the catalog (`action = "close_app"`).
"""
