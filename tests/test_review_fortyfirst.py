"""Defect classes the forty-first director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: An HR export without degree, field or certifications: 12 years, 8 on imaging, never a
#: supervisor.
IMAGING_EXPORT = {"id": "ie", "years_experience": 12, "imaging_years": 8,
                  "laboratory_years": 0, "supervisory_years": 0,
                  "recent_supervisory_years": 0, "clinical_engineering_years": 0,
                  "military_bmet": False, "skills": "troubleshooting",
                  "goals": "imaging-specialist; CRES"}  # fmt: skip


def test_a_credential_the_given_years_rule_out_leaves_nothing_to_confirm(
    standard_kb: KnowledgeBase,
) -> None:
    """No CHTM without years leading: the supervisor's path (by the level a CHTM gives, or a
    year leading) is decided, not "needs information: whether the certifications include
    CHTM"; and the CABT beside a CBET open now is not worth a question on the degree."""
    result = run(standard_kb, IMAGING_EXPORT)
    supervisor = result.path("supervisor")
    assert supervisor.status in ("near", "not_eligible") and supervisor.eta_years == 1.0
    text = render_short(result, standard_kb)
    assert "[CABT] — not needed: CBET" in text, text


#: An HR export without the degree: 20 years, the CBET (past its renewal) and the CLES,
#: 2.5 of the last five years leading, a degree field in IT.
NO_DEGREE = {"id": "nd", "degree_field": "it", "years_experience": 20, "imaging_years": 2,
             "laboratory_years": 2, "supervisory_years": 5, "recent_supervisory_years": 2.5,
             "clinical_engineering_years": 0, "military_bmet": False,
             "certifications": "CLES; CBET 2015", "willing_to_travel": False,
             "skills": "budgeting"}  # fmt: skip


def test_an_outcome_to_confirm_keeps_its_status_beside_an_overdue_credential(
    standard_kb: KnowledgeBase,
) -> None:
    """A bachelor's in IT opens the CHTM now (route 4): it needs the degree confirmed. Its
    latest date rests on the overdue CBET's route; moving the date to another route must not
    settle the status."""
    chtm = run(standard_kb, NO_DEGREE).certification("CHTM")
    assert chtm.status == "needs_info", chtm
    assert any(g.kind == "unknown" and g.field == "degree" for g in chtm.gaps), chtm.gaps


#: An HR export without years or supervision: a biomedical engineering bachelor's, a CBET.
ENGINEER_EXPORT = {"id": "ee", "degree": "bachelor", "degree_field": "engineering",
                   "imaging_years": 0, "laboratory_years": 0, "clinical_engineering_years": 0,
                   "certifications": "CBET 2025", "willing_to_travel": False,
                   "skills": "troubleshooting", "goals": "CHTM"}  # fmt: skip


def test_years_not_given_are_not_read_as_a_new_graduate_for_the_level(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, ENGINEER_EXPORT)
    assert result.level == "BMET II", (result.level, result.level_if_confirmed)
    # (the manager band, recent leading not given, tops the range: a graduate with no
    # clinical-engineering years is not on that track; fifty-fourth review)
    assert result.level_if_confirmed == "HTM Supervisor"


#: An HR export without the degree field or imaging years: an associate degree, 3 years.
ASSOCIATE_EXPORT = {"id": "ae", "degree": "associate", "years_experience": 3,
                    "laboratory_years": 0, "supervisory_years": 0,
                    "recent_supervisory_years": 0, "clinical_engineering_years": 0,
                    "military_bmet": False, "certifications": ""}  # fmt: skip


def test_a_question_comes_before_the_step_its_answer_may_make_moot(
    standard_kb: KnowledgeBase,
) -> None:
    said = actions(run(standard_kb, ASSOCIATE_EXPORT))
    ask = next(i for i, a in enumerate(said) if a.startswith("Confirm the degree field"))
    work = next(i for i, a in enumerate(said) if a.startswith("Gain 1 more year"))
    assert ask < work, said
    # Nor does it promise a date only a degree still to study gives.
    assert "CHTM in" not in said[ask], said[ask]


#: A high-school senior who would travel; no job, no goals.
SENIOR = {"id": "sn", "degree": "none", "high_school_student": True, "years_experience": 0,
          "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
          "clinical_engineering_years": 0, "military_bmet": False, "certifications": "",
          "willing_to_travel": True, "skills": ""}  # fmt: skip


def test_a_student_reads_every_dated_path_after_school(standard_kb: KnowledgeBase) -> None:
    text = render_short(run(standard_kb, SENIOR), standard_kb)
    assert "Paths within" not in text, text
    flat = " ".join(text.split())
    assert "After school: Field Service Engineer" in flat, text
