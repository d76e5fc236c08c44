"""Defect classes the thirty-fifth director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: A returner whose CBET and CRES lapsed years ago, who wants the imaging specialist's post.
RETURNER = {"id": "rt", "degree": "associate", "degree_field": "bmet",
            "years_experience": 10, "imaging_years": 3, "laboratory_years": 0,
            "supervisory_years": 0, "recent_supervisory_years": 0,
            "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
            "former_certifications": "CBET 2017;CRES 2017", "willing_to_travel": False,
            "skills": "documentation", "goals": "imaging-specialist"}  # fmt: skip


def test_applying_on_a_lapsed_credential_says_to_sit_it_again(
    standard_kb: KnowledgeBase,
) -> None:
    done = actions(run(standard_kb, RETURNER))
    apply = next(a for a in done if a.startswith("Apply for Imaging Equipment Specialist"))
    assert apply.endswith("; your CRES lapsed: sit it again to hold it"), apply
    held = actions(run(standard_kb, {**RETURNER, "certifications": "CRES 2025",
                                     "former_certifications": ""}))
    apply = next(a for a in held if a.startswith("Apply for Imaging Equipment Specialist"))
    assert "lapsed" not in apply, apply


#: A lead technician with imaging years and a CBET, whose goals are the supervisor's post and
#: the CHTM; the CRES is open to him.
LEAD = {"id": "ld", "degree": "associate", "degree_field": "electronics",
        "years_experience": 9, "imaging_years": 3, "laboratory_years": 0,
        "supervisory_years": 2, "recent_supervisory_years": 2,
        "clinical_engineering_years": 0, "military_bmet": False, "certifications": "CBET 2024",
        "willing_to_travel": False, "skills": "documentation", "goals": "supervisor;CHTM"}


def test_an_exam_beside_management_goals_is_no_step_even_when_more_are_asked_for(
    standard_kb: KnowledgeBase,
) -> None:
    from bmet_rules import evaluate, load_rulesets

    assert run(standard_kb, LEAD).certification("CRES").status == "eligible"
    wide = load_rulesets(params={"advice_next_steps": 20}, plugin_manager=standard_kb.plugins)
    result = evaluate(LEAD, wide, engine="python", as_of="2026-11-30")
    assert not any("CRES" in s.action for s in result.next_steps), result.next_steps
    assert not any("CRES" in a for a in actions(run(standard_kb, LEAD)))
