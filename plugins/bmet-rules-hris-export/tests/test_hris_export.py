"""The ``hris-csv`` format: fixed columns and codes, formula-safe cells, via API and CLI."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import bmet_rules_hris_export as hris
import pytest
from click.testing import CliRunner

from bmet_rules.api import evaluate, load_rulesets
from bmet_rules.cli import cli
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.plugins import get_plugin_manager
from bmet_rules.results import Result
from bmet_rules.streams import output_formats

PLUGIN = "bmet_rules_hris_export"
HEADER = ["EMPLOYEE_ID", "LEVEL", "PATH_ID", "PATH_STATUS", "GAP_COUNT", "NEXT_STEP"]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    """The standard rulesets."""
    return load_rulesets(plugin_manager=get_plugin_manager(entry_points=False))


def render(results: list[Result]) -> str:
    """The format's output for ``results``, through the registered format object."""
    fmt = output_formats(get_plugin_manager(entry_points=False, extra=[hris]))[hris.FORMAT_NAME]
    stream = io.StringIO(newline="")
    writer = fmt.open(stream)
    for result in results:
        writer.write(result)
    writer.close()
    return stream.getvalue()


def test_the_format_is_registered_under_its_name_with_the_plugin_as_origin() -> None:
    standard = output_formats(get_plugin_manager(entry_points=False))
    assert hris.FORMAT_NAME not in standard
    formats = output_formats(get_plugin_manager(entry_points=False, extra=[hris]))
    fmt = formats["hris-csv"]
    assert fmt.extension == ".csv"
    assert not fmt.binary
    assert fmt.origin == PLUGIN


def test_columns_are_fixed_and_there_is_one_row_per_path(kb: KnowledgeBase) -> None:
    results = [
        evaluate({"id": "e-100", "degree": "bachelor", "years_experience": 6,
                  "supervisory_years": 1}, kb),
        evaluate({"id": "e-101", "years_experience": 1}, kb),
    ]
    text = render(results)
    assert text.startswith("EMPLOYEE_ID,LEVEL,PATH_ID,PATH_STATUS,GAP_COUNT,NEXT_STEP\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == HEADER == list(hris.COLUMNS)
    body = rows[1:]
    assert len(body) == 2 * len(kb.paths)
    assert all(len(row) == len(HEADER) for row in body)
    assert [row[2] for row in body[: len(kb.paths)]] == list(kb.paths)
    by_path = {row[2]: row for row in body if row[0] == "e-100"}
    first = results[0]
    assert by_path["supervisor"][:5] == [
        "e-100", "BMET2", "supervisor", "ELIG", "0",
    ]
    assert first.path("supervisor").status == "eligible"
    assert by_path["supervisor"][5] == ""
    for outcome in first.paths:
        row = by_path[outcome.id]
        assert row[3] == hris.STATUS_CODES[outcome.status]
        assert row[4] == str(len(outcome.gaps))
        if outcome.status != "eligible":
            assert row[5], f"{outcome.id}: a path that is not open has a next step"


def test_status_and_level_codes_are_the_documented_ones() -> None:
    assert hris.STATUS_CODES == {
        "eligible": "ELIG", "near": "NEAR", "not_eligible": "INEL", "needs_info": "INFO"
    }
    assert [hris.level_code(x) for x in ("BMET I", "BMET II", "BMET III", "unassigned", None)] == [
        "BMET1", "BMET2", "BMET3", "NONE", "NONE",
    ]
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for code in [*hris.STATUS_CODES.values(), "BMET1", "BMET2", "BMET3", "NONE"]:
        assert f"`{code}`" in readme, f"{code} is not documented in README.md"
    for column in hris.COLUMNS:
        assert f"`{column}`" in readme, f"{column} is not documented in README.md"


def test_an_unknown_status_fails_loudly_instead_of_guessing(kb: KnowledgeBase) -> None:
    result = evaluate({"id": "e-1"}, kb)
    odd = dataclasses.replace(result.paths[0], status="maybe")
    with pytest.raises(ValueError, match="maybe"):
        hris.rows(dataclasses.replace(result, paths=(odd,)))


@pytest.mark.parametrize("dangerous", ["=1+2", "+SUM(A1)", "-2+3", "@cmd"])
def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(
    dangerous: str, kb: KnowledgeBase
) -> None:
    result = evaluate({"id": dangerous}, kb)
    rows = list(csv.reader(io.StringIO(render([result]), newline="")))[1:]
    assert {row[0] for row in rows} == {"'" + dangerous}
    assert hris.neutralise("e-1=2") == "e-1=2"  # only a leading character is dangerous
    # ids are stripped by the profile parser, so tab and carriage return are checked directly
    assert hris.neutralise("\t=1") == "'\t=1"
    assert hris.neutralise("\r=1") == "'\r=1"


def test_an_empty_batch_is_a_header_only_file() -> None:
    assert render([]) == ",".join(HEADER) + "\r\n"


def test_the_cli_writes_hris_csv_with_the_plugin(tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text(
        "id,degree,years_experience\n=HYPERLINK(1),bachelor,6\ne-2,associate,1\n", encoding="utf-8"
    )
    out = tmp_path / "hris.csv"
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--plugin", PLUGIN, "evaluate", str(staff), "-f", "hris-csv", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"EMPLOYEE_ID,LEVEL,PATH_ID,PATH_STATUS,GAP_COUNT,NEXT_STEP\r\n")
    assert b"\r\r\n" not in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert rows[0] == HEADER
    assert {row[0] for row in rows[1:]} == {"'=HYPERLINK(1)", "e-2"}
    assert {row[3] for row in rows[1:]} <= {"ELIG", "NEAR", "INEL", "INFO"}
    without = runner.invoke(cli, ["evaluate", str(staff), "-f", "hris-csv"])
    assert without.exit_code == 2
    assert "hris-csv" in without.stderr
