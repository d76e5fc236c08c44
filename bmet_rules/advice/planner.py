"""Plans: the ordered, timed actions that open a path or certification.

Every unmet condition of a route becomes a *need*; needs become *actions* with durations
from the effort model (:mod:`.model`):

* experience accrues with time; years in a role (imaging, supervisory, ...) only in that
  role, and they count as general experience too; roles are planned one after another,
  those a prerequisite needs first;
* a degree takes the years of its steps from the degree held (from a high-school diploma
  when the field differs), studied part-time alongside work, so experience keeps accruing;
* a certification is planned through its own route rules and then sat at the next testing
  window (windowed exams) or at once;
* a skill takes training time, a preference a decision; a derived fact (a level, another
  path, a certification's eligibility) is planned through the rules that conclude it;
* anything else (military training for a civilian, a fixed fact) cannot be planned, and
  neither can a route that needs it.

The nearest route is the one whose plan is shortest, then has the fewest actions, then the
least study, then comes first in the file. Each plan is checked before it is returned: the
profile with the plan's actions applied is evaluated again and the target must be open.
Plans depend only on the profile fields a target's rules read, so they are cached on those
values (bounded): people who share a situation share its plans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..conditions import All, Any_, Condition, Test, walk
from ..evaluator import PythonEvaluator, test_holds
from ..explain import BoundedCache
from ..fields import FieldSpec, FieldType
from ..knowledge import CompiledRule, KnowledgeBase
from ..profile import Profile
from .model import MONTHS, AdviceModel, advice_model

_CERT_STATES = ("held", "eligible", "not_eligible")
_DEGREE_LADDER = ("certificate", "associate", "bachelor", "master", "doctorate")
_YEAR = 365.25


@dataclass(frozen=True)
class Action:
    """One thing to do, when it starts and ends (years from the evaluation date), and why."""

    kind: str
    """``experience``, ``role``, ``study``, ``training``, ``decision`` or ``exam``."""
    text: str
    field: str
    value: Any
    """The field's value once the action is done (what applying the plan sets)."""
    start: float
    done: float
    rule: str | None = None
    source: str | None = None
    opens: tuple[str, ...] = ()
    """Targets (and levels) that open when this action is done."""

    def to_dict(self) -> dict[str, Any]:
        """The ACTION object of the JSON contract."""
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {
            "kind": self.kind,
            "action": self.text,
            "field": self.field,
            "value": value,
            "start_years": round(self.start, 2),
            "done_years": round(self.done, 2),
            "opens": list(self.opens),
            "rule": self.rule,
            "source": self.source,
        }


@dataclass(frozen=True)
class Plan:
    """How a path or certification opens: its nearest route and the actions, in order."""

    target: str
    kind: str
    """``path`` or ``certification``."""
    title: str
    route: str | None
    route_rule: str | None
    years: float | None
    """When the target opens (years from the evaluation date); ``None``: it cannot."""
    actions: tuple[Action, ...] = ()
    exam: Action | None = None
    """For a certification: sitting its exam once eligible (not counted in ``years``)."""

    def to_dict(self) -> dict[str, Any]:
        """The PLAN object of the JSON contract."""
        return {
            "target": self.target,
            "kind": self.kind,
            "title": self.title,
            "route": self.route,
            "route_rule": self.route_rule,
            "years": None if self.years is None else round(self.years, 2),
            "actions": [a.to_dict() for a in self.actions],
            "exam": self.exam.to_dict() if self.exam else None,
        }


