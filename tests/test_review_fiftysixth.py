"""Defect classes the fifty-sixth director's review found (issue 11), each pinned on a
profile or an input of our own making."""

from __future__ import annotations

from bmet_rules.advice.text import render_short
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.profile import parse_profile

from .records import run


def test_majors_as_hr_systems_write_them_are_read() -> None:
    """"Business Administration" refused the whole row (fifty-sixth review, C)."""
    for raw, want in (("Business Administration", "business"), ("Computer Science", "it"),
                      ("Electrical/Electronics Engineering Technology",
                       "engineering_technology"), ("Radiologic Technology", "healthcare")):
        values = parse_profile({"id": "x", "degree": "bachelor", "degree_field": raw}).values
        assert values["degree_field"] == want, raw


def test_a_null_degree_field_for_no_degree_is_none_as_when_absent() -> None:
    for said in (None, "unknown"):
        profile = parse_profile({"id": "x", "degree": "none", "degree_field": said})
        assert "degree_field" not in profile.unknown_fields, said
    graduate = parse_profile({"id": "x", "degree": "bachelor", "degree_field": None})
    assert "degree_field" in graduate.unknown_fields


def test_a_credential_followed_by_its_own_title_is_held() -> None:
    profile = parse_profile({"id": "x", "certifications": (
        "CBET - Certified Biomedical Equipment Technician (AAMI), exp. 12/2027")})
    assert profile.values["certifications"] == ("CBET",)
    assert not any("unknown certification" in w for w in profile.warnings), profile.warnings


def test_a_level_range_resting_on_an_overdue_credential_says_so_too(
    standard_kb: KnowledgeBase,
) -> None:
    """BMET III by the certified rule on a CBET past its renewal, recent leading not given:
    the range and the lapse both said (fifty-sixth review, C: the lapse was dropped)."""
    record = {"id": "lr", "degree": "associate", "degree_field": "bmet", "years_experience": 9,
              "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 3,
              "clinical_engineering_years": 0, "military_bmet": False,
              "certifications": "CBET 2022", "willing_to_travel": False,
              "skills": "teaching"}  # fmt: skip
    result = run(standard_kb, record)
    assert result.level_if_confirmed and result.level_if_lapsed == "BMET II", result
    head = " ".join(render_short(result, standard_kb).split()[:60])
    assert "BMET III while your CBET is current; if it lapsed, BMET II" in head, head


def test_a_technician_credential_past_by_a_licence_gives_the_level_as_the_reason(
    standard_kb: KnowledgeBase,
) -> None:
    """A BSEE with a PE in clinical engineering practice: the CBET open is "not needed at the
    Clinical Engineer level", not "not needed: PE held" (fifty-fifth and fifty-sixth reviews,
    B)."""
    record = {"id": "pe", "degree": "bachelor", "degree_field": "engineering",
              "years_experience": 4, "imaging_years": 0, "laboratory_years": 0,
              "supervisory_years": 0, "recent_supervisory_years": 0,
              "clinical_engineering_years": 3.5, "engineering_years": 6, "military_bmet": False,
              "certifications": "PE 2022", "willing_to_travel": False,
              "skills": "teaching"}  # fmt: skip
    text = " ".join(render_short(run(standard_kb, record), standard_kb).split())
    assert "[CBET] — open, not needed at the Clinical Engineer level" in text, text
    assert "not needed: PE held" not in text
