"""Defect classes the sixteenth director's review found (issue 11), each pinned on a profile
of our own making."""

from __future__ import annotations

import pytest

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .engines import needs_durable
from .records import actions, run, statuses

#: An HR export with a total of supervisory years but no column for the last five years: a
#: Biomed III who led for nine years and stepped down in 2020 looks exactly like this.
FORMER_LEAD = {"id": "lead", "degree": "associate", "degree_field": "bmet",
               "years_experience": 20, "imaging_years": 0, "laboratory_years": 0,
               "supervisory_years": 9, "clinical_engineering_years": 0,
               "military_bmet": False, "certifications": "CBET", "willing_to_travel": False,
               "skills": "documentation"}  # fmt: skip


@pytest.mark.parametrize("engine", ["python", pytest.param("durable", marks=needs_durable)])
def test_supervision_in_the_last_five_years_not_given_is_unknown_not_the_total(
    standard_kb: KnowledgeBase, engine: str
) -> None:
    # The CHTM and the supervisor level count only the last five years: a total says nothing
    # of when, so they wait on the window rather than read it as favourably as possible.
    result = run(standard_kb, FORMER_LEAD, engine)
    assert "recent_supervisory_years" in result.unknown_fields
    assert statuses(result)["CHTM"] == "needs_info"
    assert (result.level, result.level_if_confirmed) == ("BMET III", "HTM Supervisor")
    assert "in the last five years" in render_short(result, standard_kb)
    # Given, it decides; with no supervision at all there is none in the window either.
    given = run(standard_kb, {**FORMER_LEAD, "recent_supervisory_years": 0}, engine)
    chtm = given.certification("CHTM")
    assert (chtm.status, chtm.eta_years, given.level) == ("not_eligible", 3.0, "BMET III")
    never = run(standard_kb, {**FORMER_LEAD, "supervisory_years": 0}, engine)
    assert "recent_supervisory_years" not in never.unknown_fields
    assert statuses(never)["CHTM"] != "needs_info"


#: A high-school senior who works weekends as an equipment-tracking aide.
STUDENT_AIDE = {"id": "hs", "degree": "none", "degree_field": "other",
                "high_school_student": True, "years_experience": 0.2, "imaging_years": 0,
                "laboratory_years": 0, "supervisory_years": 0,
                "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
                "willing_to_travel": False, "skills": "troubleshooting"}  # fmt: skip


def test_a_high_school_students_weekend_hours_do_not_place_them_on_the_ladder(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, STUDENT_AIDE)
    assert result.level is None or result.level == "unassigned"
    # The way in by study is said once (the school step), not again as "Sooner by study".
    studies = [a for a in actions(result) if "associate degree" in a]
    assert len(studies) == 1, actions(result)
    graduate = run(standard_kb, {**STUDENT_AIDE, "high_school_student": False,
                                 "degree": "high_school"})  # fmt: skip
    assert graduate.level == "BMET I"  # (control) the same hours after school count


#: A BS biomedical engineer with nine years of OEM design and FDA quality work, a year as a
#: hospital clinical engineer, who wants regulatory work.
OEM_QUALITY = {"id": "oem", "degree": "bachelor", "degree_field": "engineering",
               "years_experience": 1, "imaging_years": 0, "laboratory_years": 0,
               "supervisory_years": 0, "clinical_engineering_years": 1, "engineering_years": 10,
               "military_bmet": False, "certifications": "FE", "willing_to_travel": False,
               "skills": "quality;documentation", "goals": "regulatory-compliance"}  # fmt: skip


def test_engineering_practice_counts_towards_regulatory_work(standard_kb: KnowledgeBase) -> None:
    result = run(standard_kb, OEM_QUALITY)
    assert statuses(result)["regulatory-compliance"] == "eligible"
    assert actions(result)[0].startswith("Apply for Regulatory Compliance")
    assert not any(a.startswith("Gain") for a in actions(result))


