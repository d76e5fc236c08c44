"""``bmet-rules check``: what it finds, where it says it is, and its exit codes."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bmet_rules.cli import cli
from bmet_rules.errors import Issue
from bmet_rules.hookspecs import hookimpl
from bmet_rules.lint import check, check_rulesets
from bmet_rules.plugins import get_plugin_manager

HEADER = """\
ruleset: demo
version: "1"
sources:
  s: {title: Demo source}
paths:
  a: {title: Path A, source: s}
  b: {title: Path B, source: s}
facts:
  band: {type: text}
rules:
"""


def write_ruleset(folder: Path, rules: str, header: str = HEADER, name: str = "demo.yaml") -> Path:
    """A ruleset file: the header (sources, paths, facts) followed by ``rules``."""
    path = folder / name
    path.write_text(header + textwrap.indent(textwrap.dedent(rules).strip() + "\n", "  "))
    return path


def rule(rule_id: str, when: str, then: str = "{path: a, route: r}", extra: str = "") -> str:
    """One rule in YAML; ``when`` is the YAML list under ``when:``."""
    body = textwrap.indent(textwrap.dedent(when).strip(), "    ")
    return (f"- id: {rule_id}\n  title: {rule_id}\n  source: s\n{extra}"
            f"  when:\n{body}\n  then: {then}\n")


ROUTE_B = rule("b-route", "- years_experience: {at_least: 0}", "{path: b, route: any}")


def issues_of(path: Path, code: str | None = None) -> list[Issue]:
    found = check_rulesets([path], standard=False)
    return [i for i in found if code is None or i.code == code]


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line containing ``text``."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


CONTRADICTIONS = [
    ("number", "years_experience", "- years_experience: {at_least: 5}",
     "- years_experience: {less_than: 3}"),
    ("ordered", "degree", "- degree: {at_least: bachelor}", "- degree: {at_most: associate}"),
    ("boolean", "military_bmet", "- military_bmet: {is: true}", "- military_bmet: {is: false}"),
    ("choice", "degree_field", "- degree_field: {equals: bmet}",
     "- degree_field: {equals: electronics}"),
    ("list", "certifications", "- certifications: {includes: CBET}",
     "- certifications: {includes_none: [CBET, CRES]}"),
    ("strict bound", "years_experience", "- years_experience: {more_than: 3}",
     "- years_experience: {at_most: 3}"),
    ("one_of/none_of", "degree_field", "- degree_field: {one_of: [bmet, it]}",
     "- degree_field: {none_of: [it, bmet]}"),
]


@pytest.mark.parametrize(("kind", "field", "first", "second"), CONTRADICTIONS,
                         ids=[c[0] for c in CONTRADICTIONS])
def test_each_contradiction_kind_is_an_error_with_file_line_rule_and_field(
    tmp_path: Path, kind: str, field: str, first: str, second: str
) -> None:
    path = write_ruleset(tmp_path, rule("never", f"{first}\n{second}") + ROUTE_B)
    found = issues_of(path, "unreachable")
    assert len(found) == 1, found
    issue = found[0]
    assert issue.severity == "error"
    assert issue.file == str(path) or Path(issue.file or "").resolve() == path.resolve()
    assert issue.line == line_of(path, second.lstrip("- "))
    assert issue.rule == "never"
    assert issue.field == field
    assert "can never fire" in issue.message
    assert f"line {line_of(path, first.lstrip('- '))}" in issue.message


SATISFIABLE = [
    ("- years_experience: {at_least: 2}", "- years_experience: {less_than: 5}"),
    ("- years_experience: {at_least: 3}", "- years_experience: {at_most: 3}"),
    ("- years_experience: {more_than: 2}", "- years_experience: {less_than: 3}"),
    ("- degree: {at_least: associate}", "- degree: {at_most: bachelor}"),
    ("- certifications: {includes: CBET}", "- certifications: {includes_none: [CRES]}"),
    ("- degree_field: {equals: bmet}", "- degree_field: {not_equals: it}"),
    ("- military_bmet: {is: true}", "- willing_to_travel: {is: false}"),
    ("- skills: {includes_any: [teaching, sales]}", "- skills: {includes_none: [teaching]}"),
]


@pytest.mark.parametrize(("first", "second"), SATISFIABLE)
def test_a_satisfiable_rule_is_not_flagged(tmp_path: Path, first: str, second: str) -> None:
    path = write_ruleset(tmp_path, rule("fine", f"{first}\n{second}") + ROUTE_B)
    assert issues_of(path) == []


def test_any_is_unreachable_only_when_every_alternative_contradicts(tmp_path: Path) -> None:
    both = """
    - any:
        - all: [{years_experience: {at_least: 5}}, {years_experience: {less_than: 3}}]
        - all: [{military_bmet: {is: true}}, {military_bmet: {is: false}}]
    """
    one = """
    - any:
        - all: [{years_experience: {at_least: 5}}, {years_experience: {less_than: 3}}]
        - degree: {at_least: bachelor}
    """
    dead = write_ruleset(tmp_path, rule("dead", both) + ROUTE_B, name="dead.yaml")
    found = issues_of(dead, "unreachable")
    assert [i.rule for i in found] == ["dead"]
    assert "each of its 2 alternatives" in found[0].message

    alive = write_ruleset(tmp_path, rule("alive", one) + ROUTE_B, name="alive.yaml")
    assert issues_of(alive, "unreachable") == []
    branch = issues_of(alive, "dead-branch")
    assert len(branch) == 1 and branch[0].severity == "warning"
    assert branch[0].rule == "alive" and branch[0].field == "years_experience"


def test_a_contradiction_through_not_is_found(tmp_path: Path) -> None:
    when = """
    - not: {years_experience: {at_least: 2}}
    - years_experience: {at_least: 5}
    """
    path = write_ruleset(tmp_path, rule("negated", when) + ROUTE_B)
    assert [i.rule for i in issues_of(path, "unreachable")] == ["negated"]


def test_a_contradiction_with_the_fields_own_range_is_found(tmp_path: Path) -> None:
    path = write_ruleset(tmp_path, rule("negative", "- years_experience: {less_than: 0}") + ROUTE_B)
    found = issues_of(path, "unreachable")
    assert len(found) == 1 and "never below 0" in found[0].message


def test_imaging_years_above_years_of_experience_is_unreachable(tmp_path: Path) -> None:
    when = "- imaging_years: {at_least: 5}\n- years_experience: {at_most: 4}"
    path = write_ruleset(tmp_path, rule("imaging", when) + ROUTE_B)
    found = issues_of(path, "unreachable")
    assert len(found) == 1 and found[0].field == "imaging_years"


def test_a_contradiction_through_a_parameter_names_the_parameter(tmp_path: Path) -> None:
    header = HEADER.replace("paths:", "parameters:\n  min_years: {value: 5, source: s}\npaths:")
    when = "- years_experience: {at_least: {param: min_years}}\n- years_experience: {less_than: 3}"
    path = write_ruleset(tmp_path, rule("param", when) + ROUTE_B, header=header)
    found = issues_of(path, "unreachable")
    assert len(found) == 1 and "parameter min_years" in found[0].message
    # The same rule is fine when an institution lowers the threshold.
    assert not [i for i in check_rulesets([path], standard=False, params={"min_years": 2})
                if i.code == "unreachable"]


def fact_rule(rule_id: str, when: str, value: str, priority: int | None = None) -> str:
    extra = f"  priority: {priority}\n" if priority is not None else ""
    return rule(rule_id, when, f"{{fact: band, value: {value}}}", extra)


def test_conflicting_fact_conclusions_with_equal_priority_warn(tmp_path: Path) -> None:
    rules = (fact_rule("senior", "- years_experience: {at_least: 2}", "senior")
             + fact_rule("junior", "- years_experience: {less_than: 5}", "junior")
             + rule("uses", "- band: {equals: senior}") + ROUTE_B)
    path = write_ruleset(tmp_path, rules)
    found = issues_of(path, "conflict")
    assert len(found) == 1
    issue = found[0]
    assert issue.severity == "warning"
    assert issue.rule == "junior" and issue.field == "band"
    assert issue.line == line_of(path, "id: junior")
    assert "'senior'" in issue.message and "priority" in issue.message


@pytest.mark.parametrize(
    ("second_when", "priority"),
    [("- years_experience: {less_than: 2}", None),  # exclusive conditions
     ("- years_experience: {less_than: 5}", 1)],    # a priority decides
    ids=["exclusive", "priority"],
)
def test_fact_conclusions_that_cannot_clash_do_not_warn(
    tmp_path: Path, second_when: str, priority: int | None
) -> None:
    rules = (fact_rule("senior", "- years_experience: {at_least: 2}", "senior")
             + fact_rule("junior", second_when, "junior", priority)
             + rule("uses", "- band: {equals: senior}") + ROUTE_B)
    assert issues_of(write_ruleset(tmp_path, rules), "conflict") == []


def test_a_path_or_advised_certification_no_rule_concludes_warns(tmp_path: Path) -> None:
    header = HEADER.replace(
        "facts:",
        "certifications:\n  CBET: {title: CBET, source: s}\n"
        "  CLES: {title: CLES, source: s, advised: false}\nfacts:",
    )
    path = write_ruleset(tmp_path, rule("only-a", "- years_experience: {at_least: 1}"), header)
    found = {i.field: i for i in issues_of(path, "no-route")}
    assert set(found) == {"path.b", "certification.CBET"}  # CLES is only ever held
    assert found["path.b"].line == line_of(path, "b: {title: Path B")
    assert found["path.b"].severity == "warning"


def test_unused_parameters_and_sources_warn(tmp_path: Path) -> None:
    header = HEADER.replace(
        "paths:",
        "  spare: {title: Never cited}\nparameters:\n  unused_years: {value: 3}\npaths:",
    )
    path = write_ruleset(tmp_path, rule("r", "- years_experience: {at_least: 1}") + ROUTE_B, header)
    params = issues_of(path, "unused-parameter")
    sources = issues_of(path, "unused-source")
    assert [(i.line, i.severity) for i in params] == [(line_of(path, "unused_years:"), "warning")]
    assert [(i.line, i.severity) for i in sources] == [(line_of(path, "spare:"), "warning")]


def test_a_requirement_that_contradicts_every_route_warns(tmp_path: Path) -> None:
    rules = (rule("a-degree", "- degree: {at_least: bachelor}")
             + rule("a-gate", "- degree: {at_most: associate}", "{requirement_for: [a]}")
             + rule("b-gate", "- degree: {at_least: associate}", "{requirement_for: [b]}")
             + ROUTE_B)
    path = write_ruleset(tmp_path, rules)
    found = issues_of(path, "requirement-blocks-target")
    assert [(i.rule, i.field, i.severity) for i in found] == [("a-gate", "path.a", "warning")]
    assert "a-degree" in found[0].message


def test_load_errors_from_several_files_are_all_collected(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("ruleset: broken\nversion: '1'\nrules: [\n")
    write_ruleset(tmp_path, rule("bad-op", "- years_experience: {at_leest: 2}") + ROUTE_B,
                  name="typo.yaml")
    found = check_rulesets([tmp_path], standard=False)
    by_file = {Path(i.file or "").name: i for i in found}
    assert by_file["broken.yaml"].code == "yaml" and by_file["broken.yaml"].line
    assert by_file["typo.yaml"].code == "unknown-operator"
    assert by_file["typo.yaml"].rule == "bad-op"
    assert by_file["typo.yaml"].field == "years_experience"


def test_a_compile_error_does_not_hide_contradictions_elsewhere(tmp_path: Path) -> None:
    rules = (rule("unknown-field", "- years_in_service: {at_least: 2}")
             + rule("never", "- military_bmet: {is: true}\n- military_bmet: {is: false}")
             + ROUTE_B)
    found = issues_of(write_ruleset(tmp_path, rules))
    assert {(i.code, i.rule) for i in found if i.severity == "error"} == {
        ("unknown-field", "unknown-field"), ("unreachable", "never")}
    # Rules were left out, so "path a has no route" would be a false alarm.
    assert not [i for i in found if i.code in ("no-route", "unused-source")]


def test_cycles_and_underived_facts_are_reported(tmp_path: Path) -> None:
    header = HEADER.replace("band: {type: text}", "band: {type: text}\n  tier: {type: text}")
    rules = (rule("band-from-tier", "- tier: {equals: x}", "{fact: band, value: y}")
             + rule("tier-from-band", "- band: {equals: y}", "{fact: tier, value: x}") + ROUTE_B)
    codes = {i.code for i in issues_of(write_ruleset(tmp_path, rules, header))}
    assert "cycle" in codes


class _BasePlugin:
    """A plugin registering a base ruleset folder, as the standard plugin does."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @hookimpl
    def register_rulesets(self, register: Any) -> None:
        register(self.folder)


