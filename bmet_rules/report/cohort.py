"""A cohort, aggregated one result at a time, for the HTML report.

Counts are kept for everyone (levels, statuses per path and certification, gaps, next
steps): memory grows with the rules, not with the people. Detail about individual people is
bounded by two caps, both written on the page with how many were left out:

* :data:`PEOPLE_CAP` people in the people table: the first ones in input order;
* :data:`NEAREST_CAP` people per path in "nearest to each path": those with the fewest gaps,
  then the fewest missing years, then the smallest id (a heap, so ties never depend on
  input order).

Statuses are taken as the strings results carry, so a status added later (``needs_info``)
is counted and shown without a change here. Goals and first steps are read with fallbacks
(``goal``/``goals`` when results have them; else the nearest path that is not open yet).
"""

from __future__ import annotations

import functools
import heapq
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..results import Gap, Outcome, Result

#: People listed in the people table (the first ones in input order).
PEOPLE_CAP = 500
#: People listed per path under "nearest to each path".
NEAREST_CAP = 10
#: Rows in "the gaps that block the most people" and "the next steps that open the most".
TOP_CAP = 12
#: The columns of the overview, in order; ``held`` is counted with ``eligible``.
OVERVIEW_STATUSES = ("eligible", "near", "needs_info", "not_eligible")
OPEN_STATUSES = frozenset({"eligible", "held"})
#: "(has 2, needs 3)" at the end of a gap sentence: it differs per person, so it is dropped
#: when gaps are counted as one obstacle.
_HAVE_TAIL = re.compile(r"\s*\((?:has|now)\b[^()]*\)$")
#: Numbers in a next step ("Gain 2.5 more years ..."): steps differing only in them are one.
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
#: The "(eligible by ...)" tail of a step: which route is a detail per person.
_TAIL = re.compile(r"\s*\([^()]*\)$")
#: "1 more year" and "2 more years" are the same step.
_YEARS = re.compile(r"\byears?\b")


def status_column(status: str) -> str:
    """The overview column a status counts in (``held`` with ``eligible``)."""
    return "eligible" if status == "held" else status


def _first(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return value[0] if value else None
    return value


def _text(value: Any) -> str | None:
    """A goal or step as text, whatever shape the result gives it."""
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, dict):
        for key in ("title", "action", "label", "id", "target"):
            if value.get(key):
                return str(value[key])
        return None
    for attr in ("title", "action", "label", "id", "target"):
        got = getattr(value, attr, None)
        if got:
            return str(got)
    return str(value)


def _distance(outcome: Outcome) -> tuple[int, float]:
    return (len(outcome.gaps), float(sum(g.missing or 0 for g in outcome.gaps)))


def gap_label(gap: Gap) -> str:
    """One obstacle, the same for everyone it blocks: the gap sentence without its tail."""
    return _label(gap.message)


@functools.lru_cache(maxsize=4096)
def _label(message: str) -> str:
    # Cached: a cohort repeats the same few hundred sentences (profiled: the regex was the
    # largest single cost of a digest).
    return _HAVE_TAIL.sub("", message)


@dataclass(frozen=True)
class PersonRow:
    """One row of the people table."""

    profile_id: str
    name: str | None
    level: str | None
    open_paths: tuple[str, ...]
    goal: str | None
    goal_is_fallback: bool
    first_step: str | None
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class Nearest:
    """One person near a path: who, and what they still need."""

    profile_id: str
    name: str | None
    status: str
    gaps: tuple[str, ...]
    eta_years: float | None


@dataclass
class TargetCounts:
    """Statuses of one path or certification across the cohort."""

    kind: str
    id: str
    title: str
    statuses: Counter[str] = field(default_factory=Counter)

    def column(self, name: str) -> int:
        """The count for one overview column (``eligible`` includes ``held``)."""
        return sum(n for s, n in self.statuses.items() if status_column(s) == name)


