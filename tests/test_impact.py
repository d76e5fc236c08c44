"""``bmet-rules impact``: who gains and who loses when the rules change, on a cohort where
the answer is known; deterministic, order-independent, the same on both engines."""

from __future__ import annotations

import csv
import io
import json
import random
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bmet_rules import load_rulesets
from bmet_rules.cli import cli
from bmet_rules.errors import EngineUnavailable
from bmet_rules.plugins import get_plugin_manager
from bmet_rules.report.impact import ImpactReport, compare

FSE = "field-service-engineer"
COLUMNS = ("id", "name", "degree", "degree_field", "years_experience", "willing_to_travel",
           "skills")
#: Field service asks: willing to travel, fse_min_years (default 2) years, customer
#: communication. Raised to 5, the two with 3 and 4.5 years lose it; the one with 6 keeps it.
#: Lowered to 1, the one with 1.5 years gains it.
COHORT = [
    ("k-1", "Three Years", "associate", "bmet", 3, "yes", "customer_communication"),
    ("k-2", "Six Years", "associate", "bmet", 6, "yes", "customer_communication"),
    ("k-3", "Stays Home", "associate", "bmet", 3, "no", "customer_communication"),
    ("k-4", "Four And Half", "bachelor", "engineering", 4.5, "yes", "customer_communication"),
    ("k-5", "Newcomer", "associate", "bmet", 1.5, "yes", "customer_communication"),
    ("k-6", "No Talk", "associate", "bmet", 8, "yes", "documentation"),
]


def records(rows: list[tuple[Any, ...]] = COHORT) -> list[dict[str, Any]]:
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]


def kbs(**new_params: Any) -> tuple[Any, Any]:
    pm = get_plugin_manager(entry_points=False)
    return load_rulesets(plugin_manager=pm), load_rulesets(params=new_params, plugin_manager=pm)


def run_compare(engine: str = "python", rows: list[dict[str, Any]] | None = None,
                **new_params: Any) -> ImpactReport:
    base, new = kbs(**new_params)
    report, errors = compare(rows if rows is not None else records(), base, new, engine=engine)
    assert not errors
    return report


def fse_changes(report: ImpactReport) -> dict[str, tuple[str, str, str | None]]:
    target = report.targets[("path", FSE)]
    return {c.profile_id: (c.before, c.after, c.rule) for c in target.changes}


def test_raising_fse_min_years_takes_field_service_from_exactly_those_below_it() -> None:
    report = run_compare(fse_min_years=5)
    changes = fse_changes(report)
    lost_eligibility = {pid for pid, (before, _, _) in changes.items() if before == "eligible"}
    assert lost_eligibility == {"k-1", "k-4"}
    assert "k-2" not in changes  # 6 years: still eligible
    assert all(rule == "fse-route-1" for _, _, rule in changes.values())
    target = report.targets[("path", FSE)]
    assert target.gains == 0 and target.losses == len(changes)
    assert report.gains == 0
    assert report.differences == ["parameter fse_min_years: 2 -> 5"]
    lost = next(c for c in target.changes if c.profile_id == "k-1")
    assert any("needs 5" in message for message, _ in lost.gaps)


def test_lowering_fse_min_years_opens_field_service_to_the_newcomer() -> None:
    report = run_compare(fse_min_years=1)
    changes = fse_changes(report)
    assert changes["k-5"][1] == "eligible" and changes["k-5"][2] == "fse-route-1"
    gained = {pid for pid, (_, after, _) in changes.items() if after == "eligible"}
    assert gained == {"k-5"}
    assert report.losses == 0


def test_identical_sides_change_nothing() -> None:
    report = run_compare()
    assert report.gains == report.losses == 0
    assert report.differences == []
    assert report.profiles == len(COHORT)


def test_the_report_does_not_depend_on_input_order() -> None:
    rows = records()
    shuffled = rows[:]
    random.Random(5).shuffle(shuffled)
    assert shuffled != rows
    first = run_compare(rows=rows, fse_min_years=5).to_dict()
    second = run_compare(rows=shuffled, fse_min_years=5).to_dict()
    assert first == second


def _durable_or_skip() -> None:
    from bmet_rules.engine import load_durable

    try:
        load_durable()
    except EngineUnavailable as exc:
        pytest.skip(f"durable-rules is not available here: {exc}")


def test_durable_engine_runs_both_sides_in_one_process_with_the_python_answer() -> None:
    """Two knowledge bases with the same ruleset names, both compiled into durable-rules in
    this process: the adapter names engine rulesets uniquely, so neither side clashes."""
    _durable_or_skip()
    durable = run_compare("durable", fse_min_years=5).to_dict()
    python = run_compare("python", fse_min_years=5).to_dict()
    assert durable == python
    assert durable["losses"] > 0
    again = run_compare("durable").to_dict()  # a third and fourth compile, same names
    assert again["gains"] == again["losses"] == 0


def impact(*args: str) -> Any:
    return CliRunner().invoke(cli, ["impact", *args], catch_exceptions=False)


@pytest.fixture()
def cohort_csv(tmp_path: Path) -> Path:
    path = tmp_path / "cohort.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows(COHORT)
        writer.writerow(("=HYPERLINK(1)", "<b>Evil</b>", "associate", "bmet", 3, "yes",
                         "customer_communication"))
    return path


