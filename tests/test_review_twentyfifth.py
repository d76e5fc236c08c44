"""Defect classes the twenty-fifth director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: An HR export without the years, imaging or clinical-engineering columns: an engineering
#: bachelor with a CBET who wants the CCE.
ENGINEER_EXPORT = {"id": "ee", "degree": "bachelor", "degree_field": "engineering",
                   "laboratory_years": 2, "supervisory_years": 0,
                   "recent_supervisory_years": 0, "military_bmet": False,
                   "certifications": "CBET 2023", "willing_to_travel": False,
                   "skills": "documentation", "goals": "CCE"}  # fmt: skip


def test_a_question_on_years_says_how_many_open_the_goal(standard_kb: KnowledgeBase) -> None:
    said = actions(run(standard_kb, ENGINEER_EXPORT))
    practice = next(a for a in said if a.startswith("Confirm the years of engineering practice"))
    assert "if the years of clinical engineering practice are at least 3 and the years of " \
        "engineering practice are at least 4, CCE opens now" in practice, practice


def test_targets_whose_timing_waits_on_one_fact_are_one_line(standard_kb: KnowledgeBase) -> None:
    text = render_short(run(standard_kb, ENGINEER_EXPORT), standard_kb)
    assert "How soon depends on the years of full-time BMET/HTM experience (not given): " in text
    assert text.count("how soon depends on: Confirm the years of full-time") <= 1, text


#: A BSET a year into leading, with a CBET, whose goal is the supervisor's post (an exam
#: beside the goals is no longer kept back: years of experience are).
LEAD_BSET = {"id": "lb", "degree": "bachelor", "degree_field": "engineering_technology",
             "years_experience": 6, "imaging_years": 1, "laboratory_years": 0.5,
             "supervisory_years": 1, "recent_supervisory_years": 1,
             "clinical_engineering_years": 0, "military_bmet": False,
             "certifications": "CBET 2024", "willing_to_travel": False,
             "skills": "troubleshooting;teaching;documentation;project_management",
             "goals": "supervisor"}  # fmt: skip


def test_the_hint_for_steps_kept_back_names_a_number_that_shows_them(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, LEAD_BSET)
    assert result.more_steps
    text = render_short(result, standard_kb)
    every = len(result.next_steps) + result.more_steps
    assert f"(--steps {max(6, every)} shows them)" in text, text
    assert "--steps N" not in text


#: A senior at high school who wants the CABT, the record silent on being at school.
NO_DIPLOMA = {"id": "nd", "degree": "none", "degree_field": "other", "years_experience": 0,
              "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
              "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
              "willing_to_travel": False, "skills": "", "goals": "CABT"}  # fmt: skip


def test_without_a_diploma_being_at_school_is_unknown_when_not_given(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, NO_DIPLOMA)
    assert "high_school_student" in result.unknown_fields
    assert result.certification("CABT").status == "needs_info"
    said = actions(result)
    assert said[0].startswith("Confirm being a current high-school student: if yes, CABT opens"), \
        said
    # Given, or with a diploma, it is read as documented.
    assert run(standard_kb, {**NO_DIPLOMA, "high_school_student": False}).certification(
        "CABT").status == "not_eligible"
    graduate = run(standard_kb, {**NO_DIPLOMA, "degree": "high_school"})
    assert "high_school_student" not in graduate.unknown_fields