@dataclass
class Needs:
    """What a route (with its prerequisites) still needs, before it is scheduled."""

    numbers: dict[str, float] = field(default_factory=dict)
    degree_level: str | None = None
    degree_fields: tuple[str, ...] | None = None
    flags: dict[str, Any] = field(default_factory=dict)
    skills: dict[str, list[str]] = field(default_factory=dict)
    exams: dict[str, Needs] = field(default_factory=dict)
    """Certifications to hold: each with its own needs (sat once those are met)."""
    subs: list[tuple[str, Needs]] = field(default_factory=list)
    """Prerequisites that only need to be open (a level, a path, an eligibility)."""
    why: dict[tuple[str, str], CompiledRule | None] = field(default_factory=dict)

    def merged(self, other: Needs) -> Needs | None:
        """Both sets of needs at once; ``None`` when they conflict (two degree fields)."""
        out = Needs(
            dict(self.numbers),
            self.degree_level,
            self.degree_fields,
            dict(self.flags),
            {k: list(v) for k, v in self.skills.items()},
            dict(self.exams),
            list(self.subs),
            dict(self.why),
        )
        for name, value in other.numbers.items():
            out.numbers[name] = max(value, out.numbers.get(name, value))
        if other.degree_level is not None:
            if out.degree_level is None or _rank(other.degree_level) > _rank(out.degree_level):
                out.degree_level = other.degree_level
        if other.degree_fields is not None:
            if out.degree_fields is None:
                out.degree_fields = other.degree_fields
            else:
                both = tuple(f for f in out.degree_fields if f in other.degree_fields)
                if not both:
                    return None
                out.degree_fields = both
        for name, flag in other.flags.items():
            if out.flags.get(name, flag) != flag:
                return None
            out.flags[name] = flag
        for name, items in other.skills.items():
            have = out.skills.setdefault(name, [])
            have.extend(i for i in items if i not in have)
        for cert, sub in other.exams.items():
            out.exams.setdefault(cert, sub)
        out.subs.extend(other.subs)
        for key, rule in other.why.items():
            out.why.setdefault(key, rule)
        return out


_DEGREES = ("none", "high_school", *_DEGREE_LADDER)


def _rank(level: str) -> int:
    return _DEGREES.index(level) if level in _DEGREES else 0


@dataclass
class _Schedule:
    total: float
    actions: list[Action]
    applied: dict[str, Any]
    study: float