def test_cli_json_reports_the_losses_with_their_rule(cohort_csv: Path) -> None:
    result = impact(str(cohort_csv), "--new-param", "fse_min_years=5", "-f", "json",
                    "--engine", "python", "-q")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    fse = next(t for t in data["targets"] if t["id"] == FSE)
    eligible_before = {c["profile_id"] for c in fse["changes"] if c["from"] == "eligible"}
    assert eligible_before == {"k-1", "k-4", "=HYPERLINK(1)"}
    assert {r["rule"] for r in fse["rules"]} == {"fse-route-1"}
    assert data["changed"]["params"] == {"fse_min_years": "5"}
    assert data["baseline"]["params"] == {}
    ids = [c["profile_id"] for c in fse["changes"]]
    assert ids == sorted(ids)


def test_cli_csv_is_one_row_per_change_and_formula_safe(cohort_csv: Path) -> None:
    result = impact(str(cohort_csv), "--new-param", "fse_min_years=5", "-f", "csv",
                    "--engine", "python", "-q")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(r["direction"] == "loss" for r in rows)
    assert "'=HYPERLINK(1)" in {r["profile_id"] for r in rows}


def test_cli_html_escapes_names_and_table_lists_people(cohort_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "impact.html"
    result = impact(str(cohort_csv), "--new-param", "fse_min_years=5", "-o", str(out),
                    "--engine", "python", "-q")
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<b>Evil</b>" not in page and "&lt;b&gt;Evil&lt;/b&gt;" in page
    assert "parameter fse_min_years: 2 -&gt; 5" in page
    table = impact(str(cohort_csv), "--new-param", "fse_min_years=5", "--engine", "python",
                   "-q").stdout
    assert "- k-1  eligible -> " in table and "fse-route-1" in table


def test_cli_new_plugin_changes_only_the_changed_side(
    cohort_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "stricter_fse.py").write_text(textwrap.dedent("""
        from bmet_rules.hookspecs import hookimpl

        @hookimpl
        def register_parameters(register):
            register("fse_min_years", 5)
    """), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    by_plugin = impact(str(cohort_csv), "--new-plugin", "stricter_fse", "-f", "json",
                       "--engine", "python", "-q")
    by_param = impact(str(cohort_csv), "--new-param", "fse_min_years=5", "-f", "json",
                      "--engine", "python", "-q")
    plugin_targets = json.loads(by_plugin.stdout)["targets"]
    param_targets = json.loads(by_param.stdout)["targets"]
    assert plugin_targets == param_targets
    assert json.loads(by_plugin.stdout)["changed"]["plugins"] == ["stricter_fse"]


def test_cli_new_rules_adds_a_path_people_gain(cohort_csv: Path, tmp_path: Path) -> None:
    rules = tmp_path / "local.yaml"
    rules.write_text(textwrap.dedent("""
        ruleset: local-paths
        version: "1.0"
        title: A local path
        description: One path for the test.
        sources:
          local: {title: The test, url: "https://example.org", read: 2026-11-29}
        paths:
          travel-desk: {title: Travel desk}
        rules:
          - id: travel-desk-route
            title: Travel desk for anyone who travels
            description: Anyone willing to travel.
            source: local
            when:
              all:
                - willing_to_travel: {is: true}
            then:
              path: travel-desk
              route: willing to travel
    """), encoding="utf-8")
    check = CliRunner().invoke(cli, ["check", str(rules)], catch_exceptions=False)
    if check.exit_code != 0:
        pytest.fail(f"the test's ruleset does not load: {check.output}")
    result = impact(str(cohort_csv), "--new-rules", str(rules), "-f", "json",
                    "--engine", "python", "-q")
    data = json.loads(result.stdout)
    desk = next(t for t in data["targets"] if t["id"] == "travel-desk")
    now_eligible = {c["profile_id"] for c in desk["changes"] if c["to"] == "eligible"}
    assert now_eligible == {"k-1", "k-2", "k-4", "k-5", "k-6", "=HYPERLINK(1)"}
    # k-3 declines travel: a stated preference is respected, so the new path is not even
    # near for them (absent and not eligible rank alike: no change).
    assert not [c for c in desk["changes"] if c["profile_id"] == "k-3"]
    assert desk["gains"] == 6 and desk["losses"] == 0
    assert "rule travel-desk-route only in the changed rules" in data["differences"]


def test_cli_bad_rows_are_reported_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,years_experience\nb-1,3\nb-2,-4\n", encoding="utf-8")
    result = impact(str(path), "--new-param", "fse_min_years=5", "--engine", "python")
    assert result.exit_code == 1
    assert "b-2" in result.stderr and "1 compared, 1 errors" in result.stderr


def test_new_as_of_compares_the_cbet_routes_before_and_after_acis_change(tmp_path: Path) -> None:
    # An electronics associate with 2 years: the 2015 routes ask 3 years of an electronics
    # degree; the current route (June 2025) asks 2 of any technology degree.
    staff = tmp_path / "staff.csv"
    staff.write_text(
        "id,degree,degree_field,years_experience,military_bmet,certifications\n"
        "e-1,associate,electronics,2.5,no,\n"
        "e-2,associate,electronics,3.5,no,\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        ["impact", str(staff), "--as-of", "2025-05-31", "--new-as-of", "2025-06-01",
         "-f", "json", "-q"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    text = json.dumps(data)
    assert "2025-05-31" in text and "2025-06-01" in text
    cbet = next(t for t in data["targets"] if t["kind"] == "certification" and t["id"] == "CBET")
    gained = {c["profile_id"]: c for c in cbet["changes"]}
    assert set(gained) == {"e-1"}  # e-2 is eligible under both
    assert (gained["e-1"]["from"], gained["e-1"]["to"]) == ("near", "eligible")
    assert gained["e-1"]["rule"] == "cbet-route-1"
