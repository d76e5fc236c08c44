"""Advice an HTM director would sign: plans, nearest routes by effort, relevant next steps,
goals, and wording without circles, contradictions or empty steps (issue 11)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bmet_rules import evaluate as evaluate_record
from bmet_rules import load_rulesets
from bmet_rules.advice import planner_for
from bmet_rules.advice.model import build_model
from bmet_rules.cli import cli
from bmet_rules.errors import ProfileError, RulesetError
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.results import Result

from .records import complete

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "profiles.csv"


def evaluate(record: dict[str, Any], kb: KnowledgeBase, **options: Any) -> Result:
    """Evaluate a record that gives every field (left-out ones as none / no / 0)."""
    return evaluate_record(complete(record), kb, **options)

NEW_TECH = {"id": "new", "degree": "high_school", "years_experience": 0}
CBET_12 = {"id": "cbet12", "degree": "associate", "degree_field": "bmet",
           "years_experience": 12, "certifications": "CBET"}  # fmt: skip
PE = {"id": "pe", "degree": "master", "degree_field": "engineering", "years_experience": 6,
      "clinical_engineering_years": 1, "certifications": "PE"}  # fmt: skip
PHD = {"id": "phd", "degree": "doctorate", "degree_field": "engineering", "years_experience": 3,
       "clinical_engineering_years": 2}  # fmt: skip
# (both supervision fields given: an empty recent-years cell is none, not the total)
LEAD = {"id": "lead", "degree": "associate", "degree_field": "bmet", "years_experience": 9,
        "supervisory_years": 2, "recent_supervisory_years": 2,
        "certifications": "CBET"}  # fmt: skip
BS_ENGINEER = {"id": "bse", "degree": "bachelor", "degree_field": "engineering",
               "years_experience": 1, "clinical_engineering_years": 1}  # fmt: skip
ASSOCIATE = {"id": "aas", "degree": "associate", "degree_field": "electronics",
             "years_experience": 5}  # fmt: skip


def steps(result: Result) -> list[str]:
    return [s.action for s in result.next_steps]


def all_steps(kb: KnowledgeBase, record: dict[str, Any]) -> list[str]:
    """Every ranked step, not only the five shown."""
    wide = load_rulesets(params={"advice_next_steps": 100}, plugin_manager=kb.plugins)
    return steps(evaluate(record, wide, engine="python"))


def plan_of(kb: KnowledgeBase, record: dict[str, Any], target: str) -> Any:
    result = evaluate({**record, "goals": target}, kb, engine="python")
    return result.plans[0]


# -- relevance ------------------------------------------------------------------------------


@pytest.mark.parametrize("record", [CBET_12, PE, PHD, LEAD], ids=["cbet12", "pe", "phd", "lead"])
def test_cabt_is_never_advised_past_entry_level(standard_kb: KnowledgeBase, record: dict) -> None:
    assert not [s for s in all_steps(standard_kb, record) if "CABT" in s]


def test_cabt_is_advised_to_someone_at_entry_level(standard_kb: KnowledgeBase) -> None:
    record = {"id": "hs", "degree": "high_school", "years_experience": 0}
    assert any("Sit the CABT exam" in s for s in all_steps(standard_kb, record))


def test_cres_exam_only_with_imaging_experience(standard_kb: KnowledgeBase) -> None:
    without = all_steps(standard_kb, ASSOCIATE)
    assert not [s for s in without if "CRES" in s]
    with_imaging = all_steps(standard_kb, {**ASSOCIATE, "imaging_years": 1})
    assert any(s.startswith("Sit the CRES exam") for s in with_imaging)


def test_a_certification_years_away_is_a_plan_not_a_step(standard_kb: KnowledgeBase) -> None:
    for record in (NEW_TECH, {**NEW_TECH, "years_experience": 1}):
        for text in all_steps(standard_kb, record):
            assert not text.startswith("Obtain"), text
        for text in steps(evaluate(record, standard_kb, engine="python")):
            assert "CHTM" not in text, text  # years away: not among the steps shown


# -- nearest routes by effort ------------------------------------------------------------------


def test_associate_technician_reaches_cce_through_a_degree_not_a_pe(
    standard_kb: KnowledgeBase,
) -> None:
    plan = plan_of(standard_kb, ASSOCIATE, "CCE")
    assert plan.route_rule != "cce-route-1"
    kinds = [a.kind for a in plan.actions]
    assert "study" in kinds
    assert not any(a.field == "certifications" and a.value == "PE" for a in plan.actions)


def test_bs_engineer_reaches_cce_by_practice_alone(standard_kb: KnowledgeBase) -> None:
    plan = plan_of(standard_kb, BS_ENGINEER, "CCE")
    assert plan.route_rule == "cce-route-2"
    assert {a.kind for a in plan.actions} <= {"experience", "role"}
    assert plan.years == pytest.approx(3.0)


@pytest.mark.parametrize("target", ["CRES", "healthcare-it", "CBET"])
def test_bs_engineer_is_not_sent_back_to_school(standard_kb: KnowledgeBase, target: str) -> None:
    plan = plan_of(standard_kb, BS_ENGINEER, target)
    assert plan.years is not None
    assert "study" not in [a.kind for a in plan.actions], plan


def test_a_degree_is_proposed_where_it_is_the_realistic_way(standard_kb: KnowledgeBase) -> None:
    plan = plan_of(standard_kb, NEW_TECH, "clinical-engineer")
    study = [a for a in plan.actions if a.kind == "study"]
    assert study and "bachelor's degree in engineering" in study[0].text


def test_military_training_is_never_an_action(standard_kb: KnowledgeBase) -> None:
    result = evaluate({**NEW_TECH, "goals": "CBET;CRES;CHTM"}, standard_kb, engine="python")
    for plan in result.plans:
        assert not [a for a in plan.actions if a.field == "military_bmet"]


def test_outcome_route_gaps_and_eta_follow_the_plan(standard_kb: KnowledgeBase) -> None:
    result = evaluate(ASSOCIATE, standard_kb, engine="python")
    cce = result.certification("CCE")
    assert cce.route_rule != "cce-route-1"
    assert all(g.rule == cce.route_rule for g in cce.gaps)
    for out in (*result.certifications, *result.paths):
        if out.status in ("held", "eligible"):
            assert out.eta_years == 0
        else:
            assert out.eta_years is None or out.eta_years > 0


# -- wording ------------------------------------------------------------------------------------


def test_leading_is_not_circular(standard_kb: KnowledgeBase) -> None:
    record = {"id": "b2", "degree": "associate", "degree_field": "bmet", "years_experience": 5,
              "goals": "supervisor"}  # (without a goal, no role not held is a step)
    texts = all_steps(standard_kb, record)
    leading = [s for s in texts if "lead" in s]
    assert leading
    assert not [s for s in texts if "as a supervisor" in s]


def test_no_step_contradicts_a_status_or_says_nothing(standard_kb: KnowledgeBase) -> None:
    for record in (NEW_TECH, CBET_12, PE, PHD, LEAD, BS_ENGINEER, ASSOCIATE):
        for text in all_steps(standard_kb, record):
            assert "(now:" not in text and "held (" not in text, text
            assert "degree field" not in text, text
            assert not text.endswith(": engineering"), text


def test_a_degree_step_names_the_degree_and_the_field(standard_kb: KnowledgeBase) -> None:
    plan = plan_of(standard_kb, {**ASSOCIATE, "degree_field": "it"}, "clinical-engineer")
    (study,) = [a for a in plan.actions if a.kind == "study"]
    assert study.text.startswith("Complete a bachelor's degree in engineering (about ")


# -- goals and steps --------------------------------------------------------------------------


def test_goals_lead_the_next_steps_and_carry_their_plan(standard_kb: KnowledgeBase) -> None:
    result = evaluate({**LEAD, "goals": "chtm"}, standard_kb, engine="python")
    assert result.goals == ("CHTM",)
    (plan,) = result.plans
    assert plan.target == "CHTM" and plan.years == pytest.approx(1.0)
    first = result.next_steps[0]
    assert "CHTM" in first.towards and "lead" in first.action.lower()
    assert result.to_dict()["plans"][0]["target"] == "CHTM"


def test_an_unknown_goal_is_a_row_error_naming_the_value(standard_kb: KnowledgeBase) -> None:
    with pytest.raises(ProfileError, match="chtmm"):
        evaluate({**LEAD, "goals": "chtmm"}, standard_kb, engine="python")


def test_steps_parameter_limits_and_counts_the_rest(standard_kb: KnowledgeBase) -> None:
    record = {**ASSOCIATE, "goals": "supervisor;CHTM"}  # steps enough to cut
    every = all_steps(standard_kb, record)
    two = load_rulesets(params={"advice_next_steps": 2}, plugin_manager=standard_kb.plugins)
    result = evaluate(record, two, engine="python")
    assert len(result.next_steps) == 2
    assert result.more_steps == len(every) - 2
    assert steps(result) == every[:2]


# -- the command line -------------------------------------------------------------------------


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_explain_of_a_typical_profile_fits_a_screen() -> None:
    result = invoke("explain", str(EXAMPLES), "--id", "p-012", "--engine", "python")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) <= 60
    assert lines[1].startswith("Level: ")
    assert lines[3] == "Next steps"


def test_explain_with_a_goal_leads_with_its_plan() -> None:
    result = invoke("explain", str(EXAMPLES), "--id", "p-012", "--engine", "python",
                    "--goal", "CHTM", "--steps", "2")  # fmt: skip
    lines = result.stdout.splitlines()
    assert lines[3] == "Goal" and "(CHTM)" in lines[4]
    numbered = [line for line in lines if line.strip()[:2] in ("1.", "2.", "3.")]
    assert any("3." in line for line in numbered) is False or len(numbered) >= 2


def test_plan_command_prints_and_serialises_the_plan() -> None:
    text = invoke("plan", str(EXAMPLES), "--id", "p-012", "--goal", "clinical-engineer",
                  "--engine", "python")  # fmt: skip
    assert text.exit_code == 0
    assert "Clinical Engineer (clinical-engineer): in " in text.stdout
    assert "1. Complete a bachelor's degree in engineering" in text.stdout
    args = ("--id", "p-012", "--goal", "CHTM", "--format", "json", "--engine", "python")
    data = json.loads(invoke("plan", str(EXAMPLES), *args).stdout)
    (plan,) = data["plans"]
    assert plan["target"] == "CHTM" and plan["years"] > 0
    assert plan["actions"] and all("done_years" in a and "rule" in a for a in plan["actions"])


def test_plan_without_a_goal_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["plan", str(EXAMPLES), "--id", "p-012"])
    assert result.exit_code == 2
    assert "--goal" in result.stderr


# -- the effort model as data ---------------------------------------------------------------


def test_effort_parameters_change_the_plan(standard_kb: KnowledgeBase) -> None:
    slow = load_rulesets(params={"effort_part_time_factor": 2},
                         plugin_manager=standard_kb.plugins)  # fmt: skip
    base = plan_of(standard_kb, NEW_TECH, "clinical-engineer").years
    assert plan_of(slow, NEW_TECH, "clinical-engineer").years == pytest.approx(base / 1.5 * 2)


def test_an_unknown_advice_key_names_the_file_and_key(
    tmp_path: Path, standard_kb: KnowledgeBase
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text('ruleset: mine\nversion: "1"\nrules: []\nadvice:\n  windos: [May]\n')
    kb = load_rulesets([path], plugin_manager=standard_kb.plugins)
    with pytest.raises(RulesetError) as info:
        build_model(kb)
    text = str(info.value)
    assert "mine.yaml:5" in text and "windos" in text


def test_exam_windows_come_from_the_data(standard_kb: KnowledgeBase) -> None:
    planner = planner_for(standard_kb, dt.date(2026, 11, 29))
    wait = (dt.date(2027, 5, 1) - dt.date(2026, 11, 29)).days / 365.25
    assert planner.sitting("CBET", 0.0) == pytest.approx(wait)
    assert planner.sitting("CABT", 0.3) == pytest.approx(0.3)
    early = planner_for(standard_kb, dt.date(2026, 11, 3))
    assert early.sitting("CBET", 0.0) == 0.0  # inside the November window


def test_cabt_is_not_advised_when_the_cbet_is_a_year_away(standard_kb: KnowledgeBase) -> None:
    assert not [s for s in all_steps(standard_kb, BS_ENGINEER) if "CABT" in s]
    two_years_out = {"id": "x", "degree": "high_school", "years_experience": 0}
    assert any("CABT" in s for s in all_steps(standard_kb, two_years_out))


def test_cbet_is_not_advised_to_an_engineer_on_the_way_to_the_cce(
    standard_kb: KnowledgeBase,
) -> None:
    texts = all_steps(standard_kb, PHD)
    assert not [s for s in texts if "CBET" in s]
    # CCE route 2: 4 years of engineering practice (here the 2 clinical ones), 3 clinical:
    # staying on in clinical engineering two more years gives both (fifteenth review: not
    # one more year of it, then one of "engineering, clinical or other").
    assert any(s.startswith("Keep practising clinical engineering for 2 more years (4 in all)")
               for s in texts), texts
    plan = plan_of(standard_kb, PHD, "CCE")
    assert [(a.field, a.value, a.done, a.also) for a in plan.actions] == [
        ("clinical_engineering_years", 3.0, 2.0, (("engineering_years", 4.0),))]


def test_a_lone_piece_of_a_long_path_plan_is_not_a_step(standard_kb: KnowledgeBase) -> None:
    wide = load_rulesets(params={"advice_next_steps": 100}, plugin_manager=standard_kb.plugins)
    result = evaluate(NEW_TECH, wide, engine="python")
    for step in result.next_steps:
        towards_credential = any(t in standard_kb.certifications for t in step.towards)
        assert step.opens or towards_credential or step.kind == "exam", step
