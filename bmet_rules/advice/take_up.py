"""A goal path held by being in its role: apply for such posts (``advice: in_role``).

A path whose own role is counted (``in_role``: the clinical engineer's years of clinical
engineering practice) may have a route that asks only for being in that role: a BSET in
clinical engineering practice holds the clinical engineer's role
(``clinical-engineer-route-4``). No plan proposes practising the role to open it (that goes
round in a circle), so the plan for a BSET at the bench runs through the CCE, eight years
long. But such a person is hired into the role, not promoted into it by years: a director
tells them to apply for those posts (twenty-third review: "Clinical Engineer in 8 years" while
the plan's own first step made them one on its first day).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..conditions import walk
from ..profile import Profile
from ..results import NextStep, Outcome

if TYPE_CHECKING:
    from ..knowledge import CompiledRule
    from .model import AdviceModel
    from .planner import Plan, Planner

#: Years in the role read as "in it" when a route asks for more than none.
_IN_IT = 0.1


def take_up_steps(
    planner: Planner, values: Mapping[str, Any], outcomes: Sequence[Outcome],
    goals: Sequence[str], goal_plans: Sequence[Plan] = (),
) -> list[NextStep]:  # fmt: skip
    """"Apply for Clinical Engineer roles: ..." for each goal path not open whose route opens
    it as soon as the person holds its role, the rest of the record as it is (checked by
    evaluation); and for such a path whose role a goal's plan practises (a CCE goal's years
    of clinical engineering: the practice starts with being hired; thirty-third review)."""
    kb, model = planner.kb, planner.model
    practised = {a.field: p.target for p in goal_plans for a in p.actions if a.kind == "role"}
    steps: list[NextStep] = []
    for o in outcomes:
        field = model.in_role.get(o.id)
        if (o.id not in goals and field not in practised) or o.id not in kb.paths or (
            field is None or o.status in ("eligible", "held", "needs_info")
        ) or float(values.get(field) or 0) > 0:
            continue
        rule = _opened_in_role(planner, values, o.id, field)
        if rule is None:
            continue
        steps.append(NextStep(
            f"Apply for {o.title} roles: you may be hired into one now "
            f"({rule.rule.then.route or rule.rule.title})",
            (o.id,), 0.0, False,
            towards=(o.id,) if o.id in goals else (o.id, practised[field]),
            kind="apply", for_goal=True, rule=rule.id, source=rule.rule.source,
        ))  # fmt: skip
    return steps


def circular_goals(
    planner: Planner, values: Mapping[str, Any], outcomes: Sequence[Outcome],
    goals: Sequence[str], goal_plans: Sequence[Plan],
) -> frozenset[str]:  # fmt: skip
    """Goal paths held once hired into their role (an "Apply for ... roles" step) whose plan,
    the long way, practises that very role: it too starts with being hired."""
    practising = {p.target for p in goal_plans if practises_own_role(planner.model, p)}
    if not practising:
        return frozenset()
    taken = take_up_steps(planner, values, outcomes, goals, goal_plans)
    return frozenset(s.towards[0] for s in taken if s.towards and s.towards[0] in practising)


def practises_own_role(model: AdviceModel, plan: Plan) -> bool:
    """Whether ``plan`` practises the role of the path it plans (``advice: in_role``)."""
    field = model.in_role.get(plan.target)
    return field is not None and any(a.kind == "role" and a.field == field for a in plan.actions)


def _opened_in_role(
    planner: Planner, values: Mapping[str, Any], path: str, field: str
) -> CompiledRule | None:
    """The route of ``path`` that asks only for being in the role (years of it above none)
    and that then opens it, the rest of the record as given; ``None`` when there is none."""
    kb = planner.kb
    name = f"path.{path}"
    asking = [r for r in kb.routes.get(name, ()) if _asks_only_to_be_in(r, field)]
    if not asking:
        return None
    given = planner.record_of(values)
    answer: dict[str, Any] = {field: _IN_IT}
    ceiling = kb.fields[field].not_above
    while ceiling and ceiling in kb.fields and float(given.get(ceiling) or 0) < _IN_IT:
        answer[ceiling] = _IN_IT  # (a role counted within another: that one too)
        ceiling = kb.fields[ceiling].not_above
    firing = planner.evaluator.run(
        Profile("take-up", {**given, **answer}, provided=frozenset(answer)))
    if firing.values.get(name) not in ("eligible", "held"):
        return None
    return next((r for r in asking if r.id in firing.fired), None)


def _asks_only_to_be_in(rule: CompiledRule, field: str) -> bool:
    """Whether every test the route makes on ``field`` holds for anyone in the role at all."""
    tests = [t for t in walk(rule.nnf) if t.field == field]
    return bool(tests) and all(
        (t.op == "more_than" and float(t.value) <= 0)
        or (t.op == "at_least" and float(t.value) <= _IN_IT)
        for t in tests
    )
