"""Defect classes the thirty-third director's review found (issue 11), each pinned on a
profile of our own making (the level of a graduate in an unrelated field who has never worked
in HTM is pinned in ``rulesets/tests/levels.yaml``)."""

from __future__ import annotations

from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: A BSET at the bench, years in, whose goal is the CCE (not the clinical engineer's post).
BENCH_BSET = {"id": "bb", "degree": "bachelor", "degree_field": "engineering_technology",
              "years_experience": 10, "imaging_years": 2, "laboratory_years": 1,
              "supervisory_years": 0, "recent_supervisory_years": 0,
              "clinical_engineering_years": 0, "engineering_years": 0,
              "military_bmet": False, "certifications": "CBET 2025",
              "willing_to_travel": False, "skills": "documentation",
              "goals": "CCE"}  # fmt: skip


def test_practising_a_role_a_goal_needs_starts_with_applying_for_it(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, BENCH_BSET)
    done = actions(result)
    apply = next(i for i, a in enumerate(done) if a.startswith("Apply for Clinical Engineer"))
    practise = next(i for i, a in enumerate(done) if a.startswith("Practise clinical engineering"))
    assert apply < practise, done
    step = result.next_steps[apply]
    assert step.for_goal and set(step.towards) == {"clinical-engineer", "CCE"}, step
    # Already in the role: nothing to apply for.
    inside = actions(run(standard_kb, {**BENCH_BSET, "clinical_engineering_years": 1,
                                       "engineering_years": 1}))
    assert not any(a.startswith("Apply for Clinical Engineer") for a in inside), inside


def test_a_marketing_graduate_never_in_htm_is_on_no_rung(standard_kb: KnowledgeBase) -> None:
    record = {"id": "mk", "degree": "bachelor", "degree_field": "business",
              "years_experience": 0, "certifications": "", "goals": "technical-sales"}
    assert run(standard_kb, record).level is None


#: A lead technician with a BMET associate and a CBET past its renewal date; CHTM a year away.
LEAD_OVERDUE = {"id": "lo", "degree": "associate", "degree_field": "bmet",
                "years_experience": 8, "imaging_years": 1, "laboratory_years": 1,
                "supervisory_years": 2, "recent_supervisory_years": 2,
                "clinical_engineering_years": 0, "military_bmet": False,
                "certifications": "CBET 2022", "willing_to_travel": False,
                "skills": "documentation", "goals": "supervisor;CHTM"}  # fmt: skip


def test_a_plan_as_soon_without_an_overdue_certification_is_the_one_shown(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, LEAD_OVERDUE)
    chtm = result.certification("CHTM")
    plan = next(p for p in result.plans if p.target == "CHTM")
    assert chtm.route_rule == plan.route_rule == "chtm-route-3", (chtm.route, plan.route)
    assert chtm.eta_years == plan.years == 1.0
    current = run(standard_kb, {**LEAD_OVERDUE, "certifications": "CBET 2025"})
    assert current.certification("CHTM").route_rule == "chtm-route-1"

