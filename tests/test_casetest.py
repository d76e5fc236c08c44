"""``bmet-rules test``: discovery, comparison, diffs, coverage, output formats, exit codes."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bmet_rules.casetest import CaseFileError, run_suite
from bmet_rules.cli import cli
from bmet_rules.errors import RulesetError
from bmet_rules.lint import check_rulesets

from .engines import needs_durable

RULESETS = Path(__file__).resolve().parents[1] / "rulesets"

DEMO = """\
ruleset: demo
version: "1"
sources:
  s: {title: Demo source}
parameters:
  cbet_years: {value: 2, source: s}
paths:
  bench-lead: {title: Bench lead, source: s}
certifications:
  CBET: {title: Certified BMET, source: s}
rules:
  - id: level-one
    title: BMET I after a year
    source: s
    when:
      - years_experience: {at_least: 1}
    then: {level: "BMET I"}
  - id: cbet-experience
    title: CBET by experience
    source: s
    when:
      - years_experience: {at_least: {param: cbet_years}}
    then: {certification: CBET, route: "2 years of experience"}
  - id: lead-by-cbet
    title: Bench lead by CBET and teaching
    source: s
    when:
      - certification.CBET: {one_of: [held, eligible]}
      - skills: {includes: teaching}
    then: {path: bench-lead, route: "CBET + teaching"}
"""

PASSING = """\
bases:
  two-years: {years_experience: 2}
cases:
  - name: two years gives CBET and BMET I
    base: two-years
    expect:
      level: BMET I
      certifications:
        CBET: {status: eligible, route: "2 years of experience"}
      paths:
        bench-lead: {status: not_eligible, gaps: [skills]}
      fired: [level-one, cbet-experience]
      not_fired: [lead-by-cbet]
  - name: a teacher with CBET leads the bench
    base: two-years
    profile: {skills: [teaching]}
    expect:
      paths:
        bench-lead: {status: eligible, route: lead-by-cbet, gaps: []}
      fired: [lead-by-cbet]
