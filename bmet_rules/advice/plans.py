"""Plans as results carry them: the actions, when each is done, and what each opens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
    also: tuple[tuple[str, Any], ...] = ()
    """Other fields the action sets (a degree's field)."""

    def to_dict(self) -> dict[str, Any]:
        """The ACTION object of the JSON contract."""
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {
            "kind": self.kind,
            "action": self.text,
            "field": self.field,
            "value": value,
            "also": {k: v for k, v in self.also},
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
    if_yes: Plan | None = None
    """For a goal waiting on a yes/no or list not given: the plan were the answers yes, when
    that is sooner (``advice.if_yes``)."""
    if_yes_also: tuple[Plan, ...] = ()
    """For a goal waiting on the degree or its field: the other routes an answer they name
    opens it by as well (a BMET or an electronics associate opens the CRES; twenty-second
    review: naming one route made "Otherwise" wrong for the other)."""

    if_most: Plan | None = None
    """For a goal waiting on years not given that a given total bounds (the recent ones of 2
    years leading): the plan with them at that most, when sooner and the route asks more
    than the total allows (``unsure.with_most``); said in words, not in the JSON."""
    most: tuple[tuple[str, float], ...] = ()
    """The fields ``if_most`` reads at their most, with those values."""
    most_least: bool = False
    """``most`` holds the least values that give ``if_most``'s date, not the most."""
    settled: tuple[str, ...] = ()
    """Fields not given whose every value the record allows gives this plan's date (its
    actions on them are steps all the same: ``unsure.either_way``)."""

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
            "if_yes": self.if_yes.to_dict() if self.if_yes else None,
            "if_yes_also": [p.to_dict() for p in self.if_yes_also],
        }


def years_text(value: float, more: bool = False) -> str:
    """``1 year``, ``2.5 years``, ``1 more year``."""
    shown = f"{value:.1f}".rstrip("0").rstrip(".")
    word = "year" if shown == "1" else "years"
    return f"{shown} more {word}" if more else f"{shown} {word}"
