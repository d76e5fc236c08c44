"""Loading validates everything before anything runs, and says where the problem is."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bmet_rules import load_rulesets
from bmet_rules.errors import Issue, RulesetError
from bmet_rules.fields import CORE_FIELDS, FieldRegistry
from bmet_rules.knowledge import compile_rulesets
from bmet_rules.ruleset import load_ruleset_file

HEADER = """\
ruleset: demo
version: "1"
sources:
  s: {title: A source}
paths:
  supervisor: {title: Supervisor}
parameters:
  min_years: {value: 3, description: Years.}
facts:
  senior: {type: boolean}
rules:
"""


def write(tmp_path: Path, rules: str, header: str = HEADER) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(header + textwrap.indent(textwrap.dedent(rules), "  "))
    return path


def issues_of(path: Path, params: dict[str, object] | None = None) -> list[Issue]:
    with pytest.raises(RulesetError) as info:
        ruleset = load_ruleset_file(path)
        compile_rulesets([ruleset], FieldRegistry(CORE_FIELDS), params)
    return [i for i in info.value.issues if i.severity == "error"]


GOOD_RULE = """\
- id: sup-1
  title: Supervisor by experience
  source: s
  when:
    years_experience: {at_least: {param: min_years}}
  then: {path: supervisor, route: experience}
"""


def test_a_valid_ruleset_compiles(tmp_path: Path) -> None:
    ruleset = load_ruleset_file(write(tmp_path, GOOD_RULE))
    kb = compile_rulesets([ruleset], FieldRegistry(CORE_FIELDS))
    assert [r.id for r in kb.rules] == ["sup-1"]
    assert ruleset.digest.startswith("sha256:")


@pytest.mark.parametrize(
    ("rule", "code", "words", "line"),
    [
        (
            GOOD_RULE.replace("years_experience", "years_of_service"),
            "unknown-field",
            "unknown field 'years_of_service'",
            16,
        ),
        (GOOD_RULE.replace("at_least", "atleast"), "unknown-operator", "unknown operator", 16),
        (GOOD_RULE.replace("{param: min_years}", '"two"'), "type-mismatch", "is a number", 16),
        (
            GOOD_RULE.replace("{param: min_years}", "{param: max_years}"),
            "unknown-parameter",
            "unknown parameter",
            16,
        ),
        (GOOD_RULE.replace("source: s", "source: nowhere"), "unknown-source", "not declared", 12),
        (
            GOOD_RULE.replace(
                "years_experience: {at_least: {param: min_years}}", "degree: {at_least: bachelors}"
            ),
            "type-mismatch",
            "not a value of degree",
            16,
        ),
        (
            GOOD_RULE.replace(
                "years_experience: {at_least: {param: min_years}}", "military_bmet: {at_least: 1}"
            ),
            "type-mismatch",
            "does not apply",
            16,
        ),
        (
            GOOD_RULE.replace(
                "years_experience: {at_least: {param: min_years}}", "senior: {is: true}"
            ),
            "underived-fact",
            "no rule concludes",
            16,
        ),
        (
            GOOD_RULE.replace("path: supervisor", "path: astronaut"),
            "unknown-target",
            "unknown path",
            12,
        ),
    ],
)
def test_errors_name_file_line_rule_and_field(
    tmp_path: Path, rule: str, code: str, words: str, line: int
) -> None:
    path = write(tmp_path, rule)
    found = issues_of(path)
    assert len(found) == 1, found
    issue = found[0]
    assert issue.code == code
    assert words in issue.message
    assert issue.file == str(path)
    assert issue.rule == "sup-1"
    assert issue.line == line
    assert str(path) in str(issue) and f":{line}" in str(issue)


def test_duplicate_rule_ids_are_errors(tmp_path: Path) -> None:
    found = issues_of(write(tmp_path, GOOD_RULE + GOOD_RULE))
    assert found[0].code == "duplicate-rule"
    assert found[0].line == 18


def test_duplicate_yaml_keys_are_errors(tmp_path: Path) -> None:
    found = issues_of(write(tmp_path, GOOD_RULE.replace("  title:", "  title: x\n  title:")))
    assert "appears twice" in found[0].message
    assert found[0].line == 14


def test_yaml_cannot_construct_python_objects(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        GOOD_RULE.replace(
            "title: Supervisor by experience", "title: !!python/object/apply:os.system ['echo hi']"
        ),
    )
    found = issues_of(path)
    assert found[0].code == "yaml"
    assert found[0].line == 13


def test_a_cycle_between_derived_facts_is_an_error(tmp_path: Path) -> None:
    rules = """\
    - id: a
      title: A
      source: s
      when: {senior: {is: true}}
      then: {fact: senior, value: true}
    """
    found = issues_of(write(tmp_path, rules))
    assert found[0].code == "cycle"


def test_parameter_overrides_are_typed(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_RULE)
    ruleset = load_ruleset_file(path)
    kb = compile_rulesets([ruleset], FieldRegistry(CORE_FIELDS), {"min_years": "5"})
    test = kb.rules[0].when
    assert getattr(test, "value", None) == 5 and getattr(test, "param", None) == "min_years"
    assert issues_of(path, {"min_years": "five"})[0].code == "parameter-type"
    assert issues_of(path, {"max_years": 2})[0].code == "unknown-parameter"


def test_all_errors_of_a_folder_come_together(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("ruleset: a\nversion: 1\nrules: [\n")
    (tmp_path / "b.yaml").write_text("ruleset: B!\nversion: 1\nrules: []\n")
    with pytest.raises(RulesetError) as info:
        load_rulesets([tmp_path], standard=False)
    files = {Path(i.file or "").name for i in info.value.issues}
    assert files == {"a.yaml", "b.yaml"}


def test_the_standard_rulesets_load(standard_kb: object) -> None:
    assert standard_kb is not None


def test_parameter_values_fill_rule_texts(tmp_path: Path) -> None:
    rule = GOOD_RULE.replace("route: experience", 'route: "{min_years} years as a technician"')
    ruleset = load_ruleset_file(write(tmp_path, rule))
    kb = compile_rulesets([ruleset], FieldRegistry(CORE_FIELDS), {"min_years": 4.5})
    assert kb.rules[0].rule.then.route == "4.5 years as a technician"
    bad = write(tmp_path, GOOD_RULE.replace("route: experience", 'route: "{min_yeras} years"'))
    assert issues_of(bad)[0].code == "unknown-parameter"


SKILLS_HEADER = HEADER.replace(
    "rules:\n",
    "skills:\n"
    "  teaching: Teaching others.\n"
    "  it: {label: information technology, description: Servers and integration.}\n"
    "rules:\n",
)
SKILL_RULE = """\
- id: r1
  title: Needs IT
  source: s
  when:
    all:
      - skills: {includes: it}
  then: {path: supervisor}
