"""Needs: what a route still asks for, before it is put on a timeline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..knowledge import CompiledRule
from .plans import Action

DEGREE_LADDER = ("certificate", "associate", "bachelor", "master", "doctorate")
DEGREES = ("none", "high_school", *DEGREE_LADDER)


def rank(level: str) -> int:
    """Position of a degree in the ordered ladder (unknown words rank as ``none``)."""
    return DEGREES.index(level) if level in DEGREES else 0


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
    _key: tuple[Any, ...] | None = field(default=None, compare=False, repr=False)

    def key(self) -> tuple[Any, ...]:
        """Everything a schedule of these needs depends on, as a hashable value (worked out
        once: needs are never changed once built). A route search schedules the same needs
        again and again (a condition shared by several routes, a prerequisite's)."""
        if self._key is None:
            self._key = (
                tuple(sorted(self.numbers.items())), self.degree_level, self.degree_fields,
                tuple(sorted(self.flags.items())),
                tuple(sorted((k, tuple(v)) for k, v in self.skills.items())),
                tuple(sorted((k, v.key()) for k, v in self.exams.items())),
                tuple((label, sub.key()) for label, sub in self.subs),
                tuple(sorted((k, r.id if r is not None else None) for k, r in self.why.items())),
            )
        return self._key

    def empty(self) -> bool:
        """Whether nothing is needed (a condition that already holds)."""
        return not (
            self.numbers or self.degree_level is not None or self.degree_fields is not None
            or self.flags or self.skills or self.exams or self.subs or self.why
        )  # fmt: skip

    def merged(self, other: Needs) -> Needs | None:
        """Both sets of needs at once; ``None`` when they conflict (two degree fields).

        Needs are never changed once built, so merging with nothing returns the other side
        itself (most conditions of a route already hold: this is the common case)."""
        if other.empty():
            return self
        if self.empty():
            return other
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
            if name in out.numbers and value > out.numbers[name]:
                # The rule that asks for the most is the one the years are planned for.
                rule = other.why.get(("number", name))
                if rule is not None:
                    out.why[("number", name)] = rule
            out.numbers[name] = max(value, out.numbers.get(name, value))
        level = other.degree_level
        if level is not None and (out.degree_level is None or rank(level) > rank(out.degree_level)):
            out.degree_level = level
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


@dataclass
class Schedule:
    """Needs on a timeline: how long, the actions, and the profile with them applied."""

    total: float
    actions: list[Action]
    base: dict[str, Any]
    """The profile's own values before the actions."""
    study: float
    experience: str | None = None

    @property
    def applied(self) -> dict[str, Any]:
        """The profile with the actions done. Worked out on demand: a route search schedules
        every option to compare them, and applies only the one it verifies."""
        return apply_actions(self.base, self.actions, self.experience)


def apply_actions(
    values: Mapping[str, Any], actions: Iterable[Action], experience: str | None
) -> dict[str, Any]:
    """The profile values with the actions done: what "applying a plan" means.

    Role years also count as general experience (``experience``), and a role's action
    carries the fields that accrue alongside it (``also``); a degree replaces the one
    held only when higher, and sets its field; an exam adds the certification, training the
    skill; a decision sets its field.
    """
    out = dict(values)
    gained = 0.0
    general = float(out.get(experience) or 0) if experience else 0.0
    for action in actions:
        name, value = action.field, action.value
        if action.kind == "role":
            # Rounded: 6.1 - 2.1 must add 4 years, not 3.9999999999999996.
            # A role credited with another's years (engineering practice after clinical
            # engineering) adds only the years it lasts.
            more = round(max(0.0, min(float(value) - float(values.get(name) or 0),
                                      action.done - action.start)), 6)
            gained += more
            out[name] = max(float(out.get(name) or 0), float(value))
            for along, reached in action.also:  # fields that grow with the role
                out[along] = max(float(out.get(along) or 0), float(reached))
        elif action.kind == "experience":
            general = max(general, float(value))
        elif action.kind == "study":
            if rank(str(value)) > rank(str(out.get("degree", "none"))):
                out[name] = value
            out.update(dict(action.also))
        elif action.kind in ("exam", "training"):
            items = tuple(out.get(name) or ())
            out[name] = items if value in items else (*items, value)
        else:
            out[name] = value
    if experience:
        out[experience] = round(max(general, float(values.get(experience) or 0) + gained), 6)
    return out
