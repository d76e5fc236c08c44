"""Defect classes the thirty-seventh director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .records import run

#: A BSET at the bench six years, no clinical engineering yet, who wants the CCE.
BSET = {"id": "bset", "degree": "bachelor", "degree_field": "engineering_technology",
        "years_experience": 6, "imaging_years": 1, "laboratory_years": 1,
        "supervisory_years": 0, "recent_supervisory_years": 0,
        "clinical_engineering_years": 0, "military_bmet": False,
        "certifications": "CBET 2024", "willing_to_travel": False,
        "skills": "troubleshooting", "goals": "CCE"}  # fmt: skip


def test_a_path_opened_on_hiring_is_not_dated_by_its_long_way(standard_kb: KnowledgeBase) -> None:
    """"Apply for Clinical Engineer roles (now; opens Clinical Engineer)" and "Clinical
    Engineer in 8 years" in the list of paths on one screen contradict each other."""
    result = run(standard_kb, BSET)
    apply = [s for s in result.next_steps if s.kind == "apply"]
    assert apply and apply[0].towards[0] == "clinical-engineer", result.next_steps
    text = render_short(result, standard_kb)
    assert "Clinical Engineer in 8 years" not in text, text
    assert ("Clinical Engineer [clinical-engineer] — open once you are hired into the role: "
            "BSET in clinical") in text, text
    # Without the step (no goal whose plan practises the role), the list keeps the date.
    alone = render_short(run(standard_kb, {**BSET, "goals": ""}), standard_kb)
    assert "Clinical Engineer in 8 years" in alone, alone


#: An HR export without the years of experience or degree field: a supervisor holding a
#: bachelor's and the CBET, no imaging years.
EXPORT = {"id": "hr", "degree": "bachelor", "supervisory_years": 3,
          "recent_supervisory_years": 3, "imaging_years": 0, "laboratory_years": 0,
          "clinical_engineering_years": 0, "military_bmet": False,
          "certifications": "CBET 2023", "willing_to_travel": False,
          "skills": "budgeting; documentation"}  # fmt: skip


def test_a_route_as_soon_whatever_the_answers_keeps_the_date(standard_kb: KnowledgeBase) -> None:
    """Imaging route 2 (2 imaging years + a degree + a CBET held) opens in 2 years whatever
    the years not given are; route 1, as soon, sits a CRES that waits on them. The date
    holds, not "not by time and study"."""
    result = run(standard_kb, EXPORT)
    imaging = next(p for p in result.paths if p.id == "imaging-specialist")
    assert imaging.eta_years == 2.0, imaging
    assert imaging.route_rule == "imaging-route-2", imaging
    assert "not by time and study" not in render_short(result, standard_kb)


#: A department manager hired from hospital operations a year ago.
MANAGER = {"id": "mgr", "degree": "master", "degree_field": "business",
           "years_experience": 1, "imaging_years": 0, "laboratory_years": 0,
           "supervisory_years": 1, "recent_supervisory_years": 1,
           "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
           "willing_to_travel": False, "skills": "budgeting; project_management",
           "goals": "CHTM; htm-director"}  # fmt: skip


def test_a_manager_hired_into_the_post_is_no_bmet_one(standard_kb: KnowledgeBase) -> None:
    """Thirty-sixth review (ag07, a D): the level of a sitting department manager; and the
    years the director's route asks for cite that route, not the CHTM's shorter one."""
    result = run(standard_kb, MANAGER)
    assert result.level == "HTM Supervisor", result.level
    director = next(p for p in result.plans if p.target == "htm-director")
    lead = [a for a in director.actions if a.field == "supervisory_years"]
    assert lead and lead[0].rule == "htm-director-route-1", lead


#: An imaging specialist whose CRES on file is past its renewal date; no goals.
LATE_CRES = {"id": "lc", "degree": "associate", "degree_field": "electronics",
             "years_experience": 15, "imaging_years": 11, "laboratory_years": 0,
             "supervisory_years": 0, "recent_supervisory_years": 0,
             "clinical_engineering_years": 0, "military_bmet": False,
             "certifications": "CRES 2021; CBET 2024", "willing_to_travel": False,
             "skills": "troubleshooting"}  # fmt: skip


def test_a_certification_past_its_renewal_date_is_checked_first_goal_or_not(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, LATE_CRES)
    assert result.next_steps and result.next_steps[0].action == (
        "Check that your CRES is current: its renewal was due by 31 December 2024; if it "
        "lapsed, sit the exam again"), result.next_steps
    # Not for one the ACI no longer offers: there is no exam to sit again.
    cles = run(standard_kb, {**LATE_CRES, "certifications": "CLES 2016; CBET 2024"})
    assert not any("CLES" in s.action for s in cles.next_steps), cles.next_steps


#: A clinical engineer: an engineering master's, three years of clinical engineering.
ENGINEER = {"id": "ce", "degree": "master", "degree_field": "engineering",
            "years_experience": 3, "imaging_years": 0, "laboratory_years": 0,
            "supervisory_years": 0, "recent_supervisory_years": 0,
            "clinical_engineering_years": 3, "military_bmet": False, "certifications": "",
            "willing_to_travel": False, "skills": "project_management"}  # fmt: skip


def test_a_technician_exam_not_open_is_not_dated_past_the_level(
    standard_kb: KnowledgeBase,
) -> None:
    """"CRES — in 1 year" beside "CBET — open, not needed at the Clinical Engineer level"."""
    result = run(standard_kb, ENGINEER)
    assert result.level == "Clinical Engineer"
    assert result.certification("CRES").status in ("near", "not_eligible")
    text = render_short(result, standard_kb)
    assert "[CRES] — not needed at the Clinical Engineer level" in text, text
    assert "CRES in" not in text, text


#: A radiographer half a year into imaging service, who wants the CRES by experience.
RADIOGRAPHER = {"id": "rt", "degree": "bachelor", "degree_field": "healthcare",
                "years_experience": 0.5, "imaging_years": 0.5, "laboratory_years": 0,
                "supervisory_years": 0, "recent_supervisory_years": 0,
                "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
                "willing_to_travel": False, "skills": "documentation",
                "goals": "CRES"}  # fmt: skip


def test_a_role_done_within_a_stint_of_experience_is_said_in_it(
    standard_kb: KnowledgeBase,
) -> None:
    """Thirty-sixth review (ag09) and thirty-second (ac08): "Keep working on imaging
    equipment for 0.5 more years" and "Gain 3.5 more years" are one stint."""
    result = run(standard_kb, RADIOGRAPHER)
    work = [s for s in result.next_steps if s.kind in ("experience", "role")]
    assert len(work) == 1, result.next_steps
    assert work[0].action.startswith("Gain 3.5 more years of full-time BMET/HTM experience; in "
                                     "it, keep working on imaging equipment"), work[0]
    (plan,) = result.plans
    assert [a.kind for a in plan.actions] == ["experience"], plan.actions
    assert result.more_steps == 0, result.more_steps
