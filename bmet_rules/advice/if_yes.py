"""What a yes to a goal's questions would change, when the goal waits on facts not given.

A goal that turns on a yes/no the record does not give (military BMET training) or on what a
list not given includes (the skills) is planned reading the missing values as none. When a
yes would open it by another route, sooner, a counsellor says so: a Navy veteran whose
DD-214 is not on file sits the CBET a year earlier if the training is confirmed (route 2 at
2 years) than by 4 years' experience (route 3). The yes reading is evaluated and planned like
any profile, so its route and date are the rules', never a guess; it is carried on the goal's
plan (``Plan.if_yes``) only when it is sooner.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import replace
from typing import Any

from ..conditions import walk
from ..evaluator import Firing
from ..explain import BoundedCache, fitting_route
from ..fields import FieldType
from ..knowledge import CompiledRule
from ..profile import Profile
from ..results import Outcome
from .planner import Planner
from .plans import Plan

#: Goal plans with their yes reading attached, kept per knowledge base (they are rare: goals
#: that wait on a yes/no not given).
_CACHE_ENTRIES = 2_000


def yes_firing(planner: Planner, values: Mapping[str, Any], goal: Outcome) -> Firing | None:
    """The profile evaluated again with every yes/no and list question the goal waits on
    answered yes; ``None`` when it waits on none."""
    given, answered, words = _words_asked(planner, values, goal)
    plain = (planner.evaluator.run(Profile("if-yes", given, provided=frozenset(answered)))
             if answered else None)  # fmt: skip
    target = planner.kb.target_field(goal.id)
    if plain is not None and plain.values.get(target) in ("eligible", "held"):
        return plain  # a yes alone opens it (military training)
    if words:
        # The degree and its field (years not given are for ``if_confirmed``): the values a
        # route of the goal names, route by route.
        return _as_a_route_asks(planner, given, answered, words, goal) or plain
    return plain


def _words_asked(
    planner: Planner, values: Mapping[str, Any], goal: Outcome
) -> tuple[dict[str, Any], set[str], list[str]]:
    """The record with the goal's yes/no and list questions answered yes, the fields so
    answered, and the fields of words it waits on (none when it waits on a number too)."""
    kb = planner.kb
    given = planner.record_of(values)
    answered: set[str] = set()
    for gap in goal.gaps:
        spec = kb.fields.get(gap.field) if gap.kind == "unknown" else None
        if spec is None:
            continue
        if spec.type is FieldType.BOOLEAN:
            given[spec.name] = True
        elif spec.type is FieldType.LIST and gap.wanted:
            # (Whether the certifications include the goal itself is no way to it: a yes
            # there means it is held, and the plan is for one not held.)
            wanted = tuple(v for v in gap.wanted if v != goal.id)
            if not wanted:
                continue
            held = tuple(given.get(spec.name) or ())
            given[spec.name] = held + tuple(v for v in wanted if v not in held)
        else:
            continue
        answered.add(spec.name)
    asked = [kb.fields[g.field] for g in goal.gaps if g.kind == "unknown" and g.field in kb.fields]
    words = [s.name for s in asked if s.type in (FieldType.CHOICE, FieldType.ORDERED)]
    if any(s.type is FieldType.NUMBER for s in asked):
        words = []
    return given, answered, words


def _as_a_route_asks(
    planner: Planner, given: dict[str, Any], answered: set[str], words: list[str], goal: Outcome
) -> Firing | None:
    """The record with the fields of words not given answered as the first route of the goal
    that names them asks (the least degree it accepts, the first field it lists), when that
    opens the goal; ``None`` when no route does. A degree and its field have no "yes"; the
    route's own words then say what the answer must be."""
    return next(_as_routes_ask(planner, given, answered, words, goal), None)


def _as_routes_ask(
    planner: Planner, given: dict[str, Any], answered: set[str], words: list[str], goal: Outcome
) -> Iterator[Firing]:
    """For each route of the goal that names the fields of words not given, in file order:
    the record with them answered as it asks, when that opens the goal."""
    kb = planner.kb
    target = kb.target_field(goal.id)
    for rule in kb.routes.get(target, ()):
        answer = _as_rule_asks(rule, words)
        if set(answer) != set(words):
            continue
        firing = planner.evaluator.run(Profile(
            "if-yes", {**given, **answer}, provided=frozenset(answered | set(answer))))
        if firing.values.get(target) in ("eligible", "held"):
            yield firing


