"""Typed results, serialising to the JSON contract in ``docs/contract.md``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Gap:
    """One unmet condition: the field, what is needed, what the profile has, how far."""

    field: str
    need: str
    have: Any
    missing: float | int | None
    message: str
    kind: str = "other"
    closes_with_time: bool = False
    rule: str | None = None
    source: str | None = None
    wanted: tuple[str, ...] = ()
    """For list and choice gaps, the values that would close it (not serialised)."""
    requires: tuple[Gap, ...] = ()
    """For a derived fact (a level, a certification, another path): the gaps of the nearest
    rule that would conclude it."""

    def to_dict(self) -> dict[str, Any]:
        """The GAP object of the JSON contract."""
        have = list(self.have) if isinstance(self.have, tuple) else self.have
        return {
            "field": self.field,
            "need": self.need,
            "have": have,
            "missing": self.missing,
            "message": self.message,
            "kind": self.kind,
            "closes_with_time": self.closes_with_time,
            "rule": self.rule,
            "source": self.source,
            "requires": [g.to_dict() for g in self.requires],
        }


@dataclass(frozen=True)
class Outcome:
    """The status of one path or certification, with the route that decided it and why."""

    id: str
    title: str
    status: str
    route: str | None = None
    route_rule: str | None = None
    reasons: tuple[str, ...] = ()
    gaps: tuple[Gap, ...] = ()
    rules: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    eta_years: float | None = None
    """Years until the nearest route's plan opens it (0 when open; ``None`` when time and
    study cannot, or before the advice is added)."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of a path or certification entry."""
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "route": self.route,
            "route_rule": self.route_rule,
            "reasons": list(self.reasons),
            "gaps": [g.to_dict() for g in self.gaps],
            "rules": list(self.rules),
            "sources": list(self.sources),
            "eta_years": self.eta_years,
        }


@dataclass(frozen=True)
class NextStep:
    """An action that opens paths or certifications, derived from the gaps."""

    action: str
    opens: tuple[str, ...]
    years: float | None
    """Years until done (0: now); ``None`` when time alone cannot do it (a degree)."""
    closes_with_time: bool
    towards: tuple[str, ...] = ()
    """Targets whose plans this action belongs to (``opens``: those it completes)."""
    kind: str = ""
    """The action's kind: experience, role, study, training, decision, exam or apply."""
    for_goal: bool = False
    """On the way to one of the person's goals (or what comes after an open one)."""
    rule: str | None = None
    source: str | None = None
    on_the_way: tuple[tuple[float, tuple[str, ...]], ...] = ()
    """What the step opens before it is done: (years, target ids), soonest first (a stint
    of experience that opens a path in 1.5 years and a certification in 3.5)."""
    field: str = field(default="", compare=False, repr=False)
    """The profile field the action changes (not in JSON: which steps a goal's routes bear
    on is decided from it)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "action": self.action,
            "kind": self.kind,
            "for_goal": self.for_goal,
            "opens": list(self.opens),
            "towards": list(self.towards),
            "years": self.years,
            "closes_with_time": self.closes_with_time,
            "rule": self.rule,
            "source": self.source,
            "on_the_way": [{"years": y, "opens": list(t)} for y, t in self.on_the_way],
        }


@dataclass(frozen=True)
class Result:
    """Everything bmet-rules concluded for one profile."""

    profile_id: str
    ruleset: dict[str, Any]
    level: str | None
    level_rules: tuple[str, ...]
    certifications: tuple[Outcome, ...]
    paths: tuple[Outcome, ...]
    warnings: tuple[str, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    engine: str = ""
    name: str | None = None
    as_of: str | None = None
    """The evaluation date (YYYY-MM-DD): rules in force and date-derived facts are as of it."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Annotations added by plugins (``adjust_result``)."""
    goals: tuple[str, ...] = ()
    plans: tuple[Any, ...] = ()
    """The goals' plans (``bmet_rules.advice.Plan``), in the order of ``goals``."""
    more_steps: int = 0
    """How many more next steps there are than ``next_steps`` shows."""
    unknown_fields: tuple[str, ...] = ()
    """Profile fields rules read that the record did not give (see ``bmet_rules.unknowns``)."""
    level_unknowns: tuple[str, ...] = ()
    """Unknown fields the level turns on; ``level`` is then the lowest they allow."""
    level_if_confirmed: str | None = None
    """When the level turns on unknown fields: the highest level their values allow (what
    confirming them may lead to); ``None`` otherwise."""
    level_if_lapsed: str | None = None
    """When the level rests on a certification held past its renewal date: the level if it
    lapsed (``"BMET II"``; ``"unassigned"`` when no rule places the person then); ``None``
    otherwise."""

    def path(self, path_id: str) -> Outcome:
        """The outcome for one path id."""
        return next(p for p in self.paths if p.id == path_id)

    def certification(self, cert_id: str) -> Outcome:
        """The outcome for one certification id."""
        return next(c for c in self.certifications if c.id == cert_id)

    def to_dict(self) -> dict[str, Any]:
        """The full JSON result (JSON and JSONL outputs carry exactly this)."""
        data = {
            "profile_id": self.profile_id,
            "name": self.name,
            "ruleset": self.ruleset,
            "engine": self.engine,
            "as_of": self.as_of,
            "level": self.level,
            "level_rules": list(self.level_rules),
            "certifications": [c.to_dict() for c in self.certifications],
            "paths": [p.to_dict() for p in self.paths],
            "next_steps": [s.to_dict() for s in self.next_steps],
            "more_steps": self.more_steps,
            "goals": list(self.goals),
            "plans": [p.to_dict() for p in self.plans],
            "warnings": list(self.warnings),
            "unknown_fields": list(self.unknown_fields),
            "level_unknowns": list(self.level_unknowns),
            "level_if_confirmed": self.level_if_confirmed,
            "level_if_lapsed": self.level_if_lapsed,
        }
        if self.extra:
            data["extra"] = self.extra
        return data
