"""The classes of advice defect a director's review of 25 realistic profiles found (issue 11,
second review), each pinned on a profile of our own making: a new technician unplaced, an
open goal hiding the exam it rests on, contradictory wording for a credential passed on the
way to one held, and an experience step a role step already gives."""

from __future__ import annotations

import re
from typing import Any

import pytest
from click.testing import CliRunner

from bmet_rules import evaluate, load_rulesets
from bmet_rules.advice.text import render_short
from bmet_rules.advice.unsure import READ_AT_LEAST
from bmet_rules.cli import cli
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.results import Result

AS_OF = "2026-11-29"
#: Every field the standard rules read, given (so nothing is unknown).
GIVEN = {"certifications": "", "skills": "", "supervisory_years": 0, "imaging_years": 0,
         "laboratory_years": 0, "clinical_engineering_years": 0, "willing_to_travel": False,
         "military_bmet": False}  # fmt: skip


def run(kb: KnowledgeBase, record: dict[str, Any]) -> Result:
    return evaluate(record, kb, engine="python", as_of=AS_OF)


def text(kb: KnowledgeBase, record: dict[str, Any]) -> str:
    return render_short(run(kb, record), kb)


# -- class 1: a working entry-level technician is a BMET I ---------------------------------


@pytest.mark.parametrize(
    "record",
    [
        {**GIVEN, "id": "new", "degree": "high_school", "degree_field": "other",
         "years_experience": 0.25},
        {**GIVEN, "id": "cert", "degree": "certificate", "degree_field": "bmet",
         "years_experience": 0},
    ],
    ids=["three-months-on-the-job", "htm-certificate"],
)  # fmt: skip
def test_a_working_or_certificate_trained_newcomer_is_bmet_i(
    standard_kb: KnowledgeBase, record: dict[str, Any]
) -> None:
    assert run(standard_kb, record).level == "BMET I"
    assert "Level: BMET I" in text(standard_kb, record)


def test_someone_not_yet_working_without_a_technical_education_stays_unplaced(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "none", "degree": "high_school", "degree_field": "other",
              "years_experience": 0}  # fmt: skip
    assert run(standard_kb, record).level is None


# -- class 4: the exam an open goal rests on is a goal step ---------------------------------


def test_an_open_goal_path_resting_on_an_exam_not_yet_sat_shows_sitting_it(
    standard_kb: KnowledgeBase,
) -> None:
    # Laboratory specialist is open with "a CBET held or eligible": the CBET is not held.
    record = {**GIVEN, "id": "lab", "degree": "bachelor", "degree_field": "science",
              "years_experience": 2, "laboratory_years": 2,
              "goals": "laboratory-specialist"}  # fmt: skip
    result = run(standard_kb, record)
    assert result.path("laboratory-specialist").status == "eligible"
    shown = [s for s in result.next_steps if s.for_goal]
    assert any(s.kind == "exam" and "CBET" in s.opens for s in shown), shown


def test_an_open_manager_goal_leads_on_to_the_chtm_the_person_may_sit(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "cem", "degree": "bachelor", "degree_field": "business",
              "years_experience": 15, "supervisory_years": 5, "recent_supervisory_years": 5,
              "certifications": "CBET", "skills": "budgeting",
              "goals": "clinical-engineering-manager"}  # fmt: skip
    result = run(standard_kb, record)
    assert result.certification("CHTM").status == "eligible"
    assert any(s.kind == "exam" and "CHTM" in s.opens for s in result.next_steps)


# -- class 5: a credential passed on the way; what is left of a near PE ---------------------


def test_a_pe_holder_reads_the_fe_as_passed_not_open(standard_kb: KnowledgeBase) -> None:
    record = {**GIVEN, "id": "pe", "degree": "master", "degree_field": "engineering",
              "years_experience": 20, "clinical_engineering_years": 15,
              "certifications": "PE;CCE"}  # fmt: skip
    out = text(standard_kb, record)
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "[FE]" in line)
    fe_line = " ".join(part.strip() for part in lines[at:at + 2])
    assert "passed (implied by the Professional Engineer licence" in fe_line
    assert "open now" not in fe_line and "not needed" not in fe_line


