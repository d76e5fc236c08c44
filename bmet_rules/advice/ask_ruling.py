"""Ask the certifying body first, when its ruling would shorten a goal.

A plan is made on what is settled: a value a certifying body decides case by case (does an
associate degree in a healthcare field count for the CBET?) is read as "no", so the goal's
plan takes the route that does not turn on it. When the ruling going the person's way would
make a goal's plan shorter, the first thing a counsellor says is to ask: "Ask ACI whether
...: if it does, the goal in 0.5 years by ...; if not, 2.5 years by ...". The shorter plan is
found by evaluating the profile again with the body's answers (``ruling.RULE.FIELD``) set to
yes and planning the goal on that.

One question is asked once, with its effect on **every** goal it shortens: a CBET goal that
a yes opens now and a laboratory-specialist goal it brings from 2.5 to 0.5 years are one step.
The same question asked by sibling rules (the same body, field and values for the same
certification: CBET candidate status and CBET route 1 on a healthcare degree) is answered
once, so a plan that outgrows candidate status keeps the yes through route 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..evaluator import Firing
from ..knowledge import KnowledgeBase
from ..profile import Profile
from ..results import Gap, NextStep, Outcome
from ..unknowns import _rulings
from .planner import Plan, Planner
from .text import when


def _same_question(kb: KnowledgeBase, pending: Mapping[str, Gap]) -> list[str]:
    """The answer fields of the pending rulings and of the rulings that ask the same
    question of the same body about the same certification (sibling routes)."""
    rulings = _rulings(kb)

    def question(name: str) -> tuple[Any, ...] | None:
        found = rulings.get(name)
        if found is None:
            return None
        ruling = found[0]
        rule = kb.by_id.get(ruling.rule)
        target = rule.rule.then.target if rule is not None else None
        return (ruling.by, ruling.field, tuple(sorted(ruling.values)), target)

    asked = {q for name in pending if (q := question(name)) is not None}
    return [*pending, *(n for n in rulings
                        if n not in pending and n in kb.fields and question(n) in asked)]


def _asks_only_rulings(out: Outcome | None) -> bool:
    """A needs-information goal whose every question is a ruling: a yes has a plan."""
    if out is None or out.status != "needs_info":
        return False
    asking = [g for g in out.gaps if g.kind in ("unknown", "ruling")]
    return bool(asking) and all(g.kind == "ruling" for g in asking)


def ruling_asks(
    kb: KnowledgeBase,
    planner: Planner,
    firing: Firing,
    outcomes: Sequence[Outcome],
    goal_plans: Sequence[Plan],
) -> list[NextStep]:
    """One "Ask BODY ..." step saying what a yes opens for every goal it shortens."""
    pending = {
        f"ruling.{g.rule}.{g.field}": g
        for o in outcomes if o.status == "needs_info"
        for g in o.gaps if g.kind == "ruling" and g.rule
    }  # fmt: skip
    pending = {name: g for name, g in pending.items() if name in kb.fields}
    if not pending:
        return []
    outcome = {o.id: o for o in outcomes}
    answered: dict[str, Any] | None = None
    shortened: list[tuple[Plan, Plan]] = []
    for plan in goal_plans:
        goal = outcome.get(plan.target)
        if goal is not None and goal.status in ("held", "eligible"):
            continue
        if goal is not None and goal.status == "needs_info" and not _asks_only_rulings(goal):
            continue  # its own questions on values not given come first
        if answered is None:
            given = {k: v for k, v in firing.values.items()
                     if k in kb.fields and not kb.fields[k].derived}  # fmt: skip
            given.update(dict.fromkeys(_same_question(kb, pending), True))
            answered = dict(planner._evaluator.run(Profile("ruling", given)).values)
        yes = planner.plan(plan.target, answered)
        if yes.years is None or (plan.years is not None and yes.years >= plan.years - 1e-9):
            continue
        shortened.append((plan, yes))
    if not shortened:
        return []
    gaps = list({g.message: g for g in pending.values()}.values())
    body = gaps[0].message.split(" decides ")[0]
    notes = " and ".join(g.message.split(" decides ", 1)[-1] for g in gaps)
    def route(plan: Plan, yes: Plan) -> str | None:
        # Open at once by the yes: the route the answer decides is the outcome's own.
        goal = outcome.get(plan.target)
        return yes.route or (goal.route if goal is not None else None)

    def name(plan: Plan) -> str:  # a certification by its id: "CBET", not its long title
        return plan.target if plan.kind == "certification" else plan.title

    if_yes = "; ".join(
        f"{name(plan)} {when(yes.years)}" + (f" by {r}" if (r := route(plan, yes)) else "")
        for plan, yes in shortened
    )
    if_not = "; ".join(
        f"{name(plan)} {when(plan.years)} by {plan.route}" if plan.years is not None
        else f"{name(plan)}: no plan by time and study opens it"
        for plan, _ in shortened
    )
    if len(shortened) == 1:
        plan = shortened[0][0]
        if_not = (f"{when(plan.years)} by {plan.route}" if plan.years is not None
                  else "no plan by time and study opens it")  # fmt: skip
    text = f"Ask {body} {notes}: if it does, {if_yes}; if not, {if_not}"
    return [NextStep(
        text, (), 0.0, False, towards=tuple(p.target for p, _ in shortened), kind="confirm",
        for_goal=True, rule=gaps[0].rule, source=gaps[0].source,
    )]  # fmt: skip
