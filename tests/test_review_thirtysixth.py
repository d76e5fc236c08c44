"""Defect classes the thirty-sixth director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: A returner whose CBET on file was not renewed, who wants the CBET.
ON_FILE = {"id": "of", "degree": "associate", "degree_field": "bmet",
           "years_experience": 8, "imaging_years": 1, "laboratory_years": 1,
           "supervisory_years": 0, "recent_supervisory_years": 0,
           "clinical_engineering_years": 0, "military_bmet": False,
           "certifications": "CBET 2017", "willing_to_travel": False,
           "skills": "troubleshooting", "goals": "CBET"}  # fmt: skip


def test_a_goal_held_past_its_renewal_date_starts_with_checking_it(
    standard_kb: KnowledgeBase,
) -> None:
    done = actions(run(standard_kb, ON_FILE))
    assert done and done[0] == ("Check that your CBET is current: its renewal was due by "
                                "31 December 2020; if it lapsed, sit the exam again"), done
    current = actions(run(standard_kb, {**ON_FILE, "certifications": "CBET 2025"}))
    assert not any(a.startswith("Check that your CBET") for a in current), current


#: A Navy veteran whose two years leading ended in 2022: one of them in the last five.
STEPPED_DOWN = {"id": "sd", "degree": "associate", "degree_field": "other",
                "years_experience": 9, "imaging_years": 1, "laboratory_years": 1,
                "supervisory_years": 2, "recent_supervisory_years": 1,
                "clinical_engineering_years": 0, "military_bmet": True,
                "certifications": "CBET 2024", "willing_to_travel": False,
                "skills": "troubleshooting; teaching", "goals": "CHTM"}  # fmt: skip


def test_years_in_the_chtm_window_age_out_as_new_ones_come(standard_kb: KnowledgeBase) -> None:
    """The one recent year leaves the five-year window while new ones accrue: three years back
    in the role, not two "(4 in all)", a lifetime count the CHTM does not read."""
    result = run(standard_kb, STEPPED_DOWN)
    assert result.certification("CHTM").eta_years == 3.0
    lead = [a for a in actions(result) if "supervis" in a and "for 3 years" in a]
    assert lead and "your 1 there ages out as new ones come" in lead[0], actions(result)
    assert not any("in all" in a for a in actions(result)), actions(result)
    # Someone leading now (every year of the role in the window) counts on the one held.
    current = run(standard_kb, {**STEPPED_DOWN, "supervisory_years": 1})
    assert current.certification("CHTM").eta_years == 2.0
    assert any("for 2 more years (3 in all)" in a for a in actions(current)), actions(current)
