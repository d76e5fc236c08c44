"""Defect classes the twentieth director's review found (issue 11), each pinned on a profile
of our own making."""

from __future__ import annotations

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: An HR export: a supervisor's total years leading, not those of the last five years; a
#: business degree; wants the CHTM.
TOTAL_ONLY = {"id": "tot", "degree": "bachelor", "degree_field": "business",
              "years_experience": 12, "imaging_years": 1, "laboratory_years": 0,
              "supervisory_years": 3, "clinical_engineering_years": 0, "military_bmet": False,
              "certifications": "CBET", "willing_to_travel": False, "skills": "documentation",
              "goals": "CHTM"}  # fmt: skip


def test_no_role_step_is_advised_on_years_in_a_window_not_given(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, TOTAL_ONLY)
    assert "recent_supervisory_years" in result.unknown_fields
    assert not [a for a in actions(result) if "supervisory duties" in a], actions(result)
    text = render_short(result, standard_kb)
    assert "With fewer, the years still missing (read here as none):" in text, text
    assert "Otherwise, reading what is not given as none:" not in text


def test_an_open_path_is_shown_by_a_route_that_holds_whatever_the_unknowns_are(
    standard_kb: KnowledgeBase,
) -> None:
    # Open whatever the recent years are (BMET II or higher + a year leading); "already an
    # HTM Supervisor" rests on a level the same screen says to confirm.
    result = run(standard_kb, {**TOTAL_ONLY, "goals": ""})
    supervisor = result.path("supervisor")
    assert supervisor.status == "eligible"
    assert supervisor.route_rule != "supervisor-route-1", supervisor.route
    assert result.level_if_confirmed == "HTM Supervisor"


#: An HR export: an associate BMET II with no supervision columns at all.
NO_SUPERVISION = {"id": "ns", "degree": "associate", "degree_field": "bmet",
                  "years_experience": 5, "imaging_years": 0, "laboratory_years": 0,
                  "clinical_engineering_years": 0, "military_bmet": False,
                  "certifications": "CBET", "willing_to_travel": False,
                  "skills": "documentation"}  # fmt: skip


def test_a_question_on_supervision_keeps_the_window_the_credential_counts(
    standard_kb: KnowledgeBase,
) -> None:
    said = " ".join(a for a in actions(run(standard_kb, NO_SUPERVISION))
                    if a.startswith("Confirm the years as a supervisor"))  # fmt: skip
    assert "with at least 1, BMET Supervisor opens" in said, said
    assert "with at least 3 in the last five years, CHTM opens" in said, said


#: An HR export: an engineering graduate, certifications and clinical years not exported,
#: who wants the clinical engineer's role and the CCE.
ENGINEER_EXPORT = {"id": "eng", "degree": "bachelor", "degree_field": "engineering",
                   "years_experience": 3, "imaging_years": 0, "laboratory_years": 0,
                   "supervisory_years": 0, "military_bmet": False, "willing_to_travel": False,
                   "goals": "clinical-engineer; CCE"}  # fmt: skip


def test_the_technicians_exam_is_not_shown_beside_goals_past_it(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, ENGINEER_EXPORT)
    assert not [a for a in actions(result) if a.startswith("Sit the CBET exam")], actions(result)
    # A goal whose route asks for it keeps it (the CHTM's route through a current CBET), for
    # a technician years from leading.
    lead = run(standard_kb, {**NO_SUPERVISION, "supervisory_years": 0,
                             "recent_supervisory_years": 0, "certifications": "",
                             "goals": "CHTM"})  # fmt: skip
    assert any(a.startswith("Sit the CBET exam") for a in actions(lead)), actions(lead)


# -- twenty-first review ----------------------------------------------------------------------

#: A BSET BMET II, no leading yet, who wants the supervisor's post and the CHTM.
BSET_TO_LEAD = {"id": "bl", "degree": "bachelor", "degree_field": "engineering_technology",
                "years_experience": 6, "imaging_years": 0, "laboratory_years": 0,
                "supervisory_years": 0, "recent_supervisory_years": 0,
                "clinical_engineering_years": 0, "military_bmet": False,
                "certifications": "CBET", "willing_to_travel": False,
                "skills": "documentation", "goals": "supervisor; CHTM"}  # fmt: skip


