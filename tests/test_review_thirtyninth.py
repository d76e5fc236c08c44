"""Defect classes the thirty-ninth director's review found (issue 11), each pinned on a
profile of our own making. (Its two levels are cases in rulesets/tests/levels.yaml.)"""

from __future__ import annotations

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: A cardiovascular technologist (healthcare associate degree) a year into HTM; no goals.
CATH_LAB = {"id": "cl", "degree": "associate", "degree_field": "healthcare",
            "years_experience": 1, "imaging_years": 1, "laboratory_years": 0,
            "supervisory_years": 0, "recent_supervisory_years": 0,
            "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
            "willing_to_travel": False, "skills": "troubleshooting"}  # fmt: skip


def test_an_outcome_to_confirm_keeps_the_date_it_reaches_whatever_the_answer(
    standard_kb: KnowledgeBase,
) -> None:
    """ACI's ruling on a healthcare degree can only open the CBET sooner: by the four
    years' route it opens in 3 years whatever the answer, and the step that gets there says
    it opens it."""
    result = run(standard_kb, CATH_LAB)
    cbet = result.certification("CBET")
    assert cbet.status == "needs_info" and cbet.eta_years == 3.0, cbet
    work = next(s for s in result.next_steps if s.kind == "experience")
    assert "CBET" in work.opens, work
    text = render_short(result, standard_kb)
    flat = " ".join(text.split())
    assert "needs information (open in 3 years at the latest, whatever the answer)" in flat, text
    # An HR export without the degree field: the four years' route in 1 year whatever it is.
    export = run(standard_kb, {"id": "hx", "degree": "associate", "years_experience": 3,
                               "imaging_years": 2, "laboratory_years": 0,
                               "supervisory_years": 0, "clinical_engineering_years": 0,
                               "military_bmet": False, "certifications": ""})  # fmt: skip
    assert export.certification("CBET").status == "needs_info"
    assert export.certification("CBET").eta_years == 1.0


#: A plant maintenance technician with a one-year electronics certificate, two years a BMET.
PLANT = {"id": "pl", "degree": "certificate", "degree_field": "electronics",
         "years_experience": 2, "imaging_years": 0, "laboratory_years": 0,
         "supervisory_years": 0, "recent_supervisory_years": 0,
         "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
         "willing_to_travel": False, "skills": "troubleshooting", "goals": "CBET"}  # fmt: skip


def test_study_half_a_year_sooner_follows_the_work_for_someone_years_in(
    standard_kb: KnowledgeBase,
) -> None:
    said = actions(run(standard_kb, PLANT))
    work = next(i for i, a in enumerate(said) if a.startswith("Gain 2 more years"))
    study = next(i for i, a in enumerate(said) if a.startswith("Sooner by study"))
    assert work < study, said


#: A BSET two years at the bench who wants regulatory work and the clinical engineer's role.
BENCH_BSET = {"id": "bb", "degree": "bachelor", "degree_field": "engineering_technology",
              "years_experience": 2, "imaging_years": 0.5, "laboratory_years": 0,
              "supervisory_years": 0, "recent_supervisory_years": 0,
              "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
              "willing_to_travel": False, "skills": "documentation; quality",
              "goals": "regulatory-compliance; clinical-engineer"}  # fmt: skip


def test_a_long_way_that_practises_the_role_is_no_otherwise_for_a_role_won_by_hiring(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, BENCH_BSET)
    said = actions(result)
    assert said[0].startswith("Apply for Clinical Engineer roles"), said
    assert not any(a.startswith("Practise") for a in said), said
    assert any(a.startswith("Gain 2 more years") for a in said), said
    assert any(a.startswith("Sit the CBET exam") for a in said), said
    text = render_short(result, standard_kb)
    assert "Otherwise:" not in text, text


#: An HR export without the imaging, laboratory and degree columns: nine years, the CBET
#: and the CRES held, who wants the imaging specialist's post.
IMAGING_EXPORT = {"id": "ix", "years_experience": 9, "supervisory_years": 0,
                  "clinical_engineering_years": 0, "military_bmet": False,
                  "certifications": "CBET 2025; CRES 2025", "willing_to_travel": False,
                  "skills": "troubleshooting", "goals": "imaging-specialist"}  # fmt: skip


def test_a_value_the_outcome_never_turns_on_is_not_asked(standard_kb: KnowledgeBase) -> None:
    """Thirty-sixth review (ag25): with the CRES held, imaging route 1 asks only for the
    imaging years; whatever the degree, the outcome is the same, so it is no question."""
    result = run(standard_kb, IMAGING_EXPORT)
    imaging = result.path("imaging-specialist")
    assert imaging.status == "needs_info"
    asked = {g.field for g in imaging.gaps if g.kind == "unknown"}
    assert asked == {"imaging_years"}, imaging.gaps
    assert not any(a.startswith("Confirm the degree") for a in actions(result)), actions(result)


#: A clinical engineering manager with an engineering bachelor's and the CCE for ten years.
CCE_MANAGER = {"id": "cm", "degree": "bachelor", "degree_field": "engineering",
               "years_experience": 18, "imaging_years": 1, "laboratory_years": 0,
               "supervisory_years": 4, "recent_supervisory_years": 4,
               "clinical_engineering_years": 10, "engineering_years": 14,
               "military_bmet": False, "certifications": "CCE 2016",
               "willing_to_travel": False, "skills": "budgeting; project_management",
               "goals": "htm-director"}  # fmt: skip


def test_the_fe_and_pe_are_past_for_a_cce_holder(standard_kb: KnowledgeBase) -> None:
    """The PE is on the way to the CCE here: "PE — sit the FE exam, then the PE exam" to a
    manager who has held the CCE ten years is noise."""
    result = run(standard_kb, CCE_MANAGER)
    text = render_short(result, standard_kb)
    assert "[PE] — not needed: CCE held" in text, text
    assert "[FE] — open, not needed: CCE held" in text, text
    assert not any("FE" in a or "PE exam" in a for a in actions(result)), actions(result)
