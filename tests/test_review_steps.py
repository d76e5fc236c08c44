"""Next-step defect classes the sixth director's review found (issue 11), each pinned on a
profile of our own making: a role step that hides when it starts or says "more" beside none
held, a second "gain experience" step that opens nothing, "opens" credited to one of two
actions that finish together, an exam open now hidden behind a goal, steps towards no goal
past the relevance filter, and skill ids in sentences."""

from __future__ import annotations

from typing import Any

from bmet_rules import evaluate, load_rulesets
from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.plugins import get_plugin_manager
from bmet_rules.results import NextStep, Result

AS_OF = "2026-11-29"
GIVEN = {"certifications": "", "skills": "", "supervisory_years": 0, "imaging_years": 0,
         "laboratory_years": 0, "clinical_engineering_years": 0, "willing_to_travel": False,
         "military_bmet": False}  # fmt: skip


#: An AAS in IT, 1 year in HTM, whose goal is healthcare IT.
IT_TECH = {**GIVEN, "id": "it", "degree": "associate", "degree_field": "it",
           "years_experience": 1, "skills": "networking;it", "goals": "healthcare-it"}


def run(kb: KnowledgeBase, record: dict[str, Any]) -> Result:
    return evaluate(record, kb, engine="python", as_of=AS_OF)


def step(result: Result, start: str) -> NextStep:
    found = [s for s in result.next_steps if s.action.startswith(start)]
    assert len(found) == 1, [s.action for s in result.next_steps]
    return found[0]


def test_a_role_that_cannot_start_today_says_when_and_why_and_no_more_beside_none_held(
    standard_kb: KnowledgeBase,
) -> None:
    # A business graduate, 1 year on the bench, who wants the CHTM (route 4: a bachelor's in a
    # listed field + 2 years leading): leading waits for the experience the role needs first.
    record = {**GIVEN, "id": "bba", "degree": "bachelor", "degree_field": "business",
              "years_experience": 1, "goals": "CHTM"}  # fmt: skip
    lead = step(run(standard_kb, record), "Take on lead")
    assert ", starting in 3 years (once you have 4 years' experience)" in lead.action
    assert " more year" not in lead.action
    assert lead.years == 5


def test_a_longer_stint_of_the_same_experience_that_opens_nothing_is_not_a_second_step(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "new", "degree": "high_school", "degree_field": "other",
              "years_experience": 0.5}  # fmt: skip
    result = run(standard_kb, record)
    gains = [s for s in result.next_steps if s.kind == "experience"]
    assert len(gains) == 1, [s.action for s in result.next_steps]
    assert gains[0].opens  # the one kept opens something by itself


def test_of_two_actions_that_finish_together_neither_is_credited_with_opening_the_target(
    standard_kb: KnowledgeBase,
) -> None:
    # 15 years, 2.5 leading, CBET, no budgeting: the manager path (13 years, 3 leading +
    # budgeting or project management) needs both half a year's leading and the training.
    record = {**GIVEN, "id": "lead", "degree": "high_school", "degree_field": "other",
              "years_experience": 15, "supervisory_years": 2.5, "recent_supervisory_years": 2.5,
              "certifications": "CBET", "skills": "teaching",
              "goals": "clinical-engineering-manager"}  # fmt: skip
    result = run(standard_kb, record)
    training = step(result, "Train in budgeting")
    assert "clinical-engineering-manager" not in training.opens
    assert "clinical-engineering-manager" in training.towards


def test_with_a_goal_an_exam_open_now_is_still_shown(standard_kb: KnowledgeBase) -> None:
    # AAS in IT, 1 year in HTM, goal healthcare IT: the CBET is open now (candidate status).
    record = IT_TECH
    result = run(standard_kb, record)
    assert any(s.action.startswith("Sit the CBET exam: eligible now") for s in result.next_steps)


def test_with_a_goal_steps_towards_no_goal_pass_the_same_relevance_filter() -> None:
    # The same person: an engineering degree, the FE or clinical-engineering practice lead
    # towards no goal of theirs and are no advice without one.
    record = IT_TECH
    every = load_rulesets(  # --steps 20: every step is shown
        plugin_manager=get_plugin_manager(entry_points=False), params={"advice_next_steps": 20}
    )
    shown = [s.action for s in run(every, record).next_steps]
    assert any(a.startswith("Sit the CBET") for a in shown), shown
    assert not any(a.startswith(("Complete a bachelor's degree in engineering", "Sit the FE",
                                 "Practise clinical engineering")) for a in shown), shown


