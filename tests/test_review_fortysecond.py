"""Defect classes the forty-second director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: A lead technician three years in the lead (current), an associate degree, the CBET.
LEAD = {"id": "ld", "degree": "associate", "degree_field": "bmet", "years_experience": 11,
        "imaging_years": 2, "laboratory_years": 1, "supervisory_years": 3,
        "recent_supervisory_years": 3, "clinical_engineering_years": 0, "military_bmet": False,
        "certifications": "CBET 2025", "willing_to_travel": False,
        "skills": "troubleshooting; teaching", "goals": "CHTM; supervisor"}  # fmt: skip


def test_no_circular_reason_to_apply(standard_kb: KnowledgeBase) -> None:
    """"Apply for BMET Supervisor roles: you qualify now (already an HTM Supervisor)": the
    level's route is no reason to apply; another route that holds is."""
    result = run(standard_kb, LEAD)
    apply = next(a for a in actions(result) if a.startswith("Apply for BMET Supervisor"))
    assert "already" not in apply and "BMET II or higher + 1 year leading" in apply, apply
    text = render_short(result, standard_kb)
    assert "open now, by already" not in text, text


#: A BSET at the bench who wants the clinical engineer's role and the CCE, in that order.
BSET = {"id": "bs", "degree": "bachelor", "degree_field": "engineering_technology",
        "years_experience": 5, "imaging_years": 1, "laboratory_years": 1,
        "supervisory_years": 0, "recent_supervisory_years": 0,
        "clinical_engineering_years": 0, "military_bmet": False, "certifications": "CBET 2025",
        "willing_to_travel": False, "skills": "documentation",
        "goals": "clinical-engineer; CCE"}  # fmt: skip


def test_a_goal_is_not_said_to_be_opened_by_a_plan_not_shown_or_not_doing_it(
    standard_kb: KnowledgeBase,
) -> None:
    for goals in ("clinical-engineer; CCE", "CCE; clinical-engineer"):
        text = render_short(run(standard_kb, {**BSET, "goals": goals}), standard_kb)
        assert "plan above opens it" not in text, (goals, text)
        assert "Otherwise" not in text, (goals, text)
    # A first job's years do not do the imaging specialist's plan without its imaging.
    student = {**BSET, "id": "st", "degree": "high_school", "degree_field": "other",
               "years_experience": 0, "imaging_years": 0, "laboratory_years": 0,
               "certifications": "", "goals": "CBET; imaging-specialist"}  # fmt: skip
    text = render_short(run(standard_kb, student), standard_kb)
    assert "Certified Biomedical Equipment Technician (CBET) plan above opens it" not in text
    said = actions(run(standard_kb, student))
    study = next(i for i, a in enumerate(said) if a.startswith("Sooner by study"))
    job = next(i for i, a in enumerate(said) if "in a first job in the field" in a)
    assert study < job, said


#: A clinical engineering manager with the CHTM, the CCE open to them, no FE.
CE_MANAGER = {"id": "cm", "degree": "bachelor", "degree_field": "engineering",
              "years_experience": 15, "imaging_years": 1, "laboratory_years": 1,
              "supervisory_years": 4, "recent_supervisory_years": 4,
              "clinical_engineering_years": 6, "military_bmet": False,
              "certifications": "CHTM 2025", "willing_to_travel": False,
              "skills": "budgeting"}  # fmt: skip


def test_the_pe_is_past_beside_a_cce_open_now(standard_kb: KnowledgeBase) -> None:
    text = render_short(run(standard_kb, CE_MANAGER), standard_kb)
    assert "[PE] — not needed: CCE open now" in text, text


#: A supervisor (high-school diploma) six years leading, the CBET, who wants the manager's and
#: the director's posts.
SUPERVISOR = {"id": "sv", "degree": "high_school", "years_experience": 22, "imaging_years": 4,
              "laboratory_years": 2, "supervisory_years": 6, "recent_supervisory_years": 5,
              "clinical_engineering_years": 0, "military_bmet": False,
              "certifications": "CBET 2024", "willing_to_travel": False,
              "skills": "troubleshooting; documentation",
              "goals": "clinical-engineering-manager; htm-director"}  # fmt: skip


def test_an_exam_that_may_be_sat_now_comes_first_in_a_goal_plan(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, SUPERVISOR)
    plan = next(p for p in result.plans if p.target == "htm-director")
    text = render_short(result, standard_kb)
    block = text.split("(htm-director)")[1].split("Next steps")[0]
    assert block.index("Sit the CHTM exam") < block.index("Lead, supervise or manage"), block
    assert any(a.kind == "exam" for a in plan.actions)