def test_an_entry_credential_open_to_someone_past_it_reads_not_needed(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "pe", "degree": "master", "degree_field": "engineering",
              "years_experience": 20, "clinical_engineering_years": 15,
              "certifications": "PE;CCE"}  # fmt: skip
    assert run(standard_kb, record).certification("CABT").status == "eligible"
    cabt = next(line for line in text(standard_kb, record).splitlines() if "[CABT]" in line)
    assert "not needed: CCE, PE held" in cabt and "open now" not in cabt


def test_a_near_pe_says_what_is_left_not_near_now(standard_kb: KnowledgeBase) -> None:
    # (Two clinical years: the CCE is not open, which would put the PE past; forty-second
    # review.)
    record = {**GIVEN, "id": "ce", "degree": "bachelor", "degree_field": "engineering",
              "years_experience": 6, "clinical_engineering_years": 2,
              "engineering_years": 6}  # fmt: skip
    result = run(standard_kb, record)
    assert result.certification("PE").status == "near"
    assert result.certification("CCE").status != "eligible"
    lines = text(standard_kb, record).splitlines()
    at = next(i for i, line in enumerate(lines) if "[PE]" in line)
    pe_line = " ".join(part.strip() for part in lines[at:at + 2])
    assert "near, now" not in pe_line
    assert "[PE] — sit the FE exam, then the PE exam" in pe_line


# -- class 6: role years count as experience ------------------------------------------------


def test_no_experience_step_beside_a_role_step_that_gives_those_years(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "bsbme", "degree": "bachelor", "degree_field": "engineering",
              "years_experience": 1, "clinical_engineering_years": 1}  # fmt: skip
    wide = load_rulesets(params={"advice_next_steps": 100}, plugin_manager=standard_kb.plugins)
    steps = run(wide, record).next_steps
    roles = [s for s in steps if s.kind == "role" and "clinical engineering" in s.action]
    assert roles, steps
    longest = max(r.years for r in roles)
    assert not [s for s in steps if s.kind == "experience" and s.years <= longest], steps


# -- class 2: a missing value is not read as 0 in the level or in "in N years" --------------

#: An HR export without supervisory years, skills or travel: a CBET-holding BMET of 9 years.
HR_EXPORT = {"id": "hr", "degree": "associate", "degree_field": "bmet", "years_experience": 9,
             "imaging_years": 0, "laboratory_years": 0, "clinical_engineering_years": 0,
             "military_bmet": False, "certifications": "CBET"}  # fmt: skip


def test_a_level_that_turns_on_a_missing_value_says_what_it_could_be(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, HR_EXPORT)
    assert result.level == "BMET III"
    assert result.level_if_confirmed == "HTM Supervisor"
    assert result.to_dict()["level_if_confirmed"] == "HTM Supervisor"
    head = " ".join(text(standard_kb, HR_EXPORT).splitlines()[1:3])
    assert "BMET III" in head and "or HTM Supervisor depending on" in head and "confirm" in head


def test_a_settled_level_names_no_alternative(standard_kb: KnowledgeBase) -> None:
    result = run(standard_kb, {**GIVEN, **HR_EXPORT})
    assert result.level_if_confirmed is None and result.to_dict()["level_if_confirmed"] is None


def test_a_plan_acting_on_a_missing_value_has_no_date(standard_kb: KnowledgeBase) -> None:
    result = run(standard_kb, HR_EXPORT)
    manager = result.path("clinical-engineering-manager")
    # (Since the fifty-second review, the years leading, bounded by the 9 years given, date
    # it at the latest: the plan on them read at their least, said to be the latest.)
    assert manager.status == "not_eligible" and manager.eta_years == 3.46
    assert any(g.kind == "unknown" and g.need == READ_AT_LEAST for g in manager.gaps)
    out = " ".join(line.strip() for line in text(standard_kb, HR_EXPORT).splitlines())
    assert "Clinical Engineering Manager in 3.5 years at the latest" in out, out
    # With the value given, the same person gets a date.
    given = run(standard_kb, {**GIVEN, **HR_EXPORT}).path("clinical-engineering-manager")
    assert given.eta_years is not None