def test_skills_read_in_words_in_steps_and_questions(standard_kb: KnowledgeBase) -> None:
    record = {**GIVEN, "id": "c", "degree": "bachelor", "degree_field": "business",
              "years_experience": 22, "certifications": "CHTM", "skills": "documentation",
              "goals": "consultant"}  # fmt: skip
    result = run(standard_kb, record)
    assert any(s.action.startswith("Train in regulatory compliance") for s in result.next_steps)
    unknown = {k: v for k, v in record.items() if k != "skills"}
    asked = " ".join(g.message for o in run(standard_kb, unknown).paths for g in o.gaps)
    assert "project management" in asked and "project_management" not in asked


def _chtm_gap_kinds(kb: KnowledgeBase, certifications: str) -> set[str]:
    # An AAS in general studies, 5 years, whose HR export has no supervisory column: CHTM route
    # 3 turns on ACI's ruling on the degree field, route 1 on a current CBET, both on the years.
    record = {k: v for k, v in GIVEN.items() if k != "supervisory_years"}
    record.update(id="aas", degree="associate", degree_field="other", years_experience=5,
                  certifications=certifications)  # fmt: skip
    chtm = next(o for o in run(kb, record).certifications if o.id == "CHTM")
    assert chtm.status == "needs_info"
    return {g.kind for g in chtm.gaps} & {"unknown", "ruling"}


def test_a_ruling_is_not_asked_when_another_route_needs_just_what_the_ruled_one_does(
    standard_kb: KnowledgeBase,
) -> None:
    assert _chtm_gap_kinds(standard_kb, "CBET") == {"unknown"}


def test_a_ruling_whose_answer_can_open_the_target_is_still_asked(
    standard_kb: KnowledgeBase,
) -> None:
    assert _chtm_gap_kinds(standard_kb, "") == {"unknown", "ruling"}


def test_a_ruling_inside_a_prerequisite_says_what_a_yes_opens_and_what_a_no_leaves(
    standard_kb: KnowledgeBase,
) -> None:
    # An AAS in medical laboratory technology (field: healthcare), 3 years on lab equipment:
    # the laboratory path waits on the CBET, which waits on ACI's ruling on the degree field.
    record = {**GIVEN, "id": "mlt", "degree": "associate", "degree_field": "healthcare",
              "years_experience": 3, "laboratory_years": 3,
              "goals": "laboratory-specialist"}  # fmt: skip
    out = " ".join(render_short(run(standard_kb, record), standard_kb).split())
    assert "If the answer is yes: open now, by laboratory experience + CBET" in out, out
    assert "Otherwise: Laboratory Equipment Specialist" in out
    assert "Reading what is not given as none" not in out  # nothing is missing from the record


# -- seventh review ------------------------------------------------------------------------


def _manager_goal(years: float) -> dict[str, Any]:
    # A BSET holder with a CBET whose HR export has no supervisory column, aiming at manager
    # (route 1: a bachelor's + 8 years, 2 of them leading).
    record = {k: v for k, v in GIVEN.items() if k != "supervisory_years"}
    record.update(id="bset", degree="bachelor", degree_field="engineering_technology",
                  years_experience=years, certifications="CBET",
                  goals="clinical-engineering-manager")  # fmt: skip
    return record


def test_what_confirming_opens_is_not_claimed_when_the_plan_also_waits_on_experience(
    standard_kb: KnowledgeBase,
) -> None:
    short = " ".join(render_short(run(standard_kb, _manager_goal(7)), standard_kb).split())
    assert "are at least 2: open now" not in short, short  # 7 years: 8 are needed too
    enough = " ".join(render_short(run(standard_kb, _manager_goal(9)), standard_kb).split())
    assert ("If the years as a supervisor or manager are at least 2, 1 of them in the last five "
            "years: open now") in enough, enough


