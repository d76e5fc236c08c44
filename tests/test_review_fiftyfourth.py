"""Defect classes the fifty-third director's review left open and the fifty-fourth's found
(issue 11), each pinned on a profile of our own making."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from bmet_rules.advice.text import render_short
from bmet_rules.cli import cli
from bmet_rules.knowledge import KnowledgeBase

from .records import actions, run

#: An HR export without the recent part of the years leading (nor the degree field or the
#: imaging years): an associate's holder, 10 years at the bench, 2 years leading, a CBET.
LEAD = {"id": "ld", "degree": "associate", "years_experience": 10, "laboratory_years": 0,
        "supervisory_years": 2, "certifications": "CBET 2024", "willing_to_travel": False,
        "skills": "teaching"}  # fmt: skip


def test_without_a_goal_the_window_a_total_bounds_is_asked_when_it_brings_a_date_nearer(
    standard_kb: KnowledgeBase,
) -> None:
    """If both years leading are in the last five, the CHTM is a year away, not three: the
    question a director asks first, goal or not (fifty-third review, C)."""
    result = run(standard_kb, LEAD)
    assert result.certification("CHTM").eta_years == 3.0
    asked = [a for a in actions(result) if a.startswith("Confirm the years as a supervisor")]
    assert asked, actions(result)
    assert "if 2, CHTM in 1 year, not 3 years" in asked[0], asked
    # Given, the window is no question, and the date is the one the question promised.
    given = run(standard_kb, {**LEAD, "recent_supervisory_years": 2})
    assert given.certification("CHTM").eta_years == 1.0
    assert not any(a.startswith("Confirm the years as a supervisor") for a in actions(given))


#: A BSET in clinical engineering practice for 2 years after 6 at the bench; every field given.
BSET = {"id": "bs", "degree": "bachelor", "degree_field": "engineering_technology",
        "years_experience": 8, "imaging_years": 0, "laboratory_years": 0,
        "supervisory_years": 0, "recent_supervisory_years": 0,
        "clinical_engineering_years": 2, "engineering_years": 2, "military_bmet": False,
        "certifications": "CBET 2025", "willing_to_travel": False, "skills": "teaching",
        "high_school_student": False}  # fmt: skip


def test_without_a_goal_a_ruling_that_brings_a_target_within_reach_is_asked(
    standard_kb: KnowledgeBase,
) -> None:
    """The CCE is 6 years away unless the HTCC counts the bench years as engineering
    practice, when it is 1: said without a goal, with both dates (fifty-third review, C)."""
    result = run(standard_kb, BSET)
    asked = [a for a in actions(result) if a.startswith("Ask HTCC")]
    assert len(asked) == 1, actions(result)
    assert "if it does, Certified Clinical Engineer in 1 year" in asked[0], asked
    assert asked[0].endswith(f"if not, in {result.certification('CCE').eta_years:g} years")


# -- input as HR systems write it (the fifty-fourth review's probes) -------------------------


def _evaluate(tmp_path: Path, name: str, data: str | bytes,
              *options: str) -> tuple[dict[str, dict[str, Any]], str, int]:  # fmt: skip
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    out = CliRunner().invoke(
        cli, ["evaluate", str(path), "-f", "jsonl", "--as-of", "2026-11-30", *options])
    rows = {r["profile_id"]: r for r in map(json.loads, out.stdout.splitlines())}
    return rows, out.stderr, out.exit_code


def _held(row: dict[str, Any]) -> list[str]:
    return [c["id"] for c in row["certifications"] if c["status"] == "held"]


def test_credentials_with_a_status_a_renewal_or_a_joining_word_are_held(tmp_path: Path) -> None:
    rows, err, _ = _evaluate(tmp_path, "c.csv", (
        "id,degree,degree_field,years_experience,certifications\n"
        "a,associate,bmet,5,CBET (Active)\n"
        "r,associate,bmet,5,CBET 2019 (renewed 2025)\n"
        'n,associate,bmet,5,"CBET\nCRES"\n'
        "j,associate,bmet,5,CBET and CRES\n"
        "o,associate,bmet,5,None\n"
        "d,associate,bmet,5,-\n"))
    assert _held(rows["a"]) == ["CBET"] and _held(rows["r"]) == ["CBET"], rows
    assert _held(rows["n"]) == _held(rows["j"]) == ["CBET", "CRES"]
    # (renewed in 2025: due in 2028, no warning of a renewal passed in 2022)
    assert not any("renewal" in w for w in rows["r"]["warnings"]), rows["r"]["warnings"]
    assert _held(rows["o"]) == _held(rows["d"]) == [] and "unknown certification" not in err
    for pid in "arnjod":
        assert not any("unknown certification" in w for w in rows[pid]["warnings"]), pid


def test_a_unicode_text_file_is_read_with_or_without_its_encoding(tmp_path: Path) -> None:
    """Excel's "Unicode text" is UTF-16: read by its byte-order mark, or as --encoding says."""
    text = "id,degree,years_experience\nu1,associate,3\n"
    for options in ((), ("--encoding", "utf-16")):
        rows, err, code = _evaluate(tmp_path, "u.csv", text.encode("utf-16"), *options)
        assert code == 0 and list(rows) == ["u1"], (options, err)
    rows, err, code = _evaluate(tmp_path, "le.csv", text.encode("utf-16-le"),
                                "--encoding", "utf-16-le")
    assert code == 0 and list(rows) == ["u1"], err
    rows, err, code = _evaluate(tmp_path, "u.json", json.dumps(
        [{"id": "j1", "degree": "associate", "years_experience": 3}]).encode("utf-16"))
    assert code == 0 and list(rows) == ["j1"], err


