"""Defect classes the fifteenth director's review found (issue 11), each pinned on a profile
of our own making."""

from __future__ import annotations

import pytest

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .engines import needs_durable
from .records import actions, run, statuses

#: An HR export of an HTM manager: a bachelor's, 17 years, 5 of them supervising; neither the
#: degree field nor the certifications are columns of the export.
MANAGER_EXPORT = {"id": "mgr", "degree": "bachelor", "years_experience": 17,
                  "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 5,
                  "recent_supervisory_years": 5,
                  "clinical_engineering_years": 0, "military_bmet": False,
                  "willing_to_travel": False, "skills": "budgeting", "goals": "CHTM"}  # fmt: skip


@pytest.mark.parametrize("engine", ["python", pytest.param("durable", marks=needs_durable)])
def test_a_certification_open_by_a_route_whatever_is_unknown_is_decided_open(
    standard_kb: KnowledgeBase, engine: str
) -> None:
    # The CHTM's experience route holds whatever the degree field and the certifications
    # are; only whether it is held already turns on them, and that is no question of
    # eligibility. Too many completions to try one by one must not leave it at needs_info.
    result = run(standard_kb, MANAGER_EXPORT, engine)
    assert statuses(result)["CHTM"] == "eligible"
    assert any(a.startswith("Sit the CHTM exam, unless you hold it already")
               for a in actions(result))  # fmt: skip


#: An HR export of a Navy veteran: a high-school diploma, 3 years at the bench, and no column
#: for military BMET training.
VETERAN_EXPORT = {"id": "vet", "degree": "high_school", "degree_field": "other",
                  "years_experience": 3, "imaging_years": 0, "laboratory_years": 0,
                  "supervisory_years": 0, "clinical_engineering_years": 0, "certifications": "",
                  "willing_to_travel": True, "skills": "troubleshooting",
                  "goals": "CBET"}  # fmt: skip


def test_a_goal_a_yes_opens_sooner_by_another_route_says_so(standard_kb: KnowledgeBase) -> None:
    # Read as "no", the CBET takes a year more (4 years' experience); a yes opens it now by
    # the military route. Both are said, the yes with its own route.
    result = run(standard_kb, VETERAN_EXPORT)
    (plan,) = result.plans
    assert plan.years == 1.0
    assert plan.if_yes is not None and plan.if_yes.years == 0.0
    assert plan.if_yes.route_rule == "cbet-route-2"
    assert plan.to_dict()["if_yes"]["route_rule"] == "cbet-route-2"
    text = render_short(result, standard_kb)
    assert ("If yes to completion of a U.S. military (DoD) BMET programme: open now, by U.S. "
            "military BMET programme + 2 years") in " ".join(text.split())
    assert "Otherwise:" in text
    assert actions(result)[0].endswith(": if yes, CBET opens now")


def test_a_yes_that_changes_nothing_sooner_adds_nothing(standard_kb: KnowledgeBase) -> None:
    # With four years the CBET is open by experience alone: a yes opens it no sooner.
    result = run(standard_kb, {**VETERAN_EXPORT, "years_experience": 4})
    assert all(p.if_yes is None for p in result.plans)
    assert "If the answer is yes" not in render_short(result, standard_kb)


#: An HR export of an imaging specialist holding a CBET and a CRES, without the degree.
SPECIALIST_EXPORT = {"id": "img", "years_experience": 9, "imaging_years": 6,
                     "laboratory_years": 0, "clinical_engineering_years": 0,
                     "military_bmet": False, "certifications": "CBET, CRES"}  # fmt: skip


def test_an_entry_credential_past_is_not_a_reason_to_confirm_a_fact(
    standard_kb: KnowledgeBase,
) -> None:
    # The CABT turns on the degree not given, but a CBET holder is past it: it is "not
    # needed", and no step asks the degree "with which the CABT opens".
    result = run(standard_kb, SPECIALIST_EXPORT)
    text = render_short(result, standard_kb)
    assert "[CABT] — not needed: CBET, CRES held" in text
    assert not any("CABT" in a for a in actions(result))
    assert all("CABT" not in s.towards for s in result.next_steps if s.kind == "confirm")


def test_a_level_range_with_levels_between_says_up_to(standard_kb: KnowledgeBase) -> None:
    # BMET II on the values given; BMET III with an associate degree, HTM Supervisor with
    # supervision: the answer can land between the two, so "or up to".
    result = run(standard_kb, SPECIALIST_EXPORT)
    assert (result.level, result.level_if_confirmed) == ("BMET II", "HTM Supervisor")
    assert ", or up to HTM Supervisor depending on" in render_short(result, standard_kb)


#: An MHA hired straight in as HTM manager three years ago: no bench years before.
HIRED_MANAGER = {"id": "mha", "degree": "master", "degree_field": "healthcare",
                 "years_experience": 3, "imaging_years": 0, "laboratory_years": 0,
                 "supervisory_years": 3, "recent_supervisory_years": 3,
                 "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
                 "willing_to_travel": False, "skills": "budgeting;project_management",
                 "goals": "htm-director"}  # fmt: skip


