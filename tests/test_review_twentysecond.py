"""Defect classes the twenty-second director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: A military-trained BMET with a CBET and no time on imaging equipment who wants the CRES:
#: ACI's military route opens it now.
NO_IMAGING = {"id": "ni", "degree": "high_school", "degree_field": "", "years_experience": 4,
              "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
              "recent_supervisory_years": 0, "clinical_engineering_years": 0,
              "military_bmet": True, "certifications": "CBET", "willing_to_travel": False,
              "skills": "", "goals": "CRES"}  # fmt: skip


def test_a_chosen_specialty_exam_waits_for_time_in_the_specialty(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, NO_IMAGING)
    assert result.certification("CRES").status == "eligible"  # the status is ACI's
    said = actions(result)
    first = next(i for i, a in enumerate(said) if "imaging equipment" in a)
    exam = next(i for i, a in enumerate(said) if a.startswith("Sit the CRES exam"))
    assert first < exam, said
    assert "eligible now" not in said[exam], said
    goal = result.plans[0]
    assert [a.field for a in goal.actions] == ["imaging_years"], goal
    assert goal.exam is not None and goal.exam.done > goal.actions[0].done
    text = render_short(result, standard_kb)
    assert "open now, by U.S. military BMET programme" in text, text
    assert "experience across imaging modalities" in text, text


def test_a_chosen_specialty_exam_with_the_years_is_sat_now(standard_kb: KnowledgeBase) -> None:
    result = run(standard_kb, {**NO_IMAGING, "imaging_years": 2})
    said = actions(result)
    assert any(a.startswith("Sit the CRES exam: eligible now") for a in said), said
    assert not [a for a in said if "imaging equipment" in a], said


#: A lead technician with a CBET, a year and a half leading, who wants the supervisor's post
#: (open) and the CHTM.
LEAD = {"id": "ld", "degree": "associate", "degree_field": "bmet", "years_experience": 12,
        "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 1.5,
        "recent_supervisory_years": 1.5, "clinical_engineering_years": 0,
        "military_bmet": False, "certifications": "CBET", "willing_to_travel": False,
        "skills": "documentation", "goals": "supervisor;CHTM"}  # fmt: skip


def test_what_comes_after_an_open_goal_ranks_after_the_other_goals_steps(
    standard_kb: KnowledgeBase,
) -> None:
    said = actions(run(standard_kb, LEAD))
    chtm = next(i for i, a in enumerate(said) if a.startswith("Lead, supervise or manage"))
    budgeting = next(i for i, a in enumerate(said) if "budgeting" in a)
    assert chtm < budgeting, said


#: An HR export without the years columns: an engineer with a CCE who wants the director's post.
NO_YEARS = {"id": "ny", "degree": "bachelor", "degree_field": "engineering",
            "imaging_years": 0, "laboratory_years": 0, "clinical_engineering_years": 9,
            "engineering_years": 11, "military_bmet": False, "certifications": "CCE",
            "willing_to_travel": False, "skills": "budgeting;project_management",
            "goals": "htm-director"}  # fmt: skip


def test_no_exam_is_a_step_while_the_years_it_rests_on_are_not_given(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, NO_YEARS)
    assert "supervisory_years" in result.unknown_fields
    said = actions(result)
    assert not [a for a in said if a.startswith("Sit the CHTM exam")], said
    # The goal's plan, read with the years as none, lists the leading before the exam sat
    # partway through it.
    text = render_short(result, standard_kb)
    lead, exam = text.find("Take on lead or supervisory duties"), text.find("Sit the CHTM exam")
    assert 0 <= lead < exam, text


#: An HR export without the degree field: an associate, 3 years, who wants the CBET and CRES.
NO_FIELD = {"id": "nf", "degree": "associate", "years_experience": 3, "imaging_years": 1,
            "laboratory_years": 0, "supervisory_years": 0, "recent_supervisory_years": 0,
            "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
            "willing_to_travel": False, "skills": "", "goals": "CBET;CRES"}  # fmt: skip


def test_a_goal_waiting_on_a_field_of_words_names_every_route_an_answer_opens_it_by(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, NO_FIELD)
    assert result.certification("CRES").status == "needs_info"
    # (3 years: the BMET associate's route 1 and the electronics associate's route 3 both
    # open the CRES now; "Otherwise: in 1 year" is true only when neither fits)
    cres = next(p for p in result.plans if p.target == "CRES")
    assert cres.if_yes is not None
    assert {cres.if_yes.route_rule, *(p.route_rule for p in cres.if_yes_also)} == {
        "cres-route-1", "cres-route-3"}
    text = render_short(result, standard_kb)
    assert "[cres-route-1]; or by" in text and "[cres-route-3]" in text, text
    ask = next(a for a in actions(result) if a.startswith("Confirm the degree field"))
    assert "if biomedical equipment technology or electronics, CBET and CRES open" in ask, ask
    assert "CBET opens" in ask, ask


#: A clinical engineering manager with an engineering master's, years of practice, no FE and
#: no CCE yet (two clinical years: not open either): the PE is near, done once the FE and the
#: PE exams are sat. (With the CCE held or open, the PE is past: thirty-ninth and forty-second
#: reviews.)
MANAGER = {"id": "mg", "degree": "master", "degree_field": "engineering",
           "years_experience": 15, "imaging_years": 0, "laboratory_years": 0,
           "supervisory_years": 6, "recent_supervisory_years": 5,
           "clinical_engineering_years": 2, "engineering_years": 15, "military_bmet": False,
           "certifications": "", "willing_to_travel": False,
           "skills": "budgeting;project_management", "goals": ""}  # fmt: skip


def test_a_near_credential_says_what_is_left_without_left(standard_kb: KnowledgeBase) -> None:
    text = render_short(run(standard_kb, MANAGER), standard_kb)
    line = next(ln for ln in text.splitlines() if "[PE]" in ln)
    assert "[PE] — sit the FE exam, then the PE exam" in line, line
    assert "left:" not in text, text


#: A physics graduate at the bench who wants to become a clinical engineer.
PHYSICIST = {"id": "ph", "degree": "bachelor", "degree_field": "science", "years_experience": 4,
             "imaging_years": 0, "laboratory_years": 0.5, "supervisory_years": 0,
             "recent_supervisory_years": 0, "clinical_engineering_years": 0,
             "military_bmet": False, "certifications": "", "willing_to_travel": False,
             "skills": "documentation", "goals": "clinical-engineer"}  # fmt: skip


def test_a_graduate_in_another_field_changes_field_by_a_masters(
    standard_kb: KnowledgeBase,
) -> None:
    (plan,) = run(standard_kb, PHYSICIST).plans
    (study,) = [a for a in plan.actions if a.kind == "study"]
    assert study.value == "master" and dict(study.also)["degree_field"] == "engineering", study
    assert study.done < 4, study  # not a second bachelor's from the start (6 years part-time)
    # (An associate's way to the same goal is still the bachelor's.)
    (plan,) = run(standard_kb, {**PHYSICIST, "degree": "associate"}).plans
    assert [a.value for a in plan.actions if a.kind == "study"] == ["bachelor"], plan
