"""Defect classes the thirty-second director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: An imaging technician who will not travel and names field service as a goal.
STAYS_HOME = {"id": "sh", "degree": "associate", "degree_field": "electronics",
              "years_experience": 6, "imaging_years": 5, "laboratory_years": 0,
              "supervisory_years": 0, "recent_supervisory_years": 0,
              "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
              "willing_to_travel": False, "skills": "troubleshooting;customer_communication",
              "goals": "field-service-engineer"}  # fmt: skip


def test_a_goal_a_stated_preference_holds_back_says_so(standard_kb: KnowledgeBase) -> None:
    shown = " ".join(render_short(run(standard_kb, STAYS_HOME), standard_kb).split())
    # ("gives as no", not "declines", since the forty-fourth review: an empty HR cell is a
    # no by the contract, but nobody declined anything)
    assert "Field Service Engineer (field-service-engineer): not open: needs willingness to " \
        "travel, which the record gives as no (with it, open now)" in shown, shown
    assert "a plan cannot propose" not in shown


#: A radiographer with a bachelor's, no job in HTM yet, who wants the imaging specialist's post.
NO_HTM_JOB = {"id": "nh", "degree": "bachelor", "degree_field": "healthcare",
              "years_experience": 0, "imaging_years": 0, "laboratory_years": 0,
              "supervisory_years": 0, "recent_supervisory_years": 0,
              "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
              "willing_to_travel": True, "skills": "customer_communication;documentation",
              "goals": "imaging-specialist"}  # fmt: skip


def test_work_in_a_specialty_is_done_in_the_first_job_not_before_it(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, NO_HTM_JOB)
    done = actions(result)
    # (worded "..., in a first job in the field if not yet in one" since the forty-sixth
    # review: a new hire in an employer's export with 0 years has a job)
    job = next(i for i, a in enumerate(done) if "in a first job in the field" in a)
    assert "; in it, work on imaging equipment" in done[job], done
    assert not any(a.startswith("Work on imaging equipment") for a in done), done
    plan = next(p for p in result.plans if p.target == "imaging-specialist")
    assert [a.kind for a in plan.actions] == ["experience"], plan.actions


#: A supervisor with a business bachelor's and a CBET whose renewal is overdue.
OVERDUE_CBET = {"id": "oc", "degree": "bachelor", "degree_field": "business",
                "years_experience": 14, "imaging_years": 1, "laboratory_years": 1,
                "supervisory_years": 4, "recent_supervisory_years": 4,
                "clinical_engineering_years": 0, "military_bmet": False,
                "certifications": "CBET 2021", "willing_to_travel": False,
                "skills": "budgeting;documentation", "goals": "CHTM"}  # fmt: skip


def test_an_open_credential_is_shown_by_a_route_not_resting_on_an_overdue_one(
    standard_kb: KnowledgeBase,
) -> None:
    chtm = run(standard_kb, OVERDUE_CBET).certification("CHTM")
    assert chtm.status == "eligible"
    assert chtm.route_rule == "chtm-route-4", chtm.route
    current = run(standard_kb, {**OVERDUE_CBET, "certifications": "CBET 2025"})
    assert current.certification("CHTM").route_rule == "chtm-route-1"
