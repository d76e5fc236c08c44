"""Defect classes the forty-ninth director's review found and the fiftieth's (issue 11), each
pinned on a profile of our own making: what a question on a fact not given says and asks,
dates that an answer cannot change, and step order for someone with no job yet."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bmet_rules.advice.text import render_short
from bmet_rules.cli import cli
from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run


def shown(kb: KnowledgeBase, record: dict[str, object]) -> str:
    return " ".join(render_short(run(kb, record), kb).split())


#: An HR export: an associate's holder, 11 years, one year leading; the recent part of it,
#: the degree field, certifications and specialty years are not columns.
LEAD = {"id": "ld", "degree": "associate", "years_experience": 11, "supervisory_years": 1,
        "willing_to_travel": False, "skills": "networking; it; troubleshooting"}  # fmt: skip


def test_a_date_every_answer_gives_is_said(standard_kb: KnowledgeBase) -> None:
    """One year leading, its recency not given: 0 or 1 of it in the last five years both put
    the director's post 4 years away, so the line says so (not "how soon depends on")."""
    result = run(standard_kb, LEAD)
    director = result.path("htm-director")
    assert director.eta_years == 4.0, director
    for recent in (0, 1):
        given = run(standard_kb, {**LEAD, "recent_supervisory_years": recent})
        assert given.path("htm-director").eta_years == 4.0
    assert "Director of Healthcare Technology Management in 4 years" in shown(standard_kb, LEAD)


def test_a_path_through_a_credential_the_degree_bars_reads_as_barred(
    standard_kb: KnowledgeBase,
) -> None:
    """The clinical engineer's routes ask an engineering bachelor's or a CCE held or open; an
    associate's holder can hold no CCE, whatever the certifications not given are: the line
    leads with the degree."""
    text = shown(standard_kb, LEAD)
    line = text.split("Clinical Engineer [clinical-engineer] — ", 1)[1]
    assert line.startswith("not open: needs a bachelor's degree or higher"), line[:200]


#: A supervisor whose HR record leaves out the degree and its field, skills and specialties.
SUPERVISOR = {"id": "sv", "degree": "unknown", "years_experience": 12, "supervisory_years": 4,
              "recent_supervisory_years": 4, "certifications": "CBET 2024",
              "willing_to_travel": False}  # fmt: skip


def test_the_degree_alone_is_asked_when_it_alone_opens_a_post(standard_kb: KnowledgeBase) -> None:
    """A bachelor's in any field opens the manager's post and brings the director's nearer:
    that is the question, said once for both (not passed over for a joint question on the
    degree and its field that opens only the FE)."""
    said = actions(run(standard_kb, SUPERVISOR))
    ask = next((a for a in said if a.startswith("Confirm the degree")), "")
    assert ask.startswith("Confirm the degree: if a bachelor's degree or higher, Clinical "
                          "Engineering Manager opens and Director of Healthcare Technology "
                          "Management in 1 year, not 4 years"), said


def test_no_question_about_a_step_back_or_an_outside_credential_past_its_season(
    standard_kb: KnowledgeBase,
) -> None:
    """A twelve-year supervisor is not asked his imaging years (the imaging specialist's post
    is a step back at his level) nor told which degree would open the FE exam."""
    said = actions(run(standard_kb, SUPERVISOR))
    assert not any("imaging" in a for a in said), said
    assert not any("FE" in a.replace("FEW", "") for a in said), said


#: A bachelor's holder, 14 years, 6 leading: the recent part, certifications not exported.
MANAGER_TO_BE = {"id": "mb", "degree": "bachelor", "years_experience": 14,
                 "supervisory_years": 6, "willing_to_travel": False,
                 "skills": "budgeting; project_management",
                 "goals": "clinical-engineering-manager"}  # fmt: skip


def test_years_a_route_asks_are_said_with_their_number(standard_kb: KnowledgeBase) -> None:
    """The manager's route asks 1 of the years leading in the last five: the goal's line and
    its question say "at least 1", not "as this route asks" or a bare "Confirm"."""
    text = shown(standard_kb, MANAGER_TO_BE)
    assert "If the years as a supervisor or manager in the last five years are at least 1: " \
        "open now" in text, text[:1500]
    assert "as this route asks" not in text
    said = actions(run(standard_kb, MANAGER_TO_BE))
    assert "Confirm the years as a supervisor or manager in the last five years: with at " \
        "least 1, Clinical Engineering Manager opens now" in said, said


#: A history graduate with no job in the field yet, aiming at the CBET and engineering.
CHANGER = {"id": "cg", "degree": "bachelor", "degree_field": "other", "years_experience": 0,
           "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 0,
           "certifications": "", "military_bmet": False, "willing_to_travel": True,
           "skills": "", "goals": "CBET; clinical-engineer"}  # fmt: skip


def test_the_entry_exam_comes_before_the_first_job_it_helps_get(
    standard_kb: KnowledgeBase,
) -> None:
    said = actions(run(standard_kb, CHANGER))
    assert said[0].startswith("Sit the CABT exam: eligible now"), said
    assert said[1].startswith("Gain 4 years") and "in a first job" in said[1], said


#: A BS in IT, 3 years, no certifications; the imaging years left out or given.
IT_TECH = {"id": "it", "degree": "bachelor", "degree_field": "it", "years_experience": 3,
           "laboratory_years": 0, "supervisory_years": 0, "certifications": "",
           "military_bmet": False, "willing_to_travel": False,
           "skills": "networking; it"}  # fmt: skip


def test_near_on_years_not_given_only_if_near_at_their_least(
    standard_kb: KnowledgeBase,
) -> None:
    """The imaging post needs the CRES still to earn: not near with 0, 1, 2 or 3 imaging
    years, so not near with them not given either (near holds for every value)."""
    for years in (0, 1, 2, 3):
        given = run(standard_kb, {**IT_TECH, "imaging_years": years})
        assert given.path("imaging-specialist").status == "not_eligible", years
    unknown = run(standard_kb, IT_TECH).path("imaging-specialist")
    assert unknown.status == "not_eligible" and unknown.eta_years == 2.0, unknown


def test_a_blank_supervision_cell_pins_the_recent_years_as_a_zero_does(tmp_path: Path) -> None:
    """A blank cell in a column that exists reads as none: no supervision at all, so none in
    the last five years either, as with an explicit 0 (the forty-ninth review's probe)."""
    data = tmp_path / "hr.csv"
    data.write_text("id,degree,degree_field,years_experience,supervisory_years,certifications\n"
                    "z0,associate,bmet,3,0,\nzb,associate,bmet,3,,\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["evaluate", str(data), "-f", "jsonl", "--as-of", "2026-11-30"])
    assert out.exit_code == 0, out.output
    rows = {r["profile_id"]: r for r in map(json.loads, out.stdout.splitlines())}
    assert "recent_supervisory_years" not in rows["zb"]["unknown_fields"], rows["zb"]
    assert rows["zb"]["certifications"] == rows["z0"]["certifications"]