class CohortReport:
    """Everything the HTML report shows, accumulated with :meth:`add`."""

    def __init__(self, people_cap: int = PEOPLE_CAP, nearest_cap: int = NEAREST_CAP) -> None:
        self.people_cap, self.nearest_cap = people_cap, nearest_cap
        self.profiles = 0
        self.levels: Counter[str] = Counter()
        self.targets: dict[tuple[str, str], TargetCounts] = {}
        self.rulesets: list[dict[str, Any]] = []
        self.engines: Counter[str] = Counter()
        self.as_of: set[str] = set()
        self.people: list[PersonRow] = []
        #: gap -> people it blocks from at least one target
        self.blockers: Counter[str] = Counter()
        #: (gap, target title) -> people for whom it is the only thing that target lacks
        self.one_away: Counter[tuple[str, str]] = Counter()
        #: next step -> people it is offered to, and the targets it opens
        self.steps: Counter[str] = Counter()
        self.step_opens: dict[str, set[str]] = {}
        self._nearest: dict[str, list[tuple[tuple[int, float, _Reverse], int, Nearest]]] = {}
        self.near_counts: Counter[str] = Counter()
        self._order = 0

    def add(self, result: Result) -> None:
        """Count one person's result."""
        self.add_digest(digest(result))

    def add_digest(self, d: dict[str, Any]) -> None:
        """Count one person from :func:`digest` (made here, or in a worker process)."""
        self.profiles += 1
        self.levels[d["level"] or "unassigned"] += 1
        if d["ruleset"] and d["ruleset"] not in self.rulesets:
            self.rulesets.append(d["ruleset"])
        self.engines[d["engine"] or "unknown"] += 1
        if d["as_of"]:
            self.as_of.add(d["as_of"])
        blocked: set[str] = set()
        for kind, tid, title, status, labels, _, near in d["targets"]:
            key = (kind, tid)
            counts = self.targets.get(key)
            if counts is None:
                counts = self.targets[key] = TargetCounts(kind, tid, title)
            counts.statuses[status] += 1
            blocked.update(labels)
            if len(labels) == 1:
                self.one_away[(labels[0], title)] += 1
            if near is not None:
                self._offer_nearest(tid, d["id"], d["name"], status, near)
        self.blockers.update(blocked)
        for key, opens in d["steps"]:
            self.steps[key] += 1
            self.step_opens.setdefault(key, set()).update(opens)
        if len(self.people) < self.people_cap:
            self.people.append(person_row(d))

    def _offer_nearest(self, path_id: str, profile_id: str, name: str | None, status: str,
                       near: list[Any]) -> None:
        count, years, gaps, eta = near
        self.near_counts[path_id] += 1
        # heapq is a min-heap: keep the worst on top by negating the sort key's parts.
        rank = (-count, -years, _Reverse(profile_id))
        heap = self._nearest.setdefault(path_id, [])
        self._order += 1
        item = (rank, self._order, Nearest(profile_id, name, status, tuple(gaps), eta))
        if len(heap) < self.nearest_cap:
            heapq.heappush(heap, item)
        elif rank > heap[0][0]:
            heapq.heapreplace(heap, item)

    def nearest(self, path_id: str) -> list[Nearest]:
        """The people nearest ``path_id``, nearest first (at most :attr:`nearest_cap`)."""
        items = sorted(self._nearest.get(path_id, []), key=lambda i: i[0], reverse=True)
        return [entry for _, _, entry in items]

    @property
    def people_left_out(self) -> int:
        """People counted in the aggregates but not listed in the people table."""
        return self.profiles - len(self.people)

    def nearest_left_out(self, path_id: str) -> int:
        """People not open to ``path_id`` with gaps, beyond those listed as nearest."""
        return self.near_counts[path_id] - len(self._nearest.get(path_id, []))

    def kinds(self, kind: str) -> list[TargetCounts]:
        """Paths or certifications, in the order results first gave them (ruleset order)."""
        return [t for t in self.targets.values() if t.kind == kind]

    def top_steps(self) -> list[tuple[str, int, list[str]]]:
        """Next steps offered to the most people: action, people, targets it opens."""
        ranked = sorted(self.steps.items(), key=lambda kv: (-kv[1], kv[0]))[: TOP_CAP]
        return [(action, n, sorted(self.step_opens[action])) for action, n in ranked]

    def top_blockers(self) -> list[tuple[str, int]]:
        """Gaps that keep the most people from at least one path or certification."""
        return sorted(self.blockers.items(), key=lambda kv: (-kv[1], kv[0]))[: TOP_CAP]

    def top_one_away(self) -> list[tuple[str, str, int]]:
        """"N people are one GAP away from TARGET", most people first."""
        ranked = sorted(self.one_away.items(), key=lambda kv: (-kv[1], kv[0]))[: TOP_CAP]
        return [(gap, target, n) for (gap, target), n in ranked]


