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
    model, cert = planner.model, outcome.id
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
    exam = scheduler.exam_action(cert, planner.sitting(cert, sched.total))
    return Plan(cert, "certification", planner.kb.certifications[cert].title, outcome.route,
                outcome.route_rule, 0.0, actions, exam)  # fmt: skip
