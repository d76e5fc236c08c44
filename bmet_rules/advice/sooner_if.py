"""Targets an answer on a field of words would bring nearer.

A target that is not open has the date of its plan made with the values not given read as
none: the longest it can take, since an answer only adds (a route that asks for a degree field
not given is read as failing it). When a route that names such a field (the CHTM's bachelor's
route: "a bachelor's in biomedical technology, IT, business, engineering or a healthcare
field") would open it sooner with a value it accepts, that is what the question on the field
is for: "Confirm the degree field: if business, ..., CHTM in 1 year, not 2" (fortieth review:
an HR export without the degree field read "CHTM in 2 years", and its question named the FE).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..conditions import walk
from ..fields import FieldSpec, FieldType
from ..knowledge import KnowledgeBase
from ..results import Gap, Outcome
from ..unknowns import confirm_message
from .confirming import most_parts
from .planner import Planner
from .unsure import READ_AT_LEAST, latest_plan, with_most

#: An answer is worth naming when it brings a target at least this many years nearer, and
#: by at least this share of the wait (not "CHTM in 6 years, not 7" to a new hire, whose
#: question was six lines long; forty-seventh review).
NEARER_BY = 0.25
NEARER_SHARE = 0.25


@dataclass(frozen=True)
class Sooner:
    """``target`` in ``years`` (not ``was``) when the field is one of ``values``."""

    target: str
    values: tuple[str, ...]
    years: float
    was: float
    or_higher: bool = False
    """For an ordered field (the degree): the value named or any above it."""
    also: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Other fields not given the same route asks at once (the degree's field, with the
    degree): each with the values it accepts."""
    through: str = ""
    """The prerequisite whose own route reads the field (the CBET a laboratory specialist
    waits on), when it is not the target's own route."""
    said: str = ""
    """For years not given: the answer as said ("if 2", "with at least 1")."""


def sooner_if(
    planner: Planner, values: Mapping[str, Any], outcomes: Sequence[Outcome],
    unknown: Collection[str],
) -> dict[str, list[Sooner]]:  # fmt: skip
    """For each unknown field of words (``choice``, or ``ordered``: the degree), the targets
    not open that a value some route of theirs accepts brings nearer, soonest first (forty-
    fourth review: a degree not given left "CHTM in 3 years" without "if a bachelor's,
    2")."""
    kb = planner.kb
    words = [f for f in unknown if f in kb.fields
             and kb.fields[f].type in (FieldType.CHOICE, FieldType.ORDERED)]  # fmt: skip
    found: dict[str, list[Sooner]] = {}
    if not words:
        return found
    for o in outcomes:
        if o.status not in ("near", "not_eligible") or not o.eta_years:
            continue
        name = planner.field_of(o.id)
        best: dict[str, Sooner] = {}
        for rule in kb.routes.get(name, ()):
            for test in walk(rule.nnf):
                if test.field not in words:
                    continue
                accepted, higher = _accepted(kb.fields[test.field], test.op, test.value)
                if not accepted:
                    continue
                plan = planner.route_plan(o.id, rule.id, {**values, test.field: accepted[0]})
                if plan.years is None or not _worth(plan.years, o.eta_years) or any(
                    a.kind == "study" for a in plan.actions
                ):  # (the answer alone, not a degree still to study: forty-first review)
                    continue
                have = best.get(test.field)
                if have is None or plan.years < have.years - 1e-9:
                    best[test.field] = Sooner(o.id, tuple(str(v) for v in accepted),
                                              round(plan.years, 2), o.eta_years,
                                              higher)  # fmt: skip
                elif abs(plan.years - have.years) < 1e-9 and not have.also and (
                    higher == have.or_higher
                ):  # as soon by another route: its values too (forty-seventh review: "if
                    # biomedical equipment technology, CRES in 1 year" left out electronics)
                    more = tuple(str(v) for v in accepted if str(v) not in have.values)
                    best[test.field] = replace(have, values=have.values + more)
            # Two fields not given that the route asks together (a bachelor's in a listed
            # field): one answer on both (forty-sixth review: degree and field not given
            # read "CHTM in 3 years" with no question, 2 years by route 4).
            joint: dict[str, tuple[tuple[Any, ...], bool]] = {}
            for test in walk(rule.nnf):
                if test.field in words and test.field not in joint:
                    accepted, higher = _accepted(kb.fields[test.field], test.op, test.value)
                    if accepted:
                        joint[test.field] = (accepted, higher)
            if len(joint) < 2:
                continue
            answer = {f: accepted[0] for f, (accepted, _) in joint.items()}
            plan = planner.route_plan(o.id, rule.id, {**values, **answer})
            if plan.years is None or not _worth(plan.years, o.eta_years) or any(
                a.kind == "study" for a in plan.actions
            ):
                continue
            first, *others = joint
            have = best.get(first)
            if have is None or plan.years < have.years:
                best[first] = Sooner(
                    o.id, tuple(str(v) for v in joint[first][0]), round(plan.years, 2),
                    o.eta_years, joint[first][1],
                    tuple((f, tuple(str(v) for v in joint[f][0])) for f in others))
        for field, sooner in best.items():
            found.setdefault(field, []).append(sooner)
    for field, sooner in _through_prerequisites(planner, values, outcomes, words, found):
        found.setdefault(field, []).append(sooner)
    for items in found.values():
        items.sort(key=lambda s: (s.years, s.target))
    return found


