"""Hostile or runaway rulesets are load errors with file and line, never a crash or a flood.

Nesting, list lengths, tests per rule and YAML alias expansion are bounded when a ruleset is
read (bmet_rules/limits.py); values echoed in messages are cut; a rule the durable-rules core
cannot hold is a `check` warning, runs on the Python evaluator under `--engine auto`, and is
refused by name under `--engine durable`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from bmet_rules.cli import cli
from bmet_rules.limits import (
    MAX_ALIAS_EXPANSION,
    MAX_CONDITION_DEPTH,
    MAX_ECHO,
    MAX_LIST_VALUES,
    MAX_MESSAGE,
    MAX_TESTS_PER_RULE,
    shown,
)

HEADER = """\
ruleset: demo
version: "1"
sources:
  s: {title: A source}
paths:
  supervisor: {title: Supervisor}
rules:
  - id: r1
    title: T
    source: s
    then: {path: supervisor, route: by the rule}
"""
LEAF = "{years_experience: {at_least: 1}}"


def ruleset(tmp_path: Path, when: str, name: str = "demo.yaml") -> Path:
    """A one-rule ruleset whose `when:` is ``when`` (a YAML text, flow style or a block)."""
    path = tmp_path / name
    block = when if when.startswith("\n") else " " + when
    path.write_text(HEADER + f"    when:{block}\n", encoding="utf-8")
    return path


def nested(kind: str, depth: int) -> str:
    if kind == "not":
        return "{not: " * depth + LEAF + "}" * depth
    return ("{" + kind + ": [") * depth + LEAF + "]}" * depth


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def profiles(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("id,years_experience\nnew,0\nold,3\n", encoding="utf-8")
    return path


def when_line(path: Path) -> int:
    return path.read_text().splitlines().index(next(
        line for line in path.read_text().splitlines() if line.lstrip().startswith("when:")
    )) + 1


def no_crash(output: str) -> None:
    assert "Traceback" not in output and "RecursionError" not in output, output[-2000:]


# --------------------------------------------------------------------------- nesting


def test_nesting_hundreds_deep_is_a_load_error_in_check_and_evaluate(tmp_path: Path) -> None:
    path = ruleset(tmp_path, nested("all", 250))
    checked = run("check", "--no-standard", str(path))
    no_crash(checked.output)
    assert checked.exit_code == 2
    assert f"{path}:{when_line(path)}: error: " in checked.output
    assert "nested more than" in checked.output
    evaluated = run("evaluate", str(profiles(tmp_path)), "--no-standard", "--rules", str(path))
    no_crash(evaluated.output)
    assert evaluated.exit_code == 2
    assert "nested more than" in evaluated.output


def test_not_nested_past_the_depth_limit_is_refused_naming_the_rule(tmp_path: Path) -> None:
    path = ruleset(tmp_path, nested("not", MAX_CONDITION_DEPTH + 1))
    result = run("check", "--no-standard", str(path))
    assert result.exit_code == 2, result.output
    assert f"{path}:{when_line(path)}: error: rule 'r1': all/any/not are nested more than " \
           f"{MAX_CONDITION_DEPTH} deep" in result.output


def test_conditions_at_the_depth_limit_load_and_evaluate_correctly(tmp_path: Path) -> None:
    # An even number of `not`s is the test itself: only the experienced person qualifies.
    for kind in ("not", "all", "any"):
        path = ruleset(tmp_path, nested(kind, MAX_CONDITION_DEPTH), name=f"{kind}.yaml")
        checked = run("check", "--no-standard", str(path))
        assert checked.exit_code == 0, checked.output
        result = run("evaluate", str(profiles(tmp_path)), "--no-standard", "--rules", str(path),
                     "--engine", "python", "-f", "jsonl", "-q")
        assert result.exit_code == 0, result.output
        status = {r["profile_id"]: r["paths"][0]["status"]
                  for r in map(json.loads, result.stdout.splitlines())}
        assert status["old"] == "eligible"
        assert status["new"] != "eligible"


def test_a_list_longer_than_the_limit_is_a_load_error(tmp_path: Path) -> None:
    values = ", ".join(f"s{i}" for i in range(MAX_LIST_VALUES + 1))
    path = ruleset(tmp_path, "{skills: {includes_any: [" + values + "]}}")
    result = run("check", "--no-standard", str(path))
    assert result.exit_code == 2, result.output
    assert f"`includes_any` lists {MAX_LIST_VALUES + 1} values; at most {MAX_LIST_VALUES}" \
        in result.output
    assert f"{path}:{when_line(path)}:" in result.output


def test_a_rule_with_more_tests_than_the_limit_is_a_load_error(tmp_path: Path) -> None:
    tests = ", ".join(f"{{years_experience: {{at_most: {i + 1}}}}}"
                      for i in range(MAX_TESTS_PER_RULE + 1))
    path = ruleset(tmp_path, "{any: [" + tests + "]}")
    result = run("check", "--no-standard", str(path))
    assert result.exit_code == 2, result.output
    assert f"holds {MAX_TESTS_PER_RULE + 1} field tests; at most {MAX_TESTS_PER_RULE}" \
        in result.output


# --------------------------------------------------------------------------- aliases


def alias_bomb(levels: int) -> str:
    lines = ["", "      skills:", "        includes_any:",
             "          - &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        lines.append(f"          - &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines)


def test_an_alias_bomb_in_a_condition_value_is_refused_at_load_with_its_line(
    tmp_path: Path,
) -> None:
    # 9 ** 6 = 531,441 values from about 350 bytes; before the budget `check` echoed them all.
    path = ruleset(tmp_path, alias_bomb(6))
    result = run("check", "--no-standard", str(path))
    assert result.exit_code == 2, result.output[:2000]
    assert len(result.output) < 2000
    assert f"expand this file by more than {MAX_ALIAS_EXPANSION:,} values" in result.output
    # The budget runs out at the first alias of the fifth level (9 ** 4 = 6,561 values each).
    lines = path.read_text().splitlines()
    first = next(i for i, line in enumerate(lines, 1) if "&a4 [*a3" in line)
    assert f"{path}:{first}: error: " in result.output


def test_an_alias_that_contains_itself_is_refused(tmp_path: Path) -> None:
    path = ruleset(tmp_path, "\n      skills:\n        includes_any: &loop [x, *loop]")
    result = run("check", "--no-standard", str(path))
    assert result.exit_code == 2, result.output[:2000]
    assert "alias *loop refers to a value that contains it" in result.output


def test_a_few_aliases_for_shared_values_still_load(tmp_path: Path) -> None:
    path = ruleset(tmp_path, (
        "\n      any:"
        "\n        - degree_field: {one_of: &technical [bmet, electronics, engineering]}"
        "\n        - all:"
        "\n          - degree_field: {one_of: *technical}"
        "\n          - years_experience: {at_least: 2}"
    ))
    result = run("check", "--no-standard", str(path))
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------- echoes


def test_a_huge_value_is_echoed_cut_short(tmp_path: Path) -> None:
    path = ruleset(tmp_path, "{degree: {at_least: %s}}" % ("x" * 200_000))
    result = run("check", "--no-standard", str(path))
    assert result.exit_code == 2, result.output[:2000]
    assert "is not a value of degree" in result.output
    assert len(result.output) < 1000


def test_messages_and_values_shown_in_them_are_bounded() -> None:
    from bmet_rules.errors import Issue

    assert len(shown("y" * 10_000)) <= MAX_ECHO + 20
    assert len(shown([["z" * 1000] * 1000] * 1000)) <= MAX_ECHO + 20
    issue = Issue("m" * (MAX_MESSAGE * 3), hint="h" * (MAX_MESSAGE * 3))
    assert len(issue.message) < MAX_MESSAGE + 100
    assert issue.message.endswith(f"({MAX_MESSAGE * 2} more characters not shown)")
    assert len(issue.hint or "") < MAX_MESSAGE + 100


# --------------------------------------------------------------------------- engine capacity


def too_large_for_durable(tmp_path: Path) -> Path:
    # 20 alternatives of 2 tests: 21 any/all groups, more than the core's 15.
    alternatives = ", ".join(
        f"{{all: [{{years_experience: {{at_least: {i + 1}}}}}, "
        f"{{imaging_years: {{at_least: {i}}}}}]}}" for i in range(20)
    )
    return ruleset(tmp_path, "{any: [" + alternatives + "]}")


def test_check_warns_about_a_rule_too_large_for_the_durable_engine(tmp_path: Path) -> None:
    path = too_large_for_durable(tmp_path)
    result = run("check", "--no-standard", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    issues = json.loads(result.output)["issues"]
    limit = [i for i in issues if i["code"] == "engine-limit"]
    assert len(limit) == 1, issues
    assert limit[0]["severity"] == "warning"
    assert limit[0]["rule"] == "r1" and limit[0]["line"] is not None
    assert "21 any/all groups" in limit[0]["message"]
    assert "--engine durable refuses" in limit[0]["hint"]


def test_engine_auto_runs_a_too_large_rule_on_the_python_evaluator(tmp_path: Path) -> None:
    path = too_large_for_durable(tmp_path)
    result = run("evaluate", str(profiles(tmp_path)), "--no-standard", "--rules", str(path),
                 "-f", "jsonl")
    assert result.exit_code == 0, result.output
    assert "rule 'r1'" in result.stderr and "too large for the durable-rules engine" \
        in result.stderr and "Python evaluator" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["engine"] for r in records} == {"python"}
    assert {r["profile_id"]: r["paths"][0]["status"] for r in records}["old"] == "eligible"


def test_engine_durable_refuses_a_too_large_rule_saying_why(tmp_path: Path) -> None:
    path = too_large_for_durable(tmp_path)
    result = run("evaluate", str(profiles(tmp_path)), "--no-standard", "--rules", str(path),
                 "--engine", "durable")
    assert result.exit_code == 2, result.output
    assert f"rule 'r1' ({path}:" in result.output
    assert "too large for the durable-rules engine" in result.output
    assert "--engine python" in result.output
    no_crash(result.output)
