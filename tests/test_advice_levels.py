"""Advice an HTM director reviewed on realistic profiles: people who lead are placed at the
supervisory level, the supervisor path asks everyone for leading experience, a PE holder is
never sent to the FE, and the technical trainer needs years of experience."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from bmet_rules import evaluate, load_rulesets
from bmet_rules.cli import cli
from bmet_rules.fields import LEVELS
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.results import Result

AS_OF = "2026-11-29"
#: Every field the standard rules read, given (a field not given is unknown, and the planner
#: proposes no step on it).
GIVEN = {"certifications": "", "skills": "", "supervisory_years": 0, "imaging_years": 0,
         "laboratory_years": 0, "clinical_engineering_years": 0, "willing_to_travel": False,
         "military_bmet": False}  # fmt: skip
MANAGER = {**GIVEN, "id": "mgr", "degree": "bachelor", "degree_field": "business",
           "years_experience": 18, "supervisory_years": 10, "recent_supervisory_years": 5,
           "certifications": "CHTM"}  # fmt: skip
SUPERVISOR = {**GIVEN, "id": "sup", "degree": "associate", "degree_field": "bmet",
              "years_experience": 10, "supervisory_years": 4,
              "recent_supervisory_years": 4}  # fmt: skip
BMET3 = {**GIVEN, "id": "b3", "degree": "associate", "degree_field": "bmet", "years_experience": 10,
         "supervisory_years": 0}  # fmt: skip
PE_HOLDER = {**GIVEN, "id": "pe", "degree": "bachelor", "degree_field": "engineering",
             "years_experience": 8, "engineering_years": 6, "clinical_engineering_years": 4,
             "certifications": "PE"}  # fmt: skip
FRESH_ENGINEER = {**GIVEN, "id": "bse", "degree": "bachelor", "degree_field": "engineering",
                  "years_experience": 0}  # fmt: skip


def run(kb: KnowledgeBase, record: dict[str, Any]) -> Result:
    return evaluate(record, kb, engine="python", as_of=AS_OF)


def all_steps(kb: KnowledgeBase, record: dict[str, Any]) -> list[Any]:
    """Every ranked step, not only the five shown."""
    wide = load_rulesets(params={"advice_next_steps": 100}, plugin_manager=kb.plugins)
    return list(evaluate(record, wide, engine="python", as_of=AS_OF).next_steps)


# -- the supervisory level ------------------------------------------------------------------


def test_supervisory_level_sits_above_bmet_iii_and_clinical_engineer() -> None:
    """People who lead rank above the ladder and the engineering track, so a CHTM or recent
    leading never moves an engineer "down" (fifty-fourth review's probe)."""
    assert LEVELS.index("BMET III") < LEVELS.index("Clinical Engineer")
    assert LEVELS.index("Clinical Engineer") < LEVELS.index("HTM Supervisor")


@pytest.mark.parametrize("record", [MANAGER, SUPERVISOR], ids=["chtm-manager", "supervisor"])
def test_people_who_lead_are_placed_at_the_supervisory_level(
    standard_kb: KnowledgeBase, record: dict[str, Any]
) -> None:
    assert run(standard_kb, record).level == "HTM Supervisor"


def test_supervision_long_past_leaves_a_bmet_iii(standard_kb: KnowledgeBase) -> None:
    record = {**SUPERVISOR, "years_experience": 20, "recent_supervisory_years": 0}
    assert run(standard_kb, record).level == "BMET III"


def test_the_recent_years_threshold_is_a_parameter(standard_kb: KnowledgeBase) -> None:
    stricter = load_rulesets(
        params={"level_supervisor_min_recent_years": 5}, plugin_manager=standard_kb.plugins
    )
    assert run(stricter, SUPERVISOR).level == "BMET III"


def test_explain_prints_the_supervisory_level(tmp_path: Any) -> None:
    source = tmp_path / "p.json"
    source.write_text(json.dumps([SUPERVISOR]))
    out = CliRunner().invoke(cli, ["explain", str(source), "--as-of", AS_OF])
    assert out.exit_code == 0, out.output
    assert "Level: HTM Supervisor (level-supervisor-recent)" in out.output


# -- the supervisor path --------------------------------------------------------------------


def test_a_bmet_iii_without_leading_is_not_open_for_supervisor(standard_kb: KnowledgeBase) -> None:
    result = run(standard_kb, BMET3)
    assert result.level == "BMET III"
    assert result.path("supervisor").status != "eligible"
    wants = {**BMET3, "goals": "supervisor"}  # (without a goal, no role not held is a step)
    lead = [s for s in all_steps(standard_kb, wants) if "supervisor" in s.opens]
    assert lead and "lead or supervisory duties" in lead[0].action


def test_a_bachelors_degree_without_leading_is_not_open_for_supervisor(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**BMET3, "degree": "bachelor", "degree_field": "business"}
    assert run(standard_kb, record).path("supervisor").status != "eligible"
    assert run(standard_kb, {**record, "supervisory_years": 1}).path("supervisor").status == (
        "eligible"
    )


def test_someone_at_the_supervisory_level_is_past_the_supervisor_path(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, MANAGER)
    supervisor = result.path("supervisor")
    assert (supervisor.status, supervisor.route_rule) == ("eligible", "supervisor-route-1")
    towards = [s for s in all_steps(standard_kb, MANAGER) if "supervisor" in (*s.opens, *s.towards)]
    assert not towards


# -- FE and PE ------------------------------------------------------------------------------


def test_a_pe_holder_is_never_told_to_sit_the_fe(standard_kb: KnowledgeBase) -> None:
    assert not [s.action for s in all_steps(standard_kb, PE_HOLDER) if "FE" in s.action.split()]
    fe = run(standard_kb, PE_HOLDER).certification("FE")
    assert fe.route_rule == "fe-pe-held"
    assert fe.route is not None and fe.route.startswith("passed (implied by the PE")


def test_an_engineering_graduate_without_a_pe_is_still_advised_the_fe(
    standard_kb: KnowledgeBase,
) -> None:
    advised = [s.action for s in all_steps(standard_kb, FRESH_ENGINEER)]
    assert any(a.startswith("Sit the FE exam") for a in advised), advised


# -- the technical trainer ------------------------------------------------------------------


@pytest.mark.parametrize("years", [0, 1, 2])
def test_the_trainer_path_is_years_away_early_in_a_career(
    standard_kb: KnowledgeBase, years: int
) -> None:
    record = {**GIVEN, "id": "t", "degree": "associate", "degree_field": "electronics",
              "years_experience": years, "skills": "teaching"}  # fmt: skip
    for certs in ("", "CBET"):
        trainer = run(standard_kb, {**record, "certifications": certs}).path("technical-trainer")
        assert trainer.status in ("near", "not_eligible")
        assert trainer.eta_years is not None and trainer.eta_years >= 4 - years


def test_the_trainer_years_are_a_parameter(standard_kb: KnowledgeBase) -> None:
    record = {**GIVEN, "id": "t", "degree": "associate", "degree_field": "electronics",
              "years_experience": 2, "skills": "teaching"}  # fmt: skip
    lower = load_rulesets(params={"trainer_min_years": 2}, plugin_manager=standard_kb.plugins)
    assert run(lower, record).path("technical-trainer").status == "eligible"
