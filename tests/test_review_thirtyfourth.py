"""Defect classes the thirty-fourth director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: An Army-trained technician leading a team for a year, uncertified, who wants field service.
ARMY_LEAD = {"id": "al", "degree": "high_school", "degree_field": "other",
             "years_experience": 6, "imaging_years": 1.5, "laboratory_years": 0,
             "supervisory_years": 1, "recent_supervisory_years": 1,
             "clinical_engineering_years": 0, "military_bmet": True, "certifications": "",
             "willing_to_travel": True, "skills": "troubleshooting;customer_communication",
             "goals": "field-service-engineer"}  # fmt: skip


def test_the_core_credential_open_now_is_advised_though_a_later_one_is_near(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, ARMY_LEAD)
    assert result.certification("CBET").status == "eligible"
    assert result.certification("CHTM").eta_years is not None
    assert result.certification("CHTM").eta_years <= 2
    assert any(a.startswith("Sit the CBET exam: eligible now") for a in actions(result)), \
        actions(result)
    # The CABT, entry level and not renewable, is past once the CBET is that near.
    entrant = run(standard_kb, {**ARMY_LEAD, "military_bmet": False, "years_experience": 3,
                                "imaging_years": 0, "supervisory_years": 0,
                                "recent_supervisory_years": 0, "goals": ""})
    assert not any("CABT" in a for a in actions(entrant)), actions(entrant)