def test_registered_rulesets_are_loaded_for_context_but_only_their_errors_reported(
    tmp_path: Path,
) -> None:
    base = tmp_path / "base"
    base.mkdir()
    base_header = HEADER.replace("paths:", "parameters:\n  spare: {value: 1}\npaths:")
    write_ruleset(base, rule("a-route", "- years_experience: {at_least: 1}") + ROUTE_B,
                  header=base_header)
    child = tmp_path / "child.yaml"
    child.write_text(textwrap.dedent("""\
        ruleset: child
        version: "1"
        sources:
          c: {title: Child source}
        rules:
          - id: gate-a
            title: A needs travel
            source: c
            when:
              - path.a: {equals: eligible}
              - willing_to_travel: {is: true}
            then: {requirement_for: [b]}
    """))
    pm = get_plugin_manager(entry_points=False, extra=[_BasePlugin(base)])

    report = check([child], standard=False, plugin_manager=pm)
    assert report.issues == []  # base's unused parameter is not the child author's concern
    assert report.rules == 1

    everything = check_rulesets([], standard=False, plugin_manager=pm)
    assert [i.code for i in everything] == ["unused-parameter"]
    # Naming the registered folder itself does not load it twice.
    again = check_rulesets([base], standard=False, plugin_manager=pm)
    assert [i.code for i in again] == ["unused-parameter"]


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    found = check_rulesets([tmp_path / "nope.yaml"], standard=False)
    assert [(i.code, i.severity) for i in found] == [("missing", "error")]