def test_a_goal_whose_plan_acts_on_a_missing_value_asks_first_and_guesses_no_step(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**HR_EXPORT, "goals": "clinical-engineering-manager"}
    result = run(standard_kb, record)
    goal_steps = [s for s in result.next_steps if s.for_goal]
    assert goal_steps and all(s.kind == "confirm" for s in goal_steps), goal_steps
    assert any("supervisor or manager" in s.action for s in goal_steps)
    out = text(standard_kb, record)
    assert "how soon depends on" in out and "Reading what is not given as none:" in out


def test_two_unknown_fields_that_are_one_fact_are_asked_once(standard_kb: KnowledgeBase) -> None:
    supervisor = run(standard_kb, HR_EXPORT).path("supervisor")
    assert supervisor.status == "needs_info"
    asks = [g.message for g in supervisor.gaps if g.kind == "unknown"]
    assert len(asks) == 1, asks
    assert "supervisor or manager" in asks[0] and "last five years" in asks[0]


# -- class 3: ask the certifying body first when its ruling would shorten the goal -----------

RAD_TECH = {**GIVEN, "id": "rad", "degree": "associate", "degree_field": "healthcare",
            "years_experience": 1.5, "imaging_years": 1.5,
            "goals": "imaging-specialist"}  # fmt: skip


def test_a_goal_a_pending_ruling_would_shorten_starts_with_asking_the_body(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, RAD_TECH)
    assert result.certification("CBET").status == "needs_info"
    first = result.next_steps[0]
    assert first.kind == "confirm" and first.for_goal and first.action.startswith("Ask ACI")
    assert "if it does" in first.action and "if not, in 2.5 years" in first.action
    (plan,) = result.plans
    assert plan.years == pytest.approx(2.5)
    # The "if it does" plan is shorter than the goal's plan without the ruling.
    yes = first.action.split("if it does, ")[1].split(" by ")[0]
    assert "in 0.5 years" in yes


def test_no_ruling_to_ask_when_the_degree_plainly_counts(standard_kb: KnowledgeBase) -> None:
    result = run(standard_kb, {**RAD_TECH, "degree_field": "bmet"})
    assert not [s for s in result.next_steps if s.action.startswith("Ask ")]


# -- minor: a goal whose plan is another goal's plan is said in a line ----------------------


def test_a_goal_opened_by_another_goals_plan_is_not_repeated(standard_kb: KnowledgeBase) -> None:
    record = {**GIVEN, "id": "lead", "degree": "associate", "degree_field": "bmet",
              "years_experience": 6, "supervisory_years": 1.5, "recent_supervisory_years": 1.5,
              "certifications": "CBET", "skills": "project_management",
              "goals": "CHTM;clinical-engineering-manager"}  # fmt: skip
    out = text(standard_kb, record)
    assert out.count("Lead, supervise or manage") == 2  # the CHTM plan and one step
    assert "(CHTM) plan above opens it" in " ".join(line.strip() for line in out.splitlines())
    assert len(out.splitlines()) <= 60


# -- third review, class 1: a goal path not yet open that rests on an exam open now ----------


def test_a_goal_path_not_yet_open_resting_on_an_exam_open_now_shows_sitting_it(
    standard_kb: KnowledgeBase,
) -> None:
    # A lab scientist half a year on lab instruments: the lab path (laboratory years + "a CBET
    # held or eligible") is near; the CBET is open now through candidate status, not held.
    record = {**GIVEN, "id": "lab-new", "degree": "bachelor", "degree_field": "science",
              "years_experience": 0.5, "laboratory_years": 0.5,
              "goals": "laboratory-specialist"}  # fmt: skip
    result = run(standard_kb, record)
    assert result.path("laboratory-specialist").status != "eligible"
    assert result.certification("CBET").status == "eligible"
    shown = [s for s in result.next_steps if s.for_goal]
    assert any(s.kind == "exam" and "CBET" in s.opens for s in shown), shown
    assert "Sit the CBET exam" in text(standard_kb, record).split("Next steps")[1]


# -- third review, class 2: a step is worded, timed and credited from one plan ----------------