"""


def make_suite(root: Path, cases: str = PASSING, rules: str = DEMO, name: str = "demo") -> Path:
    """``root/rules/NAME.yaml`` and ``root/rules/tests/NAME.yaml``; returns the folder."""
    folder = root / "rules"
    (folder / "tests").mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(rules)
    (folder / "tests" / f"{name}.yaml").write_text(textwrap.dedent(cases))
    return folder


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_a_passing_suite_prints_pass_lines_and_exits_0(tmp_path: Path) -> None:
    folder = make_suite(tmp_path)
    result = run("test", "--no-standard", str(folder))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "PASS  two years gives CBET and BMET I" in lines
    assert "PASS  a teacher with CBET leads the bench" in lines
    assert "2 passed, 0 failed" in lines
    assert "coverage: 100.0% of rules fired in some case (3 of 3)" in lines


def test_a_failing_case_shows_expected_and_actual(tmp_path: Path) -> None:
    cases = """\
    cases:
      - name: one year is not enough
        profile: {years_experience: 1, skills: [teaching]}
        expect:
          level: BMET II
          certifications:
            CBET: eligible
          fired: [cbet-experience]
          not_fired: [level-one]
    """
    folder = make_suite(tmp_path, cases)
    result = run("test", "--no-standard", str(folder))
    assert result.exit_code == 1
    out = result.output
    case_line = 2
    assert f"FAIL  one year is not enough  ({folder / 'tests' / 'demo.yaml'}:{case_line})" in out
    assert "level: expected BMET II, got BMET I" in out
    assert "set by level-one" in out
    # near is reported as such, with the gap that keeps the CBET closed
    assert "certifications.CBET.status: expected eligible, got near" in out
    assert 'nearest route: "2 years of experience" (cbet-experience)' in out
    assert "gap: 1 more year of full-time BMET/HTM experience (has 1, needs 2)" in out
    assert "fired: expected cbet-experience to fire; it did not" in out
    assert "unmet: 1 more year" in out
    assert "not_fired: expected level-one not to fire; it fired" in out
    assert "because: has 1 years of full-time BMET/HTM experience (needs at least 1)" in out
    assert "0 passed, 1 failed" in out


def test_not_eligible_accepts_near_but_near_does_not_accept_not_eligible(tmp_path: Path) -> None:
    cases = """\
    cases:
      - name: one year short is near, which is not eligible
        profile: {years_experience: 1}
        expect: {certifications: {CBET: not_eligible}}
      - name: one year short is near
        profile: {years_experience: 1}
        expect: {certifications: {CBET: near}}
      - name: no experience is far, not near
        profile: {years_experience: 0, degree: none}
        params: {near_years: 1}
        expect: {certifications: {CBET: near}}
    """
    report = run_suite([make_suite(tmp_path, cases)], standard=False)
    assert [r.status for r in report.results] == ["pass", "pass", "fail"]
    assert report.results[2].diff()[0] == (
        "certifications.CBET.status: expected near, got not_eligible")


def test_params_per_case_change_the_outcome(tmp_path: Path) -> None:
    cases = """\
    cases:
      - name: default threshold of 2 years
        profile: {years_experience: 3}
        expect: {certifications: {CBET: eligible}}
      - name: an institution asking for 4 years
        profile: {years_experience: 3}
        params: {cbet_years: 4}
        expect: {certifications: {CBET: not_eligible}, not_fired: [cbet-experience]}
      - name: an unknown parameter is an error of that case
        profile: {years_experience: 3}
        params: {cbet_yeers: 4}
        expect: {certifications: {CBET: eligible}}
    """
    report = run_suite([make_suite(tmp_path, cases)], standard=False)
    assert [r.status for r in report.results] == ["pass", "pass", "error"]
    assert "no parameter called 'cbet_yeers'" in (report.results[2].error or "")


def test_names_the_rulesets_do_not_define_make_the_case_an_error(tmp_path: Path) -> None:
    cases = """\
    cases:
      - name: typo in a rule id
        profile: {years_experience: 3}
        expect: {not_fired: [cbet-experiance]}
      - name: typo in a path id
        expect: {paths: {bench-leed: not_eligible}}
      - name: typo in a profile field
        profile: {year_experience: 3}
        expect: {level: unassigned}
      - name: a bad profile value
        profile: {years_experience: lots}
        expect: {level: unassigned}
      - name: typo in a gap field
        expect: {paths: {bench-lead: {gaps: [skils]}}}
    """
    folder = make_suite(tmp_path, cases)
    report = run_suite([folder], standard=False)
    errors = [r.error or "" for r in report.results]
    assert [r.status for r in report.results] == ["error"] * 5
    assert "no rule called cbet-experiance" in errors[0]
    assert "no path called 'bench-leed'" in errors[1]
    assert "unknown profile field(s): year_experience" in errors[2]
    assert "years_experience = 'lots'" in errors[3]
    assert "no field called 'skils'" in errors[4]
    result = run("test", "--no-standard", str(folder))
    assert result.exit_code == 1
    assert "ERROR typo in a rule id" in result.output
    assert "0 passed, 0 failed, 5 errors" in result.output


def test_gaps_and_route_are_compared(tmp_path: Path) -> None:
    cases = """\
    cases:
      - name: wrong gap field
        profile: {years_experience: 2}
        expect: {paths: {bench-lead: {gaps: [certification.CBET]}}}
      - name: expects no gaps but there are
        profile: {years_experience: 2}
        expect: {paths: {bench-lead: {gaps: []}}}
      - name: wrong route
        profile: {years_experience: 2}
        expect: {certifications: {CBET: {route: "a degree"}}}
      - name: a held certification
        profile: {certifications: [CBET], skills: [teaching]}
        expect: {certifications: {CBET: held}, paths: {bench-lead: eligible}}
    """
    report = run_suite([make_suite(tmp_path, cases)], standard=False)
    assert [r.status for r in report.results] == ["fail", "fail", "fail", "pass"]
    assert report.results[0].diff()[0] == (
        "paths.bench-lead.gaps: expected gaps on certification.CBET, got gaps on skills")
    assert report.results[1].diff()[0] == (
        "paths.bench-lead.gaps: expected no gaps, got gaps on skills")
    assert report.results[2].diff()[0] == (
        'certifications.CBET.route: expected "a degree", '
        'got "2 years of experience" (cbet-experience)')


def test_an_empty_suite_fails(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "demo.yaml").write_text(DEMO)
    report = run_suite([folder], standard=False)
    assert report.empty and not report.ok()
    result = run("test", "--no-standard", str(folder))
    assert result.exit_code == 1
    assert f"no test cases found (looked in {folder / 'tests'}/*.yaml)" in result.output


def test_a_file_with_no_cases_is_an_empty_suite(tmp_path: Path) -> None:
    folder = make_suite(tmp_path, "cases: []\n")
    result = run("test", "--no-standard", str(folder))
    assert result.exit_code == 1 and "no test cases found" in result.output


def test_coverage_lists_the_rules_no_case_fired(tmp_path: Path) -> None:
    cases = """\
    cases:
      - name: one year
        profile: {years_experience: 1}
        expect: {level: BMET I}
    """
    folder = make_suite(tmp_path, cases)
    report = run_suite([folder], standard=False)
    assert report.ok()
    assert [r.id for r in report.unfired] == ["cbet-experience", "lead-by-cbet"]
    assert report.coverage == pytest.approx(100 / 3)
    result = run("test", "--no-standard", str(folder))
    assert result.exit_code == 0
    ruleset = folder / "demo.yaml"
    assert "coverage: 33.3% of rules fired in some case (1 of 3); never fired:" in result.output
    lines = ruleset.read_text().splitlines()
    cbet_line = lines.index("  - id: cbet-experience") + 1
    lead_line = lines.index("  - id: lead-by-cbet") + 1
    assert f"  {ruleset}:{cbet_line}: cbet-experience (CBET by experience)" in result.output
    assert (f"  {ruleset}:{lead_line}: lead-by-cbet (Bench lead by CBET and teaching)"
            in result.output)

    below = run("test", "--no-standard", "--fail-under", "50", str(folder))
    assert below.exit_code == 1
    assert "coverage 33.3% is below --fail-under 50%" in below.output
    assert run("test", "--no-standard", "--fail-under", "30", str(folder)).exit_code == 0
    quiet = run("test", "--no-standard", "--no-coverage", str(folder))
    assert "coverage" not in quiet.output


def test_junit_xml_is_well_formed_and_counts_failures(tmp_path: Path) -> None:
    cases = """\
    cases:
      - name: passes
        profile: {years_experience: 1}
        expect: {level: BMET I}
      - name: fails <on purpose> & loudly
        profile: {years_experience: 1}
        expect: {level: BMET III}
      - name: errors
        expect: {fired: [no-such-rule]}
    """
    folder = make_suite(tmp_path, cases)
    xml_file = tmp_path / "out" / "results.xml"
    xml_file.parent.mkdir()
    result = run("test", "--no-standard", "--junit-xml", str(xml_file), str(folder))
    assert result.exit_code == 1
    root = ET.parse(xml_file).getroot()
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    suite = root.find("testsuite")
    assert suite is not None and suite.get("failures") == "1"
    cases_by_name = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases_by_name) == {"passes", "fails <on purpose> & loudly", "errors"}
    failure = cases_by_name["fails <on purpose> & loudly"].find("failure")
    assert failure is not None and "level: expected BMET III, got BMET I" in (failure.text or "")
    assert cases_by_name["errors"].find("error") is not None
    assert cases_by_name["passes"].find("failure") is None


def test_json_output(tmp_path: Path) -> None:
    cases = """\
    cases:
      - name: passes
        profile: {years_experience: 1}
        expect: {level: BMET I}
      - name: fails
        profile: {years_experience: 1}
        expect: {level: BMET II}
    """
    result = run("test", "--no-standard", "--format", "json", str(make_suite(tmp_path, cases)))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert (data["passed"], data["failed"], data["errors"], data["ok"]) == (1, 1, 0, False)
    failed = data["cases"][1]
    assert failed["status"] == "fail" and failed["line"] == 5
    assert failed["mismatches"][0]["expected"] == "BMET II"
    assert failed["mismatches"][0]["actual"] == "BMET I"
    assert data["coverage"]["rules"] == 3 and data["coverage"]["fired"] == 1
    assert [u["rule"] for u in data["coverage"]["unfired"]] == ["cbet-experience", "lead-by-cbet"]


def test_a_malformed_test_file_stops_the_run_naming_file_and_line(tmp_path: Path) -> None:
    cases = """\
    cases:
      - name: fine
        expect: {level: unassigned}
      - name: unknown base
        base: nobody
        expect: {level: unassigned}
      - name: bad expect key
        expect: {levle: BMET I}
      - name: fine
        expect: {level: unassigned}
    """
    folder = make_suite(tmp_path, cases)
    with pytest.raises(CaseFileError) as caught:
        run_suite([folder], standard=False)
    found = [(i.line, i.message) for i in caught.value.issues]
    test_file = str(folder / "tests" / "demo.yaml")
    assert {i.file for i in caught.value.issues} == {test_file}
    assert found == [
        (5, "case 'unknown base': no base called 'nobody'"),
        (8, "case 'bad expect key': unknown key 'levle' in `expect:`"),
        (9, "two cases are called 'fine' (first at line 2)"),
    ]
    result = run("test", "--no-standard", str(folder))
    assert result.exit_code == 2
    assert f"{test_file}:5:" in result.output


def test_a_ruleset_error_exits_2(tmp_path: Path) -> None:
    folder = make_suite(tmp_path, rules=DEMO.replace("at_least: 1", "at_least: one"))
    with pytest.raises(RulesetError):
        run_suite([folder], standard=False)
    result = run("test", "--no-standard", str(folder))
    assert result.exit_code == 2
    assert "years_experience is a number" in result.output


def test_a_test_file_can_be_named_directly(tmp_path: Path) -> None:
    folder = make_suite(tmp_path)
    (folder / "other.yaml").write_text(DEMO.replace("ruleset: demo", "ruleset: other")
                                       .replace("id: ", "id: other-")
                                       .replace("bench-lead", "mentor")
                                       .replace("CBET", "CRES").replace("cbet_years", "cres_years"))
    report = run_suite([folder / "tests" / "demo.yaml"], standard=False)
    assert report.ok() and report.passed == 2
    # Coverage counts the ruleset the test file is named after, not its neighbours.
    assert {r.id for r in report.rules} == {"level-one", "cbet-experience", "lead-by-cbet"}


@pytest.mark.parametrize("engine", ["python", pytest.param("durable", marks=needs_durable)])
def test_both_engines_run_the_same_suite(tmp_path: Path, engine: str) -> None:
    report = run_suite([make_suite(tmp_path)], standard=False, engine=engine)
    assert report.ok() and report.passed == 2 and report.coverage == 100.0


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    result = run("test", "--no-standard", str(tmp_path / "nope"))
    assert result.exit_code == 2 and "no such file or folder" in result.output


def test_the_standard_rulesets_check_clean_pass_every_case_and_fire_every_rule() -> None:
    """Acceptance: the knowledge base ships with a clean check, green tests, full coverage."""
    errors = [i for i in check_rulesets([RULESETS]) if i.severity == "error"]
    assert errors == [], "\n".join(map(str, errors))
    report = run_suite([RULESETS])
    assert not report.empty
    assert report.ok(fail_under=100), report.format_text(quiet=True)
    check_run = run("check", str(RULESETS))
    assert check_run.exit_code == 0, check_run.output
    test_run = run("test", "--fail-under", "100", "-q", str(RULESETS))
    assert test_run.exit_code == 0, test_run.output


def test_a_tests_folder_can_be_named_directly(tmp_path: Path) -> None:
    folder = make_suite(tmp_path)
    report = run_suite([folder / "tests"], standard=False)
    assert report.ok() and report.passed == 2
    assert {r.id for r in report.rules} == {"level-one", "cbet-experience", "lead-by-cbet"}
