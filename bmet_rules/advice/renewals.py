"""A certification whose renewal falls due soon is the first thing to do.

The warning "CHTM 2023: renewal due by 2026-12-31" at the foot of an explanation was right and
easy to miss; a director puts "Renew your CHTM by 31 December 2026" before any plan, since the
routes a holder's plans rest on ("a current CBET") lapse with it (eighteenth review). The
dates and the notice period are :mod:`bmet_rules.lifecycle`'s; this module only words them as
next steps, of kind ``renew``, ahead of the others.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

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
    steps = [*renew, *result.next_steps]
    shown = steps[:limit]
    return replace(
        result,
        next_steps=tuple(shown),
        more_steps=result.more_steps + len(steps) - len(shown),
    )


def _source(kb: KnowledgeBase, code: str) -> str | None:
    """The certification's own ACI page among the knowledge base's sources (``aami-cbet``)."""
    source = f"aami-{code.lower()}"
    return source if source in kb.sources else None