def test_excel_one_and_zero_flags_are_yes_and_no() -> None:
    from bmet_rules.profile import parse_profile

    profile = parse_profile({"id": "x", "military_bmet": 1.0, "willing_to_travel": 0.0})
    assert profile.values["military_bmet"] is True
    assert profile.values["willing_to_travel"] is False


def test_a_list_of_one_unknown_is_unknown(tmp_path: Path) -> None:
    base = {"id": "u", "degree": "bachelor", "degree_field": "business", "years_experience": 12,
            "supervisory_years": 4, "recent_supervisory_years": 1}  # fmt: skip
    records = [{**base, "id": f"u{i}", "certifications": value}
               for i, value in enumerate((["unknown"], "unknown", ["?"], [None]))]
    rows, _, _ = _evaluate(tmp_path, "u.json", json.dumps(records))
    for pid, row in rows.items():
        assert "certifications" in row["unknown_fields"], pid
        assert not any("UNKNOWN" in w for w in row["warnings"]), row["warnings"]


def test_a_key_given_twice_is_a_row_error_naming_the_id_and_both_values(tmp_path: Path) -> None:
    text = ('[{"id": "k1", "years_experience": 3, "degree": "associate", "years_experience": 9},'
            ' {"id": "k2", "years_experience": 4}]')
    rows, err, code = _evaluate(tmp_path, "k.json", text)
    assert code == 1 and list(rows) == ["k2"], (rows, err)
    assert "profile 'k1'" in err and "'years_experience' (3, 9)" in err, err
    rows, err, code = _evaluate(tmp_path, "k.jsonl", text[1:].split("}, ")[0] + "}\n")
    assert code == 1 and "profile 'k1'" in err and "more than once" in err, err


def test_a_row_with_too_many_cells_is_reported_with_its_id(tmp_path: Path) -> None:
    _, err, code = _evaluate(tmp_path, "l.csv", "id,degree,years_experience\nx1,associate,3,4,5\n")
    assert code == 1 and "profile 'x1': row has 5 cells" in err, err


def test_a_column_mapping_of_the_wrong_shape_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("Emp,Deg\nx,associate\n", encoding="utf-8")
    for body in ("columns: [Emp, Deg]\n", "values: [1]\n"):
        (tmp_path / "m.yaml").write_text(body, encoding="utf-8")
        out = CliRunner().invoke(cli, ["evaluate", str(tmp_path / "p.csv"), "--columns",
                                       str(tmp_path / "m.yaml")])  # fmt: skip
        assert out.exit_code == 2 and "expected a mapping" in out.stderr, out.output
        assert out.exception is None or isinstance(out.exception, SystemExit), out.exception


