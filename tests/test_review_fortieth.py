"""Defect classes the fortieth director's review found (issue 11), each pinned on a profile
of our own making."""

from __future__ import annotations

from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: An HR export without the degree field: a bachelor's, six years, leading a year, a CBET.
LEAD_EXPORT = {"id": "le", "degree": "bachelor", "years_experience": 6, "imaging_years": 0,
               "laboratory_years": 0, "supervisory_years": 1, "recent_supervisory_years": 1,
               "clinical_engineering_years": 0, "military_bmet": False,
               "certifications": "CBET 2024"}  # fmt: skip


def test_the_field_question_names_what_an_answer_brings_nearer(
    standard_kb: KnowledgeBase,
) -> None:
    """CHTM in 2 years by route 1 reads the field not given as failing route 4 (a bachelor's
    in a listed field + 2 years leading: 1 year): the field's question says so."""
    for goals in ("", "CHTM"):
        result = run(standard_kb, {**LEAD_EXPORT, "goals": goals})
        assert result.certification("CHTM").eta_years == 2.0
        ask = [a for a in actions(result) if a.startswith("Confirm the degree field")]
        assert ask and "business" in ask[0] and "CHTM in 1 year, not 2 years" in ask[0], (
            goals, actions(result))
        # No certifying body's ruling on a field not given: the field comes first.
        assert not any(a.startswith("Ask ACI whether a bachelor's") for a in actions(result))


#: An HR export without degree, field, years or certifications: a supervisor two years in
#: the post, who wants the CHTM.
SUPERVISOR_EXPORT = {"id": "se", "imaging_years": 3, "laboratory_years": 0,
                     "supervisory_years": 2, "recent_supervisory_years": 2,
                     "clinical_engineering_years": 0, "military_bmet": False,
                     "willing_to_travel": False, "skills": "troubleshooting",
                     "goals": "CHTM"}  # fmt: skip


def test_a_goal_is_not_asked_whether_it_is_held_but_what_its_plan_acts_on(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, SUPERVISOR_EXPORT)
    said = actions(result)
    assert not any("certifications include CHTM" in a for a in said), said
    chtm = result.certification("CHTM")
    assert not any("include CHTM" in g.message for g in chtm.gaps), chtm.gaps
    assert any(a.startswith("Confirm whether the certifications include CBET") for a in said), said


#: A shop supervisor four years in the post, an associate degree, a CBET; no goals.
SHOP_SUPERVISOR = {"id": "ss", "degree": "associate", "degree_field": "bmet",
                   "years_experience": 15, "imaging_years": 1, "laboratory_years": 2,
                   "supervisory_years": 4, "recent_supervisory_years": 4,
                   "clinical_engineering_years": 0, "military_bmet": False,
                   "certifications": "CBET 2024", "willing_to_travel": False,
                   "skills": "troubleshooting; budgeting; documentation"}  # fmt: skip


def test_without_goals_a_long_stay_in_a_role_is_no_step_unless_it_earns_a_credential(
    standard_kb: KnowledgeBase,
) -> None:
    """"Lead, supervise or manage for 4 more years (opens Director ...)" only repeats the
    path's line; the CHTM open now is the step."""
    result = run(standard_kb, SHOP_SUPERVISOR)
    said = actions(result)
    assert said and said[0].startswith("Sit the CHTM exam"), said
    assert not any(a.startswith("Lead, supervise or manage for 4") for a in said), said
    assert result.more_steps >= 1
    # A stint that earns a credential stays a step, however long.
    new = run(standard_kb, {**SHOP_SUPERVISOR, "degree": "high_school", "years_experience": 1,
                            "supervisory_years": 0, "recent_supervisory_years": 0,
                            "imaging_years": 0, "laboratory_years": 0,
                            "certifications": ""})  # fmt: skip
    assert any(a.startswith("Gain 3 more years") for a in actions(new)), actions(new)
