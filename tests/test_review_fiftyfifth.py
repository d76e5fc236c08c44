"""Defect classes the fifty-fifth director's review found (issue 11), each pinned on a
profile or an input of our own making."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from bmet_rules.advice.text import render_short
from bmet_rules.cli import cli
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.profile import parse_profile

from .records import run


def _evaluate(tmp_path: Path, name: str, text: str,
              *options: str) -> tuple[dict[str, dict[str, Any]], str, int]:  # fmt: skip
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = CliRunner().invoke(
        cli, ["evaluate", str(path), "-f", "jsonl", "--as-of", "2026-11-30", *options])
    rows = {r["profile_id"]: r for r in map(json.loads, out.stdout.splitlines())}
    return rows, out.stderr, out.exit_code


def test_a_quote_never_closed_is_a_row_error_not_rows_lost(tmp_path: Path) -> None:
    rows, err, code = _evaluate(tmp_path, "q.csv", (
        "id,name,degree,years_experience\nq1,Ann,associate,3\n"
        'q3,"Smith, Jo,associate,5\nq4,Lee,associate,6\nq5,Kim,associate,7\n'))
    assert code == 1 and list(rows) == ["q1"], (rows, err)
    assert "profile 'q3'" in err and "not closed: lines 3 to 5" in err, err
    # (a cell of several lines with every cell there is a value, not an error)
    rows, err, code = _evaluate(tmp_path, "m.csv", (
        'id,name,certifications\nm1,Mo,"CBET 2024\nCRES 2025"\nm2,Al,\n'))
    assert code == 0 and list(rows) == ["m1", "m2"], err


def test_a_degree_word_that_names_the_field_gives_it_when_none_is_given() -> None:
    for raw in ("BSEE", "B.S.B.M.E.", "MEng"):
        for field in ({}, {"degree_field": ""}, {"degree_field": None}):
            values = parse_profile({"id": "x", "degree": raw, **field}).values
            assert values["degree_field"] == "engineering", (raw, field, values)
    # (a field given wins: a BSEE's record that says "it" is read as it says)
    assert parse_profile({"id": "x", "degree": "BSEE", "degree_field": "it"}).values[
        "degree_field"] == "it"


def test_a_yaml_key_given_twice_is_a_row_error(tmp_path: Path) -> None:
    rows, err, code = _evaluate(tmp_path, "d.yaml", (
        "- id: d5\n  degree: associate\n  years_experience: 3\n  years_experience: 9\n"
        "- id: d6\n  degree: associate\n  years_experience: 3\n"))
    assert code == 1 and list(rows) == ["d6"], err
    assert "profile 'd5'" in err and "'years_experience' (3, 9) more than once" in err, err
    (tmp_path / "p.csv").write_text("Badge,Deg\nx,associate\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text("columns:\n  Badge: id\n  Badge: name\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["evaluate", str(tmp_path / "p.csv"), "--columns",
                                   str(tmp_path / "m.yaml")])  # fmt: skip
    assert out.exit_code == 2 and "line 3: 'Badge' is given again" in out.stderr, out.output


def test_years_and_names_as_people_write_them() -> None:
    for raw, want in (("5 yrs", 5), ("6 years", 6), (".5", 0.5), ("+6", 6), ("3 Y", 3)):
        assert parse_profile({"id": "x", "years_experience": raw}).values[
            "years_experience"] == want, raw
    name = parse_profile({"id": "x", "name": "Ann\r\nLevel: CCE"}).values["name"]
    assert name == "Ann Level: CCE"
    for raw in ("CBET\u00ae", "CBET\u2122 2019"):
        profile = parse_profile({"id": "x", "certifications": raw})
        assert profile.values["certifications"] == ("CBET",) and not profile.warnings, raw


#: A BMET II with a CBET and nothing near that holds whatever the person chooses.
BMET_II = {"id": "b2", "degree": "high_school", "years_experience": 5, "imaging_years": 0,
           "laboratory_years": 0, "supervisory_years": 0, "recent_supervisory_years": 0,
           "clinical_engineering_years": 0, "military_bmet": False, "certifications": "CBET",
           "willing_to_travel": False, "skills": ""}  # fmt: skip


def test_no_step_for_everyone_says_how_to_get_one(standard_kb: KnowledgeBase) -> None:
    result = run(standard_kb, BMET_II)
    assert not result.next_steps
    text = " ".join(render_short(result, standard_kb).split())
    assert "Next steps None that holds whatever you choose" in text, text
    assert "(--goal ID)" in text


def test_questions_either_of_which_opens_are_said_so(standard_kb: KnowledgeBase) -> None:
    """A healthcare associate degree (ACI's ruling) or a DoD BMET programme, each alone,
    opens CBET candidate status: "If either answer is yes", not "the answers"."""
    record = {**BMET_II, "id": "hc", "degree": "associate", "degree_field": "healthcare",
              "years_experience": 0.5, "certifications": "", "goals": "CBET"}
    del record["military_bmet"]
    text = " ".join(render_short(run(standard_kb, record), standard_kb).split())
    assert "If either answer is yes: open now, by candidate status" in text, text


def test_a_goal_on_the_way_of_another_goals_plan_keeps_its_own_date(
    standard_kb: KnowledgeBase,
) -> None:
    """CRES and the consultant's post as goals: the CRES, a year away by 4 years of work,
    is on the way of the consultant's five; its line says so with its date (fifty-fifth
    review's probe: "the HTM Consultant plan below opens it" alone)."""
    record = {**BMET_II, "id": "cr", "degree": "associate", "degree_field": "healthcare",
              "years_experience": 3, "imaging_years": 1, "certifications": "",
              "goals": "CRES; consultant"}  # fmt: skip
    del record["military_bmet"]  # (not given: a yes would open the CRES now)
    text = " ".join(render_short(run(standard_kb, record), standard_kb).split())
    assert "in 1 year, by 4 years of full-time BMET experience [cres-route-4]: the HTM " \
        "Consultant (consultant) plan below opens it on its way" in text, text


def test_a_level_resting_on_an_overdue_credential_says_what_it_is_without(
    standard_kb: KnowledgeBase,
) -> None:
    """An associate degree, 9 years and a CRES due in 2021: BMET III by the certified rule
    only, BMET II if it lapsed (fifty-fifth review, C)."""
    record = {**BMET_II, "id": "cr", "degree": "associate", "degree_field": "bmet",
              "years_experience": 9, "imaging_years": 7, "certifications": "CRES 2018"}
    result = run(standard_kb, record)
    assert result.level == "BMET III" and result.level_if_lapsed == "BMET II"
    assert result.to_dict()["level_if_lapsed"] == "BMET II"
    head = " ".join(render_short(result, standard_kb).split())
    assert "Level: BMET III (level-bmet3-certified) while your CRES is current; if it lapsed, " \
        "BMET II" in head, head
    current = run(standard_kb, {**record, "certifications": "CRES 2025"})
    assert current.level == "BMET III" and current.level_if_lapsed is None
    # (a level another rule gives too does not rest on it: 12 years is BMET III anyway)
    assert run(standard_kb, {**record, "years_experience": 12}).level_if_lapsed is None


def test_a_pupil_is_asked_nothing_about_work_after_school(standard_kb: KnowledgeBase) -> None:
    """A high-school pupil with the CABT as the goal, skills and travel not given: every
    path is "after school", none with a question, and no "Not given" line for them (fifty-
    fifth review, B; the forty-eighth's ax17 the same class)."""
    record = {"id": "pu", "degree": "none", "high_school_student": True, "years_experience": 0,
              "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
              "certifications": "", "military_bmet": False, "goals": "CABT"}  # fmt: skip
    text = " ".join(render_short(run(standard_kb, record), standard_kb).split())
    assert "Not given" not in text and "willingness to travel" not in text, text
    assert "After school:" in text and "Field Service Engineer" in text.split("After school:")[1]


def test_engineering_practice_said_to_be_unknown_is_unknown(standard_kb: KnowledgeBase) -> None:
    """Written "unknown" (or null), the years of engineering practice are not read as the
    clinical-engineering years: the PE turns on them (fifty-fifth review's probe, D: "PE: 4
    more years (has 0)")."""
    base = {**BMET_II, "id": "eu", "degree": "bachelor", "degree_field": "engineering",
            "years_experience": 6, "clinical_engineering_years": 2, "certifications": "FE"}
    for said in ("unknown", None):
        result = run(standard_kb, {**base, "engineering_years": said})
        assert "engineering_years" in result.unknown_fields, said
        assert result.certification("PE").status == "needs_info", said
    given = run(standard_kb, {**base, "engineering_years": 6})
    assert given.certification("PE").status == "eligible"
