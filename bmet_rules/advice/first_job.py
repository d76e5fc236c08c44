"""Years of experience for someone who has none yet: the first step is a job.

A plan reads the years of experience as a number, and "Gain 4 more years of full-time BMET/HTM
experience" is what it says to a technician at work. To a warehouse worker with a GED and no
job in the field it is no step (twenty-ninth review): the step is "Gain 4 years ..., in a first
job in the field if not yet in one" (not "Get a first job": a new hire in an employer's export
with 0 years has one; forty-sixth review). Plans are shared by everyone in a situation, where
years given as 0 and years not given read alike (an HR export without the column: read as
none, and the person may well be at work), so the words are set here, per record, where what
the record gives is known.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..knowledge import KnowledgeBase
from ..results import NextStep
from .model import AdviceModel
from .planner import Plan
from .plans import Action
from .schedule import FIRST_JOB, experience_text


def no_job_yet(model: AdviceModel, values: Mapping[str, Any], unknown: Collection[str]) -> bool:
    """Whether the record gives its years of experience, and they are none."""
    exp = model.experience
    return bool(exp) and exp not in unknown and float(values.get(exp or "") or 0) <= 0


def for_no_job_yet(
    kb: KnowledgeBase, model: AdviceModel, plans: Sequence[Plan], steps: Sequence[NextStep],
    values: Mapping[str, Any] | None = None,
) -> tuple[tuple[Plan, ...], tuple[NextStep, ...]]:
    """The goals' plans and the steps with their years of experience worded as a first job
    (the roles done in it are folded into it for everyone: :mod:`.one_stint`). Not a role
    the record has years in already (``values``): a PhD a year into clinical engineering
    outside HTM keeps practising, no first job to find (fifty-fourth review)."""
    exp = model.experience or ""
    given = values or {}

    def in_role(name: str | None) -> bool:
        return bool(name) and isinstance(given.get(name or ""), (int, float)) \
            and float(given[name or ""]) > 0  # fmt: skip

    def action(a: Action, stint: bool) -> Action:
        if a.kind == "role" and a.start <= 0 and not stint and not in_role(a.field):
            # A role begun now with no stint of experience to fold it in (one_stint): it
            # is done in the first job too (forty-sixth review: "Work on imaging equipment
            # for 2 years" to a new graduate with no job).
            return replace(a, text=_in_first_job(a.text))
        if a.kind != "experience" or a.field != exp or a.start > 0:
            return a
        return replace(a, text=experience_text(kb, exp, a.done - a.start, first_job=True))

    def plan(p: Plan) -> Plan:
        stint = any(a.kind == "experience" and a.field == exp for a in p.actions)
        return replace(
            p, actions=tuple(action(a, stint) for a in p.actions),
            if_yes=None if p.if_yes is None else plan(p.if_yes),
            if_yes_also=tuple(plan(q) for q in p.if_yes_also),
        )  # fmt: skip

    stints = any(s.kind == "experience" and s.field == exp for s in steps)

    def step(s: NextStep) -> NextStep:
        if s.kind == "role" and not stints and s.years is not None and not in_role(s.field):
            return replace(s, action=_in_first_job(s.action))
        if s.kind != "experience" or s.field != exp or s.years is None:
            return s
        return replace(s, action=experience_text(kb, exp, s.years, first_job=True))

    return tuple(plan(p) for p in plans), tuple(step(s) for s in steps)


def _in_first_job(text: str) -> str:
    """"Work on imaging equipment ... for 2 years, in a first job in the field if not yet in
    one"."""
    return f"{text}, {FIRST_JOB}"