def test_a_goal_step_merged_from_several_plans_takes_the_goals_years_and_opens(
    standard_kb: KnowledgeBase,
) -> None:
    # A BSET 10 years at the bench who wants clinical engineering: the goal's plan (through
    # the CCE) has years of clinical engineering practice; the PE's plan another number.
    # (The CCE as the goal: for the clinical engineer's path, that way starts with being
    # hired into the role, which opens the path at once; thirty-ninth review.)
    record = {**GIVEN, "id": "bset", "degree": "bachelor",
              "degree_field": "engineering_technology", "years_experience": 10,
              "certifications": "CBET", "goals": "CCE"}  # fmt: skip
    result = run(standard_kb, record)
    (plan,) = result.plans
    roles = {a.text: a for a in plan.actions if a.kind == "role"}
    assert any(a.field == "clinical_engineering_years" for a in roles.values())
    shown = [s for s in result.next_steps if s.kind == "role" and s.for_goal]
    assert shown
    for step in shown:
        role = roles[step.action]
        assert step.years == pytest.approx(role.done)
        assert set(step.opens) <= set(role.opens)
    assert any(step.opens for step in shown)


# -- third review, class 3: a role the person already has years in is continued -------------


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ({**GIVEN, "id": "sup", "degree": "bachelor", "degree_field": "business",
          "years_experience": 14, "supervisory_years": 4, "recent_supervisory_years": 4,
          "certifications": "CBET", "skills": "budgeting;regulatory", "goals": "htm-director"},
         r"Lead, supervise or manage for 1 more year \(5 in all\)"),
        ({**GIVEN, "id": "img", "degree": "associate", "degree_field": "bmet",
          "years_experience": 3, "imaging_years": 1, "certifications": "CBET",
          "goals": "imaging-specialist"},
         r"Keep working on imaging equipment for 1 more year \(2 in all\)"),
    ],
    ids=["sitting-supervisor", "imaging-technician"],
)  # fmt: skip
def test_a_role_step_for_a_role_already_held_reads_continue_with_the_years_in_all(
    standard_kb: KnowledgeBase, record: dict[str, Any], words: str
) -> None:
    out = text(standard_kb, record)
    assert "Take on lead or supervisory duties" not in out
    assert "Work on imaging equipment" not in out
    assert re.search(words, " ".join(out.split())), out


def test_a_role_step_for_a_role_not_yet_held_still_reads_take_on(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "tech", "degree": "associate", "degree_field": "bmet",
              "years_experience": 6, "certifications": "CBET",
              "goals": "supervisor"}  # fmt: skip
    out = " ".join(text(standard_kb, record).split())
    # No "more" beside none held (sixth review): "for 1 year", not "for 1 more year".
    # (A supervisor's post: no note on ACI's attestation, which is the CHTM's.)
    assert "Take on lead or supervisory duties (team or project lead, acting supervisor) for 1 " \
        "year" in out
    assert "for 1 more year" not in out
    assert "in all)" not in out


# -- third review, class 4: the rulings the knowledge base lists are asked -------------------


@pytest.mark.parametrize(
    ("record", "cert"),
    [
        ({**GIVEN, "id": "bset-img", "degree": "bachelor",
          "degree_field": "engineering_technology", "years_experience": 1.5,
          "imaging_years": 1, "certifications": "CBET", "goals": "CRES"}, "CRES"),
        ({**GIVEN, "id": "other-sup", "degree": "associate", "degree_field": "other",
          "years_experience": 6, "supervisory_years": 3, "recent_supervisory_years": 3,
          "goals": "CHTM"}, "CHTM"),
    ],
    ids=["engineering-technology-for-cres", "other-field-for-chtm"],
)  # fmt: skip
def test_a_ruling_the_knowledge_base_lists_is_asked_when_a_yes_shortens_the_goal(
    standard_kb: KnowledgeBase, record: dict[str, Any], cert: str
) -> None:
    result = run(standard_kb, record)
    outcome = result.certification(cert)
    assert outcome.status == "needs_info"
    assert any(g.kind == "ruling" and g.field == "degree_field" for g in outcome.gaps)
    first = result.next_steps[0]
    assert first.kind == "confirm" and first.action.startswith("Ask ACI"), result.next_steps


# -- third review, minor: "Not given" lists what the input lacks, not what is worked out -----


