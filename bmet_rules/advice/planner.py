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
from collections.abc import Mapping
from typing import Any

from ..conditions import walk
from ..evaluator import PythonEvaluator
from ..explain import BoundedCache
from ..fields import FieldType
from ..knowledge import CompiledRule, KnowledgeBase
from .model import MONTHS, AdviceModel, advice_model
from .plans import Action, Plan
from .search import RouteSearch

__all__ = ["Action", "Plan", "Planner", "planner_for"]

_YEAR = 365.25
#: Days past a testing window's first day by which its results are out (the window is the
#: first half of the month): an exam resting on the credential waits for a later window.
_WINDOW_DAYS = 16

#: Plans and route needs kept per knowledge base (about 0.7 KB each). Sized so the caches are
#: nearly full after 20,000 generated profiles (``benchmarks/batch.py``): a longer batch then
#: holds no more memory, at the price of planning again situations met long before.
PLAN_CACHE_ENTRIES = 32_000
NEEDS_CACHE_ENTRIES = 20_000
_Reads = tuple[tuple[str, "frozenset[str] | float | None"], ...]


class Planner:
    """Plans for one knowledge base and evaluation date (cached per situation)."""

    def __init__(self, kb: KnowledgeBase, as_of: dt.date | None = None) -> None:
        self.kb = kb
        self.model: AdviceModel = advice_model(kb)
        self.as_of = as_of or dt.date.today()
        self._evaluator = PythonEvaluator(kb)
        self._cache: BoundedCache[Any, Plan] = kb.memo.setdefault(
            "plans", BoundedCache(PLAN_CACHE_ENTRIES)
        )
        self._search: RouteSearch | None = None
        self._monotone: dict[str, bool] = {}
        self.shared_needs: BoundedCache[Any, Any] = kb.memo.setdefault(
            "plan-needs", BoundedCache(NEEDS_CACHE_ENTRIES)
        )
        self._keys: dict[str, _Reads] = kb.memo.setdefault("plan-keys", {})
        #: The profile's own (not derived) fields: what a plan's actions are applied to.
        self.plain_fields = tuple(spec.name for spec in kb.fields if not spec.derived)
        self._plain = frozenset(self.plain_fields)

    # -- public ------------------------------------------------------------------------------

    def record_of(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The record's own values among ``values`` (no derived fact): what a profile is
        evaluated again from, with a question answered ("if yes", "if hired", ...)."""
        plain = self._plain
        return {k: v for k, v in values.items() if k in plain}

    @property
    def evaluator(self) -> PythonEvaluator:
        """The evaluator plans are verified with (the Python one: same logic as the engine)."""
        return self._evaluator

    def plan(self, target: str, values: Mapping[str, Any]) -> Plan:
        """The plan for ``target`` (``CBET``, ``supervisor`` or ``certification.CBET``) given
        a profile's evaluated values (profile fields and derived facts)."""
        name = self._field(target)
        key = (name, self.as_of, self.situation(name, values))
        found = self._cache.get(key)
        if found is None:
            # One search per profile: the targets of one person share their prerequisites.
            if self._search is None or self._search.values is not values:
                self._search = RouteSearch(self, values)
            found = self._cache.put(key, self._search.plan(name))
        return found

    def effort(self, sched: Any) -> float:
        """What a route costs when routes are compared: its years, plus ``study_weight`` per
        year of study (docs/advice.md, "Nearest route")."""
        return round(float(sched.total) + self.model.study_weight * float(sched.study), 6)

    def rank(self, sched: Any) -> tuple[float, int, float]:
        """How plans compare (lower is nearer): least effort, then fewest actions, then least
        study. The one definition of "nearest" every route search uses."""
        return (self.effort(sched), len(sched.actions), float(sched.study))

    def safe(self, name: str, sched: Any) -> bool:
        """Whether a plan for ``name`` opens it without evaluating again: every test the
        target's rules read is monotone (more years, a higher degree, more skills or
        certifications only help) and the plan changes no degree field. Otherwise the plan is
        applied and evaluated (:meth:`RouteSearch.opens`)."""
        monotone = self._monotone.get(name)
        if monotone is None:
            monotone = self._monotone[name] = self._is_monotone(name)
        return monotone and not any(a.kind == "study" and a.also for a in sched.actions)

    def _is_monotone(self, name: str) -> bool:
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            for rule in self._rules_for(current):
                for test in walk(rule.nnf):
                    spec = self.kb.fields[test.field]
                    if spec.derived:
                        todo.append(test.field)
                    if not _monotone_test(test.op, test.value, spec.derived, test.field):
                        return False
        return True

    def route_plan(self, target: str, rule_id: str, values: Mapping[str, Any]) -> Plan:
        """The plan through one route rule of ``target`` (not cached: for comparisons)."""
        return RouteSearch(self, values).plan(self._field(target), only=rule_id)

    def field_of(self, target: str) -> str:
        """The derived field of a target id (``CBET`` -> ``certification.CBET``)."""
        return self._field(target)

    def _field(self, target: str) -> str:
        if target.startswith(("path.", "certification.")):
            return target
        if target in self.kb.certifications:
            return f"certification.{target}"
        if target in self.kb.paths:
            return f"path.{target}"
        raise KeyError(f"no path or certification {target!r}")

    # -- the situation a target's plan depends on ---------------------------------------------

    def situation(self, name: str, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """The values a target's plan depends on. A list counts only the values the rules
        name; a number above every threshold the rules compare it with counts as "above
        them all" (15 and 20 years plan alike when no rule asks for more than 13)."""
        return tuple(situation_value(values.get(f), relevant) for f, relevant in self.reads(name))

    def reads(self, name: str) -> _Reads:
        """The profile fields a target's plan depends on, each with what of it counts: for
        a list, the values the rules name; for a number, the cap above every threshold."""
        reads = self._keys.get(name)
        if reads is None:
            reads = self._keys[name] = self._reads(name)
        return reads

    def _reads(self, name: str) -> tuple[tuple[str, frozenset[str] | float | None], ...]:
        """Profile fields the plan of ``name`` can depend on, with, for lists, the values
        that matter and, for numbers, a cap just above every threshold that matters."""
        kb = self.kb
        seen: set[str] = set()
        fields: dict[str, set[str] | None] = {}
        caps: dict[str, float] = {}
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
                        if spec.type is FieldType.NUMBER and caps.get(test.field, 0.0) >= 0:
                            if isinstance(test.value, (int, float)):
                                caps[test.field] = max(caps.get(test.field, 0.0), test.value)
                            else:
                                caps[test.field] = -1.0  # not a plain number: no cap
        for along, role in self.model.alongside.items():
            if along in fields:  # planned as years in the role, counted from what is held
                fields[role] = None
                caps[role] = -1.0
        for along, role in self.model.alongside.items():
            if role in fields and along not in fields:
                # Whether a role is taken up "again" (none of its years in the window) or
                # continued reads the field that grows with it: none, or some.
                fields[along] = None
                caps[along] = 0.0
        # Years that count as the experience a role waits for (an engineer's practice) set
        # when a role read here starts.
        waits = [self.model.role_after[r] for r in fields if r in self.model.role_after]
        for counted in self.model.role_after_counts if waits else ():
            if counted not in fields:
                fields[counted] = None
                caps[counted] = max(waits)
            elif caps.get(counted, -1.0) >= 0:
                caps[counted] = max(caps[counted], max(waits))
        experience = self.model.experience
        for extra in ("degree", "degree_field", experience):
            if extra and extra in kb.fields:
                fields[extra] = None
        if experience in caps and caps[experience] >= 0:
            after = max(self.model.role_after.values(), default=0.0)
            caps[experience] = max(caps[experience], after)
        elif experience:
            # Untested: general experience matters only for roles that need some first.
            caps[experience] = max(self.model.role_after.values(), default=0.0)
        out: list[tuple[str, frozenset[str] | float | None]] = []
        for fname, known in sorted(fields.items()):
            if caps.get(fname, -1.0) >= 0:
                out.append((fname, caps[fname] + 1.0))
            else:
                out.append((fname, None if known is None else frozenset(known)))
        return tuple(out)

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

    def awarded(self, cert: str, sat: float) -> float:
        """When a credential sat at ``sat`` years is held: after its testing window closes for
        a windowed exam (an exam that rests on it waits for the next window: a CBET sat in May
        opens the CHTM's November window, not May's), at once otherwise."""
        model = self.model
        if cert not in model.windowed or not model.windows:
            return sat
        return sat + _WINDOW_DAYS / _YEAR

    def date_of(self, years: float) -> str:
        """``May 2027``: the month ``years`` after the evaluation date."""
        day = self.as_of + dt.timedelta(days=round(years * _YEAR))
        return f"{MONTHS[day.month - 1]} {day.year}"


def situation_value(value: Any, relevant: frozenset[str] | float | None) -> Any:
    """One value as a situation counts it (:meth:`Planner.situation`)."""
    if isinstance(relevant, float):
        return min(float(value or 0), relevant)
    if relevant is not None and isinstance(value, tuple):
        return tuple(v for v in value if v in relevant)
    return value


def _monotone_test(op: str, value: Any, derived: bool, name: str) -> bool:
    """A test that more experience, a higher degree, more skills or certifications, a yes to
    a preference, or another open target can only make hold."""
    if op in ("at_least", "more_than", "includes", "includes_any", "includes_all"):
        return True
    if op in ("one_of", "equals"):
        values = value if isinstance(value, tuple) else (value,)
        if derived:
            return set(values) <= {"held", "eligible"}
        return name == "degree_field"  # changed only by a degree, which is verified
    return op == "is" and value is True and not derived


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
