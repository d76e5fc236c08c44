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
