"""Specialty exams (``advice: specialty``): time in the specialty before the exam.

ACI lets a technician with the general years sit the CRES, but a counsellor sends nobody to a
specialty exam without time on its equipment: outside a goal the exam is simply not advised
(:func:`specialty_ready`), and for someone who names it as a goal the plan puts the
specialty's years first (:func:`specialty_first`; twenty-second review: a Navy BMET with a
CBET and no imaging time was told "Sit the CRES exam: eligible now").
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .model import AdviceModel
from .needs import Needs
from .plans import Action, Plan
from .schedule import Scheduler

if TYPE_CHECKING:
    from ..results import Outcome
    from .planner import Planner


def specialty_ready(
    model: AdviceModel, cert: str, values: Mapping[str, Any], before: Sequence[Action] = ()
) -> bool:
    """Whether a specialty exam is worth advising: experience in the specialty (at least
    the years the model asks, when it asks), or that experience planned as a step before it."""
    name = model.specialty.get(cert)
    if name is None:
        return True
    years = float(values.get(name) or 0)
    least = model.specialty_years.get(cert)
    if (years >= least - 1e-9) if least else years > 0:
        return True
    return any(a.field == name and a.kind == "role" for a in before)


def specialty_first(
    planner: Planner, outcome: Outcome, values: Mapping[str, Any],
    unknown: Collection[str] = (),
) -> Plan | None:
    """The plan of an open specialty exam for someone short of the specialty's years: the
    years on its equipment, then the exam. ``None`` when the exam needs no such time, the
    person has it, or the model names no number of years to plan (``at_least``).

    The exam is open already, so the plan's ``years`` stays 0 (the target opens now); its
    actions are what a counsellor would have the person do before sitting it."""
    cert = outcome.id
    found = _specialty_time(planner, cert, values, unknown)
    if found is None:
        return None
    scheduler, actions, done = found
    exam = scheduler.exam_action(cert, planner.sitting(cert, done))
    return Plan(cert, "certification", planner.kb.certifications[cert].title, outcome.route,
                outcome.route_rule, 0.0, actions, exam)  # fmt: skip


def specialty_alongside(
    planner: Planner, plan: Plan, values: Mapping[str, Any], unknown: Collection[str] = (),
    beside: Sequence[Plan] = (),
) -> Plan:
    """A specialty exam's plan that is not open yet, with the specialty's years alongside
    the rest when the route does not ask for them (thirty-first review: a BSET with no
    imaging time was planned "Gain 2 more years, then sit the CRES"): "Work on imaging
    equipment for 1 year before you sit the CRES", the exam once both are done. Not when the
    plan, or another goal's plan ``beside`` it (the imaging specialist's), has the person on
    that equipment already."""
    cert = plan.target
    field = planner.model.specialty.get(cert)
    if plan.kind != "certification" or plan.years is None or plan.years <= 0 or any(
        a.kind == "role" and a.field == field for p in (plan, *beside) for a in p.actions
    ):
        return plan
    found = _specialty_time(planner, cert, values, unknown)
    if found is None:
        return plan
    scheduler, extra, done = found
    actions = plan.actions
    if done > plan.years + 1e-9:  # the specialty's years end last: they open it
        actions = tuple(replace(a, opens=tuple(t for t in a.opens if t != cert))
                        for a in actions)  # fmt: skip
        extra = (*extra[:-1], replace(extra[-1], opens=(*extra[-1].opens, cert)))
    years = max(plan.years, done)
    begun = tuple(sorted((*extra, *actions), key=lambda a: (a.start, a.done)))
    exam = scheduler.exam_action(cert, planner.sitting(cert, years))
    return replace(plan, actions=begun, years=years, exam=exam)


def _specialty_time(
    planner: Planner, cert: str, values: Mapping[str, Any], unknown: Collection[str]
) -> tuple[Scheduler, tuple[Action, ...], float] | None:
    """The actions that give someone short of a specialty's years the years its exam asks
    first, worded "... before you sit the CRES (why)", and when they are done."""
    model = planner.model
    name, least = model.specialty.get(cert), model.specialty_years.get(cert)
    if name is None or not least or name in unknown or specialty_ready(model, cert, values):
        return None  # (years not given are asked, not planned as none: thirtieth review)
    scheduler = Scheduler(planner, values)
    sched = scheduler.schedule(Needs(numbers={name: least}))
    if sched is None or not sched.actions:
        return None
    source = planner.kb.certifications[cert].source if cert in planner.kb.certifications else None
    why = model.specialty_why.get(cert)
    actions = tuple(
        replace(a, text=f"{a.text} before you sit the {cert}" + (f" ({why})" if why else ""),
                source=a.source or source)
        for a in sched.actions
    )  # fmt: skip
    return scheduler, actions, sched.total