# --------------------------------------------------------------------------- the command


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_check_prints_one_line_per_issue_and_exits_2_on_errors(tmp_path: Path) -> None:
    path = write_ruleset(tmp_path, rule("never", "- degree: {at_least: bachelor}\n"
                                                 "- degree: {at_most: associate}") + ROUTE_B)
    result = run("check", "--no-standard", str(path))
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    line = line_of(path, "at_most: associate")
    assert lines[0].startswith(f"{path}:{line}: error: rule 'never': can never fire: ")
    assert lines[0].endswith(")")  # the hint
    assert lines[-1] == "1 ruleset file, 2 rules checked: 1 error, 0 warnings"


def test_check_exits_0_with_warnings_only(tmp_path: Path) -> None:
    path = write_ruleset(tmp_path, rule("only-a", "- years_experience: {at_least: 1}"))
    result = run("check", "--no-standard", str(path))
    assert result.exit_code == 0, result.output
    assert ": warning: path 'b' is declared, but no rule concludes it" in result.output
    assert result.output.strip().endswith("0 errors, 1 warning")


def test_check_of_a_clean_ruleset_says_so(tmp_path: Path) -> None:
    path = write_ruleset(tmp_path, rule("a-route", "- years_experience: {at_least: 1}") + ROUTE_B)
    result = run("check", "--no-standard", str(path))
    assert result.exit_code == 0
    assert result.output == "1 ruleset file, 2 rules checked: no problems found\n"


