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


GIVEN = {"certifications": "", "skills": "", "supervisory_years": 0, "imaging_years": 0,
         "laboratory_years": 0, "clinical_engineering_years": 0, "willing_to_travel": False,
         "military_bmet": False}  # fmt: skip

#: A BS in biomedical engineering, seven years at the bench as a BMET, a CBET, never in a
#: clinical-engineering role.
BENCH_ENGINEER = {**GIVEN, "id": "bench", "degree": "bachelor", "degree_field": "engineering",
                  "years_experience": 7, "certifications": "CBET", "engineering_years": 0,
                  "skills": "troubleshooting"}  # fmt: skip


def actions(result: Result) -> list[str]:
    return [s.action for s in result.next_steps]


def test_an_engineer_at_the_bench_is_placed_on_the_bmet_ladder(
    standard_kb: KnowledgeBase,
) -> None:
    assert run(standard_kb, BENCH_ENGINEER).level in ("BMET II", "BMET III")
    practising = {**BENCH_ENGINEER, "clinical_engineering_years": 1, "engineering_years": 1}
    assert run(standard_kb, practising).level == "Clinical Engineer"
    graduate = {**BENCH_ENGINEER, "years_experience": 0, "certifications": ""}
    assert run(standard_kb, graduate).level == "Clinical Engineer"  # the track entered


def test_a_goal_practised_in_an_open_role_not_held_starts_with_applying_for_it(
    standard_kb: KnowledgeBase,
) -> None:
    done = actions(run(standard_kb, {**BENCH_ENGINEER, "goals": "CCE"}))
    apply = next(i for i, a in enumerate(done) if a.startswith("Apply for Clinical Engineer"))
    practise = next(i for i, a in enumerate(done) if a.startswith("Practise clinical"))
    assert apply < practise, done
    practising = {**BENCH_ENGINEER, "clinical_engineering_years": 1, "engineering_years": 1,
                  "goals": "CCE"}  # fmt: skip
    assert not any(a.startswith("Apply for") for a in actions(run(standard_kb, practising)))


def test_with_goals_nobody_is_sent_into_a_role_they_are_not_in_for_another_target(
    standard_kb: KnowledgeBase,
) -> None:
    specialist = {**GIVEN, "id": "lab", "degree": "associate", "degree_field": "electronics",
                  "years_experience": 10, "laboratory_years": 6, "certifications": "CBET",
                  "skills": "troubleshooting;documentation",
                  "goals": "regulatory-compliance"}  # fmt: skip
    retiring = {**GIVEN, "id": "old", "degree": "associate", "degree_field": "electronics",
                "years_experience": 38, "supervisory_years": 10, "recent_supervisory_years": 0,
                "certifications": "CBET", "skills": "teaching;documentation",
                "goals": "technical-trainer"}  # fmt: skip
    for record in (specialist, retiring):
        done = actions(run(standard_kb, record))
        assert not any(a.startswith("Take on lead") for a in done), done
    without_goal = {**specialist, "goals": ""}  # no goal: leading towards the CHTM is advice
    assert any(a.startswith("Take on lead") for a in actions(run(standard_kb, without_goal)))


def test_a_shorter_stint_ranked_after_a_longer_is_a_milestone_on_it(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "ged", "degree": "high_school", "degree_field": "other",
              "years_experience": 0.5, "willing_to_travel": True,
              "skills": "troubleshooting;customer_communication",
              "goals": "CABT;CBET"}  # fmt: skip
    result = run(standard_kb, record)
    gains = [s for s in result.next_steps if s.kind == "experience"]
    assert len(gains) == 1, actions(result)
    assert gains[0].years == 3.5 and "CBET" in gains[0].opens
    assert (1.5, ("field-service-engineer",)) in gains[0].on_the_way
    from bmet_rules.advice.text import render_short

    assert "(in 1.5 years: Field Service Engineer; done in 3.5 years; opens CBET" in " ".join(
        render_short(result, standard_kb).split())


def test_experience_a_role_step_gives_is_folded_into_it_wherever_it_ranks(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "phd", "degree": "doctorate", "degree_field": "engineering",
              "years_experience": 3, "clinical_engineering_years": 3, "engineering_years": 3,
              "skills": "project_management;regulatory;teaching"}  # fmt: skip
    result = run(standard_kb, record)
    assert not any(s.kind == "experience" for s in result.next_steps), actions(result)
    first = result.next_steps[0]
    assert first.kind == "role" and {"CCE", "technical-trainer"} <= set(first.opens)