#: An HR export of a "Clinical Engineer II": a bachelor's without the field, five years of
#: clinical engineering.
CE_EXPORT = {"id": "ce2", "degree": "bachelor", "years_experience": 6, "supervisory_years": 0,
             "clinical_engineering_years": 5, "military_bmet": False}  # fmt: skip


def test_a_field_of_words_to_confirm_names_the_value_that_opens(
    standard_kb: KnowledgeBase,
) -> None:
    asks = [a for a in actions(run(standard_kb, CE_EXPORT)) if a.startswith("Confirm the degree")]
    # (Five years in clinical engineering: a BSET in that practice is one too, eighteenth.)
    # (Each value with what it opens, checked with the rest of the record.)
    assert asks and "if engineering technology, Clinical Engineer opens" in asks[0], asks
    # (Not the FE six years into work, as the steps leave it out: forty-ninth review.)
    assert "if engineering, CCE and Clinical Engineer open" in asks[0], asks
    assert "with enough" not in asks[0]


#: An HR export that gives only the degree: years, roles and skills are not columns.
YEARS_UNKNOWN = {"id": "wd", "degree": "associate", "degree_field": "bmet",
                 "military_bmet": False, "certifications": ""}  # fmt: skip


def test_a_question_asked_with_the_field_it_bounds_names_both_needs(
    standard_kb: KnowledgeBase,
) -> None:
    # The supervisor path needs 4 years and 1 of them leading: "with at least 4" alone would
    # promise it on the years of experience only.
    asks = [a for a in actions(run(standard_kb, YEARS_UNKNOWN))
            if a.startswith("Confirm the years of full-time")]  # fmt: skip
    assert asks, "no question on the years"
    assert "with at least 4 (1 year as a supervisor or manager), BMET Supervisor opens" in asks[0]
    assert "with enough," not in asks[0]


def test_the_attestation_note_goes_with_the_chtm_not_an_employers_post(
    standard_kb: KnowledgeBase,
) -> None:
    bench = {"id": "b", "degree": "associate", "degree_field": "bmet", "years_experience": 8,
             "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
             "recent_supervisory_years": 0, "clinical_engineering_years": 0,
             "military_bmet": False, "certifications": "CBET", "willing_to_travel": False,
             "skills": "budgeting"}  # fmt: skip
    chtm = run(standard_kb, {**bench, "goals": "CHTM"})
    lead = [a for a in actions(chtm) if a.startswith("Take on lead")]
    assert lead and "for the CHTM, ACI counts such duties done without the title" in lead[0]
    post = run(standard_kb, {**bench, "goals": "supervisor"})
    lead = [a for a in actions(post) if a.startswith("Take on lead")]
    assert lead and "ACI" not in lead[0]


def test_the_unmet_tests_of_a_condition_that_holds_are_the_callers_own_list(
    standard_kb: KnowledgeBase,
) -> None:
    # A route's unmet tests get a gate's added to them (advice.outcomes): the empty answer
    # was once one list shared by every caller, so a gate's gaps added to it came back as the
    # gaps of every later route that held, growing with each person (a batch with an
    # institution's gate showed 16,382 gaps on one path).
    from bmet_rules.evaluator import PythonEvaluator
    from bmet_rules.explain import Explainer
    from bmet_rules.profile import parse_profile

    firing = PythonEvaluator(standard_kb).run(parse_profile(OEM_QUALITY, standard_kb.fields))
    explainer = Explainer(standard_kb, firing)
    route = standard_kb.by_id["clinical-engineer-route-1"]  # a bachelor's in engineering: holds
    first = explainer.unmet(route.nnf, route)
    assert first == []
    first.append("a gate's gap")  # type: ignore[arg-type]
    assert explainer.unmet(route.nnf, route) == []
    leaf = standard_kb.by_id["regulatory-route-2"].nnf.items[0]  # type: ignore[attr-defined]
    mine = explainer.unmet(leaf)
    mine.append("another")  # type: ignore[arg-type]
    assert explainer.unmet(leaf) == []