def test_check_json_lists_issues_and_counts(tmp_path: Path) -> None:
    rules = (rule("never", "- military_bmet: {is: true}\n- military_bmet: {is: false}"))
    path = write_ruleset(tmp_path, rules)
    result = run("check", "--no-standard", "--format", "json", str(path))
    assert result.exit_code == 2
    data = json.loads(result.output)
    assert data["errors"] == 1 and data["warnings"] == 1
    codes = {i["code"]: i for i in data["issues"]}
    assert set(codes) == {"unreachable", "no-route"}
    assert codes["unreachable"]["rule"] == "never"
    assert codes["unreachable"]["field"] == "military_bmet"
    assert codes["unreachable"]["line"] == line_of(path, "is: false")
    assert set(codes["unreachable"]) >= {"severity", "message", "file", "hint"}


def test_check_reports_a_yaml_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("ruleset: bad\nversion: '1'\nrules:\n  - id: x\n    title: [unclosed\n")
    result = run("check", "--no-standard", str(path))
    assert result.exit_code == 2
    assert result.output.startswith(f"{path}:") and ": error: not valid YAML" in result.output


def test_a_mistake_in_an_advice_section_is_found_by_check(tmp_path: Path) -> None:
    # (It surfaced only when ``explain`` built the advice model.)
    advice = "advice:\n  master_changes_field: {a: [science], nowhere: [science]}\n"
    header = HEADER.replace("rules:\n", advice + "rules:\n")
    path = write_ruleset(tmp_path, ROUTE_B + rule("a-route", "- years_experience: {at_least: 1}"),
                         header)  # fmt: skip
    (found,) = issues_of(path, "advice")
    assert found.severity == "error" and "nowhere" in found.message, found
    assert found.file == str(path) and found.line == line_of(path, "master_changes_field")
