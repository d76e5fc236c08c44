"""Defect classes the twenty-third director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: An HR export without the degree field or the skills: a bachelor, six years, who wants the
#: healthcare IT path (open by an IT bachelor's, or by IT skills).
NO_FIELD_NO_SKILLS = {"id": "nfs", "degree": "bachelor", "years_experience": 6,
                      "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
                      "recent_supervisory_years": 0, "clinical_engineering_years": 0,
                      "military_bmet": False, "certifications": "", "willing_to_travel": False,
                      "goals": "healthcare-it"}  # fmt: skip


def test_each_of_several_questions_says_what_its_answer_alone_opens(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, NO_FIELD_NO_SKILLS)
    assert result.path("healthcare-it").status == "needs_info"
    said = actions(result)
    field = next(a for a in said if a.startswith("Confirm the degree field"))
    assert "if information technology, Healthcare IT / Information Technologist opens" in field
    skills = next(a for a in said if a.startswith("Confirm whether the skills"))
    assert "if yes, Healthcare IT / Information Technologist opens now" in skills, skills
    # The goal's block names both ways, so "Otherwise" is true for each.
    text = " ".join(render_short(result, standard_kb).split())
    assert "[healthcare-it-route-2]; or if the degree field is as this route asks, by " \
        "bachelor's degree in IT + 1 year [healthcare-it-route-1]" in text, text


#: A BSET three years at the bench who wants to become a clinical engineer.
BSET_AT_BENCH = {"id": "bb", "degree": "bachelor", "degree_field": "engineering_technology",
                 "years_experience": 3, "imaging_years": 0, "laboratory_years": 0,
                 "supervisory_years": 0, "recent_supervisory_years": 0,
                 "clinical_engineering_years": 0, "engineering_years": 0,
                 "military_bmet": False, "certifications": "", "willing_to_travel": False,
                 "skills": "troubleshooting", "goals": "clinical-engineer"}  # fmt: skip


def test_a_goal_held_by_being_in_its_role_is_applied_for_not_planned_for_years(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, BSET_AT_BENCH)
    assert result.path("clinical-engineer").status == "not_eligible"  # bench years do not count
    apply = [s for s in result.next_steps if s.kind == "apply"]
    assert [s.rule for s in apply] == ["clinical-engineer-route-4"], result.next_steps
    assert apply[0].opens == ("clinical-engineer",) and apply[0].for_goal
    text = render_short(result, standard_kb)
    assert "open once you are hired into the role, by BSET in clinical engineering practice" \
        in " ".join(text.split()), text
    # (the question whose answer only shortens the long way is not asked for that goal)
    assert not [a for a in actions(result) if "Clinical Engineer in" in a], actions(result)
    # An associate in engineering technology is not hired as a clinical engineer.
    associate = run(standard_kb, {**BSET_AT_BENCH, "degree": "associate"})
    assert not [s for s in associate.next_steps if s.kind == "apply"], associate.next_steps


#: A laboratory scientist (a healthcare bachelor's), two years on analysers in HTM, who wants the
#: laboratory specialist's path: ACI decides whether the degree counts for CBET route 1.
LAB_SCIENTIST = {"id": "ls", "degree": "bachelor", "degree_field": "healthcare",
                 "years_experience": 2, "imaging_years": 0, "laboratory_years": 2,
                 "supervisory_years": 0, "recent_supervisory_years": 0,
                 "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
                 "willing_to_travel": False, "skills": "documentation",
                 "goals": "laboratory-specialist"}  # fmt: skip


def test_a_question_names_the_route_a_yes_opens_a_goal_by_never_the_same_route(
    standard_kb: KnowledgeBase,
) -> None:
    ask = next(a for a in actions(run(standard_kb, LAB_SCIENTIST)) if a.startswith("Ask ACI"))
    assert "for CBET route 1" in ask, ask  # the question is about the CBET's route...
    assert "the same route" not in ask, ask  # ...so "the same route" would read as that one
    assert "Laboratory Equipment Specialist now by laboratory experience + CBET" in ask, ask


#: An IT associate half a year into HTM who wants the healthcare IT path: an IT bachelor's
#: (three years part-time) opens it half a year before the experience does.
IT_ASSOCIATE = {"id": "ita", "degree": "associate", "degree_field": "it",
                "years_experience": 0.5, "imaging_years": 0, "laboratory_years": 0,
                "supervisory_years": 0, "recent_supervisory_years": 0,
                "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
                "willing_to_travel": False, "skills": "networking",
                "goals": "healthcare-it"}  # fmt: skip


def test_a_further_degree_that_saves_little_of_its_study_is_not_named(
    standard_kb: KnowledgeBase,
) -> None:
    """It followed the step it beats (twenty-third review); three years of part-time study
    for half a year sooner is no counsellor's advice at all (thirty-sixth review, ag06)."""
    said = actions(run(standard_kb, IT_ASSOCIATE))
    assert any(a.startswith("Gain 3.5 more years") for a in said), said
    assert not any(a.startswith("Sooner by study") for a in said), said


#: A high-school senior in a career-and-technical pathway who wants the CABT.
SENIOR = {"id": "hs", "degree": "none", "degree_field": "other", "years_experience": 0.25,
          "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
          "recent_supervisory_years": 0, "clinical_engineering_years": 0,
          "military_bmet": False, "certifications": "", "willing_to_travel": False,
          "skills": "", "high_school_student": True, "goals": "CABT"}  # fmt: skip


