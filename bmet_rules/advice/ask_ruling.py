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

from collections.abc import Mapping, Sequence
from typing import Any

from ..conditions import walk
from ..evaluator import Firing
from ..knowledge import KnowledgeBase
from ..profile import Profile
from ..results import NextStep, Outcome
from .planner import Plan, Planner
from .plans import years_text
from .text import when


def ruling_asks(
    kb: KnowledgeBase,
    planner: Planner,
    firing: Firing,
    outcomes: Sequence[Outcome],
    goal_plans: Sequence[Plan],
) -> list[NextStep]:
    """One "Ask BODY ..." step per goal whose plan a pending ruling would shorten: a ruling an
    outcome needs information on, or one in a goal's own routes that the profile's values
    make relevant (technician years beyond the engineering practice given), even while the
    goal is not open whatever the answer (a yes may still bring it years nearer)."""
    pending: dict[str, tuple[str, str | None, str | None]] = {
        f"ruling.{g.rule}.{g.field}": (g.message, g.rule, g.source)
        for o in outcomes if o.status == "needs_info"
        for g in o.gaps if g.kind == "ruling" and g.rule
    }  # fmt: skip
    status = {o.id: o.status for o in outcomes}
    own: dict[str, dict[str, tuple[str, str | None, str | None]]] = {}
    for plan in goal_plans:  # (a goal at needs_info lists its own pending rulings)
        own[plan.target] = {}
        if status.get(plan.target) != "needs_info":
            # The goal's routes, and those of the certifications its plan sits on the way
            # (a clinical engineer's CCE).
            on_way = [str(a.value) for a in plan.actions if a.kind == "exam"]
            route = kb.by_id.get(plan.route_rule or "")
            if route is not None:  # "CCE held or eligible"
                on_way += [t.field.partition(".")[2] for t in walk(route.nnf)
                           if t.field.startswith("certification.")]  # fmt: skip
            for target in (plan.target, *on_way):
                if status.get(target) != "needs_info":
                    own[plan.target].update(_route_rulings(kb, target, firing.values))
    pending = {name: g for name, g in pending.items() if name in kb.fields}
    if not pending and not any(own.values()):
        return []
    answered: dict[frozenset[str], dict[str, Any]] = {}
    out: list[NextStep] = []
    for plan in goal_plans:
        if status.get(plan.target) in ("held", "eligible", "needs_info"):
            continue  # open, or asked already (its own gap says what to ask)
        # A goal's own rulings (its routes', those on its way) when it has any; otherwise
        # those other outcomes wait on (the CBET an imaging specialist's route needs).
        asked = {n: g for n, g in own.get(plan.target, {}).items() if n in kb.fields} or pending
        if not asked:
            continue
        key = frozenset(asked)
        if key not in answered:
            given = {k: v for k, v in firing.values.items()
                     if k in kb.fields and not kb.fields[k].derived}  # fmt: skip
            given.update(dict.fromkeys(asked, True))
            answered[key] = dict(planner._evaluator.run(Profile("ruling", given)).values)
        yes = planner.plan(plan.target, answered[key])
        if yes.years is None or (plan.years is not None and yes.years >= plan.years - 1e-9):
            continue
        gaps = list({g[0]: g for g in asked.values()}.values())
        body = gaps[0][0].split(" decides ")[0]
        notes = " and ".join(g[0].split(" decides ", 1)[-1] for g in gaps)
        same = yes.route == plan.route and plan.years is not None
        if_not = (
            f"if not, {when(plan.years)}" + ("" if same else f" by {plan.route}")
            if plan.years is not None else "if not, no plan by time and study opens it"
        )
        if same:  # the same route, sooner: say what the yes leaves to do
            todo = "; ".join(a.text[:1].lower() + a.text[1:] for a in yes.actions)
            by_yes = f"by the same route ({todo})" if todo else "by the same route"
        else:
            by_yes = f"by {yes.route}"
        text = f"Ask {body} {notes}: if it does, {plan.title} {when(yes.years)} {by_yes}; {if_not}"
        out.append(NextStep(
            text, (), 0.0, False, towards=(plan.target,), kind="confirm", for_goal=True,
            rule=gaps[0][1], source=gaps[0][2],
        ))  # fmt: skip
    return out


def _route_rulings(
    kb: KnowledgeBase, target: str, values: Mapping[str, Any]
) -> dict[str, tuple[str, str | None, str | None]]:
    """Rulings in ``target``'s routes that its values make relevant: answer field -> (the
    gap's message, rule, source). A ruling on years names the years it would count."""
    found: dict[str, tuple[str, str | None, str | None]] = {}
    for kind in ("certification", "path"):
        for rule in kb.routes.get(f"{kind}.{target}", ()):
            for test in walk(rule.when):
                ruling = test.ruling
                if ruling is None or values.get(ruling.name) is True:
                    continue
                message = f"{ruling.by} decides {ruling.note}"
                if ruling.counts is not None:
                    have = float(values.get(ruling.counts) or 0)
                    if have <= float(values.get(ruling.field) or 0):
                        continue
                    spec = kb.fields.get(ruling.counts)
                    label = spec.label if spec is not None else ruling.counts
                    message += f" (you have {years_text(have)} {_unit(label)})"
                elif values.get(ruling.field) not in ruling.values:
                    continue
                found[ruling.name] = (message, rule.id, rule.rule.source)
    return found


def _unit(label: str) -> str:
    """``years of full-time BMET/HTM experience`` -> ``of full-time BMET/HTM experience``."""
    return label[6:] if label.startswith("years ") else label
