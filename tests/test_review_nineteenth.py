"""Defect classes the nineteenth director's review found (issue 11), each pinned on a profile
of our own making."""

from __future__ import annotations

from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: An HR export with the core columns only: an associate degree (field not exported), three
#: years at a surgery centre, no certifications.
CORE_ONLY = {"id": "core", "degree": "associate", "years_experience": 3,
             "certifications": ""}  # fmt: skip


def test_a_confirm_step_names_the_least_that_opens_with_the_rest_of_the_record(
    standard_kb: KnowledgeBase,
) -> None:
    # "with at least 1, BMET Supervisor opens" was the route's own number, which also asks
    # for BMET II: at BMET I, one year leading opens nothing; three recent years make an HTM
    # Supervisor, which does.
    asks = [a for a in actions(run(standard_kb, CORE_ONLY))
            if a.startswith("Confirm the years as a supervisor")]  # fmt: skip
    for ask in asks:
        assert "with at least 1," not in ask, ask
    bmet2 = run(standard_kb, {**CORE_ONLY, "years_experience": 6, "degree_field": "bmet",
                              "skills": "", "willing_to_travel": False})  # fmt: skip
    said = " ".join(a for a in actions(bmet2) if a.startswith("Confirm the years as a super"))
    assert "with at least 1, BMET Supervisor opens" in said, actions(bmet2)


def test_a_question_any_good_answer_to_opens_a_credential_says_so(
    standard_kb: KnowledgeBase,
) -> None:
    # The CBET waits on two questions, either of which a good answer opens it by: each is
    # asked with what it opens (the field by its values), not left to --detail.
    done = actions(run(standard_kb, CORE_ONLY))
    field = next(a for a in done if a.startswith("Confirm the degree field"))
    assert "if biomedical equipment technology or electronics, CBET" in field, field
    military = next(a for a in done if a.startswith("Confirm completion of a U.S. military"))
    assert "if yes, CBET" in military, military


#: A Navy BMET school graduate, months on imaging, who wants the imaging specialist's role.
NAVY_IMAGING = {"id": "navy", "degree": "high_school", "degree_field": "other",
                "years_experience": 2.5, "imaging_years": 0.3, "laboratory_years": 0,
                "supervisory_years": 0, "recent_supervisory_years": 0,
                "clinical_engineering_years": 0, "military_bmet": True, "certifications": "",
                "willing_to_travel": False, "skills": "troubleshooting",
                "goals": "imaging-specialist"}  # fmt: skip


def test_a_goal_resting_on_a_specialty_credential_does_not_sit_it_before_the_specialty(
    standard_kb: KnowledgeBase,
) -> None:
    done = actions(run(standard_kb, NAVY_IMAGING))
    assert not [a for a in done if a.startswith("Sit the CRES exam")], done
    assert any(a.startswith("Keep working on imaging equipment") for a in done), done
    later = actions(run(standard_kb, {**NAVY_IMAGING, "imaging_years": 1.2}))
    assert any(a.startswith("Sit the CRES exam") for a in later), later


#: An HR export without degree columns: a year and a half, no certification, no goals.
NO_DEGREE = {"id": "nd", "years_experience": 1.5, "imaging_years": 0, "laboratory_years": 0,
             "supervisory_years": 0, "clinical_engineering_years": 0, "military_bmet": False,
             "certifications": "", "willing_to_travel": False,
             "skills": "troubleshooting"}  # fmt: skip


def test_no_exam_is_advised_that_may_be_open_already_or_has_no_way_to_it(
    standard_kb: KnowledgeBase,
) -> None:
    # The CBET may be open now by candidate status (an associate degree not exported): its
    # exam is not a step three years out, with the way to it dropped as a guess.
    result = run(standard_kb, NO_DEGREE)
    assert result.certification("CBET").status == "needs_info"
    assert not [a for a in actions(result) if a.startswith("Sit the CBET exam")], actions(result)
    degree = [a for a in actions(result) if a.startswith("Confirm the degree:")]
    assert not [a for a in degree if "with enough" in a], degree
