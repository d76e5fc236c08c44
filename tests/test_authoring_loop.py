"""The rule author's loop works beside installed copies: `check PATH` and `test PATH` use the
files at PATH in place of installed rulesets of the same names, and an installed plugin's
rules and overrides do not leak into other rulesets' test cases.

An "installed" copy is a copy of the same rulesets at another place, registered by a plugin:
what a non-editable `pip install .` (or of a plugin) gives, without building anything here.
tests/test_example_plugins.py does the same with real installs in a throw-away environment.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from bmet_rules import load_rulesets
from bmet_rules.casetest import run_suite
from bmet_rules.cli import cli
from bmet_rules.fields import FieldSpec, FieldType
from bmet_rules.hookspecs import hookimpl
from bmet_rules.lint import check
from bmet_rules.plugins import get_plugin_manager

ROOT = Path(__file__).resolve().parents[1]
STANDARD = ROOT / "rulesets"
MOH_RULESET = (ROOT / "plugins" / "bmet-rules-moh-cambodia" / "bmet_rules_moh_cambodia"
               / "rulesets" / "moh-cambodia.yaml")


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def checkout_copy(tmp_path: Path) -> Path:
    """A second copy of the standard rulesets and their cases (an author's checkout)."""
    copy = tmp_path / "checkout" / "rulesets"
    shutil.copytree(STANDARD, copy)
    return copy


class Institution:
    """An installed plugin like bmet-rules-moh-cambodia: a gate on the supervisory paths (its
    ruleset, from its installed folder), the field the gate reads, and fse_min_years 2 -> 4."""

    def __init__(self, installed: Path) -> None:
        self.installed = installed

    @hookimpl
    def register_fields(self, register: Callable[..., None]) -> None:
        register(FieldSpec(name="moh_registered", type=FieldType.BOOLEAN,
                           description="Registered with the ministry.", label="registration",
                           gap_kind="credential"))

    @hookimpl
    def register_rulesets(self, register: Callable[..., None]) -> None:
        register(self.installed)

    @hookimpl
    def register_parameters(self, register: Callable[[str, Any], None]) -> None:
        register("fse_min_years", 4)


def institution(tmp_path: Path) -> Any:
    installed = tmp_path / "site-packages" / "institution" / "rulesets"
    installed.mkdir(parents=True)
    shutil.copy(MOH_RULESET, installed)
    return get_plugin_manager(entry_points=False, extra=[Institution(installed)])


# --------------------------------------------------------------------------- check PATH


def test_check_path_checks_the_named_copy_in_place_of_the_installed_rulesets(
    tmp_path: Path,
) -> None:
    copy = checkout_copy(tmp_path)
    clean = run("check", str(copy))
    assert clean.exit_code == 0, clean.output
    assert "loaded twice" not in clean.output and "duplicate" not in clean.output
    assert clean.output.strip().endswith("no problems found")

    # A mistake made in the checkout is found there: the named copy is the one checked.
    levels = copy / "levels.yaml"
    text = levels.read_text(encoding="utf-8")
    assert text.rstrip().endswith('level: "BMET III"')  # `rules:` comes last
    levels.write_text(text + (
        "  - id: checkout-only\n    title: Never\n    source: seed-what-bmets-do\n"
        "    when: [{years_experience: {at_least: 5}}, {years_experience: {less_than: 3}}]\n"
        '    then: {level: "BMET I"}\n'
    ), encoding="utf-8")
    broken = run("check", str(copy))
    assert broken.exit_code == 2, broken.output
    assert "rule 'checkout-only': can never fire" in broken.output
    assert "levels.yaml" in broken.output and "loaded twice" not in broken.output


def test_test_path_runs_the_named_copy_in_place_of_the_installed_rulesets(
    tmp_path: Path,
) -> None:
    copy = checkout_copy(tmp_path)
    passed = run("test", str(copy), "-q")
    assert passed.exit_code == 0, passed.output
    assert "loaded twice" not in passed.output
    assert "coverage: 100.0%" in passed.output

    # The checkout's own threshold is the one its cases run with.
    paths = copy / "paths.yaml"
    text = paths.read_text(encoding="utf-8")
    assert "  fse_min_years:\n    value: 2\n" in text
    paths.write_text(text.replace("  fse_min_years:\n    value: 2\n",
                                  "  fse_min_years:\n    value: 3\n"), encoding="utf-8")
    failed = run("test", str(copy), "-q")
    assert failed.exit_code == 1, failed.output
    assert "FAIL" in failed.output and "field-service-engineer" in failed.output


# --------------------------------------------------------------------------- installed plugins


def test_an_installed_plugin_with_a_gate_and_an_override_leaves_the_standard_suite_green(
    tmp_path: Path,
) -> None:
    pm = institution(tmp_path)
    # The plugin is active for evaluation...
    kb = load_rulesets(plugin_manager=pm)
    assert kb.parameter("fse_min_years") == 4
    assert "moh-cambodia" in {rs.name for rs in kb.rulesets}
    # ...but the standard cases run with the standard rules and values, as written.
    for paths in ([STANDARD], []):
        report = run_suite(paths, plugin_manager=pm, engine="python")
        failing = [r.case.name for r in report.results if r.status != "pass"]
        assert failing == [], failing
        assert report.passed > 100


def plugin_source_tree(tmp_path: Path) -> Path:
    """The plugin author's checkout: the same ruleset, with test cases beside it."""
    source = tmp_path / "src" / "institution" / "rulesets"
    (source / "tests").mkdir(parents=True)
    shutil.copy(MOH_RULESET, source)
    base = ("{degree: associate, degree_field: bmet, years_experience: 3, "
            "willing_to_travel: true, skills: [customer_communication], moh_registered: true}")
    (source / "tests" / "moh-cambodia.yaml").write_text(f"""\
cases:
  - name: "the plugin's stricter field-service threshold applies to its own cases"
    profile: {base}
    expect:
      paths:
        field-service-engineer: not_eligible
        moh-provincial-biomed-lead: eligible
  - name: "a case's params win over the plugin's override"
    profile: {base}
    params: {{fse_min_years: 3}}
    expect:
      paths:
        field-service-engineer: eligible
  - name: "the gate: no registration, no supervisory path"
    profile: {{degree: bachelor, degree_field: engineering_technology, years_experience: 6}}
    expect:
      paths:
        supervisor: not_eligible
""", encoding="utf-8")
    return source


def test_a_plugin_source_tree_is_checked_and_tested_in_place_of_the_installed_plugin(
    tmp_path: Path,
) -> None:
    pm = institution(tmp_path)
    source = plugin_source_tree(tmp_path)
    report = check([source], plugin_manager=pm)
    assert report.errors == [], report.errors
    assert [Path(f).name for f in report.files] == ["moh-cambodia.yaml"]
    suite = run_suite([source], plugin_manager=pm, engine="python")
    assert [(r.case.name, r.status) for r in suite.results if r.status != "pass"] == []
    assert suite.passed == 3
    assert suite.coverage > 0


def test_a_plugin_override_of_a_parameter_its_own_ruleset_declares_is_not_applied(
    tmp_path: Path,
) -> None:
    # The standard ruleset declares fse_min_years; the standard cases (beside it) expect 2.
    pm = institution(tmp_path)
    report = run_suite([STANDARD / "tests" / "paths.yaml"], plugin_manager=pm)
    fse = [r for r in report.results if "FSE" in r.case.name or "field" in r.case.name.lower()]
    assert fse and all(r.status == "pass" for r in fse), [r.case.name for r in fse]