def _target(kind: str, outcome: Outcome) -> list[Any]:
    """[kind, id, title, status, gap labels (in order, once each), route, nearness]."""
    if outcome.status in OPEN_STATUSES:
        return [kind, outcome.id, outcome.title, outcome.status, [], outcome.route, None]
    labels = list(dict.fromkeys(gap_label(g) for g in outcome.gaps))
    near = None
    if kind == "path" and outcome.gaps:
        count, years = _distance(outcome)
        near = [count, years, [g.message for g in outcome.gaps], _eta(outcome)]
    return [kind, outcome.id, outcome.title, outcome.status, labels, None, near]


def digest(result: Result) -> dict[str, Any]:
    """What the report needs of one result, as plain JSON-able data.

    With ``--jobs N`` workers send this (a few KB of text) instead of pickling the whole
    result (measured: a pickle round trip costs several times the digest's encoding). Goals
    and first steps are read with fallbacks, so results of a later schema work unchanged.
    """
    steps: dict[str, list[str]] = {}
    for step in result.next_steps:
        key = _YEARS.sub("year(s)", _NUMBER.sub("N", _TAIL.sub("", step.action)))
        steps.setdefault(key, list(step.opens))
    as_of = getattr(result, "as_of", None)
    goal = _text(_first(getattr(result, "goal", None) or getattr(result, "goals", None)))
    first_step = _text(getattr(result, "first_step", None)) or _text(_first(result.next_steps))
    return {
        "id": result.profile_id, "name": result.name, "level": result.level,
        "ruleset": result.ruleset, "engine": result.engine,
        "as_of": str(as_of) if as_of else None, "goal": goal, "first_step": first_step,
        "targets": [_target(kind, o)
                    for kind, outcomes in (("path", result.paths),
                                           ("certification", result.certifications))
                    for o in outcomes],
        "steps": list(steps.items()),
    }


def person_row(d: dict[str, Any]) -> PersonRow:
    """The people-table row of a :func:`digest`; without a goal, the nearest path not open
    yet stands in (marked as a fallback)."""
    paths = [t for t in d["targets"] if t[0] == "path"]
    open_paths = tuple(t[2] for t in paths if t[3] in OPEN_STATUSES)
    goal, fallback = d["goal"], False
    pending = [t for t in paths if t[6] is not None]
    if goal is None and pending:
        goal, fallback = min(pending, key=lambda t: (t[6][0], t[6][1]))[2], True
    explanation = []
    for _, _, title, status, labels, route, _ in paths:
        if status in OPEN_STATUSES:
            explanation.append(f"{title}: open" + (f" ({route})." if route else "."))
        elif status in ("near", "needs_info"):
            word = "near" if status == "near" else "needs information"
            explanation.append(f"{title}: {word}, needs "
                               f"{'; '.join(labels) or 'more information'}.")
    if not explanation:  # nothing open or near yet: the nearest paths, by their plans
        for t in sorted(pending, key=lambda t: (t[6][0], t[6][1]))[:3]:
            explanation.append(f"{t[2]}: not open yet" + (f" (by {t[5]})." if t[5] else "."))
    return PersonRow(d["id"], d["name"], d["level"], open_paths, goal, fallback,
                     d["first_step"], tuple(explanation))


def _eta(outcome: Outcome) -> float | None:
    value = getattr(outcome, "eta_years", None)
    return float(value) if isinstance(value, (int, float)) else None


class _Reverse:
    """Wraps a string so it sorts backwards: in the max-rank heap, smaller ids win ties."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __lt__(self, other: _Reverse) -> bool:
        return self.value > other.value

    def __gt__(self, other: _Reverse) -> bool:
        return self.value < other.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reverse) and self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)
