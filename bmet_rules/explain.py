"""Explanations: which conditions held, which did not, by how much, and what to do next.

Everything here is derived from the compiled rules (their negation normal form), so an
explanation can never disagree with the rules it explains; tests check that an ``eligible``
status has no gaps, a ``not_eligible`` one has some, and closing the gaps opens the target.

Definitions (README, "Explanations"):

* The **nearest route** of a target that is not open is the route rule with the fewest unmet
  conditions, then the fewest years still missing (:meth:`Unmet.years`), then the one
  defined first.
* A target is **near** when it has at most ``near_max_gaps`` gaps and each is small: at most
  ``near_years`` years of experience, or a choice the person can make now (willingness to
  travel, a skill, a certification they may already sit). A degree is never small.
* **Next steps** and plans are the advice package's (``bmet_rules.advice``), built on
  the same rules.

Explaining every target of every profile is the costliest part of a batch, so routes are
ranked on :class:`Unmet` records and only the reported ones are put into words, with the
sentences cached per knowledge base (the same test and value read the same every time).
Whole outcomes, with their advice, are cached per situation by
:mod:`bmet_rules.advice.outcomes`: with plans in every result, ranking and planning cost far
more than a bounded cache does.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple, TypeVar

from .conditions import All, Any_, Condition, Test, walk
from .evaluator import Firing, compile_test, holds, test_holds
from .fields import FieldSpec, FieldType
from .knowledge import CompiledRule, KnowledgeBase
from .lifecycle import asks_retired, notices
from .profile import Profile
from .results import Gap, Outcome, Result
from .wording import describe_test, test_gap

K = TypeVar("K")
V = TypeVar("V")

#: Nominal years a degree level takes, to weigh a degree gap against years of experience
#: when choosing the nearest route.
DEGREE_YEARS = 2.0


#: Entries per sentence cache. At 20,000 the two caches kept filling until about 60,000
#: profiles and each worker grew ~15 MB between 10k and 200k profiles; 2,000 holds the
#: values many people share (the hits) and measured no slower (``benchmarks/batch.py``).
SENTENCE_CACHE_ENTRIES = 2_000


class BoundedCache(OrderedDict[K, V]):
    """A dict that forgets its oldest entry when full: memory must not grow with the batch.

    Explanations are cached on the values they depend on (many people share them); without
    a bound, a batch of 100,000 distinct people would keep ~100 MB of them. (An ordered dict:
    a plain dict finds its oldest entry by skipping every slot deleted before it, which
    measured as a tenth of a batch's time once the cache was full.)
    """

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def put(self, key: K, value: V) -> V:
        """Store and return ``value``, evicting the oldest entry if the cache is full."""
        if len(self) >= self.limit:
            self.popitem(last=False)
        self[key] = value
        return value


class Unmet(NamedTuple):
    """A test that does not hold, before it is put into words (a tuple: made by the
    thousand per batch)."""

    test: Test
    spec: FieldSpec
    have: Any
    rule: CompiledRule | None = None
    requires: tuple[Unmet, ...] = ()
    """For a derived fact: what the nearest rule concluding it still needs."""

    def years(self) -> float:
        """Distance in years: experience counts its missing years, a degree
        :data:`DEGREE_YEARS` a level, a choice or a skill nothing, a prerequisite what its
        own gaps take, anything else one year."""
        spec, test = self.spec, self.test
        if spec.gap_kind == "time" and test.op in ("at_least", "more_than"):
            return float(test.value - self.have)
        if spec.derived:
            return sum(u.years() for u in self.requires) if self.requires else 1.0
        if spec.gap_kind == "degree":
            if spec.type is FieldType.ORDERED and test.op in ("at_least", "more_than"):
                return DEGREE_YEARS * max(1, spec.rank(test.value) - spec.rank(self.have))
            return DEGREE_YEARS
        if spec.gap_kind in ("preference", "skill"):
            return 0.0
        return 1.0


def _distance(unmet: Sequence[Unmet]) -> tuple[int, float]:
    return len(unmet), sum(u.years() for u in unmet)


_Check = Callable[["Explainer", "CompiledRule | None"], list[Unmet]]


def _compile_check(cond: Condition, kb: KnowledgeBase) -> _Check:
    """A condition turned into nested closures that list its unmet tests.

    Ranking routes walks every route of every target of every profile; closures built once
    per knowledge base avoid re-dispatching on node types and operators each time. Tests
    are keyed by ``id()`` in the caches: they live as long as the knowledge base, and
    hashing a dataclass walks all its fields.
    """
    if isinstance(cond, Test):
        spec = kb.fields[cond.field]
        name, holds, derived = cond.field, compile_test(cond, spec), spec.derived

        def leaf(ex: Explainer, rule: CompiledRule | None) -> list[Unmet]:
            have = ex.values[name]
            if holds(have):
                return []  # (a fresh list: callers may add gates' gaps to what they get)
            requires = tuple(ex._prerequisite(cond)) if derived else ()
            return [Unmet(cond, spec, have, rule, requires)]

        return leaf
    parts = [_compile_check(item, kb) for item in cond.items]  # type: ignore[union-attr]
    if isinstance(cond, All):

        def every(ex: Explainer, rule: CompiledRule | None) -> list[Unmet]:
            out: list[Unmet] = []
            for part in parts:
                found = part(ex, rule)
                if found:
                    out.extend(found)
            return out

        return every

    def nearest_branch(ex: Explainer, rule: CompiledRule | None) -> list[Unmet]:
        # A branch that waits on a body's answer on years (``ruling: {counts: ...}``) is
        # never the nearest: the published test's gap is what the person can act on, and the
        # ruling is a gap of its own. (A ruling on a degree keeps the nearest branch.)
        best: list[Unmet] | None = None
        best_key: tuple[bool, int, float] | None = None
        for part in parts:
            found = part(ex, rule)
            if not found:
                return []
            key = (any(u.test.ruling is not None and u.test.ruling.counts is not None
                       for u in found), *_distance(found))
            if best_key is None or key < best_key:
                best, best_key = found, key
        return best or []

    return nearest_branch


def asks_back(kb: KnowledgeBase, rule: CompiledRule) -> bool:
    """Whether a certification's route asks for another credential whose own routes all ask
    for the first: a credential implied by a later one it leads to (the FE by the PE)."""
    memo: dict[str, bool] = kb.memo.setdefault("explain.asks_back", {})
    found = memo.get(rule.id)
    if found is None:
        then = rule.rule.then
        found = then.kind == "certification" and any(
            _all_routes_ask(kb, str(other), then.target)
            for test in walk(rule.nnf)
            if test.field == "certifications" and test.op in ("includes", "includes_all")
            for other in (test.value if isinstance(test.value, tuple) else (test.value,))
        )
        memo[rule.id] = found
    return found


def _all_routes_ask(kb: KnowledgeBase, cert: str, wanted: str) -> bool:
    routes = kb.routes.get(f"certification.{cert}", ())
    return bool(routes) and all(
        any(
            (t.field == "certifications" and t.op in ("includes", "includes_all")
             and wanted in (t.value if isinstance(t.value, tuple) else (t.value,)))
            or t.field == f"certification.{wanted}"
            for t in walk(route.nnf)
        )
        for route in routes
    )  # fmt: skip


def degree_ask(kb: KnowledgeBase, rule: CompiledRule) -> int | None:
    """The most a route asks of an ordered field such as the degree (its rank), or ``None``
    when it asks nothing of one."""
    ranks = [
        kb.fields[t.field].rank(t.value) for t in walk(rule.nnf)
        if t.op == "at_least" and kb.fields[t.field].type is FieldType.ORDERED
    ]  # fmt: skip
    return max(ranks) if ranks else None


def fitting_route(kb: KnowledgeBase, fired: Sequence[CompiledRule]) -> CompiledRule:
    """Which of several routes that fire to show: the first in the file, unless it rests on
    an ordered field such as the degree and a later one that fires asks more of it (a
    bachelor's holder reads the CHTM's bachelor's route, not the associate one the degree
    also meets). A route on other grounds first (a CBET held, a PE that implies the FE) stays
    first."""
    first = fired[0]
    if degree_ask(kb, first) is None:
        return first
    on_degree = [r for r in fired if degree_ask(kb, r) is not None]
    return max(on_degree, key=lambda r: (degree_ask(kb, r) or 0, -r.index))


class Explainer:
    """Explains one profile's firing; memoises prerequisites within the profile."""

    def __init__(
        self, kb: KnowledgeBase, firing: Firing, unsure: frozenset[str] = frozenset(),
        floor: Mapping[str, Any] | None = None,
    ) -> None:
        self.kb = kb
        self.values = firing.values
        self.fired = firing.fired
        #: Facts the record does not settle (fields not given, a level that turns on them):
        #: of the routes that fire, one that reads none of them is shown.
        self.unsure = unsure
        #: Unsure facts with the least value they can take (the lowest level the unknowns
        #: allow): a route that holds at it holds whatever they are ("BMET II or higher + 1
        #: year leading", not "already an HTM Supervisor"; twenty-eighth review).
        self.floor = dict(floor or {})
        self._prerequisites: dict[tuple[str, str, Any], list[Unmet]] = {}
        memo = kb.memo
        self._gaps: BoundedCache[Any, Gap] = memo.setdefault(
            "gaps", BoundedCache(SENTENCE_CACHE_ENTRIES))
        self._reasons: BoundedCache[Any, str] = memo.setdefault(
            "reasons", BoundedCache(SENTENCE_CACHE_ENTRIES))
        # One entry per rule condition: bounded by the knowledge base.
        self._checks: dict[int, _Check] = memo.setdefault("checks", {})

    # -- ranking ---------------------------------------------------------------------------

    def unmet(self, cond: Condition, rule: CompiledRule | None = None) -> list[Unmet]:
        """Unmet tests of a condition in negation normal form (``any``: the nearest branch)."""
        check = self._checks.get(id(cond))
        if check is None:
            check = self._checks[id(cond)] = _compile_check(cond, self.kb)
        return check(self, rule)

    def _prerequisite(self, test: Test) -> list[Unmet]:
        """What makes a derived fact hold: the nearest rule that would conclude it.

        "level BMET III or higher" is only actionable with that level rule's own gaps
        ("4 more years ..."), so they travel with it.
        """
        key = (test.field, test.op, test.value)
        if key in self._prerequisites:
            return self._prerequisites[key]
        kb, name = self.kb, test.field
        spec = kb.fields[name]
        found: list[Unmet]
        if name == "level":
            rules = [r for r in kb.level_rules if test_holds(test, spec, r.rule.then.target)]
            found = self.nearest(rules)[1]
        elif name.startswith(("path.", "certification.")):
            found = []
            if test_holds(test, spec, "eligible"):
                found = self.nearest(kb.routes.get(name, ()))[1] + self._unmet_gates(name)
        else:
            rules = [
                r for r in kb.fact_rules.get(name, ()) if test_holds(test, spec, r.rule.then.value)
            ]
            found = self.nearest(rules)[1]
        self._prerequisites[key] = found
        return found

    def _unmet_gates(self, name: str) -> list[Unmet]:
        return [
            u
            for r in self.kb.requirements.get(name, ())
            if r.id not in self.fired
            for u in self.unmet(r.nnf, r)
        ]

    def nearest(self, routes: Sequence[CompiledRule]) -> tuple[CompiledRule | None, list[Unmet]]:
        """The route with the fewest unmet conditions, then fewest years, then defined first;
        a route that still needs a credential no longer offered (CLES) comes last."""
        best: tuple[CompiledRule | None, list[Unmet]] = (None, [])
        best_key: tuple[int, int, float, int] | None = None
        for rule in routes:
            unmet = self.unmet(rule.nnf, rule)
            retired = any(asks_retired(u.test, self.kb.certifications) for u in unmet)
            # A route through a credential not held whose every route asks for this one
            # (the FE, "passed on the way to a PE licence held") is no way to it.
            back = bool(unmet) and asks_back(self.kb, rule)
            key = (int(retired or back), *_distance(unmet), rule.index)
            if best_key is None or key < best_key:
                best, best_key = (rule, unmet), key
                if not unmet:
                    break
        return best

    # -- words -----------------------------------------------------------------------------

    def gap(self, unmet: Unmet) -> Gap:
        """The gap in words, with its rule, source and prerequisites (cached)."""
        requires = tuple(self.gap(u) for u in unmet.requires)
        rule_id = unmet.rule.id if unmet.rule else None
        key = (id(unmet.test), unmet.have, rule_id, requires)
        cached = self._gaps.get(key)
        if cached is None:
            base = test_gap(unmet.test, unmet.spec, unmet.have)
            cached = Gap(
                base.field,
                base.need,
                base.have,
                base.missing,
                base.message,
                base.kind,
                base.closes_with_time,
                rule_id,
                unmet.rule.rule.source if unmet.rule else None,
                base.wanted,
                requires,
            )
            self._gaps.put(key, cached)
        return cached

    def reasons(self, cond: Condition) -> list[str]:
        """Sentences for the tests that made a condition hold (first holding ``any`` branch)."""
        if isinstance(cond, Test):
            spec = self.kb.fields[cond.field]
            have = self.values[cond.field]
            if not test_holds(cond, spec, have):
                return []
            key = (id(cond), have)
            text = self._reasons.get(key)
            if text is None:
                text = self._reasons.put(key, describe_test(cond, spec, have))
            return [text]
        if isinstance(cond, All):
            return [r for item in cond.items for r in self.reasons(item)]
        assert isinstance(cond, Any_)
        for item in cond.items:
            if not self.unmet(item):
                return self.reasons(item)
        return []

    # -- outcomes --------------------------------------------------------------------------

    def outcome(self, field_name: str, title: str) -> Outcome:
        """Status, deciding route, reasons, gaps and sources of one path or certification."""
        kb, fired = self.kb, self.fired
        status = self.values[field_name]
        target_id = field_name.partition(".")[2]
        if status == "held":
            return Outcome(target_id, title, "held", reasons=(f"holds {target_id}",))
        routes = kb.routes.get(field_name, ())
        gates = kb.requirements.get(field_name, ())
        fired_routes = [r for r in routes if r.id in fired]
        fired_gates = [r for r in gates if r.id in fired]
        route: CompiledRule | None
        route_unmet: list[Unmet]
        if fired_routes:
            sure = [r for r in fired_routes if not r.fields() & self.unsure] \
                if self.unsure else fired_routes
            if self.unsure and not sure and self.floor:
                at_floor = {**self.values, **self.floor}
                sure = [r for r in fired_routes
                        if not (r.fields() & self.unsure) - self.floor.keys()
                        and holds(r.when, at_floor, kb.fields)]  # fmt: skip
            route, route_unmet = fitting_route(kb, sure or fired_routes), []
        else:
            route, route_unmet = self.nearest(routes)
        gaps = [self.gap(u) for u in route_unmet + self._unmet_gates(field_name)]
        if status == "eligible":
            if gaps:
                raise AssertionError(f"{field_name}: the engine says eligible, the rules show gaps")
            status_out = "eligible"
        else:
            if not gaps and routes:
                raise AssertionError(
                    f"{field_name}: the engine says not eligible, no rule shows a gap"
                )
            status_out = "near" if self.is_near(gaps) else "not_eligible"
        reasons: list[str] = []
        if route is not None and not route_unmet:
            reasons += self.reasons(route.nnf)
        for gate in fired_gates:
            reasons += self.reasons(gate.nnf)
        used = ([route] if route is not None else []) + list(gates)
        return Outcome(
            id=target_id,
            title=title,
            status=status_out,
            route=(route.rule.then.route or route.rule.title) if route else None,
            route_rule=route.id if route else None,
            reasons=tuple(reasons),
            gaps=tuple(gaps),
            rules=tuple(r.id for r in [*fired_routes, *fired_gates]),
            sources=tuple(dict.fromkeys(r.rule.source for r in used)),
        )

    def is_near(self, gaps: Sequence[Gap]) -> bool:
        """Whether the remaining gaps are small (the module docstring gives the rule)."""
        if not gaps or len(gaps) > self.kb.parameter("near_max_gaps"):
            return False
        return all(self.is_small(g) for g in gaps)

    def is_small(self, gap: Gap) -> bool:
        """A gap the person can close within ``near_years`` or by a choice made now."""
        if gap.closes_with_time:
            return float(gap.missing or 0) <= float(self.kb.parameter("near_years"))
        if gap.kind in ("preference", "skill"):
            return True
        if gap.field == "certifications":
            # A certification the person may sit now is a step they can take at once.
            return any(self.values.get(f"certification.{w}") == "eligible" for w in gap.wanted)
        return False


def condition_gaps(cond: Condition, values: Mapping[str, Any], kb: KnowledgeBase) -> list[Gap]:
    """The gaps of a condition (negation normal form) for a profile's values; empty if it holds."""
    explainer = Explainer(kb, Firing(frozenset(), values))
    return [explainer.gap(u) for u in explainer.unmet(cond)]


def build_result(
    kb: KnowledgeBase,
    profile: Profile,
    firing: Firing,
    engine: str,
    outcomes: tuple[tuple[Outcome, ...], tuple[Outcome, ...]] | None = None,
) -> Result:
    """A full :class:`Result` from the rules that fired for a profile (``outcomes``: the
    certifications' and paths' outcomes when already made, by the advice's cache)."""
    values = firing.values
    if outcomes is None:
        explainer = Explainer(kb, firing)
        certs = tuple(
            explainer.outcome(f"certification.{cid}", t.title)
            for cid, t in kb.certifications.items()
            if t.advised or values[f"certification.{cid}"] == "held"
        )
        paths = tuple(explainer.outcome(f"path.{pid}", t.title) for pid, t in kb.paths.items())
    else:
        certs, paths = outcomes
    level = values.get("level", "unassigned")
    as_of = kb.as_of or dt.date.today()
    level_rules = tuple(
        r.id for r in kb.level_rules if r.id in firing.fired and r.rule.then.target == level
    )
    return Result(
        profile_id=profile.id,
        name=profile.values.get("name") or None,
        ruleset=kb.meta(),
        level=None if level == "unassigned" else level,
        level_rules=level_rules,
        certifications=certs,
        paths=paths,
        warnings=(*profile.warnings, *notices(profile.values.get("certifications", ()),
                                              profile.dates, as_of)),
        engine=engine,
        as_of=as_of.isoformat(),
    )


def held_reasons(cond: Condition, values: Mapping[str, Any], kb: KnowledgeBase) -> list[str]:
    """Sentences for the tests that made a condition hold, for a profile's values."""
    return Explainer(kb, Firing(frozenset(), values)).reasons(cond)
