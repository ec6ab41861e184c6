"""Actions change things, and only after the person confirmed: one module per action.

Each module exposes:
- `plan(result: Result, ctx: ProbeContext) -> list[ActionPlan]`: what could be done for this
  finding, described exactly (pure; reads nothing new from the system).
- `perform(plan: ActionPlan, dry_run: bool = False) -> ActionResult`: do it (or, with `dry_run`,
  say what would happen without changing anything).
A check names its action in the catalog (`action = "close_app"`).
"""
