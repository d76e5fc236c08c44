"""A certification whose renewal falls due soon is the first thing to do.

The warning "CHTM 2023: renewal due by 2026-12-31" at the foot of an explanation was right and
easy to miss; a director puts "Renew your CHTM by 31 December 2026" before any plan, since the
routes a holder's plans rest on ("a current CBET") lapse with it (eighteenth review). The
dates and the notice period are :mod:`bmet_rules.lifecycle`'s; this module only words them as
next steps, of kind ``renew``, ahead of the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from ..conditions import walk
from ..current_routes import names_held
from ..knowledge import KnowledgeBase
from ..lifecycle import RENEWAL_CEUS, RENEWING, overdue, renewal_dates, renewals_due
from ..profile import Profile
from ..results import NextStep, Result
from .model import advice_model


def with_renewals(
    kb: KnowledgeBase, result: Result, profile: Profile, as_of: dt.date, limit: int
) -> Result:
    """``result`` with a ``renew`` step first for each held certification due within the
    notice period; the steps shown stay within ``limit`` (the rest count in ``more_steps``)."""
    held = profile.values.get("certifications", ())
    due = renewals_due(held, profile.dates, as_of)
    # A certification held past its renewal date: whether it is current is the first
    # question (a goal read "open now" with no step at all, thirty-sixth review; one beside
    # the goals or without any had only the warning, thirty-seventh), a goal's first. No
    # lapse is inferred. Not for one the ACI no longer offers (the CLES: no exam to sit).
    # Nor for one a later credential held puts the person past (``entry``: a CHTM holder
    # is not sent to re-sit a CBET that lapsed years ago; forty-fourth review), unless a goal.
    dates = renewal_dates(held, profile.dates)
    past = advice_model(kb).entry
    late = sorted(
        (c for c in overdue(held, profile.dates, as_of)
         if (c not in kb.certifications or kb.certifications[c].advised)
         and (c in result.goals or not any(h in held for h in past.get(c, ())))),
        key=lambda c: (c not in result.goals, c),
    )  # fmt: skip
    if not due and not late:
        return result
    check = [
        NextStep(
            action=(f"Check that your {code} is current: its renewal was due by "
                    f"{dates[code].day} {dates[code]:%B %Y}; if it lapsed, sit the exam again"),
            opens=(), years=0.0, closes_with_time=False, towards=(code,), kind="renew",
            for_goal=code in result.goals or bool(result.goals), source=_source(kb, code),
        )
        for code in late
    ]
    renew = [*check, *(
        NextStep(
            action=(f"Renew your {code} by {when.day} {when:%B %Y}: ACI certifications renew "
                    f"every {RENEWING[code]} years with at least {RENEWAL_CEUS} "
                    "continuing-education units"),
            opens=(), years=0.0, closes_with_time=False, towards=(code,), kind="renew",
            for_goal=bool(result.goals), source=_source(kb, code),
        )
        for code, when in due
    )]
    steps = [*renew[len(check):], *result.next_steps]
    for step in reversed(check):  # (the first code listed ends up first)
        steps.insert(_check_at(kb, result, steps, step.towards[0], limit), step)
    shown = steps[:limit]
    return replace(
        result,
        next_steps=tuple(shown),
        more_steps=result.more_steps + len(steps) - len(shown),
    )


def _check_at(
    kb: KnowledgeBase, result: Result, steps: Sequence[NextStep], code: str, limit: int
) -> int:
    """Where the check that an overdue ``code`` is current goes: before the first step
    towards something whose route (or goal plan's) rests on holding it; when none does,
    after the goals' own steps (without goals, after the first step), within the steps
    shown (fifty-fourth review: "Check that your CBET is current" led a CCE goal's steps,
    and a supervisor's "Sit the CHTM exam: eligible now", neither of which rests on it)."""
    routes = {o.id: o.route_rule for o in (*result.certifications, *result.paths)}
    routes.update({p.target: p.route_rule for p in result.plans})
    resting = {code}  # (re-sitting it is a step towards itself)
    # Holding it, or what rests on it (the director's post by the manager's, by the CHTM).
    grown = True
    while grown:
        grown = False
        for target, rule in routes.items():
            if target not in resting and _reads(kb, rule, code, resting):
                resting.add(target)
                grown = True
    for at, step in enumerate(steps):
        if step.kind != "renew" and resting.intersection(step.towards):
            return at
    renewals = sum(1 for s in steps if s.kind == "renew")
    if result.goals:
        after = renewals + sum(1 for s in steps if s.for_goal and s.kind != "renew")
    else:  # (after a step taken now only: not behind "Gain 2 more years ...")
        first = next((s for s in steps if s.kind != "renew"), None)
        after = renewals + (first is not None and first.kind in _NOW)
    return min(after, len(steps), max(limit - 1, 0))


#: Kinds of step taken now (an exam open now, an application, a question).
_NOW = frozenset({"exam", "apply", "confirm"})


def _reads(kb: KnowledgeBase, rule_id: str | None, code: str, resting: set[str]) -> bool:
    """Whether the rule names ``code`` among the certifications held it asks for, or asks for
    a path or certification in ``resting`` (open, held or eligible)."""
    rule = kb.by_id.get(rule_id or "")
    if rule is None:
        return False
    if any(test.field.partition(".")[2] in resting  # ("path.X", "certification.X")
           for test in walk(rule.nnf)):
        return True
    return names_held(kb, rule_id, (code,))


def _source(kb: KnowledgeBase, code: str) -> str | None:
    """The certification's own ACI page among the knowledge base's sources (``aami-cbet``)."""
    source = f"aami-{code.lower()}"
    return source if source in kb.sources else None
