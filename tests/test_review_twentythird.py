"""Defect classes the twenty-third director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: An HR export without the degree field or the skills: a bachelor, six years, who wants the
#: healthcare IT path (open by an IT bachelor's, or by IT skills).
NO_FIELD_NO_SKILLS = {"id": "nfs", "degree": "bachelor", "years_experience": 6,
                      "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
                      "recent_supervisory_years": 0, "clinical_engineering_years": 0,
                      "military_bmet": False, "certifications": "", "willing_to_travel": False,
                      "goals": "healthcare-it"}  # fmt: skip


def test_each_of_several_questions_says_what_its_answer_alone_opens(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, NO_FIELD_NO_SKILLS)
    assert result.path("healthcare-it").status == "needs_info"
    said = actions(result)
    field = next(a for a in said if a.startswith("Confirm the degree field"))
    assert "if information technology, Healthcare IT / Information Technologist opens" in field
    skills = next(a for a in said if a.startswith("Confirm whether the skills"))
    assert "if yes, Healthcare IT / Information Technologist opens now" in skills, skills
    # The goal's block names both ways, so "Otherwise" is true for each.
    text = " ".join(render_short(result, standard_kb).split())
    assert "[healthcare-it-route-2]; or if the degree field is as this route asks, by " \
        "bachelor's degree in IT + 1 year [healthcare-it-route-1]" in text, text
