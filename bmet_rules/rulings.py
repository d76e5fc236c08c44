"""Uncertain conditions: values of a test that the certifying body decides (``ruling:``).

The parser (:func:`bmet_rules.conditions._parse_ruling`) turns a ruling into a test on a
boolean *answer field*, ``ruling.RULE.FIELD``. This module checks each ruling against the
field registry and declares its answer field, so the rest of the system (type checks, both
engines, explanations, :mod:`bmet_rules.unknowns`) treats the answer as one more profile
field that no ordinary record gives: an outcome that turns on it is ``needs_info``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .conditions import Condition, Not, Ruling, Test
from .errors import IssueList
from .fields import FieldRegistry, FieldSpec, FieldType
from .ruleset import Ruleset

#: Field types a ruling may be declared on (the rewrite tests membership with ``one_of``).
_RULED_TYPES = (FieldType.CHOICE, FieldType.ORDERED, FieldType.TEXT)
ORIGIN = "ruling"


def rulings_of(cond: Condition) -> Iterator[Ruling]:
    """The rulings declared in a condition."""
    if isinstance(cond, Test):
        if cond.ruling is not None:
            yield cond.ruling
    elif isinstance(cond, Not):
        yield from rulings_of(cond.item)
    else:
        for item in cond.items:
            yield from rulings_of(item)


def register_rulings(
    rulesets: Sequence[Ruleset], registry: FieldRegistry, issues: IssueList
) -> None:
    """Check every ruling and add its answer field to ``registry``; problems go to ``issues``."""
    for rs in rulesets:
        for rule in rs.rules:
            for ruling in rulings_of(rule.when):
                where = {"file": rs.file, "line": ruling.line, "rule": rule.id,
                         "field": ruling.field}
                spec = registry.get(ruling.field)
                if spec is not None and ruling.counts is not None:
                    other = registry.get(ruling.counts)
                    if spec.type is not FieldType.NUMBER or (
                        other is None or other.type is not FieldType.NUMBER
                    ):
                        issues.add(
                            "`ruling: {counts: ...}` applies to a number field and names "
                            f"another; {ruling.field!r} or {ruling.counts!r} is not one",
                            hint="e.g. engineering_years: {at_least: 8, ruling: {counts: "
                            "years_experience, by: HTCC, note: ...}}",
                            **where,
                        )
                        continue
                elif spec is None or spec.derived or spec.type not in _RULED_TYPES:
                    issues.add(
                        f"`ruling:` applies to a choice field of the profile; {ruling.field!r} "
                        "is not one",
                        hint="declare rulings on fields such as degree or degree_field",
                        **where,
                    )
                    continue
                bad = [v for v in ruling.values if spec.values and v not in spec.values]
                if bad:
                    issues.add(
                        f"ruling value(s) {', '.join(map(repr, bad))} are not values of "
                        f"{ruling.field}",
                        hint="allowed: " + ", ".join(spec.values),
                        **where,
                    )
                    continue
                if ruling.name in registry:
                    issues.add(
                        f"rule {rule.id!r} declares two rulings on {ruling.field}; "
                        "put every value the body decides in one `ruling: {values: [...]}`",
                        **where,
                    )
                    continue
                registry.register(answer_field(ruling))


def answer_field(ruling: Ruling) -> FieldSpec:
    """The boolean field standing for the body's answer."""
    return FieldSpec(
        ruling.name,
        FieldType.BOOLEAN,
        f"{ruling.by} decides {ruling.note}.",
        label=f"{ruling.by}'s ruling {ruling.note}",
        gap_kind="other",
        question=None,
        origin=ORIGIN,
    )
