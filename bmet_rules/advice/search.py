"""Route search: conditions become needs, and the nearest route is the least effort.

The nearest route is the one whose plan costs least (its years, plus ``study_weight`` per
year of study: a degree must save real time to be preferred), then has the fewest actions, then the
least study, then comes first in the file. Only plans that, applied to the profile, really
open the target count: the profile is evaluated again with the actions applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..conditions import All, Any_, Condition, Test, walk
from ..evaluator import test_holds
from ..fields import FieldSpec, FieldType
from ..knowledge import CompiledRule
from ..profile import Profile
from .needs import DEGREES as _DEGREES
from .needs import Needs, Schedule, rank
from .plans import Plan
from .schedule import Scheduler
from .windows import counted

if TYPE_CHECKING:
    from .planner import Planner

_CERT_STATES = ("held", "eligible", "not_eligible")


class RouteSearch:
    """One planning computation for one situation (memoises sub-targets)."""

    def __init__(self, planner: Planner, values: Mapping[str, Any]) -> None:
        self.p = planner
        self.kb = planner.kb
        self.model = planner.model
        self.values = values
        self.scheduler = Scheduler(planner, values)
        self.schedule = self.scheduler.schedule
        self.exam_action = self.scheduler.exam_action
        self.mark_opens = self.scheduler.mark_opens
        self._memo: dict[tuple[str, tuple[str, ...]], tuple[Needs, CompiledRule | None] | None] = {}

    # -- targets -------------------------------------------------------------------------------

    def plan(self, name: str, only: str | None = None) -> Plan:
        """The plan of the nearest route of ``name`` (or of the route rule ``only``)."""
        kb = self.kb
        kind, _, target_id = name.partition(".")
        targets = kb.certifications if kind == "certification" else kb.paths
        title = targets[target_id].title if target_id in targets else target_id
        status = self.values.get(name)
        if status in ("eligible", "held"):
            return Plan(target_id, kind, title, None, None, 0.0)
        routes = self.kb.routes.get(name, ())
        if only is not None:
            routes = tuple(r for r in routes if r.id == only)
        own = self.model.in_role.get(target_id) if kind == "path" else None
        if own is not None and not float(self.values.get(own) or 0) > 0:
            # A route that asks for years in the path's own role (clinical engineering
            # practice for the clinical engineer) is no plan for someone not in it: "practise
            # clinical engineering to open clinical engineer" goes round in a circle.
            routes = tuple(r for r in routes if all(t.field != own for t in walk(r.nnf)))
        best = self.best_rule(name, routes, gates=True, verify=True)
        if best is None:
            return Plan(target_id, kind, title, None, None, None)
        needs, rule, sched = best
        actions = self.mark_opens(needs, sched, target_id)
        exam = None
        if kind == "certification":
            sit = self.p.sitting(target_id, sched.total)
            exam = self.exam_action(target_id, sit)
        route = (rule.rule.then.route or rule.rule.title) if rule else None
        return Plan(
            target_id, kind, title, route, rule.id if rule else None, sched.total,
            tuple(actions), exam,
        )  # fmt: skip

    def best_rule(
        self, name: str, rules: Iterable[CompiledRule], gates: bool = False, verify: bool = False
    ) -> tuple[Needs, CompiledRule | None, Schedule] | None:
        """The rule whose plan costs least effort, then has fewest actions, then least study, then
        comes first. With ``verify``, only a plan that, applied, really opens the target
        counts (checked in that order, so the evaluator runs once in the usual case); a
        prerequisite's plan is verified as part of the plan that needs it."""
        found_rules: list[
            tuple[tuple[float, int, float, int, int], Needs, CompiledRule, Schedule]
        ] = []
        gate_needs: Needs | None = Needs()
        if gates:
            for gate in self.kb.requirements.get(name, ()):
                found = self.needs(gate.nnf, gate)
                gate_needs = (
                    None if found is None or gate_needs is None else gate_needs.merged(found)
                )
        if gate_needs is None:
            return None
        for rule in rules:
            found = self.needs(rule.nnf, rule)
            if found is None:
                continue
            found = found.merged(gate_needs)
            if found is None:
                continue
            sched = self.schedule(found)
            if sched is None:
                continue
            # (On a tie, a route on the level alone comes last: "by already an HTM
            # Supervisor" is the level the plan reaches, not a way to it; forty-third review.)
            key = (*self.p.rank(sched), self.on_level_alone(rule), rule.index)
            found_rules.append((key, found, rule, sched))
        found_rules.sort(key=lambda item: item[0])
        for _, needs, rule, sched in found_rules:
            if not verify or self.p.safe(name, sched) or self.opens(
                name, sched.applied, sched.total, rule.id
            ):
                return needs, rule, sched
        return None

    def opens(
        self, name: str, applied: Mapping[str, Any], elapsed: float = 0.0,
        rule: str | None = None,
    ) -> bool:  # fmt: skip
        """Whether the profile with a plan applied opens ``name`` (or concludes the fact)
        by the plan's route ``rule``, ``elapsed`` years on: general experience grows all the
        while (the plan's study is part-time beside work), so a route for those with less
        experience than it asks (candidate status) is not the route once the plan is done
        (1.5 years of study from 1 year's experience: 2.5 years, route 1 itself)."""
        if name.startswith("fact:"):
            return True
        given = {k: v for k, v in applied.items() if not self.kb.fields[k].derived}
        exp = self.model.experience
        if exp and elapsed > 0 and isinstance(self.values.get(exp), (int, float)):
            most = self.kb.fields[exp].maximum
            grown = float(self.values[exp]) + elapsed
            given[exp] = max(float(given.get(exp) or 0),
                             grown if most is None else min(most, grown))
        # A value the plan changed is given: engineering practice planned in a role of its
        # own must not be read again from the clinical engineering years (lifecycle).
        changed = frozenset(k for k, v in given.items() if v != self.values.get(k))
        # So is one that differs from what its absence would read (engineering practice of 4
        # years beside none in clinical engineering: given, not read from the clinical years;
        # fiftieth review's probe, where 4 such years lost the PE its date).
        fields = self.kb.fields
        kept = frozenset(k for k, v in given.items()
                         if (src := fields[k].absent_reads) is not None and v != given.get(src))
        profile = Profile("plan", given, provided=changed | kept)
        firing = self.p._evaluator.run(profile)
        if rule is not None and rule not in firing.fired:
            return False
        return firing.values.get(name) in ("eligible", "held")

    def target_needs(self, name: str, accept: tuple[str, ...]) -> Needs | None:
        """Needs that make a derived fact take one of the ``accept``-ed values."""
        key = (name, accept)
        if key in self._memo:
            found = self._memo[key]
            return None if found is None else found[0]
        # Shared across people in the same situation for this prerequisite.
        shared_key = (name, accept, self.p.as_of, self.p.situation(name, self.values))
        if shared_key in self.p.shared_needs:
            self._memo[key] = self.p.shared_needs[shared_key]
            return self.target_needs(name, accept)
        self._memo[key] = None  # a cycle cannot be planned
        kb = self.kb
        result: tuple[Needs, CompiledRule | None] | None = None
        if name.startswith(("path.", "certification.")):
            best = self.best_rule(name, kb.routes.get(name, ()), gates=True)
            if best is not None:
                result = (best[0], best[1])
        else:
            spec = kb.fields[name]
            if name == "level":
                rules: Iterable[CompiledRule] = [
                    r for r in kb.level_rules if r.rule.then.target in accept
                ]
            else:
                rules = [r for r in kb.fact_rules.get(name, ()) if r.rule.then.value in accept]
            best_needs = self.best_plain(rules)
            if best_needs is not None:
                result = best_needs
            del spec
        self._memo[key] = result
        self.p.shared_needs.put(shared_key, result)
        return None if result is None else result[0]

    def best_plain(self, rules: Iterable[CompiledRule]) -> tuple[Needs, CompiledRule | None] | None:
        """The cheapest rule among rules that conclude a level or a fact."""
        best = None
        best_key: tuple[float, int, float, int] | None = None
        for rule in rules:
            found = self.needs(rule.nnf, rule)
            if found is None:
                continue
            sched = self.schedule(found)
            if sched is None:
                continue
            key = (*self.p.rank(sched), rule.index)
            if best_key is None or key < best_key:
                best, best_key = (found, rule), key
        return best

    # -- conditions -> needs ---------------------------------------------------------------

    def needs(self, cond: Condition, rule: CompiledRule | None) -> Needs | None:
        """What a condition (negation normal form) still needs; ``None``: it cannot be met."""
        if isinstance(cond, Test):
            return self.test_needs(cond, rule)
        if isinstance(cond, All):
            out: Needs | None = Needs()
            for item in cond.items:
                found = self.needs(item, rule)
                if found is None or out is None:
                    return None
                out = out.merged(found)
            return out
        assert isinstance(cond, Any_)
        return self.cheapest(self.needs(item, rule) for item in cond.items)

    def cheapest(self, options: Iterable[Needs | None]) -> Needs | None:
        best: Needs | None = None
        best_key: tuple[float, int, float] | None = None
        for option in options:
            if option is None:
                continue
            sched = self.schedule(option)
            if sched is None:
                continue
            key = self.p.rank(sched)
            if best_key is None or key < best_key:
                best, best_key = option, key
        return best

    def on_level_alone(self, rule: CompiledRule) -> int:
        """1 for a route that reads the level alone, else 0 (remembered per rule: the route
        search asks it in its innermost loop)."""
        known: dict[str, int] = self.kb.memo.setdefault("search.on_level_alone", {})
        found = known.get(rule.id)
        if found is None:
            found = known[rule.id] = int(rule.fields() == {"level"})
        return found

    def test_needs(self, test: Test, rule: CompiledRule | None) -> Needs | None:
        kb, model = self.kb, self.model
        spec = kb.fields[test.field]
        have = self.values.get(test.field)
        name, op, need = test.field, test.op, test.value
        if test_holds(test, spec, have):
            if name == "degree" and op in ("at_least", "more_than"):
                # Kept: a degree in another field must still reach this level.
                level = need if op == "at_least" else _DEGREES[min(rank(need) + 1, 6)]
                return Needs(degree_level=level)
            return Needs()
        if name in model.not_actions:
            return None
        if spec.derived:
            return self.derived_needs(test, spec, rule)
        if spec.type is FieldType.NUMBER and spec.gap_kind == "time":
            if op not in ("at_least", "more_than"):
                return None
            value = float(need) + (0.5 if op == "more_than" else 0.0)
            role = model.alongside.get(name)
            if role is not None and name not in model.roles:
                # More years in the role it grows with (done with the role). A field that is
                # also a role of its own (engineering practice, which clinical engineering
                # years count towards) keeps its own need: the scheduler credits the role's
                # planned years to it and plans only the rest.
                # Rounded: 2.1 + (3 - 2.1) must reach 3, not 2.9999999999999996 (which
                # leaves the alongside field above the role's own years).
                # Years in a window that leave it as new ones come count as none.
                held = counted(spec, role, self.values)
                in_role = round(float(self.values.get(role) or 0) + value - held, 6)
                return Needs(
                    numbers={name: value, role: in_role},
                    why={("number", name): rule, ("number", role): rule},
                )
            return Needs(numbers={name: value}, why={("number", name): rule})
        if name == "degree" and op in ("at_least", "more_than"):
            if op == "more_than" and rank(need) + 1 >= len(_DEGREES):
                return None  # nothing is above the top of the ladder
            level = need if op == "at_least" else _DEGREES[rank(need) + 1]
            return Needs(degree_level=level, why={("degree", ""): rule})
        if name == "degree_field" and op in ("equals", "one_of"):
            fields = tuple(need) if isinstance(need, tuple) else (need,)
            return Needs(degree_fields=fields, why={("degree", ""): rule})
        if spec.type is FieldType.BOOLEAN and spec.gap_kind == "preference" and op == "is":
            return Needs(flags={name: need}, why={("flag", name): rule})
        if spec.type is FieldType.LIST and op in ("includes", "includes_all", "includes_any"):
            wanted = need if isinstance(need, tuple) else (need,)
            missing = [w for w in wanted if w not in (have or ())]
            if spec.gap_kind == "skill":
                if op == "includes_any":
                    missing = missing[:1]
                return Needs(skills={name: missing}, why={("skill", name): rule})
            if spec.gap_kind == "credential":
                options = [self.exam_needs(w, rule) for w in missing]
                if op == "includes_any":
                    return self.cheapest(options)
                out: Needs | None = Needs()
                for option in options:
                    out = None if option is None or out is None else out.merged(option)
                return out
        return None

    def derived_needs(self, test: Test, spec: FieldSpec, rule: CompiledRule | None) -> Needs | None:
        name = test.field
        if name.startswith(("certification.", "path.")):
            accept = tuple(s for s in _CERT_STATES if test_holds(test, spec, s))
            cert = name.partition(".")[2]
            if "eligible" in accept:
                sub = self.target_needs(name, ("eligible",))
                if sub is None:
                    return None
                out = sub.merged(Needs(subs=[(cert, sub)]))
                return out
            if "held" in accept and name.startswith("certification."):
                return self.exam_needs(cert, rule)
            return None
        choices: tuple[Any, ...] = (True, False) if spec.type is FieldType.BOOLEAN else spec.values
        accept_values = tuple(v for v in choices if test_holds(test, spec, v))
        if not accept_values:
            return None
        sub = self.target_needs(name, accept_values)
        if sub is None:
            return None
        label = f"level {accept_values[0]}" if name == "level" else name
        return sub.merged(Needs(subs=[(label, sub)]))

    def exam_needs(self, cert: str, rule: CompiledRule | None) -> Needs | None:
        """Needs for holding a certification: meet one of its own routes, then sit it."""
        name = f"certification.{cert}"
        if name not in self.kb.fields or name in self.model.not_actions:
            return None
        if self.values.get(name) == "held":
            return Needs()
        sub = self.target_needs(name, ("eligible",))
        if sub is None:
            return None
        return sub.merged(Needs(exams={cert: sub}, why={("exam", cert): rule}))

    # -- needs -> a timed schedule -------------------------------------------------------------