def _through_prerequisites(
    planner: Planner, values: Mapping[str, Any], outcomes: Sequence[Outcome],
    words: Sequence[str], found: Mapping[str, Sequence[Sooner]],
) -> list[tuple[str, Sooner]]:
    """Targets whose date waits on a prerequisite not open whose own routes read a field of
    words not given (the laboratory specialist's CBET, the imaging specialist's CRES: the
    degree field): the values those routes accept, when one brings the target nearer
    (fiftieth review's probe: "Laboratory Equipment Specialist in 3.5 years" with the degree
    field not given, 2 years with a BMET degree, not said to be the latest)."""
    kb = planner.kb
    by_id = {o.id: o for o in outcomes}
    said = {(f, s.target) for f, items in found.items() for s in items}
    out: list[tuple[str, Sooner]] = []
    for o in outcomes:
        if o.status not in ("near", "not_eligible") or not o.eta_years:
            continue
        for gap in o.gaps:
            pre = by_id.get(gap.field.partition(".")[2]) \
                if gap.kind == "prerequisite" and gap.field.startswith("certification.") else None
            if pre is None or pre.status in ("eligible", "held"):
                continue
            for field in (f for f in words if (f, o.id) not in said):
                best: Sooner | None = None
                for rule in kb.routes.get(gap.field, ()):
                    for test in walk(rule.nnf):
                        if test.field != field:
                            continue
                        accepted, higher = _accepted(kb.fields[field], test.op, test.value)
                        if not accepted:
                            continue
                        plan = planner.plan(planner.field_of(o.id), {**values, field: accepted[0]})
                        if plan.years is None or not _worth(plan.years, o.eta_years):
                            continue
                        if best is None or plan.years < best.years - 1e-9:
                            best = Sooner(o.id, tuple(str(v) for v in accepted),
                                          round(plan.years, 2), o.eta_years, higher,
                                          through=pre.id)  # fmt: skip
                if best is not None:
                    said.add((field, o.id))
                    out.append((field, best))
    return out


def sooner_at_most(
    planner: Planner, values: Mapping[str, Any], outcomes: Sequence[Outcome],
    unknown: Collection[str], unsure: Collection[str],
) -> dict[str, list[Sooner]]:  # fmt: skip
    """For each field of years not given that a given total bounds (the years leading in the
    last five, of the years leading given), the targets dated at the latest on it that the
    years at that most bring nearer: "Confirm the years ... in the last five years: if 2,
    CHTM in 1 year, not 3 years". A goal's plan says it (``Plan.if_most``); without a goal
    the question was never asked (fifty-third review: a lead technician's CHTM "in 3 years
    at the latest" beside a question on his imaging years)."""
    kb = planner.kb
    found: dict[str, list[Sooner]] = {}
    for o in outcomes:
        if o.status not in ("near", "not_eligible") or not o.eta_years:
            continue
        fields = tuple(g.field for g in o.gaps if g.need == READ_AT_LEAST)
        if not fields or any(kb.fields.get(f) is None
                             or kb.fields[f].type is not FieldType.NUMBER for f in fields):
            continue  # (one whose date waits on words too has its own question)
        name = planner.field_of(o.id)
        latest = latest_plan(planner, name, values, fields, unknown)
        if latest is None or latest.years is None:
            continue
        plan = with_most(planner, values, o, latest, unknown, unsure)
        soonest = plan.if_most
        parts = most_parts(plan, kb)
        if soonest is None or soonest.years is None or len(parts) != 1 or not _worth(
            soonest.years, o.eta_years
        ):
            continue
        ((field, value, all_of, _),) = parts
        lead = "with" if plan.most_least else "if"
        found.setdefault(field, []).append(Sooner(
            o.id, (value,), round(soonest.years, 2), o.eta_years, said=f"{lead} {value}{all_of}"))
    for items in found.values():
        items.sort(key=lambda s: (s.years, s.target))
    return found


def _worth(years: float, was: float) -> bool:
    """Whether ``years`` instead of ``was`` is worth a question (:data:`NEARER_BY`,
    :data:`NEARER_SHARE`)."""
    return years <= min(was - NEARER_BY, was * (1 - NEARER_SHARE))


def _accepted(spec: FieldSpec, op: str, value: Any) -> tuple[tuple[Any, ...], bool]:
    """The values a test accepts, the least first, and whether any value above the first
    is accepted too (an ordered field's ``at_least``)."""
    if op in ("equals", "one_of"):
        return (value if isinstance(value, tuple) else (value,)), False
    if spec.type is FieldType.ORDERED and op in ("at_least", "more_than"):
        at = spec.rank(str(value)) + (op == "more_than")
        return (tuple(spec.values[at:at + 1]), True) if at < len(spec.values) else ((), False)
    return (), False


def latest_if_sooner(
    kb: KnowledgeBase, certs: Sequence[Outcome], paths: Sequence[Outcome],
    nearer: Mapping[str, Sequence[Sooner]],
) -> tuple[tuple[Outcome, ...], tuple[Outcome, ...]]:
    """The outcomes with each date an answer would bring nearer marked as the latest (a gap
    of kind ``unknown`` whose ``need`` is :data:`~.unsure.READ_AT_LEAST`): "CRES in 2.5
    years" read a degree not given as none, and with an associate's in the field it is half
    a year (forty-seventh review)."""
    fields: dict[str, list[str]] = {}
    for field, items in nearer.items():
        for s in items:
            fields.setdefault(s.target, []).extend([field, *(f for f, _ in s.also)])

    def marked(o: Outcome) -> Outcome:
        if o.id not in fields or o.eta_years is None:
            return o
        had = {g.field for g in o.gaps if g.kind == "unknown"}
        more = tuple(Gap(f, READ_AT_LEAST, None, None, confirm_message(kb.fields[f]),
                         "unknown")
                     for f in dict.fromkeys(fields[o.id]) if f not in had and f in kb.fields)
        return replace(o, gaps=(*o.gaps, *more)) if more else o

    return tuple(map(marked, certs)), tuple(map(marked, paths))
