"""The defect classes an HTM director's second review found, each pinned on a profile made for
it: the CRES shown open to people with no imaging experience; a degree ACI must rule on shown
without the option a yes opens; a lead technician with two years leading placed at HTM
Supervisor; a BSET shown open as a clinical engineer, and its CCE and CHTM routes; the VA's
reading of the military BMET programme missing for a military-trained technician."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bmet_rules import evaluate, load_rulesets
from bmet_rules.cli import cli
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.results import Outcome, Result

AS_OF = "2026-11-29"
#: Every field the standard rules read, given (a field not given is unknown).
GIVEN = {"certifications": "", "skills": "", "supervisory_years": 0, "imaging_years": 0,
         "laboratory_years": 0, "clinical_engineering_years": 0, "willing_to_travel": False,
         "military_bmet": False}  # fmt: skip
NEW_GRADUATE = {**GIVEN, "id": "grad", "degree": "associate", "degree_field": "bmet",
                "years_experience": 0.5}  # fmt: skip
RAD_TECH = {**GIVEN, "id": "rad", "degree": "associate", "degree_field": "healthcare",
            "years_experience": 1, "imaging_years": 1, "goals": "CBET"}  # fmt: skip
LEAD_TECH = {**GIVEN, "id": "lead", "degree": "associate", "degree_field": "bmet",
             "years_experience": 9, "supervisory_years": 2, "recent_supervisory_years": 2,
             "certifications": "CBET", "goals": "clinical-engineering-manager"}  # fmt: skip
BSET = {**GIVEN, "id": "bset", "degree": "bachelor", "degree_field": "engineering_technology",
        "years_experience": 14, "certifications": "CBET;CRES", "goals": "CCE"}  # fmt: skip
SOLDIER = {**GIVEN, "id": "army", "degree": "high_school", "degree_field": "other",
           "years_experience": 3, "military_bmet": True, "goals": "CBET"}  # fmt: skip


def run(kb: KnowledgeBase, record: dict[str, Any]) -> Result:
    return evaluate(record, kb, engine="python", as_of=AS_OF)


def outcome(result: Result, target: str) -> Outcome:
    return next(o for o in (*result.certifications, *result.paths) if o.id == target)


def explain(tmp_path: Path, record: dict[str, Any]) -> str:
    source = tmp_path / "p.json"
    source.write_text(json.dumps([record]))
    out = CliRunner().invoke(cli, ["explain", str(source), "--as-of", AS_OF, "--steps", "50"])
    assert out.exit_code == 0, out.output
    return out.output


# -- 1. CRES candidate status asks for imaging experience -----------------------------------


def test_a_new_graduate_without_imaging_is_not_told_the_cres_is_open(
    standard_kb: KnowledgeBase, tmp_path: Path
) -> None:
    result = run(standard_kb, NEW_GRADUATE)
    assert outcome(result, "CRES").status != "eligible"
    assert outcome(result, "CBET").status == "eligible"  # CBET candidate status stays
    text = explain(tmp_path, NEW_GRADUATE)
    assert "[CRES] — open now" not in text
    assert "Sit the CRES" not in text


def test_cres_candidate_status_opens_with_a_year_on_imaging(standard_kb: KnowledgeBase) -> None:
    record = {**NEW_GRADUATE, "years_experience": 1.5, "imaging_years": 1}
    cres = outcome(run(standard_kb, record), "CRES")
    assert (cres.status, cres.route_rule) == ("eligible", "cres-candidate")
    assert "five years" in (cres.route or "")


def test_the_imaging_years_cres_candidates_need_are_a_parameter(
    standard_kb: KnowledgeBase,
) -> None:
    lenient = load_rulesets(
        params={"cres_candidate_min_imaging_years": 0}, plugin_manager=standard_kb.plugins
    )
    assert outcome(run(lenient, NEW_GRADUATE), "CRES").status == "eligible"


# -- 2. a degree ACI rules on: what a yes opens, and no invented candidate route ------------


@pytest.mark.parametrize(
    ("years", "opened"),
    [(1, "open now, by candidate status"), (3, "open now, by associate degree or higher")],
    ids=["candidate-status", "route-1"],
)
def test_a_degree_aci_rules_on_is_shown_what_a_yes_opens(
    tmp_path: Path, years: float, opened: str
) -> None:
    text = explain(tmp_path, {**RAD_TECH, "years_experience": years})
    assert "Ask ACI" in text
    yes = text.index("If the answer is yes:")
    assert text.index("needs information") < yes < text.index("Otherwise:")
    assert opened in " ".join(text[yes:].split())


def test_nobody_without_a_qualifying_degree_is_told_to_sit_as_a_candidate(
    standard_kb: KnowledgeBase, tmp_path: Path
) -> None:
    school = {**GIVEN, "id": "hs", "degree": "high_school", "degree_field": "other",
              "years_experience": 1, "goals": "CBET"}  # fmt: skip
    cbet = outcome(run(standard_kb, school), "CBET")
    assert cbet.status == "not_eligible"
    assert cbet.route_rule != "cbet-candidate"
    assert "candidate" not in explain(tmp_path, school)


# -- 3. two years leading do not make an HTM Supervisor -------------------------------------


def test_a_lead_technician_with_two_years_leading_is_not_yet_an_htm_supervisor(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, LEAD_TECH)
    assert result.level == "BMET III"
    supervisor = outcome(result, "supervisor")
    assert (supervisor.status, supervisor.route_rule) == ("eligible", "supervisor-route-3")
    three = {**LEAD_TECH, "supervisory_years": 3, "recent_supervisory_years": 3}
    assert run(standard_kb, three).level == "HTM Supervisor"


def test_the_lead_technicians_goal_plan_is_one_more_year_leading_then_the_chtm(
    standard_kb: KnowledgeBase,
) -> None:
    (plan,) = run(standard_kb, LEAD_TECH).plans
    assert [a.kind for a in plan.actions][-1] == "exam"
    assert plan.actions[0].field in ("supervisory_years", "recent_supervisory_years")
    assert plan.actions[0].done == pytest.approx(1.0)


# -- 4. a BSET: not a clinical engineer by bench years; TAC-ABET; the CHTM bachelor's route --


def test_a_bset_bench_technician_is_not_shown_open_as_a_clinical_engineer(
    standard_kb: KnowledgeBase,
) -> None:
    engineer = outcome(run(standard_kb, BSET), "clinical-engineer")
    assert engineer.status == "not_eligible"
    assert engineer.route_rule == "clinical-engineer-route-3"  # through the CCE


def test_the_bsets_cce_route_says_the_programme_must_be_tac_abet_accredited(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, BSET)
    (plan,) = result.plans
    assert plan.route_rule == "cce-route-3"
    assert "TAC-ABET accredited" in (plan.route or "")
    assert "TAC-ABET accredited" in (outcome(result, "CCE").route or "")


def test_a_bset_counts_for_the_chtm_bachelors_route(standard_kb: KnowledgeBase) -> None:
    record = {**BSET, "certifications": "", "supervisory_years": 2, "recent_supervisory_years": 2}
    chtm = outcome(run(standard_kb, record), "CHTM")
    assert (chtm.status, chtm.route_rule) == ("eligible", "chtm-route-4")


# -- 5. the VA's reading of the military programme, where it is the person's route ----------


def test_a_military_trained_technician_is_told_the_va_counts_the_programme(
    tmp_path: Path,
) -> None:
    text = explain(tmp_path, SOLDIER)
    level = " ".join(text[text.index("Level:") : text.index("Goal")].split())
    assert "GS-1601" in level and "DoD BMET programme" in level
    goal = " ".join(text[text.index("Goal") : text.index("Next steps")].split())
    assert "open now, by U.S. military BMET programme + 2 years [cbet-route-2]" in goal


def test_a_civilian_is_not_told_about_the_military_programme(tmp_path: Path) -> None:
    text = explain(tmp_path, {**SOLDIER, "military_bmet": False, "degree": "associate",
                              "degree_field": "bmet"})  # fmt: skip
    assert "GS-1601" not in text
