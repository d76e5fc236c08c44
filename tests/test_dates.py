"""The evaluation date: --as-of, as_of in results and the API, effective-dated rules, and the
checks on date ranges and source read dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from bmet_rules import evaluate, evaluate_many
from bmet_rules.casetest import parse_case_file, run_suite
from bmet_rules.cli import cli
from bmet_rules.dating import DatedRule, Effective, range_issues
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.lint import check_rulesets

from .records import complete

BMET_ASSOCIATE = complete(
    {"id": "a", "degree": "associate", "degree_field": "bmet", "years_experience": 2}
)
ELECTRONICS = complete(
    {"id": "e", "degree": "associate", "degree_field": "electronics", "years_experience": 2}
)

RULESET = """\
ruleset: dated
version: "1"
sources:
  s: {{title: "A source"}}
certifications:
  X: {{title: X, source: s}}
rules:
  - id: old
    title: old
    source: s
    effective_until: {old_until}
    when: [{{years_experience: {{at_least: 1}}}}]
    then: {{certification: X, route: old}}
  - id: new
    title: new
    source: s
    effective_from: {new_from}
    when: [{{years_experience: {{at_least: 2}}}}]
    then: {{certification: X, route: new}}
"""


def _ruleset(tmp_path: Path, old_until: str, new_from: str) -> Path:
    path = tmp_path / "dated.yaml"
    path.write_text(RULESET.format(old_until=old_until, new_from=new_from), encoding="utf-8")
    return path


def test_evaluate_as_of_2016_applies_the_2015_cbet_routes(standard_kb: KnowledgeBase) -> None:
    old = evaluate(BMET_ASSOCIATE, standard_kb, as_of="2016-01-01")
    new = evaluate(BMET_ASSOCIATE, standard_kb, as_of=dt.date(2026, 11, 29))
    assert old.certification("CBET").route_rule == "cbet-2015-route-1"
    assert new.certification("CBET").route_rule == "cbet-route-1"
    assert (old.as_of, new.as_of) == ("2016-01-01", "2026-11-29")
    # An electronics associate with 2 years: not yet under the 2015 routes (3 years), yes now.
    assert evaluate(ELECTRONICS, standard_kb, as_of="2025-05-31").certification(
        "CBET").status != "eligible"
    assert evaluate(ELECTRONICS, standard_kb, as_of="2025-06-01").certification(
        "CBET").status == "eligible"


def test_the_date_is_part_of_the_digest_when_it_changes_the_rules(
    standard_kb: KnowledgeBase,
) -> None:
    old = evaluate(BMET_ASSOCIATE, standard_kb, as_of="2016-01-01")
    new = evaluate(BMET_ASSOCIATE, standard_kb, as_of="2026-11-29")
    same_rules = evaluate(BMET_ASSOCIATE, standard_kb, as_of="2026-11-30")
    assert old.ruleset["digest"] != new.ruleset["digest"]
    assert new.ruleset["digest"] == same_rules.ruleset["digest"]


def test_evaluate_many_takes_as_of_and_every_result_shows_it(standard_kb: KnowledgeBase) -> None:
    results = list(evaluate_many([BMET_ASSOCIATE, ELECTRONICS], standard_kb, as_of="2016-01-01"))
    assert [r.to_dict()["as_of"] for r in results] == ["2016-01-01", "2016-01-01"]  # type: ignore[union-attr]


def test_cli_as_of_selects_the_rules_in_force(tmp_path: Path) -> None:
    csv = tmp_path / "p.csv"
    csv.write_text("id,degree,degree_field,years_experience\na,associate,bmet,2\n", "utf-8")
    runner = CliRunner()
    old = runner.invoke(cli, ["evaluate", str(csv), "-f", "jsonl", "--as-of", "2016-01-01", "-q"],
                        catch_exceptions=False)
    assert old.exit_code == 0, old.output
    data = json.loads(old.stdout.splitlines()[0])
    assert data["as_of"] == "2016-01-01"
    cbet = next(c for c in data["certifications"] if c["id"] == "CBET")
    assert cbet["route_rule"] == "cbet-2015-route-1"
    default = runner.invoke(cli, ["evaluate", str(csv), "-f", "jsonl", "-q"],
                            catch_exceptions=False)
    assert json.loads(default.stdout.splitlines()[0])["as_of"] == dt.date.today().isoformat()


def test_cli_rejects_a_bad_as_of_with_a_usage_error(tmp_path: Path) -> None:
    csv = tmp_path / "p.csv"
    csv.write_text("id\na\n", "utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(csv), "--as-of", "29/11/2026"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_explain_and_advise_take_as_of(tmp_path: Path) -> None:
    csv = tmp_path / "p.csv"
    csv.write_text("id,degree,degree_field,years_experience\na,associate,bmet,2\n", "utf-8")
    runner = CliRunner()
    explained = runner.invoke(cli, ["explain", str(csv), "--format", "json", "--as-of",
                                    "2016-01-01"], catch_exceptions=False)
    assert json.loads(explained.stdout)["as_of"] == "2016-01-01"
    advised = runner.invoke(cli, ["advise", "--no-input", "--format", "json", "--as-of",
                                  "2016-01-01", "--set", "degree=associate"],
                            catch_exceptions=False)
    assert json.loads(advised.stdout)["as_of"] == "2016-01-01"


def test_rules_abutting_on_one_date_check_clean(tmp_path: Path) -> None:
    path = _ruleset(tmp_path, "2025-06-01", "2025-06-01")
    codes = [i.code for i in check_rulesets([path], standard=False)]
    assert "date-overlap" not in codes and "date-gap" not in codes


def test_check_reports_overlapping_date_ranges(tmp_path: Path) -> None:
    path = _ruleset(tmp_path, "2025-07-01", "2025-06-01")
    issues = [i for i in check_rulesets([path], standard=False) if i.code == "date-overlap"]
    assert len(issues) == 1
    assert issues[0].rule == "new" and "overlaps rule 'old'" in issues[0].message


def test_check_reports_gapped_date_ranges(tmp_path: Path) -> None:
    path = _ruleset(tmp_path, "2025-05-01", "2025-06-01")
    issues = [i for i in check_rulesets([path], standard=False) if i.code == "date-gap"]
    assert len(issues) == 1 and "leaves a gap" in issues[0].message


def test_an_empty_or_malformed_date_range_is_a_load_error(tmp_path: Path) -> None:
    path = _ruleset(tmp_path, "2025-06-01", "2025-06-01").read_text("utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(path.replace("effective_from: 2025-06-01",
                                "effective_from: 2025-06-01\n    effective_until: 2025-01-01"),
                   "utf-8")
    errors = [i for i in check_rulesets([bad], standard=False) if i.severity == "error"]
    assert any(i.field == "effective_until" and i.rule == "new" for i in errors), errors
    typo = tmp_path / "typo.yaml"
    typo.write_text(path.replace("effective_from: 2025-06-01", "effective_from: June 2025"),
                    "utf-8")
    errors = [i for i in check_rulesets([typo], standard=False) if i.severity == "error"]
    assert any(i.field == "effective_from" and "YYYY-MM-DD" in str(i) for i in errors), errors


def test_a_ruleset_level_range_bounds_every_rule(tmp_path: Path) -> None:
    text = _ruleset(tmp_path, "2025-06-01", "2025-06-01").read_text("utf-8")
    path = tmp_path / "bounded.yaml"
    path.write_text(text.replace('version: "1"', 'version: "1"\neffective_until: 2030-01-01'),
                    "utf-8")
    from bmet_rules.ruleset import load_ruleset_file

    rules = {r.id: r for r in load_ruleset_file(path).rules}
    assert rules["new"].effective == Effective(dt.date(2025, 6, 1), dt.date(2030, 1, 1))
    assert rules["old"].effective.end == dt.date(2025, 6, 1)


def test_range_issues_merge_rules_of_one_era() -> None:
    era = Effective(None, dt.date(2025, 6, 1))
    rules = [
        DatedRule("a", "certification X", era),
        DatedRule("b", "certification X", era),
        DatedRule("c", "certification X", Effective(dt.date(2025, 6, 1), None)),
        DatedRule("d", "certification Y", Effective(dt.date(2020, 1, 1), None)),
    ]
    assert range_issues(rules) == []


def test_a_cited_url_needs_a_read_date(tmp_path: Path) -> None:
    text = _ruleset(tmp_path, "2025-06-01", "2025-06-01").read_text("utf-8")
    path = tmp_path / "cited.yaml"
    path.write_text(text.replace('s: {title: "A source"}',
                                 's: {title: "A source", url: "https://example.org/x"}'), "utf-8")
    errors = [i for i in check_rulesets([path], standard=False) if i.code == "source-read"]
    assert len(errors) == 1 and errors[0].severity == "error" and errors[0].line
    for read, ok in (("2026-11-29", True), ("2026-11", True), ("2026-13", False),
                     ("last week", False)):
        path.write_text(text.replace(
            's: {title: "A source"}',
            f's: {{title: "A source", url: "https://example.org/x", read: "{read}"}}'), "utf-8")
        found = [i for i in check_rulesets([path], standard=False) if i.code == "source-read"]
        assert (found == []) is ok, (read, found)


def test_test_cases_take_a_suite_and_a_case_as_of(tmp_path: Path) -> None:
    rules = _ruleset(tmp_path, "2025-06-01", "2025-06-01")
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "dated.yaml").write_text(
        "as_of: 2026-01-01\n"
        "cases:\n"
        "  - name: suite date, new rule\n"
        "    profile: {years_experience: 1.5}\n"
        "    expect: {not_fired: [new, old]}\n"
        "  - name: case date, old rule\n"
        "    as_of: 2020-01-01\n"
        "    profile: {years_experience: 1.5}\n"
        "    expect: {fired: [old], certifications: {X: {status: eligible, route: old}}}\n",
        "utf-8",
    )
    report = run_suite([rules.parent], standard=False, engine="python")
    assert (report.passed, report.failed, report.errors) == (2, 0, 0)
    assert report.coverage == 50.0  # `new` never fires in these two cases


def test_a_fired_rule_not_in_force_on_the_case_date_is_named(tmp_path: Path) -> None:
    rules = _ruleset(tmp_path, "2025-06-01", "2025-06-01")
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "dated.yaml").write_text(
        "cases:\n"
        "  - name: old rule today\n"
        "    as_of: 2026-01-01\n"
        "    profile: {years_experience: 3}\n"
        "    expect: {fired: [old]}\n",
        "utf-8",
    )
    report = run_suite([rules.parent], standard=False, engine="python")
    assert report.errors == 1
    assert "not in force on 2026-01-01" in report.results[0].error  # type: ignore[operator]


def test_a_malformed_case_date_is_a_file_issue(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("cases:\n  - name: c\n    as_of: soon\n    expect: {level: BMET I}\n", "utf-8")
    _, issues = parse_case_file(path)
    assert any("as_of" in i.message for i in issues)


def test_rules_lists_the_rules_in_force_on_a_date_with_their_dates() -> None:
    runner = CliRunner()
    old = runner.invoke(cli, ["rules", "--format", "json", "--as-of", "2016-01-01"],
                        catch_exceptions=False)
    now = runner.invoke(cli, ["rules", "--format", "json", "--as-of", "2026-11-29"],
                        catch_exceptions=False)

    def entries(output: str) -> dict[str, dict[str, object]]:
        return {r["id"]: r for rs in json.loads(output) for r in rs["rules"]}

    old_rules, new_rules = entries(old.stdout), entries(now.stdout)
    assert old_rules["cbet-2015-route-1"]["effective_until"] == "2025-06-01"
    assert "cbet-route-1" not in old_rules and "cbet-2015-route-1" not in new_rules
    assert new_rules["cbet-route-1"]["effective_from"] == "2025-06-01"
    assert new_rules["cbet-route-2"]["effective_from"] is None
