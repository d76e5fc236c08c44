"""Each path's and certification's outcome with its advice, computed once per situation.

Explaining a target (ranking its routes, planning the nearest, wording the gaps) is most of
what a batch costs, and people share situations: within one batch of realistic profiles the
same target meets the same relevant values again and again. An outcome depends on two things:

* its **situation**: the values the target's rules read, transitively, with numbers above
  every threshold the rules compare them with counted as "above them all" and lists reduced
  to the values the rules name (:meth:`Planner.situation`, which the plans are cached on).
  The situation decides the status, the deciding or nearest route, which tests are unmet,
  the plan and its length;
* the values **shown**: the sentences quote what the person has ("has 15 years ...",
  "has: CBET, CABT"), so the fields of the tests the outcome puts into words are read
  exactly.

Outcomes are cached on both, per knowledge base and evaluation date, in a bounded cache (memory
stays flat however long the batch). People who share an outcome share one ``Outcome`` object,
which also lets its JSON be encoded once (:mod:`bmet_rules.jsoncodec`). A profile with facts the
record does not give goes the long way (``unknowns.settle_unknowns`` decides those outcomes
on the engine); ``tests/test_outcome_cache.py`` checks the cached and the long way agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import suppress
from dataclasses import replace
from typing import Any

from ..conditions import walk
from ..evaluator import Firing
from ..explain import BoundedCache, Explainer
from ..fields import FieldType
from ..knowledge import CompiledRule, KnowledgeBase
from ..results import Gap, Outcome
from .model import near_years
from .planner import Plan, Planner, situation_value

#: Outcomes kept per knowledge base and date. On 20,000 generated profiles of the standard
#: rulesets about 3 lookups in 4 hit at half this size (6 in 7 with no bound, which held
#: ~280 MB). Doubling this cache and the plan, needs, shown-field and step caches together
#: took an in-process batch of 20,000 from about 440 to 500-550 profiles/s for 30 MB more
#: at its peak (issue 14). Memory still stops growing once they are full.
OUTCOME_CACHE_ENTRIES = 24_000

#: Shown-field lists kept (one per target and situation: small tuples of names).
SHOWN_CACHE_ENTRIES = 40_000

Advised = tuple[Outcome, "Plan | None"]
#: Computes one target's advised outcome the long way: (field name, title) -> outcome, plan.
Compute = Callable[[str, str], Advised]


class OutcomeCache:
    """Advised outcomes of one knowledge base and evaluation date, per situation."""

    def __init__(self, kb: KnowledgeBase, planner: Planner) -> None:
        self.kb = kb
        self.planner = planner
        self._outcomes: BoundedCache[Any, Advised] = BoundedCache(OUTCOME_CACHE_ENTRIES)
        self._shown: BoundedCache[Any, tuple[str, ...]] = BoundedCache(SHOWN_CACHE_ENTRIES)
        self.hits = 0
        self.misses = 0
        self._readers: tuple[tuple[str, Any], ...] | None = None
        self._picks: dict[str, tuple[int, ...]] = {}

    def situations(self, values: Mapping[str, Any]) -> Callable[[str], tuple[Any, ...]]:
        """Each target's situation for one profile (``name -> key``). Targets read many of
        the same fields, so each field is counted once per profile, not once per target."""
        if self._readers is None:
            self._compile()
        assert self._readers is not None
        counted = [situation_value(values.get(f), relevant) for f, relevant in self._readers]
        picks = self._picks

        def situation(name: str) -> tuple[Any, ...]:
            return (name, *[counted[i] for i in picks[name]])

        return situation

    def _compile(self) -> None:
        readers: dict[tuple[str, Any], int] = {}
        kb = self.kb
        names = [*(f"certification.{c}" for c in kb.certifications),
                 *(f"path.{p}" for p in kb.paths)]  # fmt: skip
        for name in names:
            self._picks[name] = tuple(
                readers.setdefault(read, len(readers)) for read in self.planner.reads(name)
            )
        self._readers = tuple(readers)

    def outcome(
        self, name: str, title: str, values: Mapping[str, Any], situation: tuple[Any, ...],
        compute: Compute,
    ) -> Advised:  # fmt: skip
        """The advised outcome of ``name`` (``certification.CBET``) for a profile's values in
        ``situation`` (:meth:`situations`); ``compute`` is called on a miss."""
        shown = self._shown.get(situation)
        if shown is not None:
            key = (situation, tuple(values.get(f) for f in shown))
            found = self._outcomes.get(key)
            if found is not None:
                self.hits += 1
                return found
        self.misses += 1
        advised = compute(name, title)
        fields = shown_fields(self.kb, advised[0])
        if shown is None:
            self._shown.put(situation, fields)
        elif fields != shown:
            # Not expected (the situation decides which tests are put into words); if it
            # ever happens, this outcome is simply not shared.
            return advised
        with suppress(TypeError):  # a value that cannot be a key (a plugin's list): not shared
            self._outcomes.put((situation, tuple(values.get(f) for f in fields)), advised)
        return advised


def shown_fields(kb: KnowledgeBase, outcome: Outcome) -> tuple[str, ...]:
    """The numbers an outcome's sentences quote that its situation does not give exactly:
    the profile's number fields among those of its gaps (and their prerequisites' gaps) and
    of the tests of the rules that decided it. (Other values are exact in the situation: a
    list's sentences quote only the values the test names, which the situation keeps.)"""
    names: dict[str, None] = {}
    for gap in _every_gap(outcome.gaps):
        names[gap.field] = None
    for rule_id in (outcome.route_rule, *outcome.rules):
        rule = kb.by_id.get(rule_id) if rule_id else None
        if rule is not None:
            for test in walk(rule.nnf):
                names[test.field] = None
    fields = kb.fields
    return tuple(
        n
        for n in names
        if n in fields and not fields[n].derived and fields[n].type is FieldType.NUMBER
    )


def _every_gap(gaps: tuple[Gap, ...]) -> Iterator[Gap]:
    for gap in gaps:
        yield gap
        yield from _every_gap(gap.requires)


def outcome_cache(kb: KnowledgeBase, planner: Planner) -> OutcomeCache:
    """The outcome cache of a knowledge base for the planner's date (kept in its memo)."""
    key = f"outcomes:{planner.as_of.isoformat()}"
    found = kb.memo.get(key)
    if isinstance(found, OutcomeCache) and found.planner is planner:
        return found
    cache = OutcomeCache(kb, planner)
    kb.memo[key] = cache
    return cache


def explainer_once(kb: KnowledgeBase, firing: Firing) -> Callable[[], Explainer]:
    """A profile's explainer, made on first use (a profile whose outcomes all hit needs none)."""
    made: list[Explainer] = []

    def get() -> Explainer:
        if not made:
            made.append(Explainer(kb, firing))
        return made[0]

    return get


def advise_outcome(
    kb: KnowledgeBase,
    planner: Planner,
    explainer: Callable[[], Explainer],
    values: Mapping[str, Any],
    out: Outcome,
    name: str,
) -> Advised:
    """An outcome with its ``eta_years`` and, when not open, its nearest route's plan.

    The nearest route of a target that is not open is its plan's route (the shortest
    realistic plan), so its gaps are that route's: the outcome, the plan and the steps agree
    on one route. Near is small gaps *and* soon: a step that waits on years of prerequisites
    is not near.
    """
    if out.status in ("held", "eligible"):
        return replace(out, eta_years=0.0), None
    plan = planner.plan(name, values)
    eta = None if plan.years is None else round(plan.years, 2)
    if plan.years is None and out.status == "near":
        out = replace(out, status="not_eligible")  # nothing realistic opens it: not near
    if plan.route_rule is None or plan.route_rule == out.route_rule:
        out = replace(out, eta_years=eta)
    else:
        out = on_route(explainer(), out, name, kb.by_id[plan.route_rule], eta)
    out = not_near_beyond(kb, out)
    if out.status == "not_eligible" and plan.years is not None and eta is not None \
            and eta <= near_years(kb) + 1e-9:
        # Another route as soon whose gaps are small: near by that one (fiftieth review's
        # probe: military training made a tied route win and the imaging post went from
        # near to not near, as soon as before).
        for rule in kb.routes.get(name, ()):
            if rule.id == plan.route_rule:
                continue
            other = planner.route_plan(name, rule.id, values)
            if other.years is None or abs(other.years - plan.years) > 1e-9:
                continue
            near = on_route(explainer(), out, name, rule, eta)
            if near.status == "near":
                return near, other
    return out, plan


def not_near_beyond(kb: KnowledgeBase, out: Outcome) -> Outcome:
    """``out``, no longer ``near`` when its plan takes longer than ``near_years`` (near is
    small gaps *and* soon) or has no date."""
    if out.status == "near" and (out.eta_years is None or out.eta_years > near_years(kb)):
        return replace(out, status="not_eligible")
    return out


def on_route(
    ex: Explainer, out: Outcome, name: str, rule: CompiledRule, eta: float | None
) -> Outcome:
    """``out`` explained by the plan's route: its gaps, nearness and sources."""
    gates = ex.kb.requirements.get(name, ())
    unmet = ex.unmet(rule.nnf, rule)
    for gate in gates:
        if gate.id not in ex.fired:
            unmet += ex.unmet(gate.nnf, gate)
    gaps = tuple(ex.gap(u) for u in unmet)
    return replace(
        out,
        status="near" if ex.is_near(gaps) else "not_eligible",
        route=rule.rule.then.route or rule.rule.title,
        route_rule=rule.id,
        gaps=gaps,
        sources=tuple(dict.fromkeys([rule.rule.source, *(g.rule.source for g in gates)])),
        eta_years=eta,
    )


def advised_outcomes(
    kb: KnowledgeBase, planner: Planner, firing: Firing
) -> tuple[tuple[Outcome, ...], tuple[Outcome, ...], dict[str, Plan]]:
    """Every certification's and path's advised outcome for a profile whose record gives
    every fact the rules read, from the cache where people share them; and the plans of the
    targets not open (the next steps are built from them)."""
    cache = outcome_cache(kb, planner)
    values = firing.values
    explainer = explainer_once(kb, firing)
    plans: dict[str, Plan] = {}

    def compute(name: str, title: str) -> Advised:
        out = explainer().outcome(name, title)
        return advise_outcome(kb, planner, explainer, values, out, name)

    situation = cache.situations(values)

    def one(name: str, title: str) -> Outcome:
        out, plan = cache.outcome(name, title, values, situation(name), compute)
        if plan is not None:
            plans[name] = plan
        return out

    certs = tuple(
        one(f"certification.{cid}", t.title)
        for cid, t in kb.certifications.items()
        if t.advised or values[f"certification.{cid}"] == "held"
    )
    paths = tuple(one(f"path.{pid}", t.title) for pid, t in kb.paths.items())
    return certs, paths, plans
