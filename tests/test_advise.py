"""The interview asks only what the rules still need, validates answers, and explains."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bmet_rules.cli import cli
from bmet_rules.interview import read_answers
from bmet_rules.knowledge import KnowledgeBase


def run(args: list[str], answers: str = "") -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["advise", *args], input=answers)
    return result.exit_code, result.output


def test_an_entry_level_technician_is_not_asked_about_supervision() -> None:
    code, out = run([], "none\n0\n\nno\nno\n")
    assert code == 0, out
    assert "highest degree" in out
    assert "supervisor or manager" not in out.split("Not asked")[0]
    assert "Not asked (no rule still open needs them):" in out
    assert "supervisory_years" in out.split("Not asked")[1].splitlines()[0]
    assert "Profile you" in out and "Next steps" in out


def test_a_certified_technician_is_asked_about_supervision() -> None:
    code, out = run(["--set", "degree=associate", "--set", "degree_field=bmet",
                     "--set", "years_experience=9", "--set", "certifications=CBET",
                     "--no-input", "--format", "json"])
    assert code == 0, out
    data = json.loads(out)
    assert "supervisory_years" in data["interview"]["unknown"]
    # Left unanswered, supervision is unknown, not "none": CHTM waits for it.
    chtm = next(c for c in data["certifications"] if c["id"] == "CHTM")
    assert chtm["status"] == "needs_info"
    # (CHTM reads supervision in the last five years, read from supervisory_years.)
    assert any(g["kind"] == "unknown" and g["field"] == "recent_supervisory_years"
               for g in chtm["gaps"])


def test_bad_answers_are_asked_again_and_dont_know_is_accepted() -> None:
    code, out = run(["--set", "degree=associate", "--set", "degree_field=electronics"],
                    "lots\n3\n?\n" + "?\n" * 20)
    assert code == 0, out
    assert "expected a number of years" in out
    assert out.count("How many years of full-time BMET/HTM experience") == 2
    assert "Unknown (not 'no'; what turns on them needs information): certifications" in out
    assert "Please answer" not in out


def test_answers_from_a_file_and_no_input(tmp_path: Path) -> None:
    answers = tmp_path / "me.yaml"
    answers.write_text("degree: bachelor\ndegree_field: engineering\nyears_experience: 5\n"
                       "clinical_engineering_years: 4\ncertifications: [PE]\n")
    code, out = run(["--answers", str(answers), "--no-input", "--format", "json"])
    assert code == 0, out
    data = json.loads(out)
    cce = next(c for c in data["certifications"] if c["id"] == "CCE")
    assert cce["status"] == "eligible"
    assert data["interview"]["asked"] == 0


def test_an_unknown_field_in_answers_is_a_usage_error(tmp_path: Path) -> None:
    code, out = run(["--set", "shoe_size=9", "--no-input"])
    assert code == 2
    assert "unknown field 'shoe_size'" in out


def test_reading_partial_answers(standard_kb: KnowledgeBase) -> None:
    nothing = read_answers(standard_kb, {})
    assert nothing.needed[0] == "degree"
    assert "supervisory_years" in nothing.needed
    settled = read_answers(
        standard_kb,
        {"degree": "none", "years_experience": 0, "certifications": (), "military_bmet": False},
    )
    assert "supervisory_years" not in settled.needed
    assert "skills" not in settled.needed
