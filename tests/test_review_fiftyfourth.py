"""Defect classes the fifty-third director's review left open and the fifty-fourth's found
(issue 11), each pinned on a profile of our own making."""

from __future__ import annotations

from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: An HR export without the recent part of the years leading (nor the degree field or the
#: imaging years): an associate's holder, 10 years at the bench, 2 years leading, a CBET.
LEAD = {"id": "ld", "degree": "associate", "years_experience": 10, "laboratory_years": 0,
        "supervisory_years": 2, "certifications": "CBET 2024", "willing_to_travel": False,
        "skills": "teaching"}  # fmt: skip


def test_without_a_goal_the_window_a_total_bounds_is_asked_when_it_brings_a_date_nearer(
    standard_kb: KnowledgeBase,
) -> None:
    """If both years leading are in the last five, the CHTM is a year away, not three: the
    question a director asks first, goal or not (fifty-third review, C)."""
    result = run(standard_kb, LEAD)
    assert result.certification("CHTM").eta_years == 3.0
    asked = [a for a in actions(result) if a.startswith("Confirm the years as a supervisor")]
    assert asked, actions(result)
    assert "if 2, CHTM in 1 year, not 3 years" in asked[0], asked
    # Given, the window is no question, and the date is the one the question promised.
    given = run(standard_kb, {**LEAD, "recent_supervisory_years": 2})
    assert given.certification("CHTM").eta_years == 1.0
    assert not any(a.startswith("Confirm the years as a supervisor") for a in actions(given))


#: A BSET in clinical engineering practice for 2 years after 6 at the bench; every field given.
BSET = {"id": "bs", "degree": "bachelor", "degree_field": "engineering_technology",
        "years_experience": 8, "imaging_years": 0, "laboratory_years": 0,
        "supervisory_years": 0, "recent_supervisory_years": 0,
        "clinical_engineering_years": 2, "engineering_years": 2, "military_bmet": False,
        "certifications": "CBET 2025", "willing_to_travel": False, "skills": "teaching",
        "high_school_student": False}  # fmt: skip


def test_without_a_goal_a_ruling_that_brings_a_target_within_reach_is_asked(
    standard_kb: KnowledgeBase,
) -> None:
    """The CCE is 6 years away unless the HTCC counts the bench years as engineering
    practice, when it is 1: said without a goal, with both dates (fifty-third review, C)."""
    result = run(standard_kb, BSET)
    asked = [a for a in actions(result) if a.startswith("Ask HTCC")]
    assert len(asked) == 1, actions(result)
    assert "if it does, Certified Clinical Engineer in 1 year" in asked[0], asked
    assert asked[0].endswith(f"if not, in {result.certification('CCE').eta_years:g} years")
