"""The parent's side of the multi-process batch: what crosses the pipe and how rows are renamed.

Both were rewritten for speed (issue 14): a worker's answer travels as one
:class:`EncodedChunk` of plain lists, and column matching is planned once per set of keys.
These pin that nothing was lost on the way: order, errors in place, every field's reading.
"""

from __future__ import annotations

import pickle

from bmet_rules.api import RecordError
from bmet_rules.batch import Encoded, EncodedChunk
from bmet_rules.errors import FieldProblem
from bmet_rules.fields import CORE_FIELDS, FieldRegistry
from bmet_rules.formats import Record
from bmet_rules.io.columns import ColumnMapping, ColumnMatcher, SourceColumns, match_records


def test_an_encoded_chunk_gives_back_its_items_in_order_with_errors_in_place() -> None:
    bad = RecordError(1, (FieldProblem("degree", "phd?", "not a degree"),), "b", "f.csv", 3)
    later = RecordError(4, (FieldProblem("id", None, "missing"),), None, "f.csv", 6)
    items = [Encoded("a", "A\n"), bad, Encoded("c", "C\n", ("skills",), (2, 1)),
             Encoded("d", "D\n"), later]
    chunk = pickle.loads(pickle.dumps(EncodedChunk.pack(items)))
    assert chunk.unpack() == items
    assert EncodedChunk.pack([]).unpack() == []


def _matched(records: list[Record], mapping: ColumnMapping | None = None) -> tuple[
        list[Record], list[SourceColumns]]:
    seen: list[SourceColumns] = []
    matcher = ColumnMatcher(FieldRegistry(CORE_FIELDS), mapping)
    return list(match_records(records, matcher, seen, tabular=False)), seen


def test_records_with_changing_keys_are_each_renamed_by_their_own_keys() -> None:
    rows = [
        {"Employee ID": "1", "Years of Experience": "", "Team": "x"},
        {"id": "2", "Skills": "teaching", "years_experience": "3"},
        {"Employee ID": "3", "Years of Experience": "4", "Team": "y"},
    ]
    out, seen = _matched([Record("f.json", n, row) for n, row in enumerate(rows, 1)])
    assert [r.data for r in out] == [
        {"id": "1", "years_experience": "", "Team": "x"},
        {"id": "2", "skills": "teaching", "years_experience": "3"},
        {"id": "3", "years_experience": "4", "Team": "y"},
    ]
    [source] = seen
    assert source.unrecognised == ["Team"]
    # An empty cell gives nothing; the third row's value does, whatever came between.
    assert source.provided == {"id", "skills", "years_experience"}


def test_a_field_is_provided_only_once_a_row_gives_a_value_and_per_source() -> None:
    first = [Record("a.csv", n, {"id": str(n), "skills": ""}) for n in range(1, 4)]
    second = [Record("b.csv", 2, {"id": "9", "skills": "teaching"})]
    out, seen = _matched([*first, *second])
    assert len(out) == 4
    assert [s.source for s in seen] == ["a.csv", "b.csv"]
    assert seen[0].provided == {"id"}
    assert seen[1].provided == {"id", "skills"}


def test_value_maps_apply_to_every_row_of_a_planned_set_of_keys() -> None:
    mapping = ColumnMapping(columns={"Qualification": "degree"},
                            values={"degree": {"assoc": "associate"}})
    rows = [{"id": str(n), "Qualification": value} for n, value in
            enumerate(("Assoc", "bachelor", "ASSOC"), 1)]
    out, _ = _matched([Record("f.csv", n, row) for n, row in enumerate(rows, 1)], mapping)
    assert [r.data["degree"] for r in out if r.data] == ["associate", "bachelor", "associate"]


def test_an_unreadable_row_passes_through_untouched() -> None:
    broken = Record("f.csv", 2, None, "unreadable CSV row")
    out, _ = _matched([broken, Record("f.csv", 3, {"id": "1"})])
    assert out[0] is broken
    assert out[1].data == {"id": "1"}
