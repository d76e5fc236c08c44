"""The gaps an outcome shows agree with the rest of the result.

Two readers caught the detailed explanation contradicting itself (eighteenth review):

* **A fact not given read as its default.** The advice routes an outcome by its plan, made on
  the record with what is not given read as none; the route's gaps were then worded on those
  stand-ins: "a bachelor's degree or higher (has no degree)" under "Confirm the degree (not
  given)". A gap on a field the record does not give says to confirm it, as the gaps the
  completions decide do (:func:`bmet_rules.unknowns.confirm_gaps`).
* **A prerequisite explained by another route than its own.** "Clinical Engineer ... CCE
  first, which takes: the PE certification" when the CCE's own line (its plan's route) is the
  engineering degree: the rules' nearest by count of conditions is not the advice's nearest
  by effort. A prerequisite that is a certification or path of the result is explained by that
  outcome's own gaps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..knowledge import KnowledgeBase
from ..results import Gap, Outcome
from ..unknowns import confirm_gaps

#: Outcomes whose gaps say nothing more about a prerequisite: open or held needs no route.
_OPEN = frozenset({"held", "eligible"})


def agreeing(
    kb: KnowledgeBase,
    outcomes: tuple[Outcome, ...],
    by_field: Mapping[str, Outcome],
    unknown: frozenset[str],
) -> tuple[Outcome, ...]:
    """``outcomes`` with gaps on fields not given worded as such, and each prerequisite's
    "which takes" the prerequisite's own advised gaps (``by_field``: ``certification.CCE`` ->
    its outcome in this result)."""
    return tuple(_agreeing(kb, o, by_field, unknown) for o in outcomes)


def _agreeing(
    kb: KnowledgeBase, out: Outcome, by_field: Mapping[str, Outcome], unknown: frozenset[str]
) -> Outcome:
    if out.status in _OPEN or not out.gaps:
        return out
    gaps = tuple(_prerequisite(g, by_field) for g in out.gaps)
    if unknown:
        gaps = confirm_gaps(kb, gaps, unknown)
    return out if gaps == out.gaps else replace(out, gaps=gaps)


def _prerequisite(gap: Gap, by_field: Mapping[str, Outcome]) -> Gap:
    own = by_field.get(gap.field)
    if own is None or own.status in _OPEN or not gap.requires:
        return gap
    return gap if own.gaps == gap.requires else replace(gap, requires=own.gaps)
