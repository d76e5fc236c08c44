"""Defect classes the thirty-first director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: A BSET two years into general biomed work, no imaging time, who wants the CBET and CRES.
GENERAL_BSET = {"id": "gb", "degree": "bachelor", "degree_field": "engineering_technology",
                "years_experience": 2, "imaging_years": 0, "laboratory_years": 0,
                "supervisory_years": 0, "recent_supervisory_years": 0,
                "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
                "willing_to_travel": False, "skills": "troubleshooting;documentation",
                "goals": "CBET;CRES"}  # fmt: skip


def test_a_specialty_goal_not_open_yet_plans_time_in_the_specialty_before_the_exam(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, GENERAL_BSET)
    assert result.certification("CRES").status != "eligible"
    plan = next(p for p in result.plans if p.target == "CRES")
    imaging = [a for a in plan.actions if a.kind == "role" and a.field == "imaging_years"]
    assert imaging and imaging[0].text.startswith("Work on imaging equipment"), plan.actions
    assert plan.exam is not None and plan.exam.start >= max(a.done for a in plan.actions)
    assert any(a.startswith("Work on imaging equipment") and "before you sit the CRES" in a
               for a in actions(result)), actions(result)
    # Beside an imaging specialist's goal that has the person on imaging equipment already,
    # the CRES plan does not say it twice.
    both = run(standard_kb, {**GENERAL_BSET, "imaging_years": 0.5,
                             "goals": "CRES;imaging-specialist"})
    imaging_steps = [a for a in actions(both) if "imaging equipment" in a and "ork" in a]
    assert len(imaging_steps) == 1, actions(both)


#: A trainee with a high-school diploma, under a year in, who would travel; no goals.
TRAINEE = {"id": "tr", "degree": "high_school", "degree_field": "other",
           "years_experience": 0.8, "imaging_years": 0, "laboratory_years": 0,
           "supervisory_years": 0, "recent_supervisory_years": 0,
           "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
           "willing_to_travel": True,
           "skills": "troubleshooting;customer_communication"}  # fmt: skip


def test_one_stint_of_experience_is_one_step_with_what_opens_on_the_way(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, TRAINEE)
    stints = [s for s in result.next_steps if s.kind == "experience"]
    assert len(stints) == 1, actions(result)
    assert stints[0].on_the_way, stints[0]
    assert "field-service-engineer" in stints[0].on_the_way[0][1], stints[0]
