"""Defect classes the forty-third director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .records import run

#: An associate BMET three years in, a year leading, the CBET, who wants the supervisor's post.
EARLY_LEAD = {"id": "el", "degree": "associate", "degree_field": "bmet", "years_experience": 3,
              "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 1,
              "recent_supervisory_years": 1, "clinical_engineering_years": 0,
              "military_bmet": False, "certifications": "CBET 2024",
              "willing_to_travel": False, "skills": "troubleshooting; teaching",
              "goals": "supervisor"}  # fmt: skip


def test_a_goal_reached_within_a_longer_step_is_on_its_way(standard_kb: KnowledgeBase) -> None:
    """The goal's year of experience, absorbed by two years more leading, stays the goal's:
    "in 1 year: BMET Supervisor" on the step's way."""
    result = run(standard_kb, EARLY_LEAD)
    step = next(s for s in result.next_steps if s.kind == "role")
    assert step.for_goal, step
    assert any("supervisor" in ids for _, ids in step.on_the_way), step.on_the_way


def test_no_route_on_the_level_alone_when_another_ties(standard_kb: KnowledgeBase) -> None:
    result = run(standard_kb, {**EARLY_LEAD, "supervisory_years": 2,
                               "recent_supervisory_years": 2, "goals": "supervisor; CHTM"})
    plan = next(p for p in result.plans if p.target == "supervisor")
    assert plan.route_rule != "supervisor-route-1", plan.route
    assert "by already" not in render_short(result, standard_kb)


#: An HR export without military training: 2.5 years, an associate degree in electronics.
EXPORT = {"id": "ex", "degree": "associate", "degree_field": "other", "years_experience": 2.5,
          "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
          "recent_supervisory_years": 0, "clinical_engineering_years": 0,
          "certifications": "", "willing_to_travel": False,
          "skills": "troubleshooting"}  # fmt: skip


def test_the_latest_date_is_never_folded_away(standard_kb: KnowledgeBase) -> None:
    result = run(standard_kb, EXPORT)
    assert result.certification("CBET").status == "needs_info"
    text = render_short(result, standard_kb)
    line = " ".join(text.split("[CBET]")[1].split("[CRES]")[0].split())
    assert "at the latest" in line and "and 1 more" not in line, line
