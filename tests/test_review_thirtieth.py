"""Defect classes the thirtieth director's review found (issue 11), each pinned on a profile
of our own making."""

from __future__ import annotations

from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: An HR export without the imaging, laboratory and certifications columns: an electronics
#: associate, 5 years, who wants the CRES (open by route 3 whatever the imaging years).
NO_IMAGING_COLUMN = {"id": "ni", "degree": "associate", "degree_field": "electronics",
                     "years_experience": 5, "supervisory_years": 0,
                     "clinical_engineering_years": 0, "military_bmet": False,
                     "willing_to_travel": False, "skills": "troubleshooting",
                     "goals": "CRES"}  # fmt: skip


def test_specialty_years_not_given_are_asked_not_planned_as_none(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, NO_IMAGING_COLUMN)
    assert result.certification("CRES").status == "eligible"
    done = actions(result)
    assert done[0].startswith("Confirm the years on imaging equipment: with at least 1, sit "
                              "the CRES exam, unless you hold it already (testing window"), done
    assert not any(a.startswith("Work on imaging equipment") for a in done), done
    plan = next(p for p in result.plans if p.target == "CRES")
    assert not plan.actions, plan
    # Given as none, the year on imaging equipment comes first, as before.
    given = actions(run(standard_kb, {**NO_IMAGING_COLUMN, "imaging_years": 0}))
    assert given[0].startswith("Work on imaging equipment"), given


#: An HR export without the degree field: a bachelor's, 3 years, who wants the clinical
#: engineer's post. The CBET is a year away whatever the field is.
NO_FIELD = {"id": "nf", "degree": "bachelor", "years_experience": 3, "imaging_years": 0,
            "laboratory_years": 0, "supervisory_years": 0, "military_bmet": False,
            "certifications": "", "willing_to_travel": False,
            "goals": "clinical-engineer"}  # fmt: skip


def test_no_entry_credential_when_the_next_is_near_whatever_the_answers(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, NO_FIELD)
    assert result.certification("CBET").status == "needs_info"
    assert not any("CABT" in a for a in actions(result)), actions(result)
    # The field given as one that does not open the CBET now: a year away, no CABT either.
    assert not any("CABT" in a for a in actions(run(standard_kb, {**NO_FIELD,
                                                                   "degree_field": "other"})))


#: An HR export without the years, supervision or military columns: a BMET associate with a
#: CBET and two years on imaging equipment.
NO_YEARS_COLUMNS = {"id": "ny", "degree": "associate", "degree_field": "bmet",
                    "imaging_years": 2, "laboratory_years": 0, "clinical_engineering_years": 0,
                    "certifications": "CBET 2025", "willing_to_travel": True,
                    "skills": "troubleshooting;customer_communication"}  # fmt: skip


def test_a_yes_or_no_that_changes_nothing_is_not_asked_among_many_completions(
    standard_kb: KnowledgeBase,
) -> None:
    supervisor = run(standard_kb, NO_YEARS_COLUMNS).path("supervisor")
    assert supervisor.status == "needs_info"
    asked = {g.field for g in supervisor.gaps if g.kind == "unknown"}
    assert "military_bmet" not in asked, supervisor.gaps
    assert "years_experience" in asked or "supervisory_years" in asked, supervisor.gaps


#: An apprentice with a CABT, 2.5 years in, who wants the CBET.
APPRENTICE = {"id": "ap", "degree": "high_school", "degree_field": "other",
              "years_experience": 2.5, "imaging_years": 0, "laboratory_years": 0,
              "supervisory_years": 0, "recent_supervisory_years": 0,
              "clinical_engineering_years": 0, "military_bmet": False,
              "certifications": "CABT 2024", "willing_to_travel": False,
              "skills": "troubleshooting;documentation", "goals": "CBET"}  # fmt: skip


def test_a_goals_own_exam_is_a_goal_step_whichever_plan_brought_it(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, APPRENTICE)
    exam = next((s for s in result.next_steps if s.action.startswith("Sit the CBET exam")), None)
    assert exam is not None and exam.for_goal, result.next_steps


#: A licensed clinical engineer with years of practice: the CCE is open now.
PE_ENGINEER = {"id": "pe", "degree": "bachelor", "degree_field": "engineering",
               "years_experience": 15, "engineering_years": 15, "clinical_engineering_years": 15,
               "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
               "military_bmet": False, "certifications": "PE", "willing_to_travel": False,
               "skills": "documentation", "goals": "CCE"}  # fmt: skip


def test_the_cce_exam_says_how_it_is_sat_not_any_time(standard_kb: KnowledgeBase) -> None:
    done = actions(run(standard_kb, PE_ENGINEER))
    sit = next(a for a in done if a.startswith("Sit the CCE exam"))
    assert sit == "Sit the CCE exam: eligible now (apply to the HTCC first)", done
