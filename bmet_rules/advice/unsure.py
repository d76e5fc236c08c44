"""Plans that rest on facts to confirm get no date.

A target whose own status is settled can still have a plan that acts on a value the record
does not give (years as a supervisor, read as 0 while unknown) or sits an exam whose own
status needs information (the CHTM of a manager's plan). Its "in N years" would be a guess:
the outcome keeps its status, loses its date (``eta_years: null``) and gains a gap of kind
``unknown`` per fact to confirm, which the one-line explanation shows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..completions import ceiling_of, floor_of, unknown_marks
from ..conditions import All, Condition, Test, walk
from ..evaluator import test_holds
from ..fields import FieldType
from ..interview import Excluding
from ..knowledge import KnowledgeBase
from ..results import Gap, Outcome
from ..unknowns import confirm_message
from .plans import Plan

if TYPE_CHECKING:
    from .planner import Planner


def rests_on(
    plan: Plan, unknown: Collection[str], unsure: Collection[str],
    values: Mapping[str, Any] | None = None,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The unknown fields a plan's actions set, and the exams it sits whose status needs
    information (``unsure``: certification ids); ``values``: the record the plan was made
    on (the degree field its study reads)."""
    held_field = (values or {}).get("degree_field")
    # Years read as 0 set the length; a short training or a decision on a value not given
    # matters only when it alone takes longest: not when experience on given facts ends
    # with it (six months of teaching training beside the last six months of experience
    # are "in 0.5 years" whatever the skills are; forty-fourth review's probe, where half a
    # year more experience lost four paths' dates).
    ends = max((a.done for a in plan.actions if a.field not in unknown), default=0.0)
    fields = tuple(dict.fromkeys(
        a.field for a in plan.actions
        if a.field in unknown and (
            a.kind in ("role", "experience", "study")
            or (plan.years is not None and a.done >= plan.years - 1e-9
                and ends < plan.years - 1e-9)
        )
    ))  # fmt: skip
    # Study from a degree whose field is not given: how long it takes (a step up in the
    # same field, or a new field) is a guess (thirty-eighth review: an associate's degree
    # field not exported read as "not engineering", "Clinical Engineer in 6 years").
    # (The field only when the study changes it: a bachelor's in any field steps up from the
    # degree held whatever its field.)
    fields += tuple(dict.fromkeys(
        f for a in plan.actions if a.kind == "study" for f in ("degree", "degree_field")
        if f in unknown and f not in fields and (
            f == "degree" or dict(a.also).get(f, held_field) != held_field)
    ))  # fmt: skip
    # A window that grows with a role (supervision in the last five years) set the role's
    # length from its stand-in value: "lead 1 more year" is a guess while the window is not
    # given (2 years as a supervisor, none of them perhaps in the last five).
    fields += tuple(dict.fromkeys(
        f for a in plan.actions if a.kind == "role" for f, _ in a.also
        if f in unknown and f not in fields
    ))  # fmt: skip
    # An exam whose status needs information sets the date only when it is the last thing
    # done: a CBET sat in May on the way to a CHTM three years of leading away does not.
    exams = tuple(dict.fromkeys(
        str(a.value) for a in (*plan.actions, *((plan.exam,) if plan.exam else ()))
        if a.kind == "exam" and str(a.value) in unsure and str(a.value) != plan.target
        and (plan.years is None or a.done >= plan.years - 0.5)
    ))  # fmt: skip
    return fields, exams


def certain_route(
    planner: Planner, name: str, values: Mapping[str, Any], plan: Plan,
    unknown: Collection[str], unsure: Collection[str],
) -> Plan | None:  # fmt: skip
    """Another route's plan, as soon as ``plan`` (which :func:`rests_on` facts to confirm),
    that rests on none: its date holds whatever the answers are (thirty-seventh review: an
    imaging specialist "not by time and study" for a CBET holder two imaging years from
    route 2, because route 1, as soon, sits a CRES that waits on the years not given)."""
    if plan.years is None:
        return None
    target = name.partition(".")[2]
    for rule in planner.kb.routes.get(name, ()):
        if rule.id == plan.route_rule:
            continue
        other = planner.route_plan(target, rule.id, values)
        if other.years is None or other.years > plan.years + 1e-9 or other.route_rule is None:
            continue
        if rests_on(other, unknown, unsure, values) == ((), ()):
            return other
    return None


#: Gap kinds of a given fact no value left out can stand in for (``blocked``).
_GIVEN_KINDS = ("degree", "credential")