def with_if_yes(planner: Planner, values: Mapping[str, Any], goal: Outcome, plan: Plan) -> Plan:
    """``plan`` with the plan a yes to the goal's questions gives, when that one is sooner:
    for a goal at ``needs_info``, or one not open whose date waits on them (forty-sixth
    review: travel not given for a field-service goal a year away showed only "not open if
    the answer is no", never "if yes, in 1 year")."""
    undated = goal.status == "not_eligible" and goal.eta_years is None and any(
        g.kind == "unknown" for g in goal.gaps)
    if goal.status != "needs_info" and not undated:
        return plan
    firing = yes_firing(planner, values, goal)
    if firing is None:
        nearer = _nearer_by_words(planner, values, goal, plan)
        return replace(plan, if_yes_also=nearer) if nearer else plan
    kb = planner.kb
    target = f"{plan.kind}.{plan.target}"
    yes = firing.values
    if yes.get(target) in ("eligible", "held"):  # open at once: by the route that fires
        sooner = _open_by(planner, plan, firing)
        if sooner is None:
            return plan
    else:
        sooner = planner.plan(target, yes)
    if sooner.years is None or (plan.years is not None and sooner.years >= plan.years - 1e-9):
        return plan
    also: tuple[Plan, ...] = ()
    _, _, words = _words_asked(planner, values, goal)
    if sooner.years <= 0 and words:
        # A field of words: every route whose own answer opens it now is said, not only the
        # first (an electronics associate's CRES route 3 beside the BMET associate's route 1),
        # nor only a yes to another question (an IT bachelor's beside IT skills; twenty-third
        # review). Each is checked with the rest of the record as given: no other yes assumed.
        given = planner.record_of(values)
        others = (_open_by(planner, plan, f)
                  for f in _as_routes_ask(planner, given, set(), words, goal))
        seen = {sooner.route_rule}
        for other in others:
            if other is not None and other.route_rule not in seen:
                seen.add(other.route_rule)
                also += (other,)
    cache: BoundedCache[Any, Plan] = kb.memo.setdefault(
        "if-yes-plans", BoundedCache(_CACHE_ENTRIES)
    )
    key = (plan, sooner, also)
    return cache.get(key) or cache.put(key, replace(plan, if_yes=sooner, if_yes_also=also))


def _nearer_by_words(
    planner: Planner, values: Mapping[str, Any], goal: Outcome, plan: Plan
) -> tuple[Plan, ...]:
    """For a goal waiting on years not given and on the degree or its field: the plans of its
    other routes that, with the field as each asks, need fewer of those years (the CHTM's
    bachelor's route asks 2 years leading, not the 3 of route 1; twenty-fourth review). Each
    is planned like the goal's own, the years not given read as none, and kept only when all
    it does is those years."""
    kb = planner.kb
    asked = {g.field for g in goal.gaps if g.kind == "unknown" and g.field in kb.fields}
    words = [f for f in asked
             if kb.fields[f].type in (FieldType.CHOICE, FieldType.ORDERED)]  # fmt: skip
    if not words or plan.years is None or not plan.actions:
        return ()
    given = planner.record_of(values)
    target = kb.target_field(goal.id)
    found: list[Plan] = []
    for rule in kb.routes.get(target, ()):
        if rule.id == plan.route_rule:
            continue
        answer = _as_rule_asks(rule, words)
        if not answer:
            continue
        firing = planner.evaluator.run(
            Profile("if-yes", {**given, **answer}, provided=frozenset(answer)))
        other = planner.route_plan(target, rule.id, firing.values)
        if other.years is None or other.years >= plan.years - 1e-9 or not other.actions:
            continue
        unknown_only = all(a.field in asked or any(f in asked for f, _ in a.also)
                           for a in other.actions)  # fmt: skip
        if unknown_only:
            found.append(other)
    return tuple(found)


def _as_rule_asks(rule: CompiledRule, words: Collection[str]) -> dict[str, Any]:
    """The fields of words a route names, answered as it asks: the least degree it accepts,
    the first field it lists."""
    answer: dict[str, Any] = {}
    for test in walk(rule.nnf):
        if test.field in words and test.op in ("at_least", "equals", "one_of"):
            answer.setdefault(test.field,
                              test.value[0] if isinstance(test.value, tuple) else test.value)
    return answer


def _open_by(planner: Planner, plan: Plan, firing: Firing) -> Plan | None:
    """The plan of a target open at once in ``firing``: the route that fires (no actions, no
    exam action)."""
    kb = planner.kb
    target = f"{plan.kind}.{plan.target}"
    fired = [r for r in kb.routes.get(target, ()) if r.id in firing.fired]
    if not fired:
        return None
    rule = fitting_route(kb, fired)
    return Plan(plan.target, plan.kind, plan.title, rule.rule.then.route or rule.rule.title,
                rule.id, 0.0)  # fmt: skip