def test_not_given_lists_the_missing_field_not_those_worked_out_from_it(
    standard_kb: KnowledgeBase,
) -> None:
    record = {key: value for key, value in GIVEN.items()
              if key not in ("supervisory_years", "clinical_engineering_years")}  # fmt: skip
    record.update(id="hr", degree="associate", degree_field="bmet", years_experience=8)
    result = run(standard_kb, record)
    assert {"recent_supervisory_years", "engineering_years"} <= set(result.unknown_fields)
    line = " ".join(text(standard_kb, record).split("Not given: ")[1].split(".")[0].split())
    listed = line.split(", ")
    assert "years as a supervisor or manager" in listed
    assert "years as a supervisor or manager in the last five years" not in listed
    assert "years of engineering practice" not in listed
    # (Nor the clinical engineering practice, which nothing shown turns on for a BMET
    # associate: the fiftieth review's "Not given" lists what something turns on.)
    assert "years of clinical engineering practice" not in listed


# -- fifth review: one question per fact, and no "whatever the answer" over a guess -----------


def test_one_fact_two_goals_wait_on_is_asked_once_towards_both(standard_kb: KnowledgeBase) -> None:
    record = {**GIVEN, "id": "lead", "degree": "associate", "degree_field": "bmet",
              "years_experience": 9, "certifications": "CBET", "goals": "supervisor;CHTM"}
    del record["supervisory_years"]  # an HR export without the column
    result = run(standard_kb, record)
    confirms = [s for s in result.next_steps if s.kind == "confirm"]
    assert len(confirms) == 1, [s.action for s in confirms]
    assert set(confirms[0].towards) == {"supervisor", "CHTM"}
    assert "in the last five years" in confirms[0].action


def test_a_plan_over_a_missing_value_is_labelled_as_read_with_none(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "lead", "degree": "associate", "degree_field": "bmet",
              "years_experience": 9, "certifications": "CBET", "goals": "CHTM"}
    del record["supervisory_years"]
    shown = text(standard_kb, record)
    assert "Whatever the answer" not in shown
    # Labelled as read with the value as none, or as what holds when the answer is not the
    # good one shown just above it (sixth review: what confirming changes).
    flat = " ".join(shown.split())
    # (Twentieth review: fewer years in the window are not none; the plan below says so.)
    assert "Reading what is not given as none:" in shown or (
        "With fewer, the years still missing (read here as none):" in shown
        and "If the years as a supervisor or manager in the last five "
        "years are at least 3: may sit the exam now" in flat
    ), shown


def test_a_ruling_asked_with_what_a_yes_opens_is_not_asked_again(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "rad", "degree": "associate", "degree_field": "healthcare",
              "years_experience": 0, "goals": "imaging-specialist;CBET"}
    result = run(standard_kb, record)
    asks = [s.action for s in result.next_steps if s.action.startswith("Ask ACI")]
    assert len(asks) == 1, asks
    assert "if it does" in asks[0]
    assert "Otherwise:" in render_short(result, standard_kb)


# -- sixth review, class 3: paths with the same time to open are listed together -------------


def _groups(shown: str) -> dict[str, list[str]]:
    """Each "Paths ..." heading of a short explanation with the lines listed under it."""
    groups: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in shown.splitlines():
        if line.startswith("Paths "):
            current = groups.setdefault(line.rsplit(" (", 1)[0], [])
        elif not line.strip() or not line.startswith(" "):
            current = None
        elif current is not None and line.startswith("  ") and not line.startswith("      "):
            current.append(line.strip())
    return groups


def test_paths_with_equal_times_share_a_group_whatever_their_gaps(
    standard_kb: KnowledgeBase,
) -> None:
    # A BMET graduate months in: laboratory specialist (2 years on laboratory equipment, CBET
    # eligible as a candidate) is "near" by its small gaps; imaging specialist (2 years on
    # imaging equipment, the CRES waiting on one of them) is not, yet both take 2 years.
    record = {**GIVEN, "id": "grad", "degree": "associate", "degree_field": "bmet",
              "years_experience": 0.5}  # fmt: skip
    result = run(standard_kb, record)
    lab, img = result.path("laboratory-specialist"), result.path("imaging-specialist")
    assert lab.eta_years == img.eta_years == 2.0
    assert {lab.status, img.status} == {"near", "not_eligible"}  # the statuses differ
    groups = _groups(text(standard_kb, record))
    (soon,) = [lines for title, lines in groups.items() if title.startswith("Paths within 2")]
    assert any("[laboratory-specialist]" in line for line in soon)
    assert any("[imaging-specialist]" in line for line in soon)
    further = groups.get("Paths further away", [])
    assert further and all("in 2 years" not in line and "in 1" not in line for line in further)
    # Neither line contradicts its group with a status word.
    for line in soon:
        assert " — near," not in line and " — not open" not in line, line