def blocked(
    kb: KnowledgeBase, name: str, values: Mapping[str, Any], unknown: Collection[str]
) -> bool:
    """Whether every route of ``name`` fails on a given degree or credential, whatever the
    values not given are (an associate-degree holder's CCE: each route needs an engineering
    bachelor's or a PE first). Such a target is not open for that reason, not for the values
    to confirm."""
    routes = kb.routes.get(name, ())
    if not routes:
        return False
    # Credentials the given facts rule out, when the list of those held is not given (an
    # associate-degree holder holds no PE: his CCE is barred by the degree, not waiting on
    # his clinical engineering years; forty-fourth review).
    marks = unknown_marks(kb, values, frozenset(unknown))
    ruled = {f: m.items for f, m in marks.items() if isinstance(m, Excluding)}
    return all(_given_fails(kb, r.nnf, values, unknown, ruled) for r in routes)


def _given_fails(
    kb: KnowledgeBase, cond: Condition, values: Mapping[str, Any], unknown: Collection[str],
    ruled: Mapping[str, frozenset[str]],
) -> bool:  # fmt: skip
    if isinstance(cond, Test):
        spec = kb.fields[cond.field]
        if cond.field in ruled and cond.op in ("includes", "includes_any", "includes_all"):
            need = cond.value if isinstance(cond.value, tuple) else (cond.value,)
            out = [v in ruled[cond.field] for v in need]
            return any(out) if cond.op == "includes_all" else all(out)
        if spec.derived or cond.field in unknown or spec.gap_kind not in _GIVEN_KINDS:
            return False  # may hold: not a given fact of the kinds that block
        return not test_holds(cond, spec, values.get(cond.field))
    items = cond.items  # type: ignore[union-attr]
    parts = (_given_fails(kb, item, values, unknown, ruled) for item in items)
    return any(parts) if isinstance(cond, All) else all(parts)


def latest_plan(
    planner: Planner, name: str, values: Mapping[str, Any], fields: tuple[str, ...],
    unknown: Collection[str] = (),
) -> Plan | None:
    """The plan with the numbers to confirm at the least they can be (none, or what the
    given fields they bound ask): the longest it can take, since more years only bring a
    target nearer; ``None`` when a field to confirm is not a number."""
    kb = planner.kb
    if not fields or any(kb.fields[f].type is not FieldType.NUMBER for f in fields):
        return None
    # Not a total a window is part of (the supervisory years): more of them with the recent
    # ones given means the recent ones are an older stint's, which age out, so the least is
    # not the latest (forty-sixth review's probe: "CHTM in 2 years at the latest" without the
    # total, 3 years with it).
    windows = [s for s in kb.fields.profile_fields() if s.window_years]
    # (Unless the window is to confirm too: then none of either is the least of both.)
    if any(s.name != f and s.name not in fields and s.name not in unknown
           and f in (s.not_above, s.absent_reads) for s in windows for f in fields):
        return None
    least = {f: max(floor_of(kb, values, f), 0.0) for f in fields}
    return planner.plan(name, {**values, **least})


def either_way(
    planner: Planner, name: str, values: Mapping[str, Any], fields: tuple[str, ...],
    latest: Plan, unknown: Collection[str],
) -> Plan | None:  # fmt: skip
    """The plan with the years to confirm at the most the given fields allow, when it is as
    long as ``latest`` (:func:`latest_plan`): then the date holds whatever the answers
    (forty-ninth review: a supervisor of one year whose recency was not exported, Director
    "how soon depends on" the recent years although 0 and 1 both give 4 years). It is the
    plan shown, ``settled`` on ``fields``: its wording counts the years the record gives
    ("for 1 more year (3 in all)"), not none of them."""
    kb = planner.kb
    most = {f: ceiling_of(kb, values, f, frozenset(unknown)) for f in fields}
    if latest.years is None or any(m == float("inf") for m in most.values()):
        return None
    soonest = planner.plan(name, {**values, **most})
    if soonest.years is None or abs(soonest.years - latest.years) >= 1e-9:
        return None
    return replace(soonest, settled=fields)


def with_most(
    planner: Planner, values: Mapping[str, Any], goal: Outcome, plan: Plan,
    unknown: Collection[str], unsure: Collection[str],
) -> Plan:  # fmt: skip
    """``plan`` with ``if_most``: the plan with the years it rests on at the most the given
    totals allow, when that is sooner and still takes time (fiftieth review: "If the years
    ... in the last five years are at least 3" of someone whose record gives 2 years leading
    in all; the answer to give is "if both are, in 1 year")."""
    if goal.status == "needs_info" and not any(g.kind == "unknown" for g in goal.gaps):
        return plan
    if plan.years is None or plan.years <= 0:
        return plan
    fields, exams = rests_on(plan, unknown, unsure, values)
    kb = planner.kb
    if exams or not fields or any(kb.fields[f].type is not FieldType.NUMBER for f in fields):
        return plan
    most = {f: min(ceiling_of(kb, values, f, frozenset(unknown)),
                   kb.fields[f].window_years or float("inf")) for f in fields}  # fmt: skip
    if any(m == float("inf") for m in most.values()):
        return plan
    # (and the fields not given they bound, at as much: 3 years leading, all of them in the
    # last five; fifty-first review, where "if 3, in 1 year" read the recent ones as none)
    for spec in kb.fields.profile_fields():
        if spec.name in unknown and spec.name not in most and spec.not_above in most:
            most[spec.name] = min(most[spec.not_above], spec.window_years or float("inf"))
    name = planner.field_of(plan.target)
    soonest = planner.plan(name, {**values, **most})
    if soonest.years is None or soonest.years >= plan.years - 1e-9:
        return plan
    if len(most) == 1:
        # One number: the least of it that gives as soon ("at least 1 of them in the last
        # five years", not "6"; fifty-second review), among the values the rules compare it
        # with.
        (field, top), = most.items()
        for value in (v for v in _cuts(kb, field) if floor_of(kb, values, field) < v < top):
            years = planner.plan(name, {**values, field: value}).years
            if years is not None and years <= soonest.years + 1e-9:
                return replace(plan, if_most=soonest, most=((field, value),), most_least=True)
    return replace(plan, if_most=soonest, most=tuple(most.items()))