def test_a_students_targets_further_away_carry_no_times_of_full_time_work(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, SENIOR)
    assert any(s.action.startswith("Finish high school") for s in result.next_steps)
    text = render_short(result, standard_kb)
    assert "Further away, after school: CBET" in text, text
    assert "CBET in " not in text, text  # (4 years of full-time work from today)


#: An HR export: a manager's bachelor's without its field, no certifications column, the total
#: years leading but not those of the last five; wants the CHTM.
MANAGER_EXPORT = {"id": "me", "degree": "bachelor", "years_experience": 16,
                  "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 6,
                  "clinical_engineering_years": 0, "military_bmet": False,
                  "willing_to_travel": False, "skills": "budgeting", "goals": "CHTM"}  # fmt: skip


def test_a_question_whose_every_answer_opens_the_goal_claims_nothing(
    standard_kb: KnowledgeBase,
) -> None:
    said = actions(run(standard_kb, MANAGER_EXPORT))
    field = next(a for a in said if a.startswith("Confirm the degree field"))
    assert " opens" not in field, field  # any field "opens" it: the window is what decides


#: An HR export without the years, degree-field or certifications columns: an associate with
#: two years on imaging equipment.
NO_YEARS_COLUMNS = {"id": "nyc", "degree": "associate", "imaging_years": 2,
                    "laboratory_years": 0, "supervisory_years": 0,
                    "clinical_engineering_years": 0, "military_bmet": False,
                    "willing_to_travel": False, "skills": "troubleshooting",
                    "goals": "CRES"}  # fmt: skip


def test_a_level_that_turns_on_unknowns_says_how_high_it_may_be(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, NO_YEARS_COLUMNS)
    assert "years_experience" in result.level_unknowns
    # (10 years make a BMET III; a CHTM needs years leading, which the record says are none)
    assert result.level_if_confirmed == "BMET III", result.level_if_confirmed
    head = " ".join(render_short(result, standard_kb).split()[:40])
    assert "or up to BMET III depending on" in head, head


def test_a_business_graduate_is_not_planned_an_engineering_masters(
    standard_kb: KnowledgeBase,
) -> None:
    record = {"id": "bba", "degree": "bachelor", "degree_field": "business",
              "years_experience": 2, "imaging_years": 0, "laboratory_years": 0,
              "supervisory_years": 0, "recent_supervisory_years": 0,
              "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
              "willing_to_travel": False, "skills": "", "goals": "clinical-engineer"}
    (plan,) = run(standard_kb, record).plans
    assert [a.value for a in plan.actions if a.kind == "study"] == ["bachelor"], plan


def test_an_entry_credential_beside_a_later_one_open_now_is_not_news(
    standard_kb: KnowledgeBase,
) -> None:
    graduate = {"id": "aas", "degree": "associate", "degree_field": "bmet",
                "years_experience": 0.5, "imaging_years": 0, "laboratory_years": 0,
                "supervisory_years": 0, "recent_supervisory_years": 0,
                "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
                "willing_to_travel": False, "skills": ""}  # fmt: skip
    text = render_short(run(standard_kb, graduate), standard_kb)
    line = next(ln for ln in text.splitlines() if "[CABT]" in ln)
    assert "open, not needed: CBET open now" in line, line


def test_a_plan_on_a_number_not_given_says_what_it_read_it_as(
    standard_kb: KnowledgeBase,
) -> None:
    # (Two years on imaging equipment are two years of experience at least: the plan reads
    # the years not given as 2, not as none.)
    text = " ".join(render_short(run(standard_kb, NO_YEARS_COLUMNS), standard_kb).split())
    assert "(read here as 2, the least the record allows):" in text, text
    assert "Gain 2 more years" in text, text


#: An HR export without the degree, degree-field or military columns: three years, no cert;
#: wants the CBET.
NO_DEGREE_COLUMNS = {"id": "ndc", "years_experience": 3, "imaging_years": 0,
                     "laboratory_years": 0, "supervisory_years": 0,
                     "recent_supervisory_years": 0, "clinical_engineering_years": 0,
                     "certifications": "", "willing_to_travel": True,
                     "skills": "customer_communication", "goals": "CBET"}  # fmt: skip


def test_the_degree_and_its_field_are_one_question_naming_the_route_they_open(
    standard_kb: KnowledgeBase,
) -> None:
    said = actions(run(standard_kb, NO_DEGREE_COLUMNS))
    asked = [a for a in said if a.startswith("Confirm the degree")]
    assert len(asked) == 1, said
    assert asked[0].startswith("Confirm the degree and degree field: if they are as this route "
                               "asks (associate degree or higher in electronics"), asked
    assert asked[0].endswith("CBET opens now"), asked


#: An HR export without the supervision, degree-field or skills columns: a bachelor with a
#: CBET, twelve years; wants the CHTM.
CHTM_EXPORT = {"id": "cx", "degree": "bachelor", "years_experience": 12, "imaging_years": 1,
               "laboratory_years": 1, "clinical_engineering_years": 0, "military_bmet": False,
               "certifications": "CBET 2024", "willing_to_travel": False,
               "goals": "CHTM"}  # fmt: skip


def test_a_goal_on_years_not_given_names_the_route_a_degree_field_makes_nearer(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, CHTM_EXPORT)
    (plan,) = result.plans
    assert [p.route_rule for p in plan.if_yes_also] == ["chtm-route-4"], plan.if_yes_also
    text = " ".join(render_short(result, standard_kb).split())
    assert "[chtm-route-1]; or, if the degree field is as this route asks and the years as a " \
        "supervisor or manager in the last five years are at least 2: may sit the exam now" \
        in text, text