#: A supervisor whose CBET renewal is years overdue: every field given.
SUPERVISOR = {"id": "sv", "degree": "associate", "degree_field": "bmet", "years_experience": 14,
              "imaging_years": 0, "laboratory_years": 0, "supervisory_years": 4,
              "recent_supervisory_years": 4, "clinical_engineering_years": 0,
              "engineering_years": 0, "military_bmet": False, "certifications": "CBET 2015",
              "willing_to_travel": False, "skills": "teaching", "high_school_student": False}


def test_an_overdue_check_follows_the_steps_that_do_not_rest_on_the_credential(
    standard_kb: KnowledgeBase,
) -> None:
    """The CHTM by the associate degree and 3 years leading does not rest on the CBET: the
    exam leads, the check follows (fifty-fourth review, four B grades); through the CBET
    route (no listed degree), the check comes first."""
    for goals in ("", "CHTM"):
        steps = actions(run(standard_kb, {**SUPERVISOR, "goals": goals}))
        assert steps[0].startswith("Sit the CHTM exam"), (goals, steps)
        assert any(s.startswith("Check that your CBET is current") for s in steps[1:3]), steps
    through_cbet = {**SUPERVISOR, "degree": "high_school", "degree_field": "",
                    "years_experience": 6}
    steps = actions(run(standard_kb, through_cbet))
    assert steps[0].startswith("Check that your CBET is current"), steps
    assert any(s.startswith("Sit the CHTM exam") for s in steps[1:]), steps


def test_a_role_the_record_has_years_in_is_no_first_job(standard_kb: KnowledgeBase) -> None:
    """A PhD a year into clinical engineering, none of it in HTM: keep practising, not "in a
    first job in the field" (fifty-fourth review, B)."""
    record = {**SUPERVISOR, "id": "phd", "degree": "doctorate", "degree_field": "engineering",
              "years_experience": 0, "supervisory_years": 0, "recent_supervisory_years": 0,
              "clinical_engineering_years": 1, "engineering_years": 5, "certifications": ""}
    steps = [s for s in actions(run(standard_kb, record)) if "clinical engineering" in s]
    assert steps and all("first job" not in s for s in steps), steps


def test_a_year_more_a_year_leading_or_a_chtm_never_lowers_the_level(
    standard_kb: KnowledgeBase,
) -> None:
    """Over a grid of complete records: more years in HTM, more recent years leading, a
    CHTM or clinical-engineering practice never lower the level (fifty-fourth review's
    probes: a manager HTM Supervisor at 3 years and BMET II at 4; an engineering graduate
    Clinical Engineer at 0 years and BMET II at 0.5; a CHTM moving a clinical engineer
    "down")."""
    import itertools

    from bmet_rules.evaluator import PythonEvaluator
    from bmet_rules.fields import LEVELS
    from bmet_rules.profile import parse_profile

    evaluator = PythonEvaluator(standard_kb)
    years = (0, 0.5, 1, 3, 4, 5, 8, 12)
    grid = list(itertools.product(
        ("high_school", "associate", "bachelor", "master"), ("bmet", "business", "engineering"),
        years, (0, 1, 2, 3), (0, 1), (False, True)))  # fmt: skip
    later = dict(itertools.pairwise(years))
    records = [
        {"id": str(i), "degree": d, "degree_field": f, "years_experience": y,
         "supervisory_years": min(s, y), "recent_supervisory_years": min(s, y),
         "clinical_engineering_years": min(c, y), "engineering_years": min(c, y),
         "certifications": "CHTM" if chtm else ""}
        for i, (d, f, y, s, c, chtm) in enumerate(grid)
    ]  # fmt: skip
    firings = evaluator.run_many(parse_profile(r, standard_kb.fields) for r in records)
    rank = {tuple(g): LEVELS.index(f.values["level"])
            for g, f in zip(grid, firings, strict=True)}  # fmt: skip
    worse = []
    for (d, f, y, s, c, chtm), level in rank.items():
        for more in ((d, f, later.get(y), s, c, chtm), (d, f, y, s + 1, c, chtm),
                     (d, f, y, s, 1, chtm), (d, f, y, s, c, True)):
            if more in rank and rank[more] < level:
                worse.append(((d, f, y, s, c, chtm), more))
    assert not worse, worse[:5]


