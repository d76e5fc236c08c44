"""Years of experience for someone who has none yet: the first step is a job.

A plan reads the years of experience as a number, and "Gain 4 more years of full-time BMET/HTM
experience" is what it says to a technician at work. To a warehouse worker with a GED and no
job in the field it is no step (twenty-ninth review): the step is "Get a first job in the field
and gain 4 years ...". Plans are shared by everyone in a situation, where years given as 0 and
years not given read alike (an HR export without the column: read as none, and the person may
well be at work), so the words are set here, per record, where what the record gives is known.
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
from .schedule import experience_text


def no_job_yet(model: AdviceModel, values: Mapping[str, Any], unknown: Collection[str]) -> bool:
    """Whether the record gives its years of experience, and they are none."""
    exp = model.experience
    return bool(exp) and exp not in unknown and float(values.get(exp or "") or 0) <= 0


def for_no_job_yet(
    kb: KnowledgeBase, model: AdviceModel, plans: Sequence[Plan], steps: Sequence[NextStep]
) -> tuple[tuple[Plan, ...], tuple[NextStep, ...]]:
    """The goals' plans and the steps with their years of experience worded as a first job."""
    exp = model.experience or ""

    def action(a: Action) -> Action:
        if a.kind != "experience" or a.field != exp or a.start > 0:
            return a
        return replace(a, text=experience_text(kb, exp, a.done - a.start, first_job=True))

    def plan(p: Plan) -> Plan:
        actions = tuple(action(a) for a in p.actions)
        job = next((a for a in actions if a.kind == "experience" and a.field == exp
                    and a.start <= 0), None)  # fmt: skip
        inside = [a for a in actions if job is not None and _within(a, job.done) and not a.opens]
        if job is not None and inside:  # the roles are done in that first job
            actions = tuple(replace(a, text=_in_it(a.text, inside)) if a is job else a
                            for a in actions if a not in inside)  # fmt: skip
        return replace(
            p, actions=actions,
            if_yes=None if p.if_yes is None else plan(p.if_yes),
            if_yes_also=tuple(plan(q) for q in p.if_yes_also),
        )  # fmt: skip

    def step(s: NextStep) -> NextStep:
        if s.kind != "experience" or s.field != exp or s.years is None:
            return s
        return replace(s, action=experience_text(kb, exp, s.years, first_job=True))

    worded = [step(s) for s in steps]
    job_step = next((s for s in worded if s.kind == "experience" and s.field == exp), None)
    if job_step is not None and job_step.years is not None:
        # A role begun now is done in that first job: one step, the role's end on its way
        # (thirty-second review: "Work on imaging equipment for 2 years" came before "Get a
        # first job in the field").
        # (A goal's role is folded only into a goal's job step, where it stays first.)
        roles = [s for s in worded if s.kind == "role" and s.years is not None
                 and s.years <= job_step.years and (job_step.for_goal or not s.for_goal)]
        if roles:
            merged = replace(
                job_step,
                action=_in_it(job_step.action, roles),
                towards=tuple(dict.fromkeys((*job_step.towards, *(t for r in roles
                                                                   for t in r.towards)))),
                on_the_way=tuple(sorted((*job_step.on_the_way, *(
                    (r.years, r.opens) for r in roles if r.opens and r.years is not None
                )))),
                for_goal=job_step.for_goal or any(r.for_goal for r in roles),
            )  # fmt: skip
            first = min(worded.index(job_step), *(worded.index(r) for r in roles))
            rest = [s for s in worded if s is not job_step and s not in roles]
            worded = [*rest[:first], merged, *rest[first:]]
    return tuple(plan(p) for p in plans), tuple(worded)


def _within(action: Action, done: float) -> bool:
    """A role begun now and done within ``done`` years."""
    return action.kind == "role" and action.start <= 0 and action.done <= done + 1e-9


def _in_it(text: str, roles: Sequence[Action] | Sequence[NextStep]) -> str:
    """"Get a first job ...; in it, work on imaging equipment (X-ray, CT, MRI) for 2 years"."""
    said = [r.text if isinstance(r, Action) else r.action for r in roles]
    return f"{text}; in it, " + "; ".join(f"{w[:1].lower()}{w[1:]}" for w in said)
