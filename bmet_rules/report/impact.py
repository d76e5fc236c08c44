"""Rule-change impact: the same cohort under a baseline and a changed configuration.

Each side is its own :class:`~bmet_rules.knowledge.KnowledgeBase` with its own engine, both
in this process. durable-rules cannot register a ruleset name twice in one process, so the
engine adapter names every engine ruleset it creates uniquely (``bmet<pid>x<n>``,
``bmet_rules.engine``); two knowledge bases therefore never share or re-register a name,
whatever they contain (``tests/test_impact.py`` runs both sides on both engines).

The input is read once: the two evaluations advance in lockstep over a ``tee`` of the
records, a chunk at a time, so memory does not grow with the cohort except for the changes
found.

A **change** is a person whose status for a path or certification differs between the
sides. Statuses are ranked ``not_eligible`` < ``needs_info`` < ``near`` < ``eligible`` =
``held`` (a target one side lacks counts as ``not_eligible``): up is a **gain**, down a
**loss**. The **rule that made the difference** is the route rule of the better side (the
route that fired there, or the nearest route when neither is open); the worse side's gaps,
each with its rule, say what the person lacks there. Changes are sorted by target (ruleset
order) then profile id, so the report does not depend on the order of the input.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..api import RecordError, evaluate_many
from ..formats import Record
from ..knowledge import KnowledgeBase
from ..results import Outcome, Result

RANK = {"not_eligible": 0, "needs_info": 1, "near": 2, "eligible": 3, "held": 3}
ABSENT = "absent"


def rank(status: str) -> int:
    """How open a status is; an unknown status counts as not eligible."""
    return RANK.get(status, 0)


@dataclass(frozen=True)
class Change:
    """One person whose status for one target differs between the sides."""

    profile_id: str
    name: str | None
    before: str
    after: str
    rule: str | None
    gaps: tuple[tuple[str, str | None], ...]
    """The worse side's gaps: (sentence, rule)."""

    @property
    def direction(self) -> str:
        """``gain`` or ``loss``."""
        return "gain" if rank(self.after) > rank(self.before) else "loss"

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"profile_id": self.profile_id, "name": self.name, "from": self.before,
                "to": self.after, "direction": self.direction, "rule": self.rule,
                "gaps": [{"message": m, "rule": r} for m, r in self.gaps]}


