"""Defect classes the thirty-eighth director's review found (issue 11), each pinned on a
profile of our own making."""

from __future__ import annotations

from bmet_rules.advice.unsure import READ_AT_LEAST
from bmet_rules.knowledge import KnowledgeBase

from .records import run

#: An HR export without the years, certifications and supervision columns: a clinical
#: engineer with an engineering bachelor's and four years of clinical engineering.
ENGINEER_EXPORT = {"id": "ee", "degree": "bachelor", "degree_field": "engineering",
                   "imaging_years": 0, "laboratory_years": 0, "clinical_engineering_years": 4,
                   "military_bmet": False, "willing_to_travel": False,
                   "skills": "project_management; documentation"}  # fmt: skip


def test_the_level_shown_is_the_one_the_given_facts_place_at(
    standard_kb: KnowledgeBase,
) -> None:
    """Not the lowest of the range: a CHTM or recent leading not given would move the
    engineer down to HTM Supervisor, not up."""
    result = run(standard_kb, ENGINEER_EXPORT)
    assert result.level == "Clinical Engineer", result.level
    assert result.level_if_confirmed == "HTM Supervisor", result.level_if_confirmed
    assert result.level_rules == ("level-clinical-engineer",), result.level_rules
    # A technician's range still reads from the lowest: what an answer can raise.
    bmet = run(standard_kb, {"id": "bm", "degree": "associate", "degree_field": "bmet",
                             "years_experience": 9, "imaging_years": 0,
                             "laboratory_years": 0, "clinical_engineering_years": 0,
                             "military_bmet": False, "supervisory_years": 0,
                             "recent_supervisory_years": 0})  # fmt: skip
    assert (bmet.level, bmet.level_if_confirmed) == ("BMET II", "BMET III")


#: An HR export without the degree field: an associate degree, five years, a CBET.
NO_FIELD = {"id": "nf", "degree": "associate", "years_experience": 5, "imaging_years": 0,
            "laboratory_years": 0, "supervisory_years": 0, "clinical_engineering_years": 0,
            "military_bmet": False, "certifications": "CBET 2024"}  # fmt: skip


def test_study_whose_length_reads_a_degree_field_not_given_has_no_date(
    standard_kb: KnowledgeBase,
) -> None:
    """An engineering bachelor's takes 3 years from an engineering associate degree, 6 from
    another field: with the field not given, "Clinical Engineer in 6 years" is a guess.
    (Fiftieth review: "in 6 years at the latest", read with the field as another one, is
    not; it replaced "how soon depends on: Confirm the degree field".)"""
    result = run(standard_kb, NO_FIELD)
    engineer = next(p for p in result.paths if p.id == "clinical-engineer")
    assert engineer.eta_years == 6.0, engineer
    assert any(g.kind == "unknown" and g.field == "degree_field"
               and g.need == READ_AT_LEAST for g in engineer.gaps)  # fmt: skip
    # A bachelor's in any field steps up from the degree held, whatever its field: dated.
    director = next(p for p in result.paths if p.id == "htm-director")
    assert director.eta_years is not None, director
    given = run(standard_kb, {**NO_FIELD, "degree_field": "engineering"})
    assert next(p for p in given.paths if p.id == "clinical-engineer").eta_years == 3.0
