"""The compiled record reader reads every record exactly as the uncompiled reading did.

``parse_profile`` runs a :class:`~bmet_rules.profile_reader.ProfileReader` compiled once per
field registry, which also remembers cell texts. ``tests/reference_profile.py`` keeps the
reading it replaced; these tests demand the same profile (values in the same order, the same
provided, unknown and not-known fields, warnings and dates) or the same problems, message for
message, on generated records full of awkward cells, each read twice so remembered cells are
read back too.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bmet_rules.errors import ProfileError
from bmet_rules.fields import CORE_FIELDS, FieldRegistry, FieldSpec, FieldType
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.profile import Profile, parse_profile
from bmet_rules.profile_reader import MEMO_LIMIT, reader_for
from tests.reference_profile import reference_parse_profile

KEYS = [s.name for s in CORE_FIELDS] + [
    " degree", "Degree", "\ufeffid", "id ", "level", "certifications_ever", "", "  ", "notes",
    "path.supervisor", "certification.CBET", "years_experience\t",
]
TEXTS = [
    "", "  ", "unknown", "UNKNOWN ", "?", "n/a", " N/A", "na", "none", "yes", "No", "Y", "t",
    "0", "1", "2", "2.5", "2,5", " 4 ", "1e3", "1_000", "-1", "61", "60", "٣", "inf", "nan",
    "associate", "AAS", "Bachelor's", "phd", "ged", "masters", "high school", "engineering tech",
    "Biomedical", "Information Technology", "bmet", "other", "teaching",
    "CBET", "cbet; CRES;", "CBET, CRES", "CBET 2019", "CABT 2015; CBET 2019-06", "CBET 2019-13",
    "CBET 2019-02-30", "XYZ", "CBET, XYZ", "Customer Communication;teaching", "teaching;astrology",
    "p-1", "Maria Lopez", "x" * 300, "\ud800", "CCE;PE;FE", "CLES 2012",
]
SCALARS = [
    None, True, False, 0, 1, 2, -1, 2.5, 4.0, 8.5, 60, 61, 60.5, -0.0, 10**40, 10**400,
    math.nan, math.inf, -math.inf, 3.0000000001,
]
LISTS = [
    [], ["CBET"], ["CBET", "CBET"], ["cbet 2019"], ["CBET 2019", "XYZ"], ["XYZ"], [1],
    [{"id": "CBET", "date": "2019"}], [{"date": "2019"}], [None], ["teaching", "sales"],
    ("CRES", "CHTM"), ["", " "], [["nested"]],
]
VALUES = st.one_of(
    st.sampled_from(TEXTS), st.sampled_from(SCALARS), st.sampled_from(LISTS), st.just({}),
    st.text(max_size=8),
    st.floats(min_value=-2, max_value=70).map(lambda x: round(x, 1)),
)
YEARS = st.one_of(
    st.sampled_from([0, 1, 2.5, 4.0, 8, "0", "3", "2.5", "2,5", " 7 ", "", "unknown", "n/a"]),
    st.floats(min_value=0, max_value=8).map(lambda x: round(x, 1)),
)
#: Cells that read well, so most records become profiles and their every part is compared.
GOOD: dict[str, Any] = {
    "id": st.sampled_from(["p-1", " p-2 ", "77", "p-1", "p-1"]),
    "name": st.sampled_from(["Ann Lee", "", None]),
    "degree": st.sampled_from(["associate", "AAS", "Bachelor", "none", "", "?", None, "ged"]),
    "degree_field": st.sampled_from(["bmet", "Biomedical", "it", "", "N/A", "unknown"]),
    "years_experience": st.sampled_from([8, 10.5, "9", "12.5", "unknown", "", None, "n/a"]),
    "imaging_years": YEARS,
    "laboratory_years": YEARS,
    "supervisory_years": YEARS,
    "recent_supervisory_years": YEARS,
    "clinical_engineering_years": YEARS,
    "engineering_years": YEARS,
    "military_bmet": st.sampled_from([True, False, "yes", "No", "1", 0, "", "?", None]),
    "willing_to_travel": st.sampled_from([True, "y", "false", "", "unknown"]),
    "high_school_student": st.sampled_from([False, "no", ""]),
    "certifications": st.sampled_from(
        ["CBET", "cbet; CRES", "CBET 2019", "CABT 2015", "", [], ["CRES", "CBET 2020"],
         [{"id": "CHTM", "date": "2021-05"}], "XYZ", ["CLES"], "unknown"]
    ),
    "former_certifications": st.sampled_from(["", "CLES 2012", ["CABT"], None]),
    "skills": st.sampled_from(["teaching", "Customer Communication;sales", "astrology", []]),
    "goals": st.sampled_from(["", "CBET", None]),
}
GOOD_RECORDS = st.fixed_dictionaries(
    {"id": GOOD["id"]}, optional={k: v for k, v in GOOD.items() if k != "id"}
)
AWKWARD_RECORDS = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=14)
RECORDS = st.one_of(
    GOOD_RECORDS,
    st.tuples(GOOD_RECORDS, st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=2)).map(
        lambda pair: {**pair[0], **pair[1]}
    ),
    AWKWARD_RECORDS,
)


def outcome(parse: Any, record: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
    """Everything a reading gives: the profile's every part, or the problems in order."""
    try:
        p = parse(record, *args, **kwargs)
    except ProfileError as exc:
        return ("error", exc.profile_id, str(exc), [repr(x.to_dict()) for x in exc.problems])
    except Exception as exc:  # a 400-digit integer (record_limits refuses it earlier) and such
        return ("raised", type(exc).__name__, str(exc))
    return (
        "profile", p.id, repr(list(p.values.items())), sorted(p.provided),
        repr(list(p.unknown.items())), p.warnings, sorted(p.dates.items()),
        sorted(p.unknown_fields),
    )


