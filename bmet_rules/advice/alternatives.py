"""The way by study, when it is sooner by the calendar than the nearest route.

The nearest route weighs a year of study more than a year of work (``study_weight``: a degree
costs evenings and fees the calendar does not show), so a student two years from an associate
degree is planned four years of work for the CBET. A counsellor still names the other way when
it is sooner, and before the slower step it beats (a reader takes the first way named): "Sooner
by study: complete an associate degree ... : CBET in 3 years by candidate status, not in 4
years". The person chooses; the plan shown stays the least effort.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from ..knowledge import KnowledgeBase
from ..profile import Profile
from ..results import NextStep
from .planner import Plan, Planner
from .plans import Action
from .schedule import new_to_work
from .text import when

#: A way by study is named only when it saves at least this many years on the calendar.
SOONER_BY = 0.5

#: A further degree (one beside a degree held) is named only when it saves at least this
#: share of its own years of study: three years of part-time study for half a year sooner is
#: no counsellor's advice (thirty-sixth review, ag06). A first degree is the way in, named
#: whatever it saves.
WORTH_SHARE = 0.25

#: A way by study that saves at least this many years comes before the slower step it beats,
#: as does a first degree for an entrant without even a certificate (told of the associate
#: degree first; eighteenth review); one that saves less follows the goals' steps, an option
#: for the longer term (twenty-third review: an IT associate's three years of part-time study
#: for a bachelor's, half a year sooner, was step 2, above the work).
LEADS_BY = 1.0


def study_alternatives(
    kb: KnowledgeBase, planner: Planner, values: Mapping[str, Any], goal_plans: Sequence[Plan],
    unknown: Collection[str] = (),
) -> list[tuple[NextStep, bool]]:
    """One "Sooner by study: ..." step per goal whose nearest plan has no study while a route
    through a degree would open it at least :data:`SOONER_BY` years sooner; each with whether
    it saves enough to lead (:data:`LEADS_BY`). ``unknown``: the fields the record does not
    give."""
    out: list[tuple[NextStep, bool]] = []
    for plan in goal_plans:
        if plan.years is None or plan.years <= 0 or any(a.kind == "study" for a in plan.actions):
            continue
        best: Plan | None = None
        best_years = float("inf")
        for rule in kb.routes.get(f"{plan.kind}.{plan.target}", ()):
            if rule.id == plan.route_rule:
                continue
            other = planner.route_plan(plan.target, rule.id, values)
            if other.years is None or not any(a.kind == "study" for a in other.actions):
                continue
            years = _calendar_years(kb, planner, values, plan.target, other)
            if years <= plan.years - SOONER_BY and years < best_years:
                best, best_years = other, years
        if best is None or best.years is None:
            continue
        study = next(a for a in best.actions if a.kind == "study")
        degree = kb.fields.get("degree")
        if_other = ""
        if degree is not None and values.get("degree") and degree.rank(str(study.value)) <= (
            degree.rank(str(values["degree"]))
        ) and not _new_field_before_work(planner, values, study, unknown):
            if degree.rank(str(values["degree"])) < degree.rank("bachelor") or (
                not _new_field_before_work(planner, values, study, unknown, field_given=False)
            ):  # (a second associate degree to a new hire: not on a guess; forty-fourth)
                continue  # a second degree no higher than the one held is no counsellor's advice
            # The field held not given: the way in for a graduate in another field, said so
            # (fifty-fourth review: a bachelor's in a field not exported, "Otherwise: 4 years"
            # without the associate degree a graduate in another field is told of).
            if_other = "If your degree is in another field: s"
        first = degree is None or degree.rank(str(values.get("degree") or "none")) < degree.rank(
            "associate")  # (no degree yet: this one is the way in)
        if not first and plan.years - best.years < study.done * WORTH_SHARE - 1e-9:
            continue
        # An entrant (no degree, or a certificate and new to the work) is told of the
        # degree first; a certificate holder years into the work hears of it after the work
        # it beats by little (thirty-ninth review: 1.5 years of part-time study for a CBET
        # half a year sooner was step 1 for a technician two years in).
        entrant = first and (new_to_work(planner.model, values) or degree is None or (
            degree.rank(str(values.get("degree") or "none")) < degree.rank("certificate")))
        name = plan.target if plan.kind == "certification" else plan.title
        gets, done = f"{name} {when(best.years)} by {best.route}", study.done
        if new_to_work(planner.model, values) and (
            graduating := _on_graduating(kb, planner, values, plan.target, study)
        ):
            # No job yet to study beside: full-time study, and what it opens on graduating
            # (CBET candidate status; twenty-ninth review: "by associate degree + 2 years" to
            # a warehouse worker left the usual way in out).
            done = study.done / planner.model.part_time_factor
            gets = f"{name} by {graduating} on graduating ({when(done)} full-time)"
        text = (f"{if_other or 'S'}ooner by study: {study.text[:1].lower()}{study.text[1:]}: "
                f"{gets}, not {when(plan.years)}")
        out.append((NextStep(
            text, (), round(done, 2), False, towards=(plan.target,), kind="study",
            for_goal=True, rule=study.rule, source=study.source,
        ), plan.years - best.years >= LEADS_BY - 1e-9 or entrant))  # fmt: skip
    return out


def _calendar_years(
    kb: KnowledgeBase, planner: Planner, values: Mapping[str, Any], target: str, plan: Plan
) -> float:
    """How soon a plan through study opens ``target`` on the calendar: for someone with no
    job yet to study beside, the degree studied full-time when it opens the target on
    graduating (fifty-fourth review's probe: the GED and associate degree, three years
    full-time, were compared part-time, four and a half, with four years of work, and the way
    in was not named)."""
    assert plan.years is not None
    if not new_to_work(planner.model, values):
        return plan.years
    study = next(a for a in plan.actions if a.kind == "study")
    if _on_graduating(kb, planner, values, target, study) is None:
        return plan.years
    return study.done / planner.model.part_time_factor


def _new_field_before_work(planner: Planner, values: Mapping[str, Any], study: Action,
                           unknown: Collection[str], field_given: bool = True) -> bool:  # fmt: skip
    """A degree at the level held, in a field the routes name, for someone with no job in
    the field yet to study beside: the way in for a career changer whose degree is in
    another field (thirty-first review: a respiratory therapist with an associate degree
    was offered no way by study, one with a high-school diploma was). Not while the field
    held is not given: it may be that field already, and the question on it comes first
    (forty-fourth review: a second associate degree, in BMET, to a new hire whose
    associate degree's field was not exported). With ``field_given`` false, the same while
    the field is not given (said as "If your degree is in another field: ...")."""
    also = dict(study.also)
    degree = planner.kb.fields.get("degree")
    # (At or below the level held: a history graduate's way in is the associate degree in
    # biomedical equipment technology a high-school graduate is told of; forty-sixth review.)
    lower = degree is not None and degree.rank(str(study.value)) <= degree.rank(
        str(values.get("degree") or "none"))
    return (
        ("degree_field" not in unknown) == field_given
        and new_to_work(planner.model, values)
        and (values.get("degree") == study.value or lower)
        and also.get("degree_field", values.get("degree_field")) != values.get("degree_field")
    )


def _on_graduating(
    kb: KnowledgeBase, planner: Planner, values: Mapping[str, Any], target: str, study: Action
) -> str | None:
    """The route (its name up to any colon: "candidate status") that opens ``target`` as
    soon as the degree is done, the years at work as they are now (``None``: none does)."""
    graduated = {**planner.record_of(values), study.field: study.value, **dict(study.also)}
    firing = planner.evaluator.run(Profile("graduated", graduated))
    if firing.values.get(planner.field_of(target)) not in ("eligible", "held"):
        return None
    for rule in kb.routes.get(planner.field_of(target), ()):
        if rule.id in firing.fired:
            route = rule.rule.then.route or rule.rule.title
            return route.partition(":")[0]
    return None
