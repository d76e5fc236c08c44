"""Defect classes the twenty-seventh director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: A BSET at the bench with a CBET who wants the CCE first, then the clinical engineer's role.
BSET = {"id": "bs", "degree": "bachelor", "degree_field": "engineering_technology",
        "years_experience": 5, "imaging_years": 1, "laboratory_years": 0,
        "supervisory_years": 0, "recent_supervisory_years": 0, "clinical_engineering_years": 0,
        "engineering_years": 0, "military_bmet": False, "certifications": "CBET 2024",
        "willing_to_travel": False, "skills": "documentation",
        "goals": "CCE;clinical-engineer"}  # fmt: skip


def test_a_role_held_by_being_hired_reads_so_whatever_the_goals_order(
    standard_kb: KnowledgeBase,
) -> None:
    text = " ".join(render_short(run(standard_kb, BSET), standard_kb).split())
    assert "Clinical Engineer (clinical-engineer): open once you are hired into the role" in text
    # (The CCE's way practises the role itself: no "Otherwise" under the role; forty-second
    # review.)
    assert "Otherwise" not in text, text


#: A supervisor whose goals, the CHTM and the manager's path, are open now.
SUPERVISOR = {"id": "sv", "degree": "associate", "degree_field": "bmet",
              "years_experience": 14, "imaging_years": 2, "laboratory_years": 0,
              "supervisory_years": 4, "recent_supervisory_years": 4,
              "clinical_engineering_years": 0, "military_bmet": False,
              "certifications": "CBET 2024", "willing_to_travel": False,
              "skills": "budgeting;documentation",
              "goals": "CHTM;clinical-engineering-manager"}  # fmt: skip


def test_years_towards_what_comes_after_an_open_goal_are_no_step_unless_soon(
    standard_kb: KnowledgeBase,
) -> None:
    said = actions(run(standard_kb, SUPERVISOR))
    assert not [a for a in said if a.startswith("Lead, supervise or manage for 4 more")], said


#: A high-school senior who wants the CABT now and the CBET next.
SENIOR = {"id": "sn", "degree": "none", "degree_field": "other", "years_experience": 0.2,
          "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
          "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
          "willing_to_travel": False, "skills": "", "high_school_student": True,
          "goals": "CABT;CBET"}  # fmt: skip


def test_a_students_goal_is_planned_by_the_way_in_not_by_years_of_full_time_work(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, SENIOR)
    said = actions(result)
    assert not [a for a in said if a.startswith(("Gain ", "Sooner by study"))], said
    assert any(a.startswith("Finish high school") for a in said), said
    text = " ".join(render_short(result, standard_kb).split())
    assert "Certified Biomedical Equipment Technician (CBET): after school: Finish high school" \
        in text, text
    assert "Otherwise, once at work full-time: by 4 years of full-time BMET experience" in text


def test_a_question_every_answer_of_which_opens_a_target_is_not_asked_for_it(
    standard_kb: KnowledgeBase,
) -> None:
    export = {"id": "nx", "degree": "associate", "years_experience": 11, "imaging_years": 1,
              "laboratory_years": 1, "supervisory_years": 4, "clinical_engineering_years": 0,
              "certifications": "CBET 2023"}  # fmt: skip
    said = actions(run(standard_kb, export))
    assert not [a for a in said if a.startswith("Confirm the degree field") and "CHTM" in a], said
    assert any(a.startswith("Confirm the years as a supervisor or manager") for a in said), said


def test_an_open_path_is_shown_by_a_route_that_holds_at_the_lowest_level_allowed(
    standard_kb: KnowledgeBase,
) -> None:
    # (The level turns on the years leading in the last five; both supervisor routes read the
    # level: the one that holds at the lowest, BMET III, is the one to show.)
    export = {"id": "lv", "degree": "associate", "years_experience": 11, "imaging_years": 1,
              "laboratory_years": 1, "supervisory_years": 4, "clinical_engineering_years": 0,
              "certifications": "CBET 2023"}  # fmt: skip
    result = run(standard_kb, export)
    assert result.level == "BMET III" and result.level_if_confirmed == "HTM Supervisor"
    supervisor = result.path("supervisor")
    assert supervisor.status == "eligible"
    assert supervisor.route_rule != "supervisor-route-1", supervisor.route