def _registry(kind: str, kb: KnowledgeBase) -> FieldRegistry:
    if kind == "core":
        return FieldRegistry(CORE_FIELDS)
    return kb.fields


def test_compiled_reader_reads_every_record_as_the_reference_does(
    standard_kb: KnowledgeBase,
) -> None:
    kinds: list[str] = []

    @settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        records=st.lists(RECORDS, min_size=1, max_size=6),
        registry=st.sampled_from(["core", "standard"]),
        strict=st.booleans(),
        absent_is_unknown=st.booleans(),
    )
    def compare(
        records: list[dict[str, Any]], registry: str, strict: bool, absent_is_unknown: bool
    ) -> None:
        fields = _registry(registry, standard_kb)
        options = {"strict": strict, "absent_is_unknown": absent_is_unknown}
        for record in records + records:  # the second time, remembered cells are read back
            want = outcome(reference_parse_profile, record, fields, **options)
            assert outcome(parse_profile, record, fields, **options) == want, record
            kinds.append(want[0])

    compare()
    # The comparison is only as good as its records: many must read as whole profiles.
    assert kinds.count("profile") > len(kinds) / 4, kinds.count("profile")


def test_a_remembered_cell_gives_each_profile_its_own_reading() -> None:
    fields = FieldRegistry(CORE_FIELDS)
    first = parse_profile({"id": "a", "certifications": "CBET;CRES", "degree": "AAS"}, fields)
    second = parse_profile({"id": "b", "certifications": "CBET;CRES", "degree": "AAS"}, fields)
    assert first.certifications == second.certifications == ("CBET", "CRES")
    assert first.degree == second.degree == "associate"
    assert first.values is not second.values
    dated = parse_profile({"id": "c", "certifications": "CBET 2019;CRES"}, fields)
    assert dict(dated.dates) == {"CBET": "2019"}
    again = parse_profile({"id": "d", "certifications": "CBET;CRES"}, fields)
    assert dict(again.dates) == {}


def test_changing_a_field_rebuilds_the_reader() -> None:
    fields = FieldRegistry(CORE_FIELDS)
    before = reader_for(fields)
    assert parse_profile({"id": "a", "skills": "astrology"}, fields).warnings
    fields.widen("skills", ["astrology"])
    assert reader_for(fields) is not before
    assert parse_profile({"id": "a", "skills": "astrology"}, fields).warnings == ()
    fields.register(FieldSpec("shift", FieldType.CHOICE, "Shift worked.", values=("day", "night")))
    assert parse_profile({"id": "a", "shift": "Night"}, fields).values["shift"] == "night"
    fields.replace(FieldSpec("shift", FieldType.CHOICE, "Shift.", values=("day",)))
    with pytest.raises(ProfileError, match="expected one of day, got 'Night'"):
        parse_profile({"id": "a", "shift": "Night"}, fields)


def test_memory_stays_flat_however_many_distinct_cells() -> None:
    fields = FieldRegistry(CORE_FIELDS)
    for i in range(MEMO_LIMIT + 500):
        parse_profile({"id": str(i), "years_experience": f"{i % 60}.{i}", f"junk {i}": 1}, fields)
    reader = reader_for(fields)
    cell = reader._cells["years_experience"]
    assert cell.memo is not None and len(cell.memo) == MEMO_LIMIT
    assert len(reader._keys) <= 1024
    # Past the limit, cells are still read correctly, only not remembered.
    late = parse_profile({"id": "z", "years_experience": "59.99"}, fields)
    assert late.years_experience == 59.99


def test_a_read_profile_is_the_profile_the_dataclass_would_make() -> None:
    # The reader fills a Profile's fields without its __init__: sound only while __init__
    # does nothing more than set them.
    assert not hasattr(Profile, "__post_init__")
    got = parse_profile({"id": "p-9", "degree": "AAS", "skills": "astrology", "x": 1})
    made = Profile(
        id=got.id, values=dict(got.values), provided=got.provided, unknown=dict(got.unknown),
        warnings=got.warnings, dates=dict(got.dates), unknown_fields=got.unknown_fields,
    )
    assert got == made and vars(got).keys() == vars(made).keys()
    with pytest.raises(AttributeError):
        got.id = "other"  # type: ignore[misc]


def test_a_registry_with_a_compiled_reader_still_pickles() -> None:
    # Process pools and cluster schedulers pickle what they send; the reader's closures
    # cannot be, so a registry travels without its cache and compiles a new reader.
    import pickle

    fields = FieldRegistry(CORE_FIELDS)
    parse_profile({"id": "a", "degree": "AAS"}, fields)
    assert fields.cache
    copy = pickle.loads(pickle.dumps(fields))
    assert copy.cache == {} and [s.name for s in copy] == [s.name for s in fields]
    assert parse_profile({"id": "a", "degree": "AAS"}, copy).degree == "associate"