# -- seventeenth review ---------------------------------------------------------------------

#: An HR export of an ISO site supervisor: two years supervising, no column for the window.
SITE_SUPERVISOR = {"id": "iso", "degree": "associate", "degree_field": "bmet",
                   "years_experience": 10, "imaging_years": 1, "laboratory_years": 1,
                   "supervisory_years": 2, "clinical_engineering_years": 0,
                   "military_bmet": False, "certifications": "CBET", "goals": "CHTM"}  # fmt: skip


def test_a_plan_is_never_dated_on_the_stand_in_for_a_window_not_given(
    standard_kb: KnowledgeBase,
) -> None:
    # Read as all recent, the CHTM is a year of leading away; read as none, three. Neither
    # is a date: how soon depends on the window, and the plan shown reads it as none.
    result = run(standard_kb, SITE_SUPERVISOR)
    chtm = result.certification("CHTM")
    assert chtm.eta_years is None
    assert any(g.kind == "unknown" and g.field == "recent_supervisory_years" for g in chtm.gaps)
    (plan,) = result.plans
    assert plan.years == 3.0, plan
    assert actions(result)[0].startswith("Confirm the years as a supervisor or manager in the "
                                         "last five years")  # fmt: skip
    given = run(standard_kb, {**SITE_SUPERVISOR, "recent_supervisory_years": 2})
    assert given.certification("CHTM").eta_years == 1.0  # (control)


def test_years_of_engineering_practice_count_before_leading(standard_kb: KnowledgeBase) -> None:
    # Leading waits for 4 years' experience; an engineer with 12 years of practice and 2 at
    # the hospital leads from today (the CHTM's bachelor's route: 2 years leading).
    engineer = {"id": "pe", "degree": "master", "degree_field": "engineering",
                "years_experience": 2, "imaging_years": 0, "laboratory_years": 0,
                "supervisory_years": 0, "recent_supervisory_years": 0,
                "clinical_engineering_years": 2, "engineering_years": 12,
                "military_bmet": False, "certifications": "PE", "willing_to_travel": False,
                "skills": "project_management", "goals": "CHTM"}  # fmt: skip
    (plan,) = run(standard_kb, engineer).plans
    (role,) = [a for a in plan.actions if a.kind == "role"]
    assert role.start == 0.0 and "starting in" not in role.text, role
    bench = {**engineer, "degree_field": "business", "clinical_engineering_years": 0,
             "engineering_years": 0}  # fmt: skip
    (plan,) = run(standard_kb, bench).plans
    assert [a.start for a in plan.actions if a.kind == "role"] == [2.0]  # (control)


def test_an_exam_needing_information_early_in_a_plan_does_not_undate_it(
    standard_kb: KnowledgeBase,
) -> None:
    # Military training not given: the CBET may open now or in 3 years, but the CHTM is years
    # of leading away either way, so it keeps its date, not "depends on: CBET first".
    record = {"id": "hr", "degree": "certificate", "degree_field": "other",
              "years_experience": 1, "imaging_years": 0, "laboratory_years": 0,
              "supervisory_years": 0, "clinical_engineering_years": 0,
              "certifications": ""}  # fmt: skip
    chtm = run(standard_kb, record).certification("CHTM")
    assert chtm.eta_years is not None and chtm.eta_years >= 3, chtm
    assert not any(g.field == "certification.CBET" for g in chtm.gaps if g.kind == "unknown")


def test_a_renewal_falling_due_soon_is_noticed(standard_kb: KnowledgeBase) -> None:
    record = {**SITE_SUPERVISOR, "certifications": "CBET 2023", "recent_supervisory_years": 2}
    assert any(w.startswith("CBET 2023: renewal due by 2026-12-31")
               for w in run(standard_kb, record).warnings)  # fmt: skip
    later = {**record, "certifications": "CBET 2025"}
    assert not any("renewal" in w for w in run(standard_kb, later).warnings)