#: A school leaver without a diploma, no job yet; every field given.
NO_DIPLOMA = {"id": "nd", "degree": "none", "years_experience": 0, "imaging_years": 0,
              "laboratory_years": 0, "supervisory_years": 0, "recent_supervisory_years": 0,
              "clinical_engineering_years": 0, "military_bmet": False,
              "high_school_student": False, "certifications": "", "willing_to_travel": False,
              "skills": ""}  # fmt: skip


def test_the_way_in_by_study_counts_the_ged_first_goal_or_not(standard_kb: KnowledgeBase) -> None:
    """Without a diploma, the way in is a GED, then an associate degree: three years full-time,
    sooner than four years of work; named with or without a goal (fifty-fourth review: no
    study route without a goal, and with one the GED year left out)."""
    for goals in ("", "CBET"):
        steps = actions(run(standard_kb, {**NO_DIPLOMA, "goals": goals}))
        study = [s for s in steps if s.startswith("Sooner by study")]
        assert len(study) == 1, (goals, steps)
        assert "a high-school diploma or GED, then an associate degree" in study[0], study
        assert "(in 3 years full-time), not in 4 years" in study[0], study


def test_years_leading_that_may_be_the_latest_are_said_both_ways(
    standard_kb: KnowledgeBase,
) -> None:
    """Eight years leading, two of them in the last five: whether those two are the latest
    (a stint going on) the record does not say, so the step says both readings (fifty-fourth
    review, C: "again for 3 years ... age out" as if certain)."""
    record = {**SUPERVISOR, "id": "lt", "degree": "high_school", "degree_field": "",
              "years_experience": 25, "supervisory_years": 8, "recent_supervisory_years": 2,
              "certifications": "CBET 2025"}  # fmt: skip
    (step,) = [s for s in actions(run(standard_kb, record)) if "again for 3 years" in s]
    assert "your 2 there age out as new ones come, unless they are your latest 2: then 1 more "\
        "year" in step, step


def test_a_goal_open_on_a_degree_field_names_the_fields(standard_kb: KnowledgeBase) -> None:
    """"If the degree field is biomedical equipment technology, ... or science: open now",
    not "as this route asks" (fifty-fourth review, C)."""
    record = {**NO_DIPLOMA, "id": "bf", "degree": "bachelor", "goals": "CBET"}
    text = " ".join(render_short(run(standard_kb, record), standard_kb).split())
    assert "as this route asks" not in text, text
    assert "If the degree field is biomedical equipment technology, electronics," in text, text


def test_an_empty_excel_cell_reads_as_the_same_csv_cell(tmp_path: Path) -> None:
    """A blank cell in a column that exists is none / no / 0 in a workbook as in a CSV file
    (fifty-fourth review's probe: unknown from .xlsx, none from .csv)."""
    import xlsxwriter

    header = ["id", "degree", "years_experience", "supervisory_years", "certifications",
              "military_bmet", "willing_to_travel"]
    row = ["x1", "associate", 5, None, None, None, None]
    book = xlsxwriter.Workbook(str(tmp_path / "p.xlsx"))
    sheet = book.add_worksheet("people")
    for c, name in enumerate(header):
        sheet.write_string(0, c, name)
    for c, value in enumerate(row):
        if value is not None:
            sheet.write(1, c, value)
    book.close()
    from_xlsx, _, _ = _evaluate(tmp_path, "p.xlsx", (tmp_path / "p.xlsx").read_bytes())
    from_csv, _, _ = _evaluate(tmp_path, "p.csv", ",".join(header) + "\nx1,associate,5,,,,\n")
    assert from_xlsx["x1"]["unknown_fields"] == from_csv["x1"]["unknown_fields"]
    assert "certifications" not in from_xlsx["x1"]["unknown_fields"]