def test_a_specialty_exam_open_now_is_not_a_step_beside_goals_elsewhere(
    standard_kb: KnowledgeBase,
) -> None:
    # Six years, two on imaging, a CBET: the CRES is open now, but the goal is the CHTM.
    record = {**GIVEN, "id": "lead", "degree": "associate", "degree_field": "bmet",
              "years_experience": 6, "imaging_years": 2, "supervisory_years": 2,
              "certifications": "CBET", "goals": "CHTM"}  # fmt: skip
    result = run(standard_kb, record)
    assert next(o for o in result.certifications if o.id == "CRES").status == "eligible"
    assert not any("CRES" in s.action for s in result.next_steps), result.next_steps
    imaging = {**record, "goals": "imaging-specialist"}
    assert any("CRES" in s.action for s in run(standard_kb, imaging).next_steps)


def test_without_goals_keeping_on_in_a_role_that_opens_a_path_is_a_step(
    standard_kb: KnowledgeBase,
) -> None:
    # A manager with a CHTM and 4 years managing: one more year opens the director path.
    record = {**GIVEN, "id": "mgr", "degree": "bachelor", "degree_field": "business",
              "years_experience": 14, "supervisory_years": 4, "recent_supervisory_years": 4,
              "certifications": "CBET;CHTM", "skills": "budgeting"}  # fmt: skip
    result = run(standard_kb, record)
    keep_on = [s for s in result.next_steps if s.kind == "role"]
    assert keep_on and keep_on[0].action.startswith("Lead, supervise or manage")
    assert "htm-director" in keep_on[0].opens


def test_a_role_with_no_years_in_the_window_a_need_counts_is_taken_up_again(
    standard_kb: KnowledgeBase,
) -> None:
    # Six years supervising, none in the last five: the CHTM counts only recent years.
    record = {**GIVEN, "id": "was", "degree": "bachelor", "degree_field": "healthcare",
              "years_experience": 20, "supervisory_years": 6, "recent_supervisory_years": 0,
              "goals": "CHTM"}  # fmt: skip
    lead = step(run(standard_kb, record), "Take on lead or supervisory duties")
    assert " again for 2 years (" in lead.action and "none now" in lead.action
    assert "more year" not in lead.action


def test_steps_name_paths_by_title_once_each_and_at_most_three() -> None:
    from bmet_rules.advice.text import step_lines
    from bmet_rules.results import Outcome

    paths = tuple(
        Outcome(i, i.replace("-", " ").title(), "not_eligible", None, None)
        for i in ("a-path", "b-path", "c-path", "d-path")
    )
    result = Result("p", "P", None, (), (), paths, ())
    steps = [NextStep("Do it", (), 1.0, True, towards=("a-path", "CBET", "a-path")),
             NextStep("More", (), 2.0, True, towards=("a-path", "b-path", "c-path", "d-path"))]
    text = " ".join(" ".join(step_lines(result, steps)).split())
    assert "towards A Path, CBET)" in text
    assert "towards A Path, B Path, C Path and 1 more)" in text


def test_a_parameter_before_year_s_reads_as_a_word(standard_kb: KnowledgeBase) -> None:
    routes = [r.rule.then.route or "" for r in standard_kb.rules]
    assert not any("year(s)" in r for r in routes), [r for r in routes if "year(s)" in r]
    assert any(" 1 year leading" in r for r in routes)


def test_a_long_list_of_questions_loses_whole_questions_not_half_a_sentence(
    standard_kb: KnowledgeBase,
) -> None:
    record = {k: v for k, v in GIVEN.items()
              if k not in ("skills", "willing_to_travel", "supervisory_years")}  # fmt: skip
    record.update(id="hr", degree="associate", degree_field="bmet", years_experience=4)
    out = render_short(run(standard_kb, record), standard_kb)
    assert "[...]" not in out
    # (Questions alone are said as one since the fifty-first review; dates bounded by the
    # years given are the latest since the fifty-second, so no list here is cut.)
    assert "Confirm the years as a supervisor or manager, and how many of them in the last " \
        "five years (not given)" in " ".join(out.split())


# -- eighth review -------------------------------------------------------------------------