def test_a_goal_plan_is_folded_into_another_only_when_that_one_does_all_it_asks(
    standard_kb: KnowledgeBase,
) -> None:
    # A year of leading opens the supervisor's post; the CHTM's route asks two: its plan is
    # its own, not "the BMET Supervisor plan above opens it".
    result = run(standard_kb, BSET_TO_LEAD)
    text = render_short(result, standard_kb)
    assert "plan above opens it" not in text, text
    # One step for the role, the longer, with the shorter goal on the way.
    (lead,) = [s for s in result.next_steps if s.kind == "role"]
    assert lead.years == 2.0 and "CHTM" in lead.opens, lead
    assert [ids for _, ids in lead.on_the_way] == [("supervisor",)], lead.on_the_way


#: A PE clinical engineer leading the team a year, who wants the director's post.
PE_LEAD = {"id": "pl", "degree": "bachelor", "degree_field": "engineering",
           "years_experience": 10, "imaging_years": 0, "laboratory_years": 0,
           "supervisory_years": 1, "recent_supervisory_years": 1,
           "clinical_engineering_years": 10, "engineering_years": 10, "military_bmet": False,
           "certifications": "PE", "willing_to_travel": False,
           "skills": "budgeting; regulatory", "goals": "htm-director"}  # fmt: skip


def test_a_credential_a_goals_role_opens_on_the_way_is_named_there(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, PE_LEAD)
    lead = next(s for s in result.next_steps if s.kind == "role")
    assert any("CHTM" in ids for _, ids in lead.on_the_way), lead


#: An HR export without either degree column: two and a half years, a year and a half on
#: imaging; wants the CBET.
NO_DEGREE_COLUMNS = {"id": "nd2", "years_experience": 2.5, "imaging_years": 1.5,
                     "laboratory_years": 0, "supervisory_years": 0,
                     "recent_supervisory_years": 0, "clinical_engineering_years": 0,
                     "military_bmet": False, "certifications": "", "willing_to_travel": False,
                     "skills": "troubleshooting", "goals": "CBET"}  # fmt: skip


def test_a_goal_waiting_on_the_degree_says_what_a_qualifying_one_opens(
    standard_kb: KnowledgeBase,
) -> None:
    # A degree has no "yes": the line names the route whose degree would open it now.
    result = run(standard_kb, NO_DEGREE_COLUMNS)
    (plan,) = result.plans
    assert plan.if_yes is not None and plan.if_yes.years == 0.0
    assert plan.if_yes.route_rule == "cbet-route-1"
    text = " ".join(render_short(result, standard_kb).split())
    assert ("If the degree and degree field are as this route asks: open now, by associate "
            "degree or higher in electronics, technology or science + 2 years") in text, text


def test_a_field_of_words_is_never_asked_with_if_yes(standard_kb: KnowledgeBase) -> None:
    record = {"id": "itx", "degree": "bachelor", "years_experience": 2, "imaging_years": 0,
              "laboratory_years": 0, "supervisory_years": 0, "recent_supervisory_years": 0,
              "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
              "willing_to_travel": False, "skills": "troubleshooting",
              "goals": "healthcare-it"}  # fmt: skip
    result = run(standard_kb, record)
    field = next(a for a in actions(result) if a.startswith("Confirm the degree field"))
    assert "if yes" not in field, field
    # (the answer that opens it, checked by evaluation; twenty-second review)
    assert "if information technology, Healthcare IT / Information Technologist opens" in field
    text = " ".join(render_short(result, standard_kb).split())
    # (the field named since the fifty-fourth review, not "as this route asks")
    assert "If the degree field is information technology: open now" in text, text


def test_a_plan_of_clinical_engineering_practice_applied_is_a_possible_person(
    standard_kb: KnowledgeBase,
) -> None:
    # Clinical engineering is engineering practice: a plan raising the one raises the other,
    # or the person it describes breaks the rule that the first is within the second.
    from bmet_rules.advice.needs import apply_actions
    from bmet_rules.advice.planner import planner_for
    from bmet_rules.evaluator import PythonEvaluator
    from bmet_rules.profile import parse_profile

    record = {"id": "pe", "degree": "none", "degree_field": "bmet", "years_experience": 0,
              "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
              "clinical_engineering_years": 0, "engineering_years": 0,
              "military_bmet": False, "certifications": ["PE"]}  # fmt: skip
    profile = parse_profile(record, standard_kb.fields)
    values = PythonEvaluator(standard_kb).run(profile).values
    plan = planner_for(standard_kb, standard_kb.as_of).plan("CCE", values)
    assert plan.route_rule == "cce-route-1" and plan.actions
    applied = apply_actions(dict(profile.values), plan.actions, "years_experience")
    person = parse_profile({k: v for k, v in applied.items()
                            if not standard_kb.fields[k].derived}, standard_kb.fields)
    assert person.values["engineering_years"] >= person.values["clinical_engineering_years"]