@dataclass
class TargetImpact:
    """The changes for one path or certification."""

    kind: str
    id: str
    title: str
    changes: list[Change] = field(default_factory=list)

    @property
    def gains(self) -> int:
        """People better off on the changed side."""
        return sum(1 for c in self.changes if c.direction == "gain")

    @property
    def losses(self) -> int:
        """People worse off on the changed side."""
        return len(self.changes) - self.gains

    def transitions(self) -> list[tuple[str, str, int]]:
        """(from, to, people), most people first."""
        counts = Counter((c.before, c.after) for c in self.changes)
        return [(a, b, n) for (a, b), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    def rules(self) -> list[tuple[str, str, int]]:
        """(direction, rule, people): which rules made the difference, most people first."""
        counts = Counter((c.direction, c.rule or "") for c in self.changes)
        return [(d, r, n) for (d, r), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    def sorted_changes(self) -> list[Change]:
        """Changes by profile id: the same whatever order the input came in."""
        return sorted(self.changes, key=lambda c: c.profile_id)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "kind": self.kind, "id": self.id, "title": self.title,
            "gains": self.gains, "losses": self.losses,
            "transitions": [{"from": a, "to": b, "people": n} for a, b, n in self.transitions()],
            "rules": [{"direction": d, "rule": r or None, "people": n}
                      for d, r, n in self.rules()],
            "changes": [c.to_dict() for c in self.sorted_changes()],
        }


def _change(pid: str, name: str | None, before: Outcome | None,
            after: Outcome | None) -> Change | None:
    b = before.status if before is not None else ABSENT
    a = after.status if after is not None else ABSENT
    if rank(b) == rank(a):
        return None
    better, worse = (after, before) if rank(a) > rank(b) else (before, after)
    rule = better.route_rule if better is not None else None
    gaps = tuple((g.message, g.rule) for g in worse.gaps) if worse is not None else ()
    return Change(pid, name, b, a, rule, gaps)


@dataclass
class ImpactReport:
    """Changes per target, plus what each side was."""

    baseline: dict[str, Any]
    changed: dict[str, Any]
    differences: list[str] = field(default_factory=list)
    profiles: int = 0
    errors: int = 0
    targets: dict[tuple[str, str], TargetImpact] = field(default_factory=dict)

    def declare(self, kb: KnowledgeBase) -> None:
        """Register a side's targets, so they are listed in ruleset order even if unchanged."""
        for kind, targets in (("path", kb.paths), ("certification", kb.certifications)):
            for tid, target in targets.items():
                self.targets.setdefault((kind, tid), TargetImpact(kind, tid, target.title))

    def add(self, before: Result, after: Result) -> None:
        """Compare one person's two results."""
        self.profiles += 1
        for kind, b_out, a_out in (("path", before.paths, after.paths),
                                   ("certification", before.certifications,
                                    after.certifications)):
            b_map = {o.id: o for o in b_out}
            a_map = {o.id: o for o in a_out}
            for tid in dict.fromkeys([*b_map, *a_map]):
                change = _change(before.profile_id, before.name, b_map.get(tid), a_map.get(tid))
                if change is None:
                    continue
                outcome = b_map.get(tid) or a_map[tid]
                target = self.targets.setdefault((kind, tid),
                                                 TargetImpact(kind, tid, outcome.title))
                target.changes.append(change)

    @property
    def gains(self) -> int:
        """All gains, every target."""
        return sum(t.gains for t in self.targets.values())

    @property
    def losses(self) -> int:
        """All losses, every target."""
        return sum(t.losses for t in self.targets.values())

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``impact -f json``; fields in docs/contract.md)."""
        return {
            "baseline": self.baseline, "changed": self.changed,
            "differences": list(self.differences),
            "profiles": self.profiles, "errors": self.errors,
            "gains": self.gains, "losses": self.losses,
            "targets": [t.to_dict() for t in self.targets.values()],
        }


def describe(kb: KnowledgeBase, options: Mapping[str, Any]) -> dict[str, Any]:
    """What one side is: its ruleset object and the options that chose it."""
    return {"ruleset": kb.meta(), **{k: v for k, v in options.items()}}


def differences(base: KnowledgeBase, new: KnowledgeBase) -> list[str]:
    """The evaluation dates, parameters whose values differ and rules one side lacks, as
    sentences."""
    out = []
    if base.as_of != new.as_of:
        out.append(f"as of {base.as_of} -> {new.as_of}")
    for name in sorted(set(base.parameters) | set(new.parameters)):
        b = base.parameters[name].value if name in base.parameters else None
        a = new.parameters[name].value if name in new.parameters else None
        if b != a:
            out.append(f"parameter {name}: {b} -> {a}")
    b_rules = {r.id for r in base.rules}
    a_rules = {r.id for r in new.rules}
    out += [f"rule {r} only in the baseline" for r in sorted(b_rules - a_rules)]
    out += [f"rule {r} only in the changed rules" for r in sorted(a_rules - b_rules)]
    if not out and base.digest != new.digest:
        out.append("the rules differ in content (digests differ)")
    return out


def compare(
    records: Iterable[Record | Mapping[str, Any]],
    base: KnowledgeBase,
    new: KnowledgeBase,
    *,
    engine: str = "auto",
    baseline_options: Mapping[str, Any] | None = None,
    changed_options: Mapping[str, Any] | None = None,
) -> tuple[ImpactReport, list[RecordError]]:
    """Evaluate ``records`` on both sides and compare; also returns the rows in error.

    A row in error on either side is reported once (the baseline's error first) and not
    compared.
    """
    report = ImpactReport(describe(base, baseline_options or {}),
                          describe(new, changed_options or {}), differences(base, new))
    report.declare(base)
    report.declare(new)
    errors: list[RecordError] = []
    for before, after in _pairs(records, base, new, engine):
        if isinstance(before, RecordError) or isinstance(after, RecordError):
            errors.append(before if isinstance(before, RecordError) else after)  # type: ignore[arg-type]
            report.errors += 1
            continue
        report.add(before, after)
    return report, errors


def _pairs(records: Iterable[Any], base: KnowledgeBase, new: KnowledgeBase,
           engine: str) -> Iterator[tuple[Result | RecordError, Result | RecordError]]:
    left, right = itertools.tee(records, 2)
    yield from zip(evaluate_many(left, base, engine=engine),
                   evaluate_many(right, new, engine=engine), strict=True)