def test_a_role_held_now_keeps_on_without_waiting_for_the_experience_to_take_it_up(
    standard_kb: KnowledgeBase,
) -> None:
    # Leading usually waits for 4 years' experience; a manager in post keeps on from today:
    # 5 years managing are 2 years away, not 3.
    result = run(standard_kb, HIRED_MANAGER)
    (plan,) = result.plans
    (role,) = [a for a in plan.actions if a.kind == "role"]
    assert (role.start, role.done) == (0.0, 2.0)
    assert "starting in" not in role.text and role.text.startswith("Lead, supervise or manage")
    taking_up = run(standard_kb, {**HIRED_MANAGER, "supervisory_years": 0,
                                  "recent_supervisory_years": 0})  # fmt: skip
    (plan,) = taking_up.plans
    assert [a.start for a in plan.actions if a.kind == "role"] == [1.0]  # (control)


#: Back from three years in OEM sales: a BS in business, 6 years at the bench before, a CBET
#: that lapsed in 2021, no goals.
RETURNER = {"id": "back", "degree": "bachelor", "degree_field": "business",
            "years_experience": 6, "imaging_years": 1, "laboratory_years": 0,
            "supervisory_years": 0, "clinical_engineering_years": 0, "military_bmet": False,
            "certifications": "", "former_certifications": "CBET 2021",
            "willing_to_travel": True, "skills": "sales;customer_communication"}  # fmt: skip


def test_a_later_credential_two_years_of_a_role_not_held_away_does_not_replace_the_entry_one(
    standard_kb: KnowledgeBase,
) -> None:
    # The CHTM is 2 years away only by taking up supervision, which this person does not do:
    # the CBET, lapsed and open again, is still the step.
    done = actions(run(standard_kb, RETURNER))
    assert done[0].startswith("Sit the CBET exam again (yours lapsed)"), done
    leading = {**RETURNER, "supervisory_years": 1, "recent_supervisory_years": 1}
    # A lead one year from the CHTM by keeping on still sits the CBET: the technician's
    # renewable core credential is past only once a later one is held or open (thirty-fourth
    # review; ``advice: entry_soon`` names the CABT only).
    assert any(a.startswith("Sit the CBET exam again") for a in actions(run(standard_kb, leading)))


#: A BS in IT a year into leading integration work, with a CBET, who wants healthcare IT.
IT_LEAD = {"id": "itl", "degree": "bachelor", "degree_field": "it", "years_experience": 3,
           "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 1,
           "recent_supervisory_years": 1, "clinical_engineering_years": 0,
           "military_bmet": False, "certifications": "CBET", "willing_to_travel": False,
           "skills": "networking;it;documentation;regulatory",
           "goals": "healthcare-it"}  # fmt: skip


def test_beside_goals_only_questions_and_the_core_credentials_fill_the_room(
    standard_kb: KnowledgeBase,
) -> None:
    # Experience towards a path the person did not choose is counted, not shown ("Gain 1
    # more year (opens Regulatory Compliance)"); a year more leading to the CHTM (a
    # credential worth saying whatever the goal) is shown beside a goal whose routes ask
    # for leading too (a supervisor's), not beside Healthcare IT (twenty-ninth review).
    bench = run(standard_kb, {**IT_LEAD, "supervisory_years": 0, "recent_supervisory_years": 0})
    assert not [s for s in bench.next_steps if not s.for_goal and s.kind != "exam"], \
        bench.next_steps
    assert bench.more_steps > 0
    leading = run(standard_kb, IT_LEAD)
    assert not [s for s in leading.next_steps if not s.for_goal and s.kind == "role"], \
        leading.next_steps
    assert leading.more_steps > 0
    supervising = run(standard_kb, {**IT_LEAD, "goals": "supervisor"})
    assert any(s.kind == "role" and "CHTM" in s.opens for s in supervising.next_steps), \
        supervising.next_steps


def test_clinical_engineering_years_cannot_exceed_the_engineering_practice_they_are_part_of(
    standard_kb: KnowledgeBase,
) -> None:
    from bmet_rules.errors import ProfileError

    record = {"id": "co-op", "degree": "bachelor", "degree_field": "engineering",
              "years_experience": 1, "clinical_engineering_years": 0.5,
              "engineering_years": 0}  # fmt: skip
    with pytest.raises(ProfileError, match="clinical_engineering_years: cannot be more than "
                                           "engineering_years"):  # fmt: skip
        run(standard_kb, record)
    # Absent, the engineering practice is read from the clinical years: nothing to contradict.
    del record["engineering_years"]
    assert run(standard_kb, record).profile_id == "co-op"


def test_a_short_rest_of_engineering_practice_is_more_of_the_clinical_role(
    standard_kb: KnowledgeBase,
) -> None:
    # CCE route 2: 4 years of engineering practice, 3 of them clinical. From none, practising
    # clinical engineering 4 years is one step, not 3 years of it and then "engineering,
    # clinical or other" for 1.
    record = {"id": "bme", "degree": "bachelor", "degree_field": "engineering",
              "years_experience": 1, "imaging_years": 0, "laboratory_years": 0,
              "supervisory_years": 0, "clinical_engineering_years": 0, "engineering_years": 0,
              "military_bmet": False, "certifications": "", "willing_to_travel": False,
              "skills": "", "goals": "CCE"}  # fmt: skip
    (plan,) = run(standard_kb, record).plans
    roles = [(a.field, a.done) for a in plan.actions if a.kind == "role"]
    assert roles == [("clinical_engineering_years", 4.0)], plan.actions
    assert plan.actions[0].text.startswith("Practise clinical engineering for 4 years")
