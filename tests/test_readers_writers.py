"""Input readers, output writers and format resolution (no CLI)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import IO

import pytest

from bmet_rules.api import evaluate
from bmet_rules.default_plugins.formats import (
    CsvWriter,
    JsonArrayWriter,
    JsonLinesWriter,
    MarkdownWriter,
    TableWriter,
    neutralise,
)
from bmet_rules.default_plugins.readers import (
    InputError,
    read_csv,
    read_json,
    read_jsonl,
    read_yaml,
)
from bmet_rules.errors import BmetRulesError
from bmet_rules.formats import Record
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.plugins import get_plugin_manager
from bmet_rules.results import Result
from bmet_rules.streams import input_format_for, input_formats, output_format_for, output_formats


def records(read: Callable[[IO[bytes], str], Iterator[Record]], data: bytes) -> list[Record]:
    return list(read(io.BytesIO(data), "test.src"))


@pytest.fixture(scope="module")
def results(standard_kb: KnowledgeBase) -> list[Result]:
    profiles = [
        {"id": "=cmd|' /C calc'!A0", "name": "Formula | Pipe", "degree": "associate",
         "degree_field": "bmet", "years_experience": 3},
        {"id": "p-2", "degree": "bachelor", "degree_field": "engineering",
         "years_experience": 10, "supervisory_years": 4, "skills": ["budgeting"]},
    ]
    return [evaluate(p, standard_kb, engine="python") for p in profiles]


# --- CSV ---------------------------------------------------------------------------------

def test_csv_rows_are_file_lines_even_after_a_multiline_cell() -> None:
    data = b'id,name\np-1,"Ann\nLee"\n\np-2,Bo\n'
    got = records(read_csv, data)
    assert [(r.row, r.data) for r in got] == [
        (2, {"id": "p-1", "name": "Ann\nLee"}),
        (5, {"id": "p-2", "name": "Bo"}),
    ]


def test_csv_with_utf8_bom_reads_the_id_column() -> None:
    got = records(read_csv, "\ufeffid,name\np-1,Zoë\n".encode())
    assert got[0].data == {"id": "p-1", "name": "Zoë"}


def test_csv_lists_stay_strings_for_the_profile_parser() -> None:
    got = records(read_csv, b"id,skills\np-1,teaching;sales\n")
    assert got[0].data == {"id": "p-1", "skills": "teaching;sales"}


def test_csv_row_with_too_many_cells_is_an_error_record_and_reading_goes_on() -> None:
    got = records(read_csv, b"id,name\np-1,a,b\np-2,c\n")
    # (the cells the header names are kept beside the error, so the message names the id)
    assert got[0].row == 2 and "3 cells" in (got[0].error or "")
    assert got[0].data == {"id": "p-1", "name": "a"}
    assert got[1].data == {"id": "p-2", "name": "c"}


def test_csv_line_that_is_not_utf8_spoils_only_its_row() -> None:
    got = records(read_csv, b"id,name\np-1,Jos\xe9\np-2,Bo\n")
    assert got[0].data is None and "UTF-8" in (got[0].error or "") and got[0].row == 2
    assert got[1].data == {"id": "p-2", "name": "Bo"}


def test_csv_header_naming_a_column_twice_is_a_file_error() -> None:
    with pytest.raises(InputError, match="id"):
        records(read_csv, b"id,name,id\n1,a,2\n")


def test_csv_reader_streams_instead_of_reading_everything() -> None:
    class Endless(io.RawIOBase):
        """A stream that never ends: only a streaming reader can yield from it."""

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            chunk = b"id\n" if not hasattr(self, "started") else b"p\n"
            self.started = True
            buffer[: len(chunk)] = chunk
            return len(chunk)

    reader = read_csv(io.BufferedReader(Endless()), "endless")
    first = [next(reader) for _ in range(3)]
    assert [r.row for r in first] == [2, 3, 4]


# --- JSON Lines, JSON, YAML --------------------------------------------------------------

def test_jsonl_malformed_line_becomes_an_error_record_not_a_crash() -> None:
    got = records(read_jsonl, b'{"id": "a"}\n\n{"id": \n[1]\n{"id": "b"}\n')
    assert [r.row for r in got] == [1, 3, 4, 5]
    assert got[1].data is None and (got[1].error or "").startswith("invalid JSON:")
    assert got[2].data is None and "object" in (got[2].error or "")
    assert got[3].data == {"id": "b"}


def test_json_array_elements_know_their_lines() -> None:
    got = records(read_json, b'[\n  {"id": "a"},\n  {"id": "b",\n   "x": 1},\n  3\n]\n')
    assert [(r.row, r.data) for r in got] == [(2, {"id": "a"}), (3, {"id": "b", "x": 1}),
                                              (5, None)]


def test_json_single_object_is_one_record() -> None:
    assert [r.data for r in records(read_json, b'{"id": "a"}')] == [{"id": "a"}]


def test_json_syntax_error_names_the_line() -> None:
    with pytest.raises(InputError, match="line 3"):
        records(read_json, b'[\n{"id": "a"},\n{"id" "b"}\n]')


def test_yaml_list_and_single_mapping() -> None:
    got = records(read_yaml, b"- id: a\n  degree: associate\n- id: b\n- just text\n")
    assert [(r.row, r.data) for r in got] == [(1, {"id": "a", "degree": "associate"}),
                                              (3, {"id": "b"}), (4, None)]
    assert [r.data for r in records(read_yaml, b"id: only\n")] == [{"id": "only"}]


def test_yaml_cannot_construct_python_objects() -> None:
    got = records(read_yaml, b"- !!python/object/apply:os.system ['echo hi']\n")
    assert got[0].data is None


# --- writers -----------------------------------------------------------------------------

def test_json_array_is_valid_with_zero_one_and_two_results(results: list[Result]) -> None:
    for n in (0, 1, 2):
        out = io.StringIO()
        writer = JsonArrayWriter(out)
        for r in results[:n]:
            writer.write(r)
        writer.close()
        assert json.loads(out.getvalue()) == [r.to_dict() for r in results[:n]]


def test_jsonl_is_exactly_result_to_dict_per_line(results: list[Result]) -> None:
    out = io.StringIO()
    writer = JsonLinesWriter(out)
    for r in results:
        writer.write(r)
    writer.close()
    assert [json.loads(line) for line in out.getvalue().splitlines()] == [
        r.to_dict() for r in results
    ]


def test_csv_has_a_row_per_path_and_certification_and_neutralises_formulas(
    results: list[Result],
) -> None:
    out = io.StringIO()
    writer = CsvWriter(out)
    for r in results:
        writer.write(r)
    writer.close()
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    first = results[0]
    assert len(rows) == sum(len(r.paths) + len(r.certifications) for r in results)
    assert {row["kind"] for row in rows} == {"path", "certification"}
    assert rows[0]["profile_id"] == "'" + first.profile_id
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    closed = next(p for p in first.paths if p.gaps)
    row = next(r for r in rows
               if r["id"] == closed.id and r["profile_id"].endswith(first.profile_id))
    assert row["gaps"] == "; ".join(g.message for g in closed.gaps)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_prefixes_a_quote_to_formula_cells(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    assert neutralise("p-1") == "p-1"


def test_csv_with_no_results_still_has_a_header() -> None:
    out = io.StringIO()
    CsvWriter(out).close()
    assert out.getvalue() == "profile_id,kind,id,status,route,gaps\n"


def test_markdown_escapes_pipes(results: list[Result]) -> None:
    out = io.StringIO()
    MarkdownWriter(out).write(results[0])
    text = out.getvalue()
    assert text.startswith("## ") and "Formula \\| Pipe" in text
    assert text.count("\n| ") == len(results[0].paths) + len(results[0].certifications) + 1


def test_table_fits_100_columns(results: list[Result]) -> None:
    out = io.StringIO()
    writer = TableWriter(out)
    for r in results:
        writer.write(r)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["ID", "LEVEL", "OPEN", "PATHS", "NEXT", "STEPS"]
    assert max(len(line) for line in lines) <= 100
    assert any(line.startswith("p-2") for line in lines)


# --- format resolution -------------------------------------------------------------------

def test_formats_resolve_by_name_and_extension() -> None:
    pm = get_plugin_manager(entry_points=False)
    ins, outs = input_formats(pm), output_formats(pm)
    assert input_format_for(ins, "staff.CSV").name == "csv"
    assert input_format_for(ins, "staff.ndjson").name == "jsonl"
    assert input_format_for(ins, "staff.yml").name == "yaml"
    assert input_format_for(ins, "-").name == "csv"
    assert output_format_for(outs, "out.csv", None, is_tty=False).name == "csv"
    assert output_format_for(outs, "out.md", None, is_tty=False).name == "markdown"
    assert output_format_for(outs, "out.html", None, is_tty=False).name == "html"
    assert output_format_for(outs, "out.txt", None, is_tty=False).name == "jsonl"
    assert output_format_for(outs, "-", None, is_tty=True).name == "table"
    assert output_format_for(outs, "-", None, is_tty=False).name == "jsonl"
    assert ins["csv"].origin == "readers" and outs["csv"].origin == "formats"


def test_unknown_format_lists_the_known_ones() -> None:
    pm = get_plugin_manager(entry_points=False)
    known = "known: csv, html, json, jsonl, markdown, table, xlsx"
    with pytest.raises(BmetRulesError, match=known):
        output_format_for(output_formats(pm), "-", "ods", is_tty=False)
    with pytest.raises(BmetRulesError, match=r"\.csv"):
        input_format_for(input_formats(pm), "staff.ods")
