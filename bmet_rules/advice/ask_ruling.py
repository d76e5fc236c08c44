"""Ask the certifying body first, when its ruling would shorten a goal.

A plan is made on what is settled: a value a certifying body decides case by case (does an
AAS in radiologic technology count for the CBET?) is read as "no", so the goal's plan takes
the route that does not turn on it. When the ruling going the person's way would make the
goal's plan shorter, the first thing a counsellor says is to ask: "Ask ACI whether ...: if
yes, the goal in 0.5 years by ...; if not, 2.5 years by ...". The shorter plan is found by
evaluating the profile again with the body's answers (``ruling.RULE.FIELD``) set to yes and
planning the goal on that.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..evaluator import Firing
from ..knowledge import KnowledgeBase
from ..profile import Profile
from ..results import NextStep, Outcome
from .planner import Plan, Planner
from .text import when


def ruling_asks(
    kb: KnowledgeBase,
    planner: Planner,
    firing: Firing,
    outcomes: Sequence[Outcome],
    goal_plans: Sequence[Plan],
) -> list[NextStep]:
    """One "Ask BODY ..." step per goal whose plan a pending ruling would shorten."""
    pending = {
        f"ruling.{g.rule}.{g.field}": g
        for o in outcomes if o.status == "needs_info"
        for g in o.gaps if g.kind == "ruling" and g.rule
    }  # fmt: skip
    pending = {name: g for name, g in pending.items() if name in kb.fields}
    if not pending:
        return []
    status = {o.id: o.status for o in outcomes}
    answered: dict[str, Any] | None = None
    out: list[NextStep] = []
    for plan in goal_plans:
        if status.get(plan.target) in ("held", "eligible", "needs_info"):
            continue  # open, or asked already (its own gap says what to ask)
        if answered is None:
            given = {k: v for k, v in firing.values.items()
                     if k in kb.fields and not kb.fields[k].derived}  # fmt: skip
            given.update(dict.fromkeys(pending, True))
            answered = dict(planner._evaluator.run(Profile("ruling", given)).values)
        yes = planner.plan(plan.target, answered)
        if yes.years is None or (plan.years is not None and yes.years >= plan.years - 1e-9):
            continue
        gaps = list({g.message: g for g in pending.values()}.values())
        body = gaps[0].message.split(" decides ")[0]
        notes = " and ".join(g.message.split(" decides ", 1)[-1] for g in gaps)
        if_not = (
            f"if not, {when(plan.years)} by {plan.route}" if plan.years is not None
            else "if not, no plan by time and study opens it"
        )
        text = (f"Ask {body} {notes}: if it does, {plan.title} {when(yes.years)} by "
                f"{yes.route}; {if_not}")  # fmt: skip
        out.append(NextStep(
            text, (), 0.0, False, towards=(plan.target,), kind="confirm", for_goal=True,
            rule=gaps[0].rule, source=gaps[0].source,
        ))  # fmt: skip
    return out
