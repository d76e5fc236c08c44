"""Credential history: dated certification cells, former certifications, expiry and renewal
warnings, and the date-derived fields rules read (the same in both engines)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from bmet_rules import evaluate
from bmet_rules.api import get_engine
from bmet_rules.errors import ProfileError
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.lifecycle import notices, period_end, split_dated
from bmet_rules.profile import parse_profile
from bmet_rules.streams import input_formats


def test_a_dated_cell_survives_semicolons_and_commas(standard_kb: KnowledgeBase) -> None:
    for cell in ("CBET 2019; CRES 2021-05", "CBET 2019, CRES 2021-05", "cbet 2019;CRES 2021-05"):
        profile = parse_profile({"id": "p", "certifications": cell}, standard_kb.fields)
        assert profile.values["certifications"] == ("CBET", "CRES"), cell
        assert dict(profile.dates) == {"CBET": "2019", "CRES": "2021-05"}, cell


def test_a_csv_file_carries_dates_and_former_certifications(standard_kb: KnowledgeBase) -> None:
    reader = input_formats(standard_kb.plugins)["csv"]
    text = 'id,certifications,former_certifications\np,"CBET 2019; CABT",CLES 2012\n'
    record = next(iter(reader.read(io.BytesIO(text.encode()), "p.csv")))
    assert record.data is not None
    profile = parse_profile(record.data, standard_kb.fields)
    assert profile.values["certifications"] == ("CBET", "CABT")
    assert profile.values["former_certifications"] == ("CLES",)
    assert dict(profile.dates) == {"CBET": "2019", "CLES": "2012"}


def test_json_lists_may_hold_dated_strings_or_objects(standard_kb: KnowledgeBase) -> None:
    profile = parse_profile(
        {"id": "p", "certifications": ["CBET 2019-06-15", {"id": "CRES", "date": "2021"}]},
        standard_kb.fields,
    )
    assert profile.values["certifications"] == ("CBET", "CRES")
    assert dict(profile.dates) == {"CBET": "2019-06-15", "CRES": "2021"}


def test_a_bad_date_is_a_row_error_naming_field_and_value(standard_kb: KnowledgeBase) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile({"id": "p", "certifications": "CBET 2019-13"}, standard_kb.fields)
    problem = caught.value.problems[0]
    assert problem.field == "certifications"
    assert "CBET 2019-13" in problem.message and "CBET 2019" in problem.message


def test_computed_fields_cannot_be_supplied_by_a_record(standard_kb: KnowledgeBase) -> None:
    profile = parse_profile({"id": "p", "certifications_ever": "CBET"}, standard_kb.fields)
    assert "certifications_ever" in profile.unknown
    assert profile.values["certifications_ever"] == ()


def test_period_end_is_the_most_generous_reading() -> None:
    assert period_end("2019") == dt.date(2019, 12, 31)
    assert period_end("2024-02") == dt.date(2024, 2, 29)
    assert period_end("2019-06-15") == dt.date(2019, 6, 15)


def test_split_dated_leaves_undated_items_alone() -> None:
    assert split_dated("CBET; Moh Registered") == (["CBET", " Moh Registered"], {})


def test_renewal_warning_starts_on_the_due_date_and_never_lapses() -> None:
    due = dt.date(2025, 6, 30)
    assert notices(["CBET"], {"CBET": "2022-06"}, due - dt.timedelta(days=200)) == []
    # Within six months of it: a notice that it falls due, not that it was due.
    [soon] = notices(["CBET"], {"CBET": "2022-06"}, due - dt.timedelta(days=1))
    assert soon.startswith("CBET 2022-06: renewal due by 2025-06-30")
    [text] = notices(["CBET"], {"CBET": "2022-06"}, due)
    assert "renewal was due by 2025-06-30" in text and "no lapse is inferred" in text
    assert notices([], {"CBET": "2022-06"}, due) == []  # a former one gets no renewal warning


def test_an_expired_cabt_is_former_in_both_engines(standard_kb: KnowledgeBase) -> None:
    kb = standard_kb.for_date(dt.date(2026, 12, 31))
    profile = parse_profile({"id": "p", "degree": "high_school", "certifications": "CABT 2021",
                             "years_experience": 9, "supervisory_years": 9}, kb.fields)
    python = get_engine(kb, "python").run_many([profile])[0]
    durable = get_engine(kb, "auto").run_many([profile])[0]
    assert python.fired == durable.fired
    for values in (python.values, durable.values):
        assert values["certifications"] == ()
        assert values["former_certifications"] == ("CABT",)
        assert values["certifications_ever"] == ("CABT",)
        assert values["recent_supervisory_years"] == 5
    assert "level-bmet1-cabt" not in python.fired


def test_results_carry_renewal_and_expiry_warnings(standard_kb: KnowledgeBase) -> None:
    result = evaluate({"id": "p", "certifications": "CBET 2019; CABT 2023"}, standard_kb,
                      as_of="2026-11-29")
    assert any(w.startswith("CBET 2019: renewal was due by 2022-12-31") for w in result.warnings)
    assert any(w.startswith("CABT 2023 expires on 2028-12-31") for w in result.warnings)


def test_a_former_cbet_does_not_open_chtm_route_1(standard_kb: KnowledgeBase) -> None:
    base = {"id": "p", "degree": "high_school", "years_experience": 5, "supervisory_years": 3,
            "recent_supervisory_years": 3}
    current = evaluate({**base, "certifications": "CBET"}, standard_kb)
    former = evaluate({**base, "former_certifications": "CBET"}, standard_kb)
    assert current.certification("CHTM").route_rule == "chtm-route-1"
    assert current.certification("CHTM").status == "eligible"
    assert former.certification("CHTM").status != "eligible"


def test_the_lab_path_never_advises_the_retired_cles(standard_kb: KnowledgeBase) -> None:
    for years in (0, 1, 2, 3, 6):
        result = evaluate({"id": "p", "degree": "high_school", "years_experience": years,
                           "laboratory_years": min(years, 1)}, standard_kb)
        lab = result.path("laboratory-specialist")
        assert lab.route_rule == "lab-route-2", (years, lab)
        assert all("CLES" not in g.need for g in lab.gaps)