class Planner:
    """Plans for one knowledge base and evaluation date (cached per situation)."""

    def __init__(self, kb: KnowledgeBase, as_of: dt.date | None = None) -> None:
        self.kb = kb
        self.model: AdviceModel = advice_model(kb)
        self.as_of = as_of or dt.date.today()
        self._evaluator = PythonEvaluator(kb)
        self._cache: BoundedCache[Any, Plan] = kb.memo.setdefault("plans", BoundedCache(50_000))
        self._keys: dict[str, tuple[tuple[str, frozenset[str] | None], ...]] = kb.memo.setdefault(
            "plan-keys", {}
        )

    # -- public ------------------------------------------------------------------------------

    def plan(self, target: str, values: Mapping[str, Any]) -> Plan:
        """The plan for ``target`` (``CBET``, ``supervisor`` or ``certification.CBET``) given
        a profile's evaluated values (profile fields and derived facts)."""
        name = self._field(target)
        key = (name, self.as_of, self._situation(name, values))
        found = self._cache.get(key)
        if found is None:
            found = self._cache.put(key, _Run(self, values).plan(name))
        return found

    def _field(self, target: str) -> str:
        if target.startswith(("path.", "certification.")):
            return target
        if target in self.kb.certifications:
            return f"certification.{target}"
        if target in self.kb.paths:
            return f"path.{target}"
        raise KeyError(f"no path or certification {target!r}")

    # -- the situation a target's plan depends on ---------------------------------------------

    def _situation(self, name: str, values: Mapping[str, Any]) -> tuple[Any, ...]:
        reads = self._keys.get(name)
        if reads is None:
            reads = self._keys[name] = self._reads(name)
        out = []
        for fname, relevant in reads:
            value = values.get(fname)
            if relevant is not None and isinstance(value, tuple):
                value = tuple(v for v in value if v in relevant)
            out.append(value)
        return tuple(out)

    def _reads(self, name: str) -> tuple[tuple[str, frozenset[str] | None], ...]:
        """Profile fields (and, for lists, the values) the plan of ``name`` can depend on."""
        kb = self.kb
        seen: set[str] = set()
        fields: dict[str, set[str] | None] = {}
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            if current.startswith("certification."):
                fields.setdefault("certifications", set())
                certs = fields["certifications"]
                if certs is not None:
                    certs.add(current.partition(".")[2])
            for rule in self._rules_for(current):
                for test in walk(rule.when):
                    spec = kb.fields[test.field]
                    if spec.derived:
                        todo.append(test.field)
                        continue
                    if spec.type is FieldType.LIST:
                        vals = test.value if isinstance(test.value, tuple) else (test.value,)
                        known = fields.setdefault(test.field, set())
                        if known is not None:
                            known.update(str(v) for v in vals)
                        if spec.gap_kind == "credential":
                            todo.extend(f"certification.{v}" for v in vals)
                    else:
                        fields[test.field] = None
        for extra in ("degree", "degree_field", self.model.experience):
            if extra and extra in kb.fields:
                fields[extra] = None
        return tuple((f, None if v is None else frozenset(v)) for f, v in sorted(fields.items()))

    def _rules_for(self, name: str) -> tuple[CompiledRule, ...]:
        kb = self.kb
        if name == "level":
            return kb.level_rules
        if name.startswith(("path.", "certification.")):
            return (*kb.routes.get(name, ()), *kb.requirements.get(name, ()))
        return tuple(kb.fact_rules.get(name, ()))

    # -- time ----------------------------------------------------------------------------------

    def sitting(self, cert: str, ready: float) -> float:
        """When the exam can be sat once eligible at ``ready`` years: the next testing window
        for a windowed exam (its first half-month), at once otherwise."""
        model = self.model
        if cert not in model.windowed or not model.windows:
            return ready
        day = self.as_of + dt.timedelta(days=round(ready * _YEAR))
        for year in (day.year, day.year + 1):
            for month in model.windows:
                start = dt.date(year, month, 1)
                end = dt.date(year, month, 15)
                if end >= day:
                    return max(ready, (start - self.as_of).days / _YEAR)
        return ready

    def date_of(self, years: float) -> str:
        """``May 2027``: the month ``years`` after the evaluation date."""
        day = self.as_of + dt.timedelta(days=round(years * _YEAR))
        return f"{MONTHS[day.month - 1]} {day.year}"


