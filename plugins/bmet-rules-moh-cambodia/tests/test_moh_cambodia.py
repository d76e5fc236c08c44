"""What the MoH Cambodia plugin changes, through the Python API and the command line.

Every test compares the plugin's knowledge base with the standard one on the same profile, so
a test passes only because of the plugin (a rule that stopped firing would fail both ways).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import bmet_rules_moh_cambodia as moh
import pytest
from click.testing import CliRunner

from bmet_rules.api import evaluate, load_rulesets
from bmet_rules.cli import cli
from bmet_rules.fields import FieldType
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.plugins import get_plugin_manager

PLUGIN = "bmet_rules_moh_cambodia"
SUPERVISORY = ("supervisor", "clinical-engineering-manager", "htm-director")

#: Eligible for supervisor (bachelor's + 4 years), clinical engineering manager (CHTM held) and
#: HTM director (manager + bachelor's + 5 years supervising) under the standard rulesets.
MANAGER = {
    "id": "mgr-1",
    "degree": "bachelor",
    "degree_field": "engineering_technology",
    "years_experience": 12,
    "supervisory_years": 6,
    "certifications": ["CHTM"],
}

#: A graduate of the MoH / EWH / University of Puthisastra programme, three years in post.
GRADUATE = {
    "id": "up-1",
    "degree": "associate",
    "degree_field": "bmet",
    "years_experience": 3,
    "willing_to_travel": True,
    "skills": ["customer_communication"],
}


@pytest.fixture(scope="module")
def standard() -> KnowledgeBase:
    """The standard rulesets alone."""
    return load_rulesets(plugin_manager=get_plugin_manager(entry_points=False))


@pytest.fixture(scope="module")
def with_moh() -> KnowledgeBase:
    """The standard rulesets with the plugin registered as an object (``extra=[module]``)."""
    return load_rulesets(plugin_manager=get_plugin_manager(entry_points=False, extra=[moh]))


def status(kb: KnowledgeBase, profile: dict[str, Any], path: str) -> str:
    """A path's status for a profile."""
    return evaluate(profile, kb).path(path).status


def test_the_plugin_declares_moh_registered_as_a_boolean_profile_field(
    standard: KnowledgeBase, with_moh: KnowledgeBase
) -> None:
    assert "moh_registered" not in standard.fields
    spec = with_moh.fields["moh_registered"]
    assert spec.type is FieldType.BOOLEAN
    assert spec.origin == PLUGIN
    assert spec.gap_kind == "credential"
    assert spec.question and "Ministry of Health" in spec.question
    assert "Ministry of Health" in spec.label
    assert evaluate({"id": "x", "moh_registered": "Yes"}, with_moh).warnings == ()


@pytest.mark.parametrize("path", SUPERVISORY)
def test_supervisory_paths_need_moh_registration(
    path: str, standard: KnowledgeBase, with_moh: KnowledgeBase
) -> None:
    assert status(standard, MANAGER, path) == "eligible"
    result = evaluate(MANAGER, with_moh)
    outcome = result.path(path)
    assert outcome.status != "eligible"
    assert "moh_registered" in [g.field for g in outcome.gaps]
    gap = next(g for g in outcome.gaps if g.field == "moh_registered")
    assert "Ministry of Health" in gap.message
    assert status(with_moh, {**MANAGER, "moh_registered": True}, path) == "eligible"


def test_non_supervisory_paths_do_not_need_registration(
    standard: KnowledgeBase, with_moh: KnowledgeBase
) -> None:
    profile = {**MANAGER, "skills": ["teaching", "regulatory"]}
    for path in ("consultant", "technical-trainer"):
        assert status(standard, profile, path) == "eligible"
        assert status(with_moh, profile, path) == "eligible"


def test_field_service_needs_four_years_instead_of_two(
    standard: KnowledgeBase, with_moh: KnowledgeBase
) -> None:
    assert standard.parameter("fse_min_years") == 2
    assert with_moh.parameter("fse_min_years") == moh.FSE_MIN_YEARS == 4
    assert status(standard, GRADUATE, "field-service-engineer") == "eligible"
    outcome = evaluate(GRADUATE, with_moh).path("field-service-engineer")
    assert outcome.status != "eligible"
    assert [g.field for g in outcome.gaps] == ["years_experience"]
    assert outcome.gaps[0].missing == 1
    four_years = {**GRADUATE, "years_experience": 4}
    assert status(with_moh, four_years, "field-service-engineer") == "eligible"


def test_an_explicit_parameter_override_still_wins_over_the_plugin() -> None:
    kb = load_rulesets(
        plugin_manager=get_plugin_manager(entry_points=False, extra=[moh]),
        params={"fse_min_years": 2},
    )
    assert status(kb, GRADUATE, "field-service-engineer") == "eligible"