def test_the_near_group_follows_the_near_years_parameter(standard_kb: KnowledgeBase) -> None:
    record = {**GIVEN, "id": "grad", "degree": "associate", "degree_field": "bmet",
              "years_experience": 0.5}  # fmt: skip
    kb = load_rulesets(params={"near_years": 4}, as_of=AS_OF)
    groups = _groups(text(kb, record))
    (soon,) = [lines for title, lines in groups.items() if title.startswith("Paths within 4")]
    assert any("in 3.5 years" in line for line in soon), soon


# -- sixth review, class 2: a ruling's effect on every goal it shortens, in general words ------


def test_a_ruling_step_says_what_a_yes_opens_for_each_goal_it_shortens(
    standard_kb: KnowledgeBase,
) -> None:
    # A medical laboratory technician (AS, healthcare) a year into laboratory equipment: a yes
    # on the healthcare degree opens the CBET now (candidate status) and, with the CBET, the
    # laboratory specialist path once the laboratory years reach 2; a no leaves both to the
    # experience-only CBET route.
    record = {**GIVEN, "id": "mlt", "degree": "associate", "degree_field": "healthcare",
              "years_experience": 1, "laboratory_years": 1,
              "goals": "CBET;laboratory-specialist"}  # fmt: skip
    result = run(standard_kb, record)
    asks = [s for s in result.next_steps if s.action.startswith("Ask ACI")]
    assert len(asks) == 1, [s.action for s in result.next_steps]
    (ask,) = asks
    assert set(ask.towards) == {"CBET", "laboratory-specialist"}
    if_yes, _, if_not = " ".join(ask.action.split()).partition("; if not, ")
    assert "CBET now by candidate status" in if_yes
    assert "Laboratory Equipment Specialist in 1 year" in if_yes, if_yes
    lab_plan = next(p for p in result.plans if p.target == "laboratory-specialist")
    assert lab_plan.years is not None and lab_plan.years > 1
    shown = lab_plan.years
    assert f"Laboratory Equipment Specialist in {shown:g} years" in if_not, if_not


def test_a_ruling_on_a_healthcare_degree_is_worded_for_any_healthcare_field(
    standard_kb: KnowledgeBase,
) -> None:
    record = {**GIVEN, "id": "mlt", "degree": "associate", "degree_field": "healthcare",
              "years_experience": 1, "laboratory_years": 1, "goals": "CBET"}  # fmt: skip
    result = run(standard_kb, record)
    words = " ".join([*(s.action for s in result.next_steps),
                      *(g.message for o in result.certifications for g in o.gaps)])
    assert "healthcare field" in words
    assert "radiologic" not in words and "radiologic" not in text(standard_kb, record)


# -- sixth review, class 1: `plan` says what it does not assume, and what an answer changes ----