def _cuts(kb: KnowledgeBase, field: str) -> list[float]:
    """The numbers the rules compare ``field`` with, least first."""
    memo: dict[str, list[float]] = kb.memo.setdefault("unsure.cuts", {})
    found = memo.get(field)
    if found is None:
        found = memo[field] = sorted({
            float(t.value) for rule in kb.by_id.values() for t in walk(rule.nnf)
            if t.field == field and isinstance(t.value, (int, float))
            and not isinstance(t.value, bool)
        })  # fmt: skip
    return found


#: The ``need`` of a gap on years to confirm that an outcome's date reads at their least:
#: the date is the latest it opens ("in 2 years at the latest").
READ_AT_LEAST = "not given: read at the least"


def at_the_latest(kb: KnowledgeBase, out: Outcome, fields: tuple[str, ...], years: float,
                  near: float, small: Callable[[Gap], bool]) -> Outcome:  # fmt: skip
    """``out`` dated at the latest it opens (``years``), with what an answer may bring nearer
    as gaps of kind ``unknown`` (the line says "at the latest"); its status as :func:`dated`
    gives it."""
    asks = tuple(Gap(f, READ_AT_LEAST, None, None, confirm_message(kb.fields[f]), "unknown")
                 for f in fields if f in kb.fields)  # fmt: skip
    out = dated(kb, out, fields, years, near, small, len(asks))
    return replace(out, gaps=(*out.gaps, *asks))


def dated(kb: KnowledgeBase, out: Outcome, fields: tuple[str, ...], years: float, near: float,
          small: Callable[[Gap], bool], more: int = 0) -> Outcome:  # fmt: skip
    """``out`` in ``years``, without the questions on ``fields`` (they no longer move its
    date). It is ``near`` as the record with those years at their least would be: soon, and
    its other gaps (and ``more``) few and ``small`` (forty-ninth review's probe: imaging
    years not given read "near" while 0, 1, 2 or 3 of them all leave the imaging path not
    near, the CRES still to earn)."""
    # (Every gap on them: one read on a stand-in, "degree field: engineering (has other)",
    # would be a guess, and asked as an unknown it took the place of "at the latest".)
    gaps = tuple(g for g in out.gaps if g.field not in fields)
    is_near = (years <= near + 1e-9 and len(gaps) + more <= kb.parameter("near_max_gaps")
               and all(small(g) for g in gaps))  # fmt: skip
    status = out.status
    if status in ("near", "not_eligible"):
        status = "near" if is_near else "not_eligible"
    return replace(out, status=status, eta_years=round(years, 2), gaps=gaps)


def undated(kb: KnowledgeBase, out: Outcome, fields: tuple[str, ...],
            exams: tuple[str, ...], is_blocked: bool = False) -> Outcome:  # fmt: skip
    """``out`` without a date, with what its plan waits on as gaps of kind ``unknown``.

    When it is ``is_blocked`` (:func:`blocked`), the given degree and credential gaps lead,
    so the explanation reads "not open: needs a bachelor's degree ..."; otherwise the facts
    to confirm lead ("how soon depends on: Confirm ...")."""
    asked = {g.field for g in out.gaps if g.kind == "unknown"}
    asks = [
        Gap(f, "not given", None, None, confirm_message(kb.fields[f]), "unknown")
        for f in fields if f in kb.fields and f not in asked
    ] + [
        Gap(f"certification.{c}", "needs information", None, None,
            f"{c} first, which needs information", "unknown")
        for c in exams
    ]  # fmt: skip
    status = "not_eligible" if out.status == "near" else out.status
    gaps = (*out.gaps, *asks)
    lead = _GIVEN_KINDS if is_blocked else ("unknown",)
    gaps = (*(g for g in gaps if g.kind in lead), *(g for g in gaps if g.kind not in lead))
    return replace(out, status=status, eta_years=None, gaps=gaps)