def test_the_provincial_lead_path_exists_only_with_the_plugin(
    standard: KnowledgeBase, with_moh: KnowledgeBase
) -> None:
    assert "moh-provincial-biomed-lead" not in standard.paths
    target = with_moh.paths["moh-provincial-biomed-lead"]
    assert target.title == "MoH Provincial Biomedical Lead"
    registered = {**GRADUATE, "moh_registered": True}
    outcome = evaluate(registered, with_moh).path("moh-provincial-biomed-lead")
    assert outcome.status == "eligible"
    assert outcome.route == "associate degree in biomedical technology + 3 years"
    assert "moh-lead-route-1" in outcome.rules
    sources = " ".join(outcome.sources)
    assert "University of Puthisastra" in sources or "moh-ewh-up-programme" in sources


def test_the_provincial_lead_path_reports_registration_and_experience_gaps(
    with_moh: KnowledgeBase,
) -> None:
    outcome = evaluate({**GRADUATE, "years_experience": 1}, with_moh).path(
        "moh-provincial-biomed-lead"
    )
    assert outcome.status != "eligible"
    assert sorted(g.field for g in outcome.gaps) == ["moh_registered", "years_experience"]


def test_a_bmet_iii_who_teaches_reaches_the_lead_path_without_the_programme_degree(
    with_moh: KnowledgeBase,
) -> None:
    senior = {
        "id": "s-1", "degree": "associate", "degree_field": "electronics",
        "years_experience": 14, "skills": ["teaching"], "moh_registered": True,
    }
    result = evaluate(senior, with_moh)
    assert result.level == "BMET III"
    outcome = result.path("moh-provincial-biomed-lead")
    assert outcome.status == "eligible"
    assert outcome.route == "BMET III + teaching"
    assert "moh-lead-route-1" not in outcome.rules


def test_the_plugin_rulesets_pass_check() -> None:
    result = CliRunner().invoke(cli, ["--plugin", PLUGIN, "check", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    assert any(f.endswith("moh-cambodia.yaml") for f in report["files"])
    ours = [i for i in report["issues"] if "moh" in json.dumps(i)]
    assert ours == [], "the plugin's ruleset has check warnings"


def _write_staff(folder: Path) -> Path:
    path = folder / "staff.csv"
    path.write_text(
        "id,degree,degree_field,years_experience,supervisory_years,certifications,"
        "willing_to_travel,skills,moh_registered\n"
        "mgr-1,bachelor,engineering_technology,12,6,CHTM,,,\n"
        "mgr-2,bachelor,engineering_technology,12,6,CHTM,,,yes\n"
        "up-1,associate,bmet,3,0,,yes,customer_communication,yes\n",
        encoding="utf-8",
    )
    return path


def _evaluate(args: list[str], staff: Path) -> dict[str, dict[str, str]]:
    result = CliRunner().invoke(cli, [*args, "evaluate", str(staff), "-f", "json"])
    assert result.exit_code == 0, result.output
    return {
        r["profile_id"]: {p["id"]: p["status"] for p in r["paths"]}
        for r in json.loads(result.stdout)
    }


def test_the_cli_with_the_plugin_applies_the_gate_the_path_and_the_threshold(
    tmp_path: Path,
) -> None:
    staff = _write_staff(tmp_path)
    plain = _evaluate([], staff)
    moh_run = _evaluate(["--plugin", PLUGIN], staff)
    assert plain["mgr-1"]["supervisor"] == "eligible"
    assert moh_run["mgr-1"]["supervisor"] != "eligible"
    assert moh_run["mgr-2"]["supervisor"] == "eligible"
    assert moh_run["mgr-2"]["htm-director"] == "eligible"
    assert "moh-provincial-biomed-lead" not in plain["up-1"]
    assert moh_run["up-1"]["moh-provincial-biomed-lead"] == "eligible"
    assert plain["up-1"]["field-service-engineer"] == "eligible"
    assert moh_run["up-1"]["field-service-engineer"] != "eligible"
    # --param on the command line wins over the plugin's parameter
    result = CliRunner().invoke(
        cli, ["--plugin", PLUGIN, "evaluate", str(staff), "-f", "json",
              "--param", "fse_min_years=2"],
    )
    assert result.exit_code == 0, result.output
    up1 = next(r for r in json.loads(result.stdout) if r["profile_id"] == "up-1")
    assert next(p for p in up1["paths"] if p["id"] == "field-service-engineer")["status"] == (
        "eligible"
    )


def test_a_bad_moh_registered_value_is_a_row_error_naming_the_field(tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("id,moh_registered\nok-1,no\nbad-1,pending\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--plugin", PLUGIN, "evaluate", str(staff), "-f", "json"])
    assert result.exit_code == 1, result.output
    assert [r["profile_id"] for r in json.loads(result.stdout)] == ["ok-1"]
    assert "moh_registered" in result.stderr
    assert "pending" in result.stderr