class _Run:
    """One planning computation for one situation (memoises sub-targets)."""

    def __init__(self, planner: Planner, values: Mapping[str, Any]) -> None:
        self.p = planner
        self.kb = planner.kb
        self.model = planner.model
        self.values = values
        self._memo: dict[tuple[str, tuple[str, ...]], tuple[Needs, CompiledRule | None] | None] = {}

    # -- targets -------------------------------------------------------------------------------

    def plan(self, name: str) -> Plan:
        kb = self.kb
        kind, _, target_id = name.partition(".")
        targets = kb.certifications if kind == "certification" else kb.paths
        title = targets[target_id].title if target_id in targets else target_id
        status = self.values.get(name)
        if status in ("eligible", "held"):
            return Plan(target_id, kind, title, None, None, 0.0)
        best = self.best_rule(name, self.kb.routes.get(name, ()), gates=True)
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
        self, name: str, rules: Iterable[CompiledRule], gates: bool = False
    ) -> tuple[Needs, CompiledRule | None, _Schedule] | None:
        """The rule whose plan is shortest, then has fewest actions, then least study, then
        comes first; only plans that, applied, really open the target count."""
        best: tuple[Needs, CompiledRule | None, _Schedule] | None = None
        best_key: tuple[float, int, float, int] | None = None
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
            key = (round(sched.total, 6), len(sched.actions), sched.study, rule.index)
            if best_key is not None and key >= best_key:
                continue
            if not self.opens(name, sched.applied):
                continue
            best, best_key = (found, rule, sched), key
        return best

    def opens(self, name: str, applied: Mapping[str, Any]) -> bool:
        """Whether the profile with a plan applied opens ``name`` (or concludes the fact)."""
        if name.startswith("fact:"):
            return True
        profile = Profile(
            "plan", {k: v for k, v in applied.items() if not self.kb.fields[k].derived}
        )
        values = self.p._evaluator.run(profile).values
        return values.get(name) in ("eligible", "held")

    def target_needs(self, name: str, accept: tuple[str, ...]) -> Needs | None:
        """Needs that make a derived fact take one of the ``accept``-ed values."""
        key = (name, accept)
        if key in self._memo:
            found = self._memo[key]
            return None if found is None else found[0]
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
            key = (round(sched.total, 6), len(sched.actions), sched.study, rule.index)
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
            key = (round(sched.total, 6), len(sched.actions), sched.study)
            if best_key is None or key < best_key:
                best, best_key = option, key
        return best

    def test_needs(self, test: Test, rule: CompiledRule | None) -> Needs | None:
        kb, model = self.kb, self.model
        spec = kb.fields[test.field]
        have = self.values.get(test.field)
        name, op, need = test.field, test.op, test.value
        if test_holds(test, spec, have):
            if name == "degree" and op in ("at_least", "more_than"):
                # Kept: a degree in another field must still reach this level.
                level = need if op == "at_least" else _DEGREES[_rank(need) + 1]
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
            return Needs(numbers={name: value}, why={("number", name): rule})
        if name == "degree" and op in ("at_least", "more_than"):
            level = need if op == "at_least" else _DEGREES[_rank(need) + 1]
            return Needs(degree_level=level, why={("degree", ""): rule})
        if name == "degree_field" and op in ("equals", "one_of"):
            fields = tuple(need) if isinstance(need, tuple) else (need,)
            return Needs(degree_fields=fields, why={("degree", ""): rule})
        if spec.type is FieldType.BOOLEAN and spec.gap_kind == "preference" and op == "is":
            return Needs(flags={name: need}, why={("flag", name): rule})
        if spec.type is FieldType.LIST and op in ("includes", "includes_all", "includes_any"):
            wanted = need if isinstance(need, tuple) else (need,)
            missing = [w for w in wanted if w not in have]
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
        accept_values = tuple(v for v in (spec.values or ()) if test_holds(test, spec, v))
        if spec.type is FieldType.BOOLEAN:
            accept_values = tuple(v for v in (True, False) if test_holds(test, spec, v))
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

    def schedule(self, needs: Needs) -> _Schedule | None:
        kb, model, values = self.kb, self.model, self.values
        applied = {s.name: values.get(s.name) for s in kb.fields if not s.derived}
        actions: list[Action] = []
        ends: dict[tuple[str, str], float] = {}

        def why(key: tuple[str, str]) -> tuple[str | None, str | None]:
            rule = needs.why.get(key)
            return (rule.id, rule.rule.source) if rule else (None, None)

        study = 0.0
        if needs.degree_level is not None or needs.degree_fields is not None:
            step = self.study(needs)
            if step is None:
                return None
            level, dfield, years = step
            if years > 0:
                study = years
                text = self.study_text(level, dfield, years)
                actions.append(
                    Action("study", text, "degree", level, 0.0, years, *why(("degree", "")))
                )
                applied["degree"] = max(level, str(values.get("degree", "none")), key=_rank)
                applied["degree_field"] = dfield
                ends[("degree", "")] = years
        for fname, items in needs.skills.items():
            current = tuple(applied.get(fname) or ())
            for item in items:
                current += (item,)
                years = model.skill_years
                text = f"Train in {item.replace('_', ' ')} (about {_years(years)})"
                actions.append(
                    Action("training", text, fname, item, 0.0, years, *why(("skill", fname)))
                )
                ends[("skill", item)] = years
            applied[fname] = current
        for fname, flag in needs.flags.items():
            spec = kb.fields[fname]
            text = (
                spec.action
                if flag and spec.action
                else f"Decide: {spec.label} ({spec.describe_value(flag)})"
            )
            years = model.decision_years
            actions.append(Action("decision", text, fname, flag, 0.0, years, *why(("flag", fname))))
            applied[fname] = flag
            ends[("flag", fname)] = years
        # Roles one after another, those prerequisites need first; general experience all along.
        first: list[str] = []
        for _, sub in self._prerequisites(needs):
            first.extend(n for n in sub.numbers if n not in first)
        order = [n for n in first if n in needs.numbers] + [
            n for n in needs.numbers if n not in first
        ]
        cursor = 0.0
        seg_start: dict[str, float] = {}
        exp = model.experience
        for fname in order:
            if fname == exp:
                continue
            missing = needs.numbers[fname] - float(values.get(fname) or 0)
            if missing <= 0:
                continue
            seg_start[fname] = cursor
            spec = kb.fields[fname]
            base = model.roles.get(fname) or f"Gain experience: {spec.label}"
            text = f"{base} for {_years(missing, more=True)}"
            actions.append(Action("role", text, fname, needs.numbers[fname], cursor,
                                  cursor + missing, *why(("number", fname))))  # fmt: skip
            applied[fname] = needs.numbers[fname]
            cursor += missing
        general_have = float(values.get(exp) or 0) if exp else 0.0
        general_missing = (needs.numbers.get(exp, 0.0) - general_have) if exp else 0.0
        if exp and exp in kb.fields:
            applied[exp] = max(general_have + cursor, needs.numbers.get(exp, general_have))
            if general_missing > cursor:
                spec = kb.fields[exp]
                rest = spec.label[6:] if spec.label.startswith("years ") else spec.label
                text = f"Gain {_years(general_missing, more=True)} {rest}"
                actions.append(Action("experience", text, exp, needs.numbers[exp], 0.0,
                                      general_missing, *why(("number", exp))))  # fmt: skip

        def at(fname: str, value: float) -> float:
            have = float(values.get(fname) or 0)
            if value <= have:
                return 0.0
            if fname == exp:
                return value - have
            return seg_start.get(fname, 0.0) + value - have

        sits: dict[str, float] = {}

        def ready(sub: Needs) -> float:
            t = 0.0
            if (sub.degree_level or sub.degree_fields) and ("degree", "") in ends:
                t = max(t, ends[("degree", "")])
            for items in sub.skills.values():
                t = max([t, *(ends.get(("skill", i), 0.0) for i in items)])
            for fname in sub.flags:
                t = max(t, ends.get(("flag", fname), 0.0))
            for fname, value in sub.numbers.items():
                t = max(t, at(fname, value))
            for cert in sub.exams:
                t = max(t, sit(cert))
            return t

        def sit(cert: str) -> float:
            if cert not in sits:
                sits[cert] = self.p.sitting(cert, ready(needs.exams[cert]))
            return sits[cert]

        for cert in needs.exams:
            when = sit(cert)
            actions.append(self.exam_action(cert, when, *why(("exam", cert))))
            certs = tuple(applied.get("certifications") or ())
            applied["certifications"] = certs + ((cert,) if cert not in certs else ())
        total = max([0.0, *(a.done for a in actions)])
        # Subs are opened on the way: remember when, for "opens".
        self._sub_ready = [(label, ready(sub)) for label, sub in needs.subs] + [
            (cert, sits[cert]) for cert in needs.exams
        ]
        actions.sort(key=lambda a: (a.done, a.start, a.kind))
        return _Schedule(total, actions, applied, study)

    def _prerequisites(self, needs: Needs) -> list[tuple[str, Needs]]:
        return [*needs.subs, *needs.exams.items()]

    def exam_action(
        self, cert: str, when: float, rule: str | None = None, source: str | None = None
    ) -> Action:
        model = self.model
        if cert in model.windowed and model.windows:
            text = f"Sit the {cert} exam (testing window {self.p.date_of(when)})"
            source = source or model.exam_source
        else:
            text = f"Sit the {cert} exam (any time once eligible)"
        return Action("exam", text, "certifications", cert, when, when, rule, source, (cert,))

    def mark_opens(self, needs: Needs, sched: _Schedule, target: str) -> list[Action]:
        """Each action with what opens once it is done (the target with the last one)."""
        self.schedule(needs)  # recompute the prerequisites' ready times for this schedule
        opens: dict[int, list[str]] = {}
        actions = sched.actions
        for label, when in [*self._sub_ready, (target, sched.total)]:
            best = None
            for i, action in enumerate(actions):
                if action.done <= when + 1e-9 and (
                    best is None or action.done >= actions[best].done
                ):
                    best = i
            if best is not None:
                names = opens.setdefault(best, [])
                if label not in names:
                    names.append(label)
        out = []
        for i, action in enumerate(actions):
            extra = tuple(n for n in opens.get(i, ()) if n not in action.opens)
            out.append(Action(action.kind, action.text, action.field, action.value, action.start,
                              action.done, action.rule, action.source, action.opens + extra))  # fmt: skip
        return out

    # -- study ---------------------------------------------------------------------------------

    def study(self, needs: Needs) -> tuple[str, str, float] | None:
        """(level, field, years part-time) of the degree to study; years 0 when none is needed."""
        held = str(self.values.get("degree", "none"))
        held_field = str(self.values.get("degree_field", "other"))
        level = needs.degree_level
        fields = needs.degree_fields
        level_ok = level is None or _rank(held) >= _rank(level)
        field_ok = fields is None or held_field in fields
        if level_ok and field_ok:
            return (held, held_field, 0.0)
        if "degree" in self.model.not_actions:
            return None
        if not field_ok:
            assert fields is not None
            dfield = fields[0]
            level = level if level and _rank(level) >= _rank("associate") else "associate"
            if _rank(level) >= _rank("master") and _rank(held) >= _rank("bachelor"):
                base = "bachelor"
            else:
                base = "high_school"
        else:
            assert level is not None
            dfield, base = held_field, held
        years = self.ladder(level) - self.ladder(base)
        if base == "none":
            years += self.model.study_years("certificate")  # a GED first
        return (level, dfield, max(years, 0.0) * self.model.part_time_factor)

    def ladder(self, level: str) -> float:
        """Full-time years from a high-school diploma to ``level``."""
        if level in ("none", "high_school"):
            return 0.0
        if level == "certificate":
            return self.model.study_years("certificate")
        total = 0.0
        for step in _DEGREE_LADDER[1:]:
            total += self.model.study_years(step)
            if step == level:
                break
        return total

    def study_text(self, level: str, dfield: str, years: float) -> str:
        degree_spec = self.kb.fields["degree"]
        field_spec = self.kb.fields["degree_field"]
        what = degree_spec.describe_value(level)
        article = "an" if what[:1].lower() in "aeiou" else "a"
        subject = "" if dfield == "other" else f" in {field_spec.describe_value(dfield)}"
        mode = "part-time alongside work" if self.model.part_time_factor > 1 else "alongside work"
        return f"Complete {article} {what}{subject} (about {_years(years)}, {mode})"


def _years(value: float, more: bool = False) -> str:
    """``1 year``, ``2.5 years``, ``1 more year``."""
    shown = f"{value:.1f}".rstrip("0").rstrip(".")
    word = "year" if shown == "1" else "years"
    return f"{shown} more {word}" if more else f"{shown} {word}"


def planner_for(kb: KnowledgeBase, as_of: dt.date | None = None) -> Planner:
    """The planner of a knowledge base for an evaluation date (kept in its memo)."""
    day = as_of or dt.date.today()
    key = f"planner:{day.isoformat()}"
    found = kb.memo.get(key)
    if isinstance(found, Planner):
        return found
    planner = Planner(kb, day)
    kb.memo[key] = planner
    return planner