#: An Air Force veteran's HR row: AAS electronics, 12 years, no certifications, skills or
#: supervisory columns, aiming at manager.
AF_VETERAN = {"id": "af", "degree": "associate", "degree_field": "electronics",
              "years_experience": 12, "imaging_years": 2, "laboratory_years": 0,
              "clinical_engineering_years": 0, "military_bmet": True,
              "willing_to_travel": False, "goals": "clinical-engineering-manager"}


def test_a_goal_plan_read_with_missing_columns_as_none_says_so_and_asks_each_fact(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, AF_VETERAN)
    out = " ".join(render_short(result, standard_kb).split())
    assert "Otherwise, reading what is not given as none:" in out, out
    assert "(clinical-engineering-manager): in " not in out  # no total on a guess
    asked = " ".join(s.action for s in result.next_steps if s.kind == "confirm")
    assert "certifications include CHTM" in asked
    assert "years as a supervisor or manager" in asked and "skills include budgeting" in asked
    from bmet_rules.render import render_explanation

    detail = " ".join(render_explanation(result, standard_kb).split())
    assert "needs information" in detail.split("Level:")[0], detail[:600]


def test_missing_certifications_are_completed_only_with_credentials_the_degree_allows(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, AF_VETERAN)
    status = {o.id: o.status for o in result.certifications}
    for cert in ("FE", "PE", "CCE"):  # every route needs an engineering bachelor's or a PE
        assert status[cert] != "needs_info", (cert, status)
    assert status["CBET"] == "eligible"  # open by the military route, held or not
    supervisor = next(o for o in result.paths if o.id == "supervisor")
    asked = " ".join(g.message for g in supervisor.gaps if g.kind == "unknown")
    assert "CABT" not in asked, asked  # only credentials that change the answer are asked


def test_a_certified_manager_is_not_sent_to_the_technician_exams(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "dir", "degree": "master", "degree_field": "business",
              "years_experience": 24, "supervisory_years": 12, "imaging_years": 3,
              "certifications": "CHTM", "skills": "budgeting;regulatory"}  # fmt: skip
    actions = [s.action for s in run(standard_kb, record).next_steps]
    assert not any(a.startswith(("Sit the CBET", "Sit the CRES")) for a in actions), actions


def test_nobody_is_told_to_apply_for_the_role_they_hold(standard_kb: KnowledgeBase) -> None:
    record = {**GIVEN, "id": "ce", "degree": "bachelor", "degree_field": "engineering",
              "years_experience": 0.5, "clinical_engineering_years": 0.5,
              "goals": "clinical-engineer;CCE"}  # fmt: skip
    result = run(standard_kb, record)
    assert not any(s.kind == "apply" for s in result.next_steps), result.next_steps
    actions = " ".join(s.action for s in result.next_steps)
    # (Staying on in clinical engineering gives the 4 years of engineering practice too.)
    assert "Keep practising clinical engineering for 3.5 more years (4 in all)" in actions
    assert "engineering practice, clinical or other" not in actions  # one role, not two
    assert "the role before it" not in actions and "(clinical engineering counts)" not in actions


def test_years_of_waiting_towards_a_path_alone_are_not_a_step(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "cs", "degree": "bachelor", "degree_field": "it",
              "years_experience": 2, "skills": "networking;it;regulatory"}  # fmt: skip
    waits = [s for s in run(standard_kb, record).next_steps if s.kind == "experience"]
    assert all((s.years is not None and s.years <= 2) or any(
        t in standard_kb.certifications for t in s.opens) for s in waits), waits


# -- ninth review --------------------------------------------------------------------------


def test_with_goals_room_left_is_filled_and_an_open_goal_exam_is_a_step(
    standard_kb: KnowledgeBase,
) -> None:
    # A Navy veteran, 2 years, no imaging years, whose goal is the CRES: open by the military
    # route, so sitting it is a step, once the year on imaging equipment is done (twenty-second
    # review; the ninth had it sat at once).
    record = {**GIVEN, "id": "navy", "degree": "high_school", "degree_field": "other",
              "years_experience": 2, "military_bmet": True, "goals": "CRES"}  # fmt: skip
    result = run(standard_kb, record)
    said = [s.action for s in result.next_steps]
    assert "imaging equipment" in said[0] and said[1].startswith("Sit the CRES exam"), said
    # A PE and CCE holder who wants the director path: the CHTM open now is shown too.
    record = {**GIVEN, "id": "pe", "degree": "bachelor", "degree_field": "business",
              "years_experience": 15, "supervisory_years": 3, "recent_supervisory_years": 3,
              "certifications": "CBET", "goals": "htm-director"}  # fmt: skip
    actions = [s.action for s in run(standard_kb, record).next_steps]
    assert any(a.startswith("Sit the CHTM exam: eligible now") for a in actions), actions


