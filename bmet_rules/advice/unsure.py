"""Plans that rest on facts to confirm get no date.

A target whose own status is settled can still have a plan that acts on a value the record
does not give (years as a supervisor, read as 0 while unknown) or sits an exam whose own
status needs information (the CHTM of a manager's plan). Its "in N years" would be a guess:
the outcome keeps its status, loses its date (``eta_years: null``) and gains a gap of kind
``unknown`` per fact to confirm, which the one-line explanation shows.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from ..knowledge import KnowledgeBase
from ..results import Gap, Outcome
from ..unknowns import confirm_message
from .plans import Plan


def rests_on(
    plan: Plan, unknown: Collection[str], unsure: Collection[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The unknown fields a plan's actions set, and the exams it sits whose status needs
    information (``unsure``: certification ids)."""
    # Years read as 0 set the length; a short training or a decision on a value not given
    # matters only when nothing else takes longer.
    fields = tuple(dict.fromkeys(
        a.field for a in plan.actions
        if a.field in unknown and (
            a.kind in ("role", "experience", "study")
            or (plan.years is not None and a.done >= plan.years - 1e-9)
        )
    ))  # fmt: skip
    exams = tuple(dict.fromkeys(
        str(a.value) for a in (*plan.actions, *((plan.exam,) if plan.exam else ()))
        if a.kind == "exam" and str(a.value) in unsure and str(a.value) != plan.target
    ))  # fmt: skip
    return fields, exams


def undated(kb: KnowledgeBase, out: Outcome, fields: tuple[str, ...],
            exams: tuple[str, ...]) -> Outcome:  # fmt: skip
    """``out`` without a date, with what its plan waits on as gaps of kind ``unknown``."""
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
    return replace(out, status=status, eta_years=None, gaps=(*out.gaps, *asks))