def test_an_evaluation_date_advice_cannot_speak_for_is_refused(tmp_path: Path) -> None:
    from bmet_rules import evaluate
    from bmet_rules.errors import BmetRulesError

    for day in ("9999-12-31", "1900-01-01"):
        _, err, code = _evaluate(tmp_path, "p.csv", "id,degree\nx,associate\n", "--as-of", day)
        assert code == 2 and "outside the dates advice can speak for" in err, (day, err)
        try:
            evaluate({"id": "x", "degree": "associate"}, as_of=day)
        except BmetRulesError as exc:
            assert "outside the dates" in str(exc)
        else:
            raise AssertionError(f"{day} accepted")


def test_degrees_as_hr_systems_spell_them() -> None:
    from bmet_rules.profile import parse_profile

    for raw, want in (("B.S.", "bachelor"), ("Ph.D.", "doctorate"), ("M.S.", "master"),
                      ("HS", "high_school"), ("Associate of Applied Science", "associate")):
        assert parse_profile({"id": "x", "degree": raw}).values["degree"] == want, raw
    field = parse_profile({"id": "x", "degree": "BS", "degree_field": "Biomedical Engineering"})
    assert field.values["degree_field"] == "engineering"


def test_messages_quote_the_value_written(tmp_path: Path) -> None:
    """Not "got 60" of 60.0000001, nor "CBET 2019-31-12" of "CBET 31/12/2019"; an input with
    no records says so (fifty-fourth review's probes)."""
    _, err, _ = _evaluate(tmp_path, "p.csv", (
        "id,years_experience,certifications\na,60.0000001,\nb,5,CBET 31/12/2019\n"))
    assert "got 60.0000001" in err, err
    assert "CBET 31/12/2019" in err and "2019-12-31 if the day comes first" in err, err
    _, err, code = _evaluate(tmp_path, "h.csv", "id,degree\n")
    assert code == 0 and "no records" in err, err


def test_a_column_mapping_entry_no_input_has_is_named(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("Emp,Deg\nx,associate\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text("columns:\n  Emp: id\n  Nope: degree\n  Deg: ~\n",
                                     encoding="utf-8")
    out = CliRunner().invoke(cli, ["evaluate", str(tmp_path / "p.csv"), "--columns",
                                   str(tmp_path / "m.yaml"), "-o", str(tmp_path / "o.jsonl")])
    assert out.exit_code == 0, out.output
    assert "maps column(s) no input has: 'Nope'" in out.stderr, out.stderr
    assert "'Deg'" not in out.stderr.split("no input has")[1], out.stderr


def test_an_expiry_cut_off_by_a_comma_belongs_to_the_credential_before() -> None:
    from bmet_rules.profile import parse_profile

    profile = parse_profile({"id": "x", "certifications": "CBET, exp. 12/2027"})
    assert profile.values["certifications"] == ("CBET",)
    assert not any("unknown certification" in w for w in profile.warnings), profile.warnings


def test_a_graduate_whose_field_is_not_given_hears_of_the_way_in_for_another_field(
    standard_kb: KnowledgeBase,
) -> None:
    """A bachelor's holder, field not exported, no job yet, CBET the goal: the answer may
    open it now; if the field is another, the associate degree is the way in, said as such
    (fifty-fourth review, C: "Otherwise: 4 years" alone). Not to an associate's holder (a
    second associate degree on a guess; forty-fourth review)."""
    record = {**NO_DIPLOMA, "id": "gr", "degree": "bachelor", "goals": "CBET"}
    del record["high_school_student"]
    steps = actions(run(standard_kb, record))
    study = [s for s in steps if "ooner by study" in s]
    assert study and study[0].startswith("If your degree is in another field: sooner by study: "
                                         "complete an associate degree"), steps
    associate = actions(run(standard_kb, {**record, "degree": "associate"}))
    assert not any("ooner by study" in s for s in associate), associate
