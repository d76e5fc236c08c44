"""Defect classes the thirty-first director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: A BSET two years into general biomed work, no imaging time, who wants the CBET and CRES.
GENERAL_BSET = {"id": "gb", "degree": "bachelor", "degree_field": "engineering_technology",
                "years_experience": 2, "imaging_years": 0, "laboratory_years": 0,
                "supervisory_years": 0, "recent_supervisory_years": 0,
                "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
                "willing_to_travel": False, "skills": "troubleshooting;documentation",
                "goals": "CBET;CRES"}  # fmt: skip


def test_a_specialty_goal_not_open_yet_plans_time_in_the_specialty_before_the_exam(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, GENERAL_BSET)
    assert result.certification("CRES").status != "eligible"
    plan = next(p for p in result.plans if p.target == "CRES")
    # (Said within the stint of experience it is done in: thirty-seventh review.)
    imaging = [a for a in plan.actions if "work on imaging equipment" in a.text.lower()]
    assert imaging and "before you sit the CRES" in imaging[0].text, plan.actions
    assert plan.exam is not None and plan.exam.start >= max(a.done for a in plan.actions)
    assert any("work on imaging equipment" in a.lower() and "before you sit the CRES" in a
               for a in actions(result)), actions(result)
    # Beside an imaging specialist's goal that has the person on imaging equipment already,
    # the CRES plan does not say it twice.
    both = run(standard_kb, {**GENERAL_BSET, "imaging_years": 0.5,
                             "goals": "CRES;imaging-specialist"})
    imaging_steps = [a for a in actions(both) if "imaging equipment" in a and "ork" in a]
    assert len(imaging_steps) == 1, actions(both)


#: A trainee with a high-school diploma, under a year in, who would travel; no goals.
TRAINEE = {"id": "tr", "degree": "high_school", "degree_field": "other",
           "years_experience": 0.8, "imaging_years": 0, "laboratory_years": 0,
           "supervisory_years": 0, "recent_supervisory_years": 0,
           "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
           "willing_to_travel": True,
           "skills": "troubleshooting;customer_communication"}  # fmt: skip


def test_one_stint_of_experience_is_one_step_with_what_opens_on_the_way(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, TRAINEE)
    stints = [s for s in result.next_steps if s.kind == "experience"]
    assert len(stints) == 1, actions(result)
    assert stints[0].on_the_way, stints[0]
    assert "field-service-engineer" in stints[0].on_the_way[0][1], stints[0]


#: A respiratory therapist with an associate degree in the field, no HTM job yet, who wants
#: the CBET.
THERAPIST = {"id": "rrt", "degree": "associate", "degree_field": "healthcare",
             "years_experience": 0, "imaging_years": 0, "laboratory_years": 0,
             "supervisory_years": 0, "recent_supervisory_years": 0,
             "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
             "willing_to_travel": False, "skills": "documentation",
             "goals": "CBET"}  # fmt: skip


def test_a_career_changer_with_a_degree_in_another_field_hears_of_the_way_by_study(
    standard_kb: KnowledgeBase,
) -> None:
    done = actions(run(standard_kb, THERAPIST))
    assert any(a.startswith("Sooner by study: complete an associate degree in biomedical")
               and "CBET by candidate status on graduating" in a for a in done), done
    # At work already: a second associate degree is no counsellor's advice.
    working = actions(run(standard_kb, {**THERAPIST, "years_experience": 1.5}))
    assert not any(a.startswith("Sooner by study") for a in working), working


#: An HR export without the degree field, supervision or certifications: a bachelor's holder
#: with 12 years who wants the CHTM.
NO_LEADING_COLUMNS = {"id": "nl", "degree": "bachelor", "years_experience": 12,
                      "imaging_years": 2, "laboratory_years": 0,
                      "clinical_engineering_years": 0, "military_bmet": False,
                      "willing_to_travel": False, "skills": "budgeting;documentation",
                      "goals": "CHTM"}  # fmt: skip


def test_the_question_that_opens_the_goal_comes_first_and_moot_ones_are_not_named(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, NO_LEADING_COLUMNS)
    confirms = [s.action for s in result.next_steps if s.kind == "confirm"]
    assert confirms[0].startswith("Confirm the years as a supervisor or manager"), confirms
    assert "CHTM opens now" in confirms[0], confirms
    supervisor = result.path("supervisor")
    assert supervisor.status == "needs_info"
    named = " ".join(g.message for g in supervisor.gaps if g.kind == "unknown")
    assert "CABT" not in named and "degree field" not in named, named
    assert "CHTM" in named, named
