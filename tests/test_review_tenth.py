"""Defect classes the ninth and tenth director's reviews found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from typing import Any

from bmet_rules import evaluate
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.results import Result

AS_OF = "2026-11-29"

#: A BS in IT with five years on the bench, from an export without certifications or skills.
IT_GRADUATE = {"id": "it", "degree": "bachelor", "degree_field": "it", "years_experience": 5,
               "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
               "clinical_engineering_years": 0, "military_bmet": False,
               "willing_to_travel": False}  # fmt: skip


def run(kb: KnowledgeBase, record: dict[str, Any]) -> Result:
    return evaluate(record, kb, engine="python", as_of=AS_OF)


def statuses(result: Result) -> dict[str, str]:
    return {o.id: o.status for o in (*result.certifications, *result.paths)}


def test_a_credential_asking_more_years_than_a_lifetime_total_holds_is_not_a_possibility(
    standard_kb: KnowledgeBase,
) -> None:
    # Every CHTM route asks two years or more as a supervisor; someone who never supervised
    # cannot hold one, so neither the level nor the manager paths wait on the certifications.
    result = run(standard_kb, IT_GRADUATE)
    status = statuses(result)
    assert status["CHTM"] == "near"  # two years leading away, not "confirm it"
    assert status["clinical-engineering-manager"] != "needs_info"
    assert result.level == "BMET II"
    assert not result.level_unknowns and result.level_if_confirmed is None


def test_a_credential_within_the_lifetime_totals_still_turns_on_the_certifications(
    standard_kb: KnowledgeBase,
) -> None:
    # The same person with three years as a supervisor could hold a CHTM, which the manager
    # path asks for: that still turns on the certifications not given.
    status = statuses(run(standard_kb, {**IT_GRADUATE, "supervisory_years": 3}))
    assert status["clinical-engineering-manager"] == "needs_info"
