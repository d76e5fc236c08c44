"""Defect classes the twenty-sixth director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: An HR export without the years or supervision columns: a BMET associate with a CBET who
#: wants the CHTM.
CHTM_EXPORT = {"id": "ce", "degree": "associate", "degree_field": "bmet", "imaging_years": 0,
               "laboratory_years": 0, "clinical_engineering_years": 0, "military_bmet": False,
               "certifications": "CBET 2024", "willing_to_travel": False,
               "skills": "budgeting", "goals": "CHTM"}  # fmt: skip


def test_the_plans_own_wait_is_no_condition_of_the_route(standard_kb: KnowledgeBase) -> None:
    result = run(standard_kb, CHTM_EXPORT)
    text = " ".join(render_short(result, standard_kb).split())
    assert "If the years as a supervisor or manager in the last five years are at least 3: may " \
        "sit the exam now" in text, text
    assert "full-time BMET/HTM experience are at least 4" not in text, text
    first = actions(result)[0]
    assert first.startswith("Confirm the years as a supervisor or manager in the last five "
                            "years: with at least 3, CHTM opens now"), first


def test_no_way_by_study_is_offered_against_a_plan_on_values_not_given(
    standard_kb: KnowledgeBase,
) -> None:
    said = actions(run(standard_kb, CHTM_EXPORT))
    assert not [a for a in said if a.startswith("Sooner by study")], said


#: A manager with a BSET, a director's post open now, who also wants the CCE.
MANAGER = {"id": "mb", "degree": "bachelor", "degree_field": "engineering_technology",
           "years_experience": 18, "imaging_years": 0, "laboratory_years": 0,
           "supervisory_years": 8, "recent_supervisory_years": 5,
           "clinical_engineering_years": 0, "engineering_years": 0, "military_bmet": False,
           "certifications": "CHTM", "willing_to_travel": False,
           "skills": "budgeting;project_management", "goals": "htm-director;CCE"}  # fmt: skip


def test_a_goal_open_now_comes_before_a_question(standard_kb: KnowledgeBase) -> None:
    result = run(standard_kb, MANAGER)
    assert result.path("htm-director").status == "eligible"
    steps = result.next_steps
    assert steps[0].kind == "apply" and steps[0].towards[0] == "htm-director", steps


def test_a_degree_field_is_no_question_without_a_degree(standard_kb: KnowledgeBase) -> None:
    student = {"id": "hs", "degree": "none", "years_experience": 0, "imaging_years": 0,
               "laboratory_years": 0, "supervisory_years": 0, "clinical_engineering_years": 0,
               "military_bmet": False, "certifications": "", "willing_to_travel": False,
               "skills": "", "high_school_student": True, "goals": "CABT"}  # fmt: skip
    result = run(standard_kb, student)
    assert "degree_field" not in result.unknown_fields
    assert "Not given" not in render_short(result, standard_kb)
    # (with a degree, its field left out is unknown as ever)
    assert "degree_field" in run(standard_kb, {**student, "degree": "associate"}).unknown_fields


def test_a_shortened_line_names_the_questions_it_folds(standard_kb: KnowledgeBase) -> None:
    export = {"id": "st", "degree": "associate", "degree_field": "bmet", "years_experience": 5,
              "imaging_years": 1, "laboratory_years": 0, "supervisory_years": 0,
              "recent_supervisory_years": 0, "clinical_engineering_years": 0,
              "military_bmet": False, "certifications": "CBET 2025"}  # fmt: skip
    text = render_short(run(standard_kb, export), standard_kb)
    rows = text.splitlines()
    at = next(i for i, row in enumerate(rows) if "[field-service-engineer]" in row)
    line = " ".join(" ".join(rows[at:at + 2]).split())
    assert "willingness to travel" in line, line
    assert "and 1 more" not in line, line


def test_someone_with_no_years_at_work_is_told_the_full_time_length_too(
    standard_kb: KnowledgeBase,
) -> None:
    starter = {"id": "st0", "degree": "high_school", "degree_field": "other",
               "years_experience": 0, "imaging_years": 0, "laboratory_years": 0,
               "supervisory_years": 0, "clinical_engineering_years": 0, "military_bmet": False,
               "certifications": "", "willing_to_travel": False, "skills": "",
               "goals": "CBET"}  # fmt: skip
    study = next(a for a in actions(run(standard_kb, starter)) if "associate degree" in a)
    assert "part-time alongside work, or about 2 years full-time" in study, study
    # A year and a half at work, or half a year on a co-op, towards clinical engineering.
    working = {**starter, "years_experience": 1.5, "goals": "clinical-engineer"}
    study = next(a for a in actions(run(standard_kb, working)) if a.startswith("Complete a"))
    assert "part-time alongside work)" in study, study
    co_op = {**working, "years_experience": 0.5}
    study = next(a for a in actions(run(standard_kb, co_op)) if a.startswith("Complete a"))
    assert "part-time alongside work, or about 4 years full-time)" in study, study
