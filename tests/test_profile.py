"""Profile validation: every bad value is named with its field, value and what was expected."""

from __future__ import annotations

from typing import Any

import pytest

from bmet_rules.errors import ProfileError
from bmet_rules.fields import CORE_FIELDS, FieldRegistry, FieldSpec, FieldType
from bmet_rules.profile import parse_profile


def problems(record: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ProfileError) as info:
        parse_profile(record)
    return {p.field: p.message for p in info.value.problems}


def test_csv_strings_are_typed() -> None:
    profile = parse_profile(
        {
            "id": "p-1",
            "degree": "Bachelor",
            "degree_field": "Engineering Technology",
            "years_experience": "4.5",
            "imaging_years": "2",
            "military_bmet": "YES",
            "willing_to_travel": "0",
            "certifications": "cbet; CRES;",
            "skills": "Customer Communication;teaching",
        }
    )
    assert profile.degree == "bachelor"
    assert profile.degree_field == "engineering_technology"
    assert profile.years_experience == 4.5
    assert profile.imaging_years == 2
    assert profile.military_bmet is True
    assert profile.willing_to_travel is False
    assert profile.certifications == ("CBET", "CRES")
    assert profile.skills == ("customer_communication", "teaching")
    assert "laboratory_years" not in profile.provided
    assert profile.laboratory_years == 0


def test_absent_fields_take_defaults_and_are_not_provided() -> None:
    profile = parse_profile({"id": "x"})
    assert profile.degree == "none"
    assert profile.degree_field == "other"
    assert profile.certifications == ()
    assert profile.provided == frozenset({"id"})


@pytest.mark.parametrize(
    ("record", "field", "words"),
    [
        ({"id": "a", "years_experience": -1}, "years_experience", "0 or more"),
        ({"id": "a", "years_experience": "two"}, "years_experience", "expected a number"),
        ({"id": "a", "years_experience": [3]}, "years_experience", "a list"),
        ({"id": "a", "years_experience": True}, "years_experience", "expected a number"),
        ({"id": "a", "years_experience": "nan"}, "years_experience", "plain digits"),
        ({"id": "a", "years_experience": float("nan")}, "years_experience", "finite"),
        ({"id": "a", "years_experience": "1e3"}, "years_experience", "'1e3'"),
        ({"id": "a", "years_experience": "1_000"}, "years_experience", "'1_000'"),
        ({"id": "a", "years_experience": "\u0663"}, "years_experience", "plain digits"),
        ({"id": "a", "years_experience": 1000}, "years_experience", "at most 60"),
        ({"id": "a", "years_experience": "61"}, "years_experience", "at most 60"),
        ({"id": "a", "years_experience": 2, "supervisory_years": 3}, "supervisory_years",
         "more than"),
        ({"id": "a", "years_experience": 2, "laboratory_years": 3}, "laboratory_years",
         "more than"),
        ({"id": "a", "degree": "bachelors of arts"}, "degree", "expected one of"),
        ({"id": "a", "military_bmet": "maybe"}, "military_bmet", "yes/no"),
        ({"id": "a", "certifications": 5}, "certifications", "expected a list"),
        ({"id": "a", "years_experience": 2, "imaging_years": 3}, "imaging_years", "more than"),
        ({"name": "no id"}, "id", "required"),
    ],
)
def test_bad_values_name_field_value_and_expectation(
    record: dict[str, Any], field: str, words: str
) -> None:
    found = problems(record)
    assert field in found
    assert words in found[field]


def test_all_problems_are_reported_at_once() -> None:
    found = problems(
        {"id": "a", "years_experience": "x", "degree": "phd-ish", "military_bmet": "maybe"}
    )
    assert set(found) == {"years_experience", "degree", "military_bmet"}


def test_unknown_fields_are_kept_as_warnings() -> None:
    profile = parse_profile({"id": "a", "favourite_colour": "blue"})
    assert profile.unknown == {"favourite_colour": "blue"}
    assert any("favourite_colour" in w for w in profile.warnings)


def test_plugin_fields_are_validated_without_core_changes() -> None:
    registry = FieldRegistry(CORE_FIELDS)
    registry.register(FieldSpec("moh_registered", FieldType.BOOLEAN, "Registered.", origin="moh"))
    assert parse_profile({"id": "a", "moh_registered": "yes"}, registry).moh_registered is True
    with pytest.raises(ProfileError, match="moh_registered"):
        parse_profile({"id": "a", "moh_registered": "perhaps"}, registry)


def test_conflicting_field_declarations_are_refused() -> None:
    registry = FieldRegistry(CORE_FIELDS)
    with pytest.raises(ValueError, match="declared twice"):
        registry.register(FieldSpec("degree", FieldType.TEXT, "other meaning", origin="x"))
