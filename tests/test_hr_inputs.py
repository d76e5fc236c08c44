"""HR data as it really comes (issue 12): headers, delimiters, encodings, lists, stdin, Excel.

Each test is one case a new user met with a real HR export; each failed before the
``bmet_rules.io`` package and passes after.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bmet_rules.cli import cli
from bmet_rules.errors import RulesetError
from bmet_rules.fields import CORE_FIELDS, FieldRegistry
from bmet_rules.knowledge import compile_rulesets
from bmet_rules.ruleset import parse_ruleset

ROOT = Path(__file__).resolve().parents[1]
HRIS = ROOT / "examples" / "hris-export.csv"
HRIS_COLUMNS = ROOT / "examples" / "hris-columns.yaml"
CLI = str(Path(sys.executable).with_name("bmet-rules"))

CANONICAL = (
    "id,name,degree,degree_field,years_experience,certifications,skills\n"
    "p-1,Ana,associate,bmet,6,CBET,teaching\n"
    "p-2,Bo,associate,bmet,0,,\n"
)


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def evaluate(path: Path | str, *args: str, input: str | bytes | None = None) -> Result:
    return invoke("evaluate", str(path), "-f", "jsonl", "--engine", "python", *args,
                  input=input)


def results(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def comparable(result: Result) -> list[dict[str, Any]]:
    """Results without the warnings (which name the input's own column names)."""
    return [{k: v for k, v in r.items() if k != "warnings"} for r in results(result)]


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture()
def canonical(tmp_path: Path) -> list[dict[str, Any]]:
    result = evaluate(write(tmp_path, "canonical.csv", CANONICAL))
    assert result.exit_code == 0, result.stderr
    return comparable(result)


# --- 1. headers ----------------------------------------------------------------------------

def test_hr_style_headers_are_matched_ignoring_case_spaces_and_punctuation(
    tmp_path: Path, canonical: list[dict[str, Any]]
) -> None:
    text = ("ID,Name,Degree,Degree Field,Years of Experience,Certifications,Skills\n"
            "p-1,Ana,associate,bmet,6,CBET,teaching\np-2,Bo,associate,bmet,0,,\n")
    result = evaluate(write(tmp_path, "hr.csv", text))
    assert result.exit_code == 0, result.stderr
    assert comparable(result) == canonical
    assert "not recognised" not in result.stderr


def test_an_aliased_experience_column_beside_a_real_id_is_read_not_ignored(
    tmp_path: Path, canonical: list[dict[str, Any]]
) -> None:
    text = ("id,name,degree,degree_field,Years of Experience,certifications,skills\n"
            "p-1,Ana,associate,bmet,6,CBET,teaching\np-2,Bo,associate,bmet,0,,\n")
    result = evaluate(write(tmp_path, "hr.csv", text))
    assert comparable(result) == canonical


def test_a_file_without_an_id_column_lists_the_columns_found_and_expected(
    tmp_path: Path,
) -> None:
    text = "Person Number,Degree\n7,associate\n"
    result = evaluate(write(tmp_path, "noid.csv", text))
    assert result.exit_code == 2
    assert "'Person Number'" in result.stderr and "'Degree'" in result.stderr
    assert "years_experience" in result.stderr and "--columns" in result.stderr
    assert result.stdout == ""
    out = tmp_path / "never.jsonl"
    to_file = invoke("evaluate", str(tmp_path / "noid.csv"), "-o", str(out))
    assert to_file.exit_code == 2 and not out.exists()


def test_two_columns_giving_one_field_is_a_usage_error_naming_both(tmp_path: Path) -> None:
    result = evaluate(write(tmp_path, "two.csv", "id,Employee ID\n1,2\n"))
    assert result.exit_code == 2
    assert "'id' and 'Employee ID'" in result.stderr


def test_a_columns_file_maps_an_hris_export_columns_and_values(tmp_path: Path) -> None:
    result = evaluate(HRIS, "--encoding", "cp1252", "--columns", str(HRIS_COLUMNS))
    assert result.exit_code == 0, result.stderr
    by_id = {r["profile_id"]: r for r in results(result)}
    assert set(by_id) == {"W-1001", "W-1002", "W-1003", "W-1004", "W-1005"}
    assert by_id["W-1002"]["name"] == "Zoë Müller"
    cbet = next(c for c in by_id["W-1002"]["certifications"] if c["id"] == "CBET")
    assert cbet["status"] == "held"  # "CBET (AAMI)" mapped by values:
    assert by_id["W-1004"]["level"] is not None  # High School Diploma -> high_school
    assert "'Cost Center'" in result.stderr and "'Hire Date'" not in result.stderr


def test_a_columns_file_naming_an_unknown_field_is_refused(tmp_path: Path) -> None:
    mapping = write(tmp_path, "m.yaml", "columns:\n  Tenure: tenure_years\n")
    result = evaluate(write(tmp_path, "a.csv", CANONICAL), "--columns", str(mapping))
    assert result.exit_code == 2
    assert "'tenure_years'" in result.stderr and "years_experience" in result.stderr


def test_records_key_reads_a_workday_report(tmp_path: Path,
                                           canonical: list[dict[str, Any]]) -> None:
    entries = [{"Employee_ID": "p-1", "Name": "Ana", "Degree": "associate",
                "Degree_Field": "bmet", "Years_of_Experience": 6, "Certifications": "CBET",
                "Skills": "teaching"},
               {"Employee_ID": "p-2", "Name": "Bo", "Degree": "associate",
                "Degree_Field": "bmet", "Years_of_Experience": 0,
                "Certifications": "", "Skills": ""}]  # given as empty, as the CSV's cells are
    path = write(tmp_path, "workday.json", json.dumps({"Report_Entry": entries}))
    result = evaluate(path, "--records-key", "Report_Entry")
    assert result.exit_code == 0, result.stderr
    assert comparable(result) == canonical
    plain = evaluate(path)
    assert "--records-key Report_Entry" in plain.stderr


# --- 2. dialects ---------------------------------------------------------------------------

def test_a_semicolon_csv_is_detected(tmp_path: Path, canonical: list[dict[str, Any]]) -> None:
    text = CANONICAL.replace(",", ";")
    result = evaluate(write(tmp_path, "eu.csv", text))
    assert result.exit_code == 0, result.stderr
    assert comparable(result) == canonical


def test_delimiter_can_be_forced(tmp_path: Path, canonical: list[dict[str, Any]]) -> None:
    text = CANONICAL.replace(",", "|")
    assert evaluate(write(tmp_path, "pipe.csv", text)).exit_code == 2  # no id column
    result = evaluate(tmp_path / "pipe.csv", "--delimiter", "|")
    assert comparable(result) == canonical


def test_windows_1252_reads_with_encoding_and_the_error_suggests_it(tmp_path: Path) -> None:
    path = write(tmp_path, "w.csv", "id,name\np-1,José\np-2,Bo\n", encoding="cp1252")
    wrong = evaluate(path)
    assert wrong.exit_code == 1
    assert ":2:" in wrong.stderr and "--encoding cp1252" in wrong.stderr
    right = evaluate(path, "--encoding", "cp1252")
    assert right.exit_code == 0
    assert results(right)[0]["name"] == "José"


def test_a_utf8_bom_and_latin1_both_read(tmp_path: Path) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbfID;Name\np-1;Zo\xc3\xab\n")
    assert results(evaluate(bom))[0]["name"] == "Zoë"
    latin = write(tmp_path, "l.csv", "id,name\np-1,Zoë\n", encoding="latin-1")
    assert results(evaluate(latin, "--encoding", "latin-1"))[0]["name"] == "Zoë"


def test_an_option_the_reader_does_not_take_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", '{"id": "p-1"}\n')
    result = evaluate(path, "--delimiter", ";")
    assert result.exit_code == 2 and "--delimiter does not apply to jsonl" in result.stderr


# --- 3. lists and vocabularies -------------------------------------------------------------

def test_commas_separate_list_items_like_semicolons(tmp_path: Path) -> None:
    text = 'id,degree,degree_field,years_experience,certifications,skills\n' \
           'p-1,associate,bmet,6,"CBET, CRES","teaching, sales"\n'
    result = evaluate(write(tmp_path, "c.csv", text))
    assert result.exit_code == 0
    data = results(result)[0]
    held = {c["id"] for c in data["certifications"] if c["status"] == "held"}
    assert held == {"CBET", "CRES"}
    assert data["warnings"] == []
    trainer = next(p for p in data["paths"] if p["id"] == "technical-trainer")
    assert not any(g["field"] == "skills" for g in trainer["gaps"])


def test_an_undeclared_certification_is_a_warning_naming_it_and_the_known_ones(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "u.csv", "id,certifications,skills\np-1,CBET;ACME_CT,juggling\n")
    data = results(evaluate(path))[0]
    assert any("'ACME_CT'" in w and "CBET" in w and "CHTM" in w for w in data["warnings"])
    assert any("'juggling'" in w and "teaching" in w for w in data["warnings"])
    strict = evaluate(path, "--strict")
    assert strict.exit_code == 1 and strict.stdout == ""
    assert "ACME_CT" in strict.stderr
    # An institution's own credential stays possible: a ruleset declares it.
    rules = write(tmp_path, "local.yaml", (
        "ruleset: local\nversion: '1'\ncertifications:\n"
        "  ACME_CT: {title: ACME CT service school, advised: false}\n"
        "skills:\n  juggling: Keeping several work orders in the air.\nrules: []\n"))
    declared = evaluate(path, "--rules", str(rules), "--strict")
    assert declared.exit_code == 0, declared.stderr
    assert results(declared)[0]["warnings"] == []


def test_rulesets_declare_skills_and_the_loader_checks_them() -> None:
    base = {"ruleset": "x", "version": "1", "sources": {"s": {"title": "S"}},
            "paths": {"p": {"title": "P"}}}
    rule = {"id": "r", "title": "t", "source": "s", "when": {"skills": {"includes": "welding"}},
            "then": {"path": "p", "route": "r"}}
    declared = parse_ruleset({**base, "skills": {"teaching": "Teaching."}, "rules": [rule]})
    with pytest.raises(RulesetError, match="skill 'welding' is not declared"):
        compile_rulesets([declared], FieldRegistry(CORE_FIELDS))
    ok = parse_ruleset({**base, "skills": {"welding": "Welding."}, "rules": [rule]})
    kb = compile_rulesets([ok], FieldRegistry(CORE_FIELDS))
    assert "welding" in kb.fields["skills"].values
    with pytest.raises(RulesetError, match="lower-case word"):
        parse_ruleset({**base, "skills": {"Project Management": "x"}, "rules": []})


def test_advise_prompts_show_the_accepted_values_and_take_commas() -> None:
    result = CliRunner().invoke(cli, [
        "advise", "--set", "degree=associate", "--set", "degree_field=bmet",
        "--set", "years_experience=9", "--format", "json"], input="CBET, CRES\n" + "?\n" * 20)
    assert result.exit_code == 0, result.output
    assert "known: CABT, CBET, CRES" in result.output
    data = json.loads(result.output[result.output.index("{"):])
    assert data["interview"]["answers"]["certifications"] == ["CBET", "CRES"]


def test_advise_answers_read_with_the_shared_input_options(tmp_path: Path) -> None:
    answers = write(tmp_path, "me.csv", "Highest Degree;Field of Study;Years of Experience\n"
                                        "associate;bmet;3\n")
    result = invoke("advise", "--answers", str(answers), "--no-input", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["interview"]["answers"]["years_experience"] == 3


# --- 4. nothing silently ignored -----------------------------------------------------------

def test_unrecognised_columns_get_one_stderr_line_also_with_an_output_file(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "x.csv", "id,Badge Color,Shoe Size\np-1,red,9\np-2,blue,10\n")
    out = tmp_path / "out.jsonl"
    result = invoke("evaluate", str(path), "-o", str(out), "--engine", "python", "-q")
    lines = [line for line in result.stderr.splitlines() if "not recognised" in line]
    assert len(lines) == 1
    assert "'Badge Color'" in lines[0] and "'Shoe Size'" in lines[0]
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert "unknown field 'Badge Color' ignored" in first["warnings"]


def test_the_reader_exposes_the_fields_each_source_provided(tmp_path: Path,
                                                           standard_kb: Any) -> None:
    from bmet_rules.io.reading import InputOptions, open_inputs
    from bmet_rules.plugins import get_plugin_manager

    a = write(tmp_path, "a.csv", "Employee ID,Years of Experience,Cost Center\np-1,3,9\n")
    b = write(tmp_path, "b.csv", "id,degree\np-2,\n")
    batch = open_inputs(get_plugin_manager(entry_points=False), standard_kb.fields,
                        [str(a), str(b)], InputOptions())
    assert len(list(batch.records)) == 2
    assert [s.provided for s in batch.sources] == [{"id", "years_experience"}, {"id"}]
    assert batch.sources[0].unrecognised == ["Cost Center"]


# --- 5. values -----------------------------------------------------------------------------

@pytest.mark.parametrize("years", ["1e3", "1_000", "٣", "75"])
def test_implausible_or_odd_years_are_row_errors_naming_the_value(tmp_path: Path,
                                                                  years: str) -> None:
    path = write(tmp_path, "y.csv", f"id,years_experience\np-1,{years}\n")
    result = evaluate(path)
    assert result.exit_code == 1
    assert "years_experience" in result.stderr
    assert years in result.stderr or "at most 60" in result.stderr


def test_supervisory_years_above_experience_is_a_row_error(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "id,years_experience,supervisory_years\np-1,2,5\n")
    result = evaluate(path)
    assert result.exit_code == 1 and "supervisory_years: cannot be more than" in result.stderr


# --- 6. inputs -----------------------------------------------------------------------------

def test_json_and_jsonl_on_stdin_are_detected(canonical: list[dict[str, Any]]) -> None:
    records = [{"id": "p-1", "name": "Ana", "degree": "associate", "degree_field": "bmet",
                "years_experience": 6, "certifications": ["CBET"], "skills": ["teaching"]},
               {"id": "p-2", "name": "Bo", "degree": "associate", "degree_field": "bmet",
                "years_experience": 0, "certifications": [], "skills": []}]
    as_json = evaluate("-", input=json.dumps(records, indent=2))
    assert comparable(as_json) == canonical
    as_jsonl = evaluate("-", input="\n".join(json.dumps(r) for r in records) + "\n")
    assert comparable(as_jsonl) == canonical
    as_csv = evaluate("-", input=CANONICAL)
    assert comparable(as_csv) == canonical


def test_a_directory_says_it_is_a_directory(tmp_path: Path) -> None:
    result = evaluate(tmp_path)
    assert result.exit_code == 2 and "is a directory" in result.stderr
    explain = invoke("explain", str(tmp_path))
    assert explain.exit_code == 2 and "is a directory" in explain.stderr


def test_stdin_on_a_terminal_says_it_is_waiting() -> None:
    master, slave = pty.openpty()
    proc = subprocess.Popen([CLI, "evaluate", "-", "-f", "jsonl", "--engine", "python"],
                            stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(slave)
    try:
        time.sleep(1.5)
        os.write(master, b"id\np-1\n\x04")
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(master)
    assert b"Reading profiles from stdin" in err
    assert b'"profile_id":"p-1"' in out


def test_explain_takes_the_same_input_options(tmp_path: Path) -> None:
    path = write(tmp_path, "e.csv", "Employee ID;Highest Degree;Years of Experience\n"
                                    "p-1;AAS;3\n", encoding="cp1252")
    result = invoke("explain", str(path), "--encoding", "cp1252", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["level"] is not None


# --- 7. Excel ------------------------------------------------------------------------------

def _workbook(path: Path, rows: list[list[Any]], sheet: str = "Staff",
              first_row: int = 0) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Cover").write_string(0, 0, "HR export")
    data = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            data.write(first_row + r, c, value)
    book.close()  # the first sheet is the cover: tests choose theirs with --sheet


def test_xlsx_reads_a_named_sheet_with_the_sheets_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "staff.xlsx"
    _workbook(path, [["Employee ID", "Degree", "Years of Experience"],
                     ["p-1", "associate", 6], ["p-2", "associate", "lots"]], first_row=2)
    result = evaluate(path, "--sheet", "Staff")
    assert result.exit_code == 1
    assert [r["profile_id"] for r in results(result)] == ["p-1"]
    assert f"{path}:5:" in result.stderr  # header on sheet row 3, p-2 on row 5
    missing = evaluate(path, "--sheet", "Nope")
    assert missing.exit_code == 2 and "'Cover', 'Staff'" in missing.stderr


def test_xlsx_output_has_people_outcomes_and_summary_sheets_formula_safe(
    tmp_path: Path,
) -> None:
    import python_calamine as calamine

    src = write(tmp_path, "in.csv", "id,name,degree,years_experience\n"
                                    "p-1,=HYPERLINK(\"x\"),associate,3\np-2,Bo,bachelor,5\n")
    out = tmp_path / "out.xlsx"
    result = invoke("evaluate", str(src), "-o", str(out), "--engine", "python", "-q")
    assert result.exit_code == 0, result.stderr
    book = calamine.CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["people", "outcomes", "summary"]
    people = book.get_sheet_by_name("people").to_python()
    assert people[1][:2] == ["p-1", "'=HYPERLINK(\"x\")"]
    outcomes = book.get_sheet_by_name("outcomes").to_python()
    assert outcomes[0][:3] == ["profile_id", "kind", "id"]
    assert len(outcomes) - 1 == 2 * len(results(evaluate(src))[0]["paths"]) + 2 * len(
        results(evaluate(src))[0]["certifications"])
    summary = book.get_sheet_by_name("summary").to_python()
    assert summary[-1][:2] == ["profiles", 2.0]


def test_without_the_excel_extra_the_message_names_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    path = tmp_path / "staff.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    result = evaluate(path)
    assert result.exit_code == 2
    assert 'pip install "bmet-rules[excel]"' in result.stderr
    src = write(tmp_path, "in.csv", CANONICAL)
    out = invoke("evaluate", str(src), "-o", str(tmp_path / "o.xlsx"))
    assert out.exit_code == 2 and 'pip install "bmet-rules[excel]"' in out.stderr