def test_without_goals_a_ruling_that_would_open_a_credential_is_asked_first(
    standard_kb: KnowledgeBase,
) -> None:
    # A former nurse (associate degree, healthcare), 1 year in HTM: CBET candidate status
    # turns on ACI's ruling on the degree.
    record = {**GIVEN, "id": "rn", "degree": "associate", "degree_field": "healthcare",
              "years_experience": 1}  # fmt: skip
    first = run(standard_kb, record).next_steps[0]
    assert first.kind == "confirm" and first.action.startswith("Ask ACI whether"), first
    assert first.action.endswith("if it does, CBET opens")


def test_a_manager_with_an_engineering_degree_is_in_the_manager_band(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "dir", "degree": "bachelor", "degree_field": "engineering",
              "years_experience": 20, "supervisory_years": 15, "certifications": "CHTM"}
    assert run(standard_kb, record).level == "HTM Supervisor"


def test_a_role_left_years_ago_is_taken_up_again_even_when_the_need_is_in_all_years(
    standard_kb: KnowledgeBase,
) -> None:
    # An associate-degree consultant, six years supervising ended years ago, a CHTM, who
    # wants to direct: the director path (8 years as supervisor or manager in all) is 2
    # years of leading away.
    record = {**GIVEN, "id": "was", "degree": "associate", "degree_field": "bmet",
              "years_experience": 25, "supervisory_years": 6, "recent_supervisory_years": 0,
              "certifications": "CBET;CHTM", "skills": "project_management",
              "goals": "htm-director"}  # fmt: skip
    lead = step(run(standard_kb, record), "Take on lead or supervisory duties")
    assert " again for " in lead.action and not lead.action.startswith("Continue")


def test_without_goals_a_supervisor_is_not_sent_back_to_the_bench(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "sup", "degree": "associate", "degree_field": "bmet",
              "years_experience": 20, "supervisory_years": 5, "laboratory_years": 1,
              "certifications": "CBET"}  # fmt: skip
    actions = [s.action for s in run(standard_kb, record).next_steps]
    assert not any("laboratory instruments" in a for a in actions), actions


def test_an_entrant_hears_of_the_way_by_study_when_it_is_sooner(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "student", "degree": "high_school", "degree_field": "other",
              "years_experience": 0, "goals": "CBET"}  # fmt: skip
    actions = [s.action for s in run(standard_kb, record).next_steps]
    # (No years at work yet: full-time study, CBET candidate status on graduating.)
    assert any(a.startswith("Sooner by study: complete an associate degree") and (
        ": CBET by candidate status on graduating (in 2 years full-time)" in a
    ) for a in actions), actions
    assert any(a.startswith("Sit the CABT exam: eligible now") for a in actions), actions


def test_people_alike_but_for_recent_leading_do_not_share_a_plan(
    standard_kb: KnowledgeBase,
) -> None:
    # Same everything, but one led within the last five years and one did not: "again" is
    # said to one only, in one batch (outcomes are shared per situation) as alone.
    from bmet_rules.api import evaluate_many

    base = {**GIVEN, "degree": "associate", "degree_field": "bmet", "years_experience": 25,
            "supervisory_years": 6, "certifications": "CBET;CHTM",
            "skills": "project_management", "goals": "htm-director"}  # fmt: skip
    lapsed = {**base, "id": "lapsed", "recent_supervisory_years": 0}
    current = {**base, "id": "current", "recent_supervisory_years": 3}
    for batch in ([lapsed, current], [current, lapsed]):
        results = {r.profile_id: r for r in evaluate_many(batch, standard_kb, engine="python",
                                                          as_of=AS_OF)}  # fmt: skip
        again = [s.action for s in results["lapsed"].next_steps if " again for " in s.action]
        kept = [s.action for s in results["current"].next_steps if " again for " in s.action]
        assert again and not kept, (again, kept)