def _plan_text(tmp_path: Any, record: dict[str, Any]) -> str:
    """``bmet-rules plan`` on one record written as an HR export (CSV: a column the export
    lacks is a field not given)."""
    path = tmp_path / "hr.csv"
    columns = list(record)
    path.write_text(",".join(columns) + "\n" + ",".join(str(record[c]) for c in columns) + "\n",
                    encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(cli, ["plan", str(path), "--engine", "python", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())


def test_plan_names_the_facts_not_given_and_what_a_yes_opens(tmp_path: Any) -> None:
    # An HR export without skills or travel columns, a 5-year BMET aiming at field service.
    record = {"id": "fse", "degree": "associate", "degree_field": "bmet",
              "years_experience": 5, "imaging_years": 0, "laboratory_years": 0,
              "supervisory_years": 0, "clinical_engineering_years": 0,
              "military_bmet": "no", "certifications": "CBET",
              "goals": "field-service-engineer"}  # fmt: skip
    out = _plan_text(tmp_path, record)
    assert "Not given: skills, willingness to travel." in out
    assert "nothing is advised on a guess" in out
    assert "Field Service Engineer (field-service-engineer) needs information: Confirm" in out
    assert "If the answers are yes: open now, by willing to travel" in out
    assert "not open if the answer on willingness to travel is no" in out
    assert "not by time and study (every route needs something a plan cannot propose)" not in out


def test_plan_over_unknown_years_says_what_confirming_them_would_change(tmp_path: Any) -> None:
    # No supervisory column: the plan reads the years as none and says so, and what a count
    # of at least 1 would change (the supervisor path open now).
    record = {"id": "lead", "degree": "associate", "degree_field": "electronics",
              "years_experience": 9, "imaging_years": 0, "laboratory_years": 0,
              "clinical_engineering_years": 0, "military_bmet": "no",
              "certifications": "CBET", "willing_to_travel": "no", "skills": "teaching",
              "goals": "supervisor"}  # fmt: skip
    out = _plan_text(tmp_path, record)
    assert "Not given: years as a supervisor or manager." in out
    assert "BMET Supervisor (supervisor) needs information: Confirm the years as a supervisor" \
        in out
    assert "If the years as a supervisor or manager are at least 1: open now, by" in out
    # The plan acts on the years not given: labelled so, and no total on that guess.
    # (The route the line above named is not said again: the plan starts at its actions.)
    assert "With fewer, the years still missing (read here as none): 1. Take on lead" in out


def test_plan_with_every_fact_given_is_unmarked(tmp_path: Any) -> None:
    record = {"id": "given", "degree": "associate", "degree_field": "electronics",
              "years_experience": 9, "imaging_years": 0, "laboratory_years": 0,
              "supervisory_years": 0, "clinical_engineering_years": 0, "military_bmet": "no",
              "certifications": "CBET", "willing_to_travel": "no", "skills": "teaching",
              "goals": "supervisor"}  # fmt: skip
    out = _plan_text(tmp_path, record)
    assert "Not given" not in out and "needs information" not in out and "Otherwise" not in out
    assert "BMET Supervisor (supervisor): in 1 year" in out


# -- sixth review, class 1: engineering practice is not all clinical engineering -------------


def test_cce_plan_asks_only_the_clinical_years_in_clinical_engineering(
    standard_kb: KnowledgeBase,
) -> None:
    # A BSET 12 years at the bench, 1 year in clinical engineering, aiming at the CCE (route
    # 3: 8 years of engineering practice, 3 of them clinical): 2 more clinical years, then the
    # rest of the 8 in any engineering practice, never "7 more years of clinical engineering".
    record = {**GIVEN, "id": "bset", "degree": "bachelor",
              "degree_field": "engineering_technology", "years_experience": 12,
              "clinical_engineering_years": 1, "certifications": "CBET",
              "goals": "CCE"}  # fmt: skip
    (plan,) = run(standard_kb, record).plans
    roles = [(a.field, a.value, a.start, a.done) for a in plan.actions if a.kind == "role"]
    assert roles == [("clinical_engineering_years", 3.0, 0.0, 2.0),
                     ("engineering_years", 8.0, 2.0, 7.0)]  # fmt: skip
    shown = text(standard_kb, record)
    assert "clinical engineering for 2 more years (3 in all)" in shown
    assert "clinical engineering for 7 more years" not in shown


def test_a_goal_the_htccs_ruling_on_bench_years_would_bring_nearer_starts_with_asking(
    standard_kb: KnowledgeBase,
) -> None:
    # 11 years at the bench, 1.5 in clinical engineering: the CCE is not open whatever the
    # HTCC says (1.5 more clinical years first), but a yes on the bench years leaves only them.
    record = {**GIVEN, "id": "bset", "degree": "bachelor",
              "degree_field": "engineering_technology", "years_experience": 11,
              "clinical_engineering_years": 1.5, "goals": "CCE"}  # fmt: skip
    result = run(standard_kb, record)
    assert result.certification("CCE").status == "not_eligible"
    first = result.next_steps[0]
    assert first.kind == "confirm" and first.towards == ("CCE",)
    assert first.action.startswith("Ask HTCC whether years of BMET/HTM work count")
    assert "(you have 11 years" in first.action
    assert "in 1.5 years by BSET (engineering technology" in first.action, first.action
    assert "if not, in 6.5 years" in first.action
    # Bench years no more than the engineering practice: nothing to ask.
    same = {**record, "years_experience": 1.5}
    assert not [s for s in run(standard_kb, same).next_steps if s.action.startswith("Ask HTCC")]


# -- sixth review, class 2: what a record without some columns can still be told ------------


def _core_columns_only() -> dict[str, Any]:
    """An HR export with the core columns only: an AAS in electronics, 6 years, a CBET."""
    return {"id": "hr", "degree": "associate", "degree_field": "electronics",
            "years_experience": 6, "military_bmet": False, "certifications": "CBET"}  # fmt: skip


def test_a_target_every_route_of_which_needs_a_degree_reads_as_needing_it(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, _core_columns_only())
    shown = text(standard_kb, _core_columns_only())
    # (Dated: the practice years not given would not count before an engineering degree,
    # so the plan, the degree then 4 years' practice, does not wait on them; review 49.)
    assert "CCE in 10 years" in shown and "[CCE]" not in shown, shown
    cce = result.certification("CCE")
    assert cce.status == "not_eligible" and cce.eta_years == 10.0
    assert cce.gaps[0].kind == "degree"
    # A target with a route no given degree bars (the director's route through years of
    # management) still reads as waiting on the facts to confirm: at the latest since the
    # fifty-first review (the years leading are bounded by the 6 years given).
    director = result.path("htm-director")
    assert director.eta_years == 5.0, director
    assert any(g.kind == "unknown" and g.need == READ_AT_LEAST for g in director.gaps)


def test_a_record_waiting_on_missing_columns_is_told_what_to_confirm_first(
    standard_kb: KnowledgeBase,
) -> None:
    result = run(standard_kb, _core_columns_only())
    assert sum(o.status == "needs_info" for o in result.paths) >= 5
    confirms = [s for s in result.next_steps if s.kind == "confirm"]
    assert 1 <= len(confirms) <= 3, [s.action for s in result.next_steps]
    first = confirms[0]
    assert first.action.startswith("Confirm which skills you have (")
    assert "teaching" in first.action and "with those each asks for" in first.action
    # Years to confirm say how many each target asks (not "if enough").
    years = next(s for s in confirms if "supervisor or manager" in s.action)
    assert "with at least 1, BMET Supervisor opens" in years.action, years.action
    assert "enough" not in years.action
    assert "Technical Trainer" in first.action and "Technical Sales" in first.action
    assert {"technical-trainer", "technical-sales"} <= set(first.towards)
    for step in confirms:  # what it names waits on that fact
        assert not step.opens
        for target in step.towards:
            assert result.path(target).status == "needs_info" if target in standard_kb.paths \
                else result.certification(target).status == "needs_info"
    # Given the columns, nothing is left to confirm.
    full = {**GIVEN, **_core_columns_only(), "skills": "teaching"}
    assert not [s for s in run(standard_kb, full).next_steps if s.kind == "confirm"]


def test_a_path_goal_through_the_cce_asks_the_htcc_and_orders_its_steps_by_when(
    standard_kb: KnowledgeBase,
) -> None:
    # A BSET 10 years at the bench who wants to be a clinical engineer: in clinical
    # engineering practice, they would be one (eighteenth review), so applying for such roles
    # comes first (twenty-third review); then the CCE's way, the clinical years, then the rest
    # of the engineering practice, in the order they are done, for a CCE goal: for the
    # clinical engineer's path that way is no "otherwise", as it starts with being hired into
    # the role too (thirty-ninth review). The HTCC question, which only shortens that way, is
    # asked for a CCE goal.
    record = {**GIVEN, "id": "bset", "degree": "bachelor",
              "degree_field": "engineering_technology", "years_experience": 10,
              "clinical_engineering_years": 0, "certifications": "CBET",
              "goals": "clinical-engineer"}  # fmt: skip
    steps = run(standard_kb, record).next_steps
    assert steps[0].kind == "apply" and steps[0].rule == "clinical-engineer-route-4"
    cce = run(standard_kb, {**record, "goals": "CCE"}).next_steps
    assert cce[0].kind == "confirm" and cce[0].action.startswith("Ask HTCC"), cce
    assert not [s for s in steps if s.kind == "role" and s.for_goal], steps
    roles = [s for s in cce if s.kind == "role" and s.for_goal]  # (others fill the room)
    assert [s.years for s in roles] == sorted(s.years for s in roles)
    assert roles[0].action.startswith("Practise clinical engineering for 3 years")
