"""Defect classes the eighteenth director's review found (issue 11), each pinned on a profile
of our own making."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.render import render_explanation
from bmet_rules.results import Gap, Outcome

from .engines import needs_durable
from .records import actions, run, statuses

ENGINES = ["python", pytest.param("durable", marks=needs_durable)]

#: A Navy electronics veteran turned civilian BMET: five years in all, one rotation of six
#: months on the x-ray and C-arm fleet.
ROTATION = {"id": "rot", "degree": "associate", "degree_field": "electronics",
            "years_experience": 5, "imaging_years": 0.5, "laboratory_years": 0,
            "supervisory_years": 0, "recent_supervisory_years": 0,
            "clinical_engineering_years": 0, "military_bmet": False, "certifications": "CBET",
            "willing_to_travel": False, "skills": "troubleshooting"}  # fmt: skip


def test_a_specialty_exam_waits_for_the_years_its_candidate_status_asks(
    standard_kb: KnowledgeBase,
) -> None:
    # Eligible by ACI's general-experience route, but half a year on imaging is no reason to
    # sit the CRES; a year is (cres_candidate_min_imaging_years).
    result = run(standard_kb, ROTATION)
    assert statuses(result)["CRES"] == "eligible"
    assert not [a for a in actions(result) if "CRES" in a], actions(result)
    year = run(standard_kb, {**ROTATION, "imaging_years": 1})
    assert any(a.startswith("Sit the CRES exam") for a in actions(year)), actions(year)
    # The person's own goal is advised whatever the specialty years.
    chosen = run(standard_kb, {**ROTATION, "goals": ["CRES"]})
    assert any(a.startswith("Sit the CRES exam") for a in actions(chosen)), actions(chosen)


#: A BSET who moved from the bench into the clinical engineering office two years ago.
BSET_ENGINEER = {"id": "bset", "degree": "bachelor", "degree_field": "engineering_technology",
                 "years_experience": 9, "imaging_years": 1, "laboratory_years": 0,
                 "supervisory_years": 0, "recent_supervisory_years": 0,
                 "clinical_engineering_years": 2, "engineering_years": 2,
                 "military_bmet": False, "certifications": "CBET", "willing_to_travel": False,
                 "skills": "documentation"}  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_a_bset_practising_clinical_engineering_holds_the_role_and_a_bench_bset_is_not_told_to(
    standard_kb: KnowledgeBase, engine: str
) -> None:
    engineer = run(standard_kb, BSET_ENGINEER, engine).path("clinical-engineer")
    assert (engineer.status, engineer.route_rule) == ("eligible", "clinical-engineer-route-4")
    # At the bench, "practise clinical engineering for a year: opens Clinical Engineer" would
    # go round in a circle: the path's plan is the CCE's, years of engineering practice away.
    bench = run(standard_kb, {**BSET_ENGINEER, "clinical_engineering_years": 0,
                              "engineering_years": 0}, engine)  # fmt: skip
    path = bench.path("clinical-engineer")
    assert path.status == "not_eligible"
    assert path.route_rule != "clinical-engineer-route-4"
    assert path.eta_years is not None and path.eta_years > 1
    assert not [a for a in actions(bench) if "clinical engineering for" in a and
                "Clinical Engineer" in a]  # fmt: skip


#: An HR export with no degree columns: a BMET with three years and a CBET.
NO_DEGREE_COLUMNS = {"id": "hr", "years_experience": 3, "imaging_years": 0,
                     "laboratory_years": 0, "supervisory_years": 0,
                     "clinical_engineering_years": 0, "military_bmet": False,
                     "certifications": "CBET", "willing_to_travel": False,
                     "skills": "troubleshooting"}  # fmt: skip


def _every_gap(gaps: tuple[Gap, ...]) -> Iterator[Gap]:
    for gap in gaps:
        yield gap
        yield from _every_gap(gap.requires)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_gap_on_a_field_not_given_says_to_confirm_it_never_has_none(
    standard_kb: KnowledgeBase, engine: str
) -> None:
    result = run(standard_kb, NO_DEGREE_COLUMNS, engine)
    assert {"degree", "degree_field"} <= set(result.unknown_fields)
    for outcome in (*result.certifications, *result.paths):
        for gap in _every_gap(outcome.gaps):
            if gap.field in ("degree", "degree_field"):
                assert gap.kind in ("unknown", "ruling"), (outcome.id, gap.message)
    detail = render_explanation(result, standard_kb)
    assert "has no degree" not in detail and "(has other)" not in detail


def _prerequisites(outcome: Outcome) -> Iterator[Gap]:
    yield from (g for g in outcome.gaps if g.field.startswith(("certification.", "path.")))


@pytest.mark.parametrize("engine", ENGINES)
def test_a_prerequisite_is_explained_by_its_own_advised_route(
    standard_kb: KnowledgeBase, engine: str
) -> None:
    # "Clinical Engineer: CCE first, which takes: the PE" while the CCE's own line (its plan)
    # is the engineering degree: what a prerequisite takes is what its own outcome says.
    for record in (NO_DEGREE_COLUMNS, {**BSET_ENGINEER, "clinical_engineering_years": 0,
                                       "engineering_years": 0}):  # fmt: skip
        result = run(standard_kb, record, engine)
        by_field = {f"certification.{o.id}": o for o in result.certifications}
        by_field.update({f"path.{o.id}": o for o in result.paths})
        checked = 0
        for outcome in (*result.certifications, *result.paths):
            for gap in _prerequisites(outcome):
                own = by_field.get(gap.field)
                if own is not None and own.status not in ("held", "eligible") and gap.requires:
                    assert gap.requires == own.gaps, (outcome.id, gap.field)
                    checked += 1
        assert checked, record["id"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_credential_passed_on_the_way_to_another_is_never_the_route_to_it(
    standard_kb: KnowledgeBase, engine: str
) -> None:
    # The FE is implied by a PE held; for anyone without a PE the way to it is the degree,
    # never "passed (implied by the PE licence held)", and the PE needs "the FE credential".
    result = run(standard_kb, NO_DEGREE_COLUMNS, engine)
    fe = result.certification("FE")
    assert fe.route_rule != "fe-pe-held", fe.route
    pe = result.certification("PE")
    assert "the FE credential" in [g.message for g in pe.gaps]
    holder = run(standard_kb, {**NO_DEGREE_COLUMNS, "certifications": "CBET; PE",
                               "degree": "bachelor", "degree_field": "engineering"},
                 engine)  # fmt: skip
    assert holder.certification("FE").route_rule == "fe-pe-held"


#: An HTM manager whose CHTM, earned in 2023, falls due at the end of 2026.
DUE_MANAGER = {"id": "mgr", "degree": "associate", "degree_field": "bmet",
               "years_experience": 18, "imaging_years": 1, "laboratory_years": 1,
               "supervisory_years": 6, "recent_supervisory_years": 5,
               "clinical_engineering_years": 0, "military_bmet": False,
               "certifications": "CHTM 2023", "willing_to_travel": False,
               "skills": "budgeting; documentation", "goals": "htm-director"}  # fmt: skip


def test_a_renewal_falling_due_within_six_months_is_the_first_step(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, DUE_MANAGER)
    first = result.next_steps[0]
    assert (first.kind, first.towards) == ("renew", ("CHTM",))
    assert first.action.startswith("Renew your CHTM by 31 December 2026")
    assert len(result.next_steps) <= 5
    assert any("renewal due by 2026-12-31" in w for w in result.warnings)
    # Renewed this year: nothing due.
    later = run(standard_kb, {**DUE_MANAGER, "certifications": "CHTM 2025"})
    assert "renew" not in [s.kind for s in later.next_steps]
    # Past its date: a warning, and (thirty-seventh review) a step to check it is current,
    # never "Renew by" a date gone by.
    late = run(standard_kb, {**DUE_MANAGER, "certifications": "CHTM 2022"})
    renew = [s.action for s in late.next_steps if s.kind == "renew"]
    assert renew == ["Check that your CHTM is current: its renewal was due by 31 December "
                     "2025; if it lapsed, sit the exam again"], renew


#: An HR export: degree field BMET on file, the degree level, certifications and military
#: training not exported; two and a half years; wants the CBET.
THREE_QUESTIONS = {"id": "q3", "degree_field": "bmet", "years_experience": 2.5,
                   "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
                   "clinical_engineering_years": 0, "goals": "CBET"}  # fmt: skip


def test_a_yes_names_the_question_its_route_turns_on(standard_kb: KnowledgeBase) -> None:
    from bmet_rules.advice.text import render_short

    text = render_short(run(standard_kb, THREE_QUESTIONS), standard_kb)
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("If ")]
    assert lines, text
    assert not [line for line in lines if "the answers are yes" in line], lines
    assert any(line.startswith("If yes to completion of a U.S. military") for line in lines)


def test_after_an_open_goal_no_new_degree_is_advised_for_what_comes_next(
    standard_kb: KnowledgeBase,
) -> None:
    # A BSET in clinical engineering practice: the CCE comes next, not an engineering
    # bachelor's for the FE.
    result = run(standard_kb, {**BSET_ENGINEER, "goals": "clinical-engineer"})
    assert result.path("clinical-engineer").status == "eligible"
    assert not [a for a in actions(result) if "bachelor's degree in engineering" in a]
    assert any("clinical engineering" in a for a in actions(result)), actions(result)


#: A paramedic turned biomed trainee: a certificate, a third of a year on the bench.
TRAINEE = {"id": "emt", "degree": "certificate", "degree_field": "healthcare",
           "years_experience": 0.3, "imaging_years": 0, "laboratory_years": 0,
           "supervisory_years": 0, "recent_supervisory_years": 0,
           "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
           "willing_to_travel": False, "skills": "customer_communication"}  # fmt: skip


@pytest.mark.parametrize("goals", ["", "CBET"])
def test_the_sooner_way_by_study_comes_before_the_slower_step_it_beats(
    standard_kb: KnowledgeBase, goals: str
) -> None:
    done = actions(run(standard_kb, {**TRAINEE, "goals": goals}))
    study = next(i for i, a in enumerate(done) if a.startswith("Sooner by study: complete"))
    slower = next(i for i, a in enumerate(done) if a.startswith("Gain 3.7 more years"))
    assert study < slower, done


#: An HR export: a manager's total years leading, but not those of the last five years.
MANAGER_EXPORT = {"id": "mx", "degree": "bachelor", "years_experience": 16,
                  "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 6,
                  "clinical_engineering_years": 0, "military_bmet": False,
                  "willing_to_travel": False, "skills": "budgeting; documentation",
                  "goals": "CHTM"}  # fmt: skip


def test_a_goal_waiting_on_recent_years_says_what_enough_of_them_opens(
    standard_kb: KnowledgeBase,
) -> None:
    from bmet_rules.advice.text import render_short

    text = " ".join(render_short(run(standard_kb, MANAGER_EXPORT), standard_kb).split())
    assert ("If the years as a supervisor or manager in the last five years are at least 3: "
            "may sit the exam now") in text, text