"""


def test_a_skill_label_names_the_skill_in_advice_and_a_bare_word_reads_with_spaces(
    tmp_path: Path,
) -> None:
    ruleset = load_ruleset_file(write(tmp_path, SKILL_RULE, SKILLS_HEADER))
    kb = compile_rulesets([ruleset], FieldRegistry(CORE_FIELDS))
    skills = kb.fields["skills"]
    assert skills.describe_value("it") == "information technology"
    assert skills.describe_value("teaching") == "teaching"
    assert skills.describe_value("customer_communication") == "customer communication"
    from bmet_rules.advice.planner import Planner
    from bmet_rules.profile import parse_profile

    profile = parse_profile({"id": "x", "years_experience": 1, "skills": ""}, kb.fields)
    values = {**profile.values, "path.supervisor": "not_eligible"}
    texts = [a.text for a in Planner(kb).plan("supervisor", values).actions]
    assert texts == ["Train in information technology (about 0.5 years)"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{label: IT, about: x}", "unknown key(s) about"),
        ("{label: '', description: Servers.}", "'label' must be text"),
        ("{label: IT}", "needs a description"),
    ],
)
def test_a_bad_skill_entry_names_the_skill_and_the_mend(
    tmp_path: Path, entry: str, message: str
) -> None:
    header = HEADER.replace("rules:\n", f"skills:\n  it: {entry}\nrules:\n")
    found = issues_of(write(tmp_path, SKILL_RULE, header))
    assert any("skill 'it'" in i.message and message in i.message for i in found), found
