"""Defect classes the ninth and tenth director's reviews found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from typing import Any

from bmet_rules import evaluate
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.results import Result

AS_OF = "2026-11-29"

#: A BS in IT with five years on the bench, from an export without certifications or skills.
IT_GRADUATE = {"id": "it", "degree": "bachelor", "degree_field": "it", "years_experience": 5,
               "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
               "clinical_engineering_years": 0, "military_bmet": False,
               "willing_to_travel": False}  # fmt: skip


def run(kb: KnowledgeBase, record: dict[str, Any]) -> Result:
    return evaluate(record, kb, engine="python", as_of=AS_OF)


def statuses(result: Result) -> dict[str, str]:
    return {o.id: o.status for o in (*result.certifications, *result.paths)}


def test_a_credential_asking_more_years_than_a_lifetime_total_holds_is_not_a_possibility(
    standard_kb: KnowledgeBase,
) -> None:
    # Every CHTM route asks two years or more as a supervisor; someone who never supervised
    # cannot hold one, so neither the level nor the manager paths wait on the certifications.
    result = run(standard_kb, IT_GRADUATE)
    status = statuses(result)
    assert status["CHTM"] == "near"  # two years leading away, not "confirm it"
    assert status["clinical-engineering-manager"] != "needs_info"
    assert result.level == "BMET II"
    assert not result.level_unknowns and result.level_if_confirmed is None


def test_a_credential_within_the_lifetime_totals_still_turns_on_the_certifications(
    standard_kb: KnowledgeBase,
) -> None:
    # The same person with three years as a supervisor could hold a CHTM, which the manager
    # path asks for: that still turns on the certifications not given.
    status = statuses(run(standard_kb, {**IT_GRADUATE, "supervisory_years": 3}))
    assert status["clinical-engineering-manager"] == "needs_info"


GIVEN = {"certifications": "", "skills": "", "supervisory_years": 0, "imaging_years": 0,
         "laboratory_years": 0, "clinical_engineering_years": 0, "willing_to_travel": False,
         "military_bmet": False}  # fmt: skip

#: A BS in biomedical engineering, seven years at the bench as a BMET, a CBET, never in a
#: clinical-engineering role.
BENCH_ENGINEER = {**GIVEN, "id": "bench", "degree": "bachelor", "degree_field": "engineering",
                  "years_experience": 7, "certifications": "CBET", "engineering_years": 0,
                  "skills": "troubleshooting"}  # fmt: skip


def actions(result: Result) -> list[str]:
    return [s.action for s in result.next_steps]


def test_an_engineer_at_the_bench_is_placed_on_the_bmet_ladder(
    standard_kb: KnowledgeBase,
) -> None:
    assert run(standard_kb, BENCH_ENGINEER).level in ("BMET II", "BMET III")
    practising = {**BENCH_ENGINEER, "clinical_engineering_years": 1, "engineering_years": 1}
    assert run(standard_kb, practising).level == "Clinical Engineer"
    graduate = {**BENCH_ENGINEER, "years_experience": 0, "certifications": ""}
    # (a graduate not yet at work is placed as a bachelor, as six months at the bench would
    # place them: a year more never lowers the level; fifty-fourth review's probe)
    assert run(standard_kb, graduate).level == "BMET II"
    assert run(standard_kb, graduate).path("clinical-engineer").status == "eligible"


def test_a_goal_practised_in_an_open_role_not_held_starts_with_applying_for_it(
    standard_kb: KnowledgeBase,
) -> None:
    done = actions(run(standard_kb, {**BENCH_ENGINEER, "goals": "CCE"}))
    apply = next(i for i, a in enumerate(done) if a.startswith("Apply for Clinical Engineer"))
    practise = next(i for i, a in enumerate(done) if a.startswith("Practise clinical"))
    assert apply < practise, done
    practising = {**BENCH_ENGINEER, "clinical_engineering_years": 1, "engineering_years": 1,
                  "goals": "CCE"}  # fmt: skip
    assert not any(a.startswith("Apply for") for a in actions(run(standard_kb, practising)))


def test_with_goals_nobody_is_sent_into_a_role_they_are_not_in_for_another_target(
    standard_kb: KnowledgeBase,
) -> None:
    specialist = {**GIVEN, "id": "lab", "degree": "associate", "degree_field": "electronics",
                  "years_experience": 10, "laboratory_years": 6, "certifications": "CBET",
                  "skills": "troubleshooting;documentation",
                  "goals": "regulatory-compliance"}  # fmt: skip
    retiring = {**GIVEN, "id": "old", "degree": "associate", "degree_field": "electronics",
                "years_experience": 38, "supervisory_years": 10, "recent_supervisory_years": 0,
                "certifications": "CBET", "skills": "teaching;documentation",
                "goals": "technical-trainer"}  # fmt: skip
    for record in (specialist, retiring):
        done = actions(run(standard_kb, record))
        assert not any(a.startswith("Take on lead") for a in done), done
    without_goal = {**specialist, "goals": ""}  # nor without goals (eleventh review)
    assert not any(a.startswith("Take on lead") for a in actions(run(standard_kb, without_goal)))
    leading = {**specialist, "goals": "", "supervisory_years": 2, "recent_supervisory_years": 2}
    assert any(a.startswith("Lead, supervise or manage")  # keeping on in a role held is advice
               for a in actions(run(standard_kb, leading))), actions(run(standard_kb, leading))


def test_a_shorter_stint_ranked_after_a_longer_is_a_milestone_on_it(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "ged", "degree": "high_school", "degree_field": "other",
              "years_experience": 0.5, "willing_to_travel": True,
              "skills": "troubleshooting;customer_communication",
              "goals": "CABT;CBET"}  # fmt: skip
    result = run(standard_kb, record)
    gains = [s for s in result.next_steps if s.kind == "experience"]
    assert len(gains) == 1, actions(result)
    assert gains[0].years == 3.5 and "CBET" in gains[0].opens
    assert (1.5, ("field-service-engineer",)) in gains[0].on_the_way
    from bmet_rules.advice.text import render_short

    assert "(in 1.5 years: Field Service Engineer; done in 3.5 years; opens CBET" in " ".join(
        render_short(result, standard_kb).split())


def test_experience_a_role_step_gives_is_folded_into_it_wherever_it_ranks(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "phd", "degree": "doctorate", "degree_field": "engineering",
              "years_experience": 3, "clinical_engineering_years": 3, "engineering_years": 3,
              "skills": "project_management;regulatory;teaching"}  # fmt: skip
    result = run(standard_kb, record)
    assert not any(s.kind == "experience" for s in result.next_steps), actions(result)
    role = next(s for s in result.next_steps if s.kind == "role")
    assert {"CCE", "technical-trainer"} <= set(role.opens)


#: A one-year HTM certificate and a year as a BMET I, no goals.
CERTIFICATE_TECH = {**GIVEN, "id": "cert", "degree": "certificate", "degree_field": "bmet",
                    "years_experience": 1, "skills": "troubleshooting;documentation"}


def test_a_plan_that_outgrows_candidate_status_takes_the_full_route(
    standard_kb: KnowledgeBase,
) -> None:
    # The associate degree takes 1.5 years part-time; by then the person has 2.5 years'
    # experience, past what candidate status is for: the route is route 1 itself.
    cbet = next(o for o in run(standard_kb, CERTIFICATE_TECH).certifications if o.id == "CBET")
    assert cbet.route_rule == "cbet-route-1" and cbet.eta_years == 1.5, cbet
    assert "may sit the exam now" not in (cbet.route or "")


def test_someone_without_goals_the_filters_leave_bare_is_shown_the_way_to_the_cbet(
    standard_kb: KnowledgeBase,
) -> None:
    steps = run(standard_kb, CERTIFICATE_TECH).next_steps
    assert steps, "no step at all"
    assert steps[0].action.startswith("Complete an associate degree") and "CBET" in steps[0].opens


def test_an_exam_open_again_after_a_lapse_says_so(standard_kb: KnowledgeBase) -> None:
    record = {**GIVEN, "id": "lapsed", "degree": "associate", "degree_field": "electronics",
              "years_experience": 6, "former_certifications": "CBET 2020",
              "skills": "troubleshooting", "goals": "CBET"}  # fmt: skip
    assert any(a.startswith("Sit the CBET exam again (yours lapsed): eligible now")
               for a in actions(run(standard_kb, record)))  # fmt: skip
    never = {**record, "former_certifications": ""}
    assert not any("again" in a for a in actions(run(standard_kb, never)))


def test_with_goals_a_ruling_on_the_core_credential_is_still_asked(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "rt", "degree": "bachelor", "degree_field": "healthcare",
              "years_experience": 2, "imaging_years": 2, "skills": "troubleshooting",
              "goals": "CRES"}  # fmt: skip
    assert any(a.startswith("Ask ACI") and "CBET" in a for a in actions(run(standard_kb, record)))


def test_engineering_experience_for_a_licence_follows_the_degree_the_plan_studies(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "bset", "degree": "bachelor", "degree_field": "engineering_technology",
              "years_experience": 2, "skills": "troubleshooting"}  # fmt: skip
    pe = next(o for o in run(standard_kb, record).certifications if o.id == "PE")
    assert pe.eta_years == 10, pe  # 6 years of study, then 4 of practice


def test_management_paths_ask_for_supervision_within_the_last_five_years(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "old", "degree": "associate", "degree_field": "electronics",
              "years_experience": 38, "supervisory_years": 10, "recent_supervisory_years": 0,
              "certifications": "CBET", "skills": "budgeting;teaching"}  # fmt: skip
    status = statuses(run(standard_kb, record))
    assert status["clinical-engineering-manager"] != "eligible"
    recent = statuses(run(standard_kb, {**record, "recent_supervisory_years": 2}))
    assert recent["clinical-engineering-manager"] == "eligible"


def test_paths_a_step_back_for_the_level_are_named_in_one_line(
    standard_kb: KnowledgeBase,
) -> None:
    from bmet_rules.advice.text import render_short

    record = {**GIVEN, "id": "dir", "degree": "master", "degree_field": "engineering",
              "years_experience": 27, "imaging_years": 2, "supervisory_years": 15,
              "recent_supervisory_years": 5, "clinical_engineering_years": 6,
              "certifications": "CHTM", "skills": "budgeting;regulatory"}  # fmt: skip
    shown = render_short(run(standard_kb, record), standard_kb)
    assert "[imaging-specialist]" not in shown and "[supervisor]" not in shown
    flat = " ".join(shown.split())
    assert "At or below the HTM Supervisor level, not listed: Imaging Equipment Specialist" in flat
    chosen = render_short(run(standard_kb, {**record, "goals": "imaging-specialist"}),
                          standard_kb)  # fmt: skip
    assert "(imaging-specialist)" in chosen  # a goal is never folded away: it leads
    assert "Imaging Equipment Specialist (open)" not in " ".join(chosen.split())


def test_no_question_about_a_credential_nobody_with_the_degree_holds(
    standard_kb: KnowledgeBase,
) -> None:
    record = {"id": "hr", "degree": "associate", "degree_field": "bmet", "years_experience": 11,
              "imaging_years": 0, "laboratory_years": 0, "clinical_engineering_years": 0,
              "military_bmet": False, "goals": "supervisor"}  # fmt: skip
    result = run(standard_kb, record)
    asked = " ".join(g.message for o in result.certifications for g in o.gaps
                     if g.kind == "unknown")  # fmt: skip
    # (Held credentials are still asked where one could be held; not a CHTM about itself:
    # fortieth review.)
    assert "CCE" not in asked and "certifications include" in asked, asked
    assert "certifications include CHTM" not in asked, asked


def test_targets_years_away_are_named_with_their_time_in_a_line(
    standard_kb: KnowledgeBase,
) -> None:
    from bmet_rules.advice.text import render_short

    record = {**GIVEN, "id": "bset", "degree": "bachelor", "degree_field": "engineering_technology",
              "years_experience": 2, "imaging_years": 1.5, "skills": "troubleshooting",
              "goals": "CBET"}  # fmt: skip
    result = run(standard_kb, record)
    shown = render_short(result, standard_kb)
    far = [p for p in result.paths if p.eta_years is not None and p.eta_years > 2]
    assert far and all(f"[{p.id}]" not in shown for p in far)  # no line of their own
    flat = " ".join(shown.split())
    assert all(f"{p.title} in " in flat for p in far)
    assert "Further away: CHTM in 4 years" in flat and "[PE]" not in shown
    assert "[CABT] — open, not needed at the BMET II level" in flat  # past it by level


# -- eleventh review -------------------------------------------------------------------------


def test_an_entrant_without_goals_hears_of_the_associate_degree_when_it_is_sooner(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "hs", "degree": "high_school", "degree_field": "other",
              "years_experience": 0.3, "willing_to_travel": True,
              "skills": "customer_communication"}  # fmt: skip
    done = actions(run(standard_kb, record))
    study = [a for a in done if a.startswith("Sooner by study: complete an associate degree")]
    assert study and ": CBET by candidate status on graduating" in study[0], done
    certified = {**record, "id": "aas", "degree": "associate", "degree_field": "bmet",
                 "years_experience": 2.5}  # fmt: skip
    assert not any(a.startswith("Sooner by study") for a in actions(run(standard_kb, certified)))


def test_a_student_still_at_school_is_not_planned_full_time_work(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "junior", "degree": "none", "degree_field": "other",
              "high_school_student": True, "years_experience": 0,
              "skills": "troubleshooting", "goals": "CABT"}  # fmt: skip
    result = run(standard_kb, record)
    assert not any(s.kind in ("experience", "role") for s in result.next_steps), actions(result)
    assert any(a.startswith("Finish high school, then study for an associate degree")
               for a in actions(result))  # fmt: skip
    from bmet_rules.advice.text import render_short

    assert "not by time and study" not in render_short(result, standard_kb)


def test_a_path_a_step_back_is_folded_even_when_it_waits_on_a_value_not_given(
    standard_kb: KnowledgeBase,
) -> None:
    from bmet_rules.advice.text import render_short

    record = {"id": "mgr", "degree": "bachelor", "degree_field": "business",
              "years_experience": 14, "laboratory_years": 0, "supervisory_years": 6,
              "recent_supervisory_years": 5, "clinical_engineering_years": 0,
              "military_bmet": False, "willing_to_travel": False,
              "goals": "htm-director"}  # fmt: skip
    shown = render_short(run(standard_kb, record), standard_kb)
    assert "[imaging-specialist]" not in shown
    assert "Imaging Equipment Specialist (needs information)" in " ".join(shown.split())


def test_an_open_certification_reads_by_the_route_the_highest_degree_meets(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "bba", "degree": "bachelor", "degree_field": "business",
              "years_experience": 14, "supervisory_years": 6, "recent_supervisory_years": 5}
    chtm = next(o for o in run(standard_kb, record).certifications if o.id == "CHTM")
    assert chtm.status == "eligible" and chtm.route_rule == "chtm-route-4", chtm
    held = {**record, "certifications": "CBET"}  # a route on other grounds first stays first
    chtm = next(o for o in run(standard_kb, held).certifications if o.id == "CHTM")
    assert chtm.route_rule == "chtm-route-1", chtm


def test_a_ruling_names_the_field_in_general_words_not_one_programme(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "aet", "degree": "associate",
              "degree_field": "engineering_technology", "years_experience": 2,
              "imaging_years": 1.5, "goals": "CRES"}  # fmt: skip
    asks = [a for a in actions(run(standard_kb, record)) if a.startswith("Ask ACI")]
    assert asks and all("BSET" not in a for a in asks), asks


def test_what_a_yes_opens_at_once_is_named_by_the_route_the_yes_fires(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "bset", "degree": "bachelor", "degree_field": "engineering_technology",
              "years_experience": 12, "imaging_years": 1, "certifications": "CBET",
              "clinical_engineering_years": 3, "engineering_years": 3,
              "skills": "project_management", "goals": "CCE"}  # fmt: skip
    asks = [a for a in actions(run(standard_kb, record)) if a.startswith("Ask HTCC")]
    assert asks and "Professional Engineer licence" not in asks[0], asks  # no PE held


def test_a_goal_is_shown_once_and_skill_questions_in_one_paragraph(
    standard_kb: KnowledgeBase,
) -> None:
    from bmet_rules.advice.text import render_short

    record = {"id": "hr", "degree": "associate", "degree_field": "electronics",
              "years_experience": 9, "imaging_years": 3, "laboratory_years": 0,
              "clinical_engineering_years": 0, "military_bmet": False,
              "certifications": "CBET", "willing_to_travel": True,
              "supervisory_years": 0, "goals": "field-service-engineer"}  # fmt: skip
    shown = render_short(run(standard_kb, record), standard_kb)
    assert "[field-service-engineer]" not in shown and "(field-service-engineer)" in shown
    flat = " ".join(shown.split())
    assert "On the skills not given: " in flat and "Technical Trainer (teaching)" in flat
    assert "[technical-trainer]" not in shown


# -- twelfth review --------------------------------------------------------------------------


def test_an_entrant_without_goals_is_shown_the_degree_the_cbet_plan_studies(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "cert", "degree": "certificate", "degree_field": "bmet",
              "years_experience": 1, "willing_to_travel": True,
              "skills": "troubleshooting;customer_communication"}  # fmt: skip
    steps = run(standard_kb, record).next_steps
    study = [s for s in steps if s.kind == "study"]
    assert study and study[0].action.startswith("Complete an associate degree"), steps
    assert "CBET" in study[0].opens


def test_an_exam_resting_on_a_credential_waits_for_the_window_after_it_is_awarded(
    standard_kb: KnowledgeBase,
) -> None:
    # A high-school graduate leading for 3 years: the CHTM by route 1 rests on a CBET.
    record = {**GIVEN, "id": "sup", "degree": "high_school", "degree_field": "other",
              "years_experience": 6, "supervisory_years": 3, "recent_supervisory_years": 3,
              "goals": "CHTM"}  # fmt: skip
    (plan,) = run(standard_kb, record).plans
    cbet = next(a for a in plan.actions if a.kind == "exam" and a.value == "CBET")
    assert plan.exam is not None and "May 2027" in cbet.text
    assert "November 2027" in plan.exam.text, plan.exam  # not CBET's own window
    assert plan.years is not None and plan.years > cbet.done


def test_a_ruling_is_asked_for_the_route_the_degree_fits_once(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "bs", "degree": "bachelor", "degree_field": "other",
              "years_experience": 6, "supervisory_years": 3, "recent_supervisory_years": 3,
              "laboratory_years": 1, "skills": "budgeting;documentation",
              "goals": "CHTM"}  # fmt: skip
    result = run(standard_kb, record)
    asks = [a for a in actions(result) if a.startswith("Ask ACI")]
    assert len(asks) == 1 and "route 4" in asks[0] and "route 3" not in asks[0], asks
    assert "now by bachelor's degree in a listed field" in asks[0]
    assert any(a.startswith("Sit the CBET exam") for a in actions(result))  # the no-case


def test_no_ruling_is_asked_when_a_degree_is_still_to_study_or_its_field_unknown(
    standard_kb: KnowledgeBase,
) -> None:
    cert = {**GIVEN, "id": "spd", "degree": "certificate", "degree_field": "healthcare",
            "years_experience": 2, "goals": "CBET"}  # fmt: skip
    assert not any(a.startswith("Ask ACI") for a in actions(run(standard_kb, cert)))
    unknown_field = {"id": "hr", "degree": "associate", "years_experience": 3,
                     "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
                     "clinical_engineering_years": 0, "military_bmet": False,
                     "willing_to_travel": False, "goals": "CBET"}  # fmt: skip
    done = actions(run(standard_kb, unknown_field))
    assert not any(a.startswith("Ask ACI") for a in done), done
    assert any(a.startswith("Confirm the degree field") for a in done), done


def test_a_new_engineer_whose_goal_is_clinical_engineering_is_told_to_sit_the_fe(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "bsbme", "degree": "bachelor", "degree_field": "engineering",
              "years_experience": 0.5, "engineering_years": 0,
              "skills": "project_management", "goals": "clinical-engineer;CCE"}  # fmt: skip
    done = actions(run(standard_kb, record))
    assert any(a.startswith("Sit the FE exam: eligible now") for a in done), done
    assert not any(a.startswith("Ask HTCC") for a in done), done  # a yes saves half a year


# -- thirteenth review -----------------------------------------------------------------------


def test_a_ruling_whose_yes_reads_total_supervision_as_recent_is_not_asked(
    standard_kb: KnowledgeBase,
) -> None:
    # An AA in general studies with a CBET and 2 years leading, 1 in the last five: every CHTM
    # route counts supervision in the last five years; a yes on the degree saves nothing.
    record = {**GIVEN, "id": "vet", "degree": "associate", "degree_field": "other",
              "years_experience": 9, "supervisory_years": 2, "recent_supervisory_years": 1,
              "military_bmet": True, "certifications": "CBET", "goals": "CHTM"}  # fmt: skip
    assert not any(a.startswith("Ask ACI") for a in actions(run(standard_kb, record)))


def test_a_yes_no_both_answers_of_which_give_the_same_outcome_is_not_asked(
    standard_kb: KnowledgeBase,
) -> None:
    record = {"id": "hr", "degree": "associate", "degree_field": "electronics",
              "years_experience": 11, "imaging_years": 2, "laboratory_years": 0,
              "clinical_engineering_years": 0, "certifications": "CBET",
              "willing_to_travel": False, "skills": "teaching", "goals": "CHTM"}  # fmt: skip
    result = run(standard_kb, record)
    asked = " ".join([*actions(result), *(g.message for o in result.certifications
                                          for g in o.gaps if g.kind == "unknown")])
    assert "military" not in asked, asked
    assert "supervisor" in asked


def test_an_open_exam_is_a_step_though_the_certifications_are_not_given(
    standard_kb: KnowledgeBase,
) -> None:
    record = {"id": "hr", "degree": "associate", "degree_field": "bmet", "years_experience": 6,
              "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
              "clinical_engineering_years": 0, "military_bmet": False,
              "willing_to_travel": False}  # fmt: skip
    assert any(a.startswith("Sit the CBET exam, unless you hold it already: eligible now")
               for a in actions(run(standard_kb, record)))  # fmt: skip


def test_no_long_wait_towards_a_path_alone_is_a_step(standard_kb: KnowledgeBase) -> None:
    record = {**GIVEN, "id": "iso", "degree": "associate", "degree_field": "bmet",
              "years_experience": 0.3, "willing_to_travel": True,
              "skills": "troubleshooting;customer_communication",
              "goals": "CBET;field-service-engineer"}  # fmt: skip
    for step in run(standard_kb, record).next_steps:
        if step.kind == "experience" and not step.for_goal:
            assert step.years is not None and step.years <= 2, step


def test_the_fe_is_advised_near_graduation_or_for_a_goal_not_to_seasoned_engineers(
    standard_kb: KnowledgeBase,
) -> None:
    seasoned = {**GIVEN, "id": "fse", "degree": "bachelor", "degree_field": "engineering",
                "years_experience": 15, "imaging_years": 15, "willing_to_travel": True,
                "skills": "troubleshooting"}  # fmt: skip
    assert not any(a.startswith("Sit the FE") for a in actions(run(standard_kb, seasoned)))
    graduate = {**seasoned, "years_experience": 0, "imaging_years": 0}
    assert any(a.startswith("Sit the FE") for a in actions(run(standard_kb, graduate)))


def test_no_second_degree_below_the_one_held_is_offered_as_a_way(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "ct", "degree": "bachelor", "degree_field": "healthcare",
              "years_experience": 0.5, "imaging_years": 0.5,
              "skills": "customer_communication", "goals": "CRES;imaging-specialist"}
    assert not any(a.startswith("Sooner by study: complete an associate")
                   for a in actions(run(standard_kb, record)))  # fmt: skip


# -- fourteenth review -----------------------------------------------------------------------


def test_a_condition_on_two_unknown_years_names_both_when_neither_bounds_the_other(
    standard_kb: KnowledgeBase,
) -> None:
    from bmet_rules.advice.text import render_short

    record = {"id": "ce", "degree": "bachelor", "degree_field": "engineering",
              "years_experience": 6, "imaging_years": 0, "laboratory_years": 0,
              "supervisory_years": 0, "military_bmet": False, "certifications": "",
              "willing_to_travel": False, "skills": "", "goals": "CCE"}  # fmt: skip
    flat = " ".join(render_short(run(standard_kb, record), standard_kb).split())
    said = [line.split(": may sit")[0] for line in flat.split("If ")[1:]
            if "may sit the exam now" in line]
    assert said and "clinical engineering practice are at least 3" in said[0] \
        and "engineering practice are at least 4" in said[0], said


def test_engineers_alike_but_for_their_years_do_not_share_the_fe_step_in_a_batch(
    standard_kb: KnowledgeBase,
) -> None:
    # Steps are shared per situation: the FE near graduation must not leak to a seasoned
    # engineer evaluated in the same batch, whichever comes first.
    from bmet_rules.api import evaluate_many

    base = {**GIVEN, "degree": "bachelor", "degree_field": "engineering",
            "willing_to_travel": True, "skills": "troubleshooting;customer_communication"}
    young = {**base, "id": "young", "years_experience": 1.5}
    old = {**base, "id": "old", "years_experience": 2.5}
    for batch in ([young, old], [old, young]):
        results = {r.profile_id: r for r in evaluate_many(batch, standard_kb, engine="python",
                                                          as_of=AS_OF)}  # fmt: skip
        fe = {pid: any(a.startswith("Sit the FE") for a in actions(r))
              for pid, r in results.items()}  # fmt: skip
        assert fe == {"young": True, "old": False}, fe
