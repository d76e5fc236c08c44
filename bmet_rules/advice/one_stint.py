"""Work in a role done within a stint of experience is said in that stint's step.

A plan lists a role ("Keep working on imaging equipment for 0.5 more years before you sit the
CRES") and the general experience the route asks for ("Gain 3.5 more years of full-time
BMET/HTM experience") as two actions, and they run at the same time: the role's years are
among the stint's. Two steps read as two stints, one after the other (thirty-second review,
for someone with no job yet; thirty-second, ac08, and thirty-sixth, ag09, for people at work:
"steps 2 and 3 are one stint split: merge"). One step says it: "Gain 3.5 more years ...; in
it, keep working on imaging equipment for 0.5 more years ...", the role's milestones on its way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..results import NextStep
from .planner import Plan
from .plans import Action


def one_stint(
    experience: str, plans: Sequence[Plan], steps: Sequence[NextStep]
) -> tuple[tuple[Plan, ...], tuple[NextStep, ...]]:
    """The goals' plans and the steps with each role done within the stint of general
    ``experience`` begun now folded into that stint's action or step."""
    return tuple(_plan(experience, p) for p in plans), tuple(_steps(experience, steps))


def _plan(exp: str, p: Plan) -> Plan:
    stint = next((a for a in p.actions if a.kind == "experience" and a.field == exp
                  and a.start <= 0), None)  # fmt: skip
    # (A role that opens something keeps its own line: the plan says when each opens.)
    inside = [a for a in p.actions if stint is not None and _within(a, stint.done)
              and not a.opens]  # fmt: skip
    actions = p.actions
    if stint is not None and inside:
        # (What the roles reach stays on the stint: applying the plan, or comparing it with
        # another, reads them.)
        reached = tuple((r.field, r.value) for r in inside) + tuple(
            pair for r in inside for pair in r.also)
        actions = tuple(replace(a, text=in_it(a.text, inside), also=(*a.also, *reached))
                        if a is stint else a for a in actions if a not in inside)  # fmt: skip
    return replace(
        p, actions=actions,
        if_yes=None if p.if_yes is None else _plan(exp, p.if_yes),
        if_yes_also=tuple(_plan(exp, q) for q in p.if_yes_also),
    )  # fmt: skip


def _steps(exp: str, steps: Sequence[NextStep]) -> list[NextStep]:
    stint = next((s for s in steps if s.kind == "experience" and s.field == exp), None)
    if stint is None or stint.years is None:
        return list(steps)
    # (A goal's role is folded only into a goal's stint, where it stays first.)
    roles = [s for s in steps if s.kind == "role" and s.years is not None
             and s.years <= stint.years + 1e-9 and (stint.for_goal or not s.for_goal)]
    if not roles:
        return list(steps)
    merged = replace(
        stint,
        action=in_it(stint.action, roles),
        towards=tuple(dict.fromkeys((*stint.towards, *(t for r in roles for t in r.towards)))),
        on_the_way=tuple(sorted((*stint.on_the_way, *(
            (r.years, r.opens) for r in roles if r.opens and r.years is not None
        )))),
        for_goal=stint.for_goal or any(r.for_goal for r in roles),
    )  # fmt: skip
    at, first = steps.index(stint), min(steps.index(stint), *(steps.index(r) for r in roles))
    # Where the earliest of them stood, unless a sooner way by study was placed before the
    # stint it beats: it stays before it (forty-second review: the associate degree came
    # after the first job it beats once the job took the imaging role's place).
    if any(s.kind == "study" and set(s.towards) & set(stint.opens) for s in steps[first:at]):
        first = at - sum(1 for r in roles if steps.index(r) < at)
    rest = [s for s in steps if s is not stint and s not in roles]
    return [*rest[:first], merged, *rest[first:]]


def _within(action: Action, done: float) -> bool:
    """A role begun now and done within ``done`` years."""
    return action.kind == "role" and action.start <= 0 and action.done <= done + 1e-9


def in_it(text: str, roles: Sequence[Action] | Sequence[NextStep]) -> str:
    """"Gain 3.5 more years ...; in it, keep working on imaging equipment for 0.5 more years"."""
    said = [r.text if isinstance(r, Action) else r.action for r in roles]
    return f"{text}; in it, " + "; ".join(f"{w[:1].lower()}{w[1:]}" for w in said)
