"""Training routes and pay are sourced text on paths and certifications: shown with their
source in explanations, and refused without one."""

from __future__ import annotations

from pathlib import Path

from bmet_rules import evaluate
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.lint import check_rulesets
from bmet_rules.render import render_explanation

RULESET = """\
ruleset: notes
version: "1"
sources:
  s: {{title: "A source"}}
paths:
  p:
    title: P
    source: s
    {note}
rules:
  - id: r
    title: r
    source: s
    when: [{{years_experience: {{at_least: 1}}}}]
    then: {{path: p, route: r}}
"""


def _check(tmp_path: Path, note: str) -> list[str]:
    path = tmp_path / "notes.yaml"
    path.write_text(RULESET.format(note=note), encoding="utf-8")
    return [f"{i.code}: {i}" for i in check_rulesets([path], standard=False)
            if i.severity == "error"]


def test_pay_and_training_show_with_their_source(standard_kb: KnowledgeBase) -> None:
    result = evaluate({"id": "p", "degree": "associate", "degree_field": "bmet",
                       "years_experience": 3, "imaging_years": 1}, standard_kb)
    text = render_explanation(result, standard_kb, path="imaging-specialist")
    assert "pay: medical equipment repairers (SOC 49-9062" in text
    assert "[bls-ooh-49-9062]" in text and "median $62,630" in text
    assert "training: additional training on imaging equipment" in text
    pe = render_explanation(result, standard_kb)
    assert "outside credential (NCEES exams; licence from a state board)" in pe


def test_a_note_without_a_source_is_a_load_error(tmp_path: Path) -> None:
    errors = _check(tmp_path, 'pay: "about $60,000"')
    assert any("`pay:` needs `text:` and `source:`" in e for e in errors), errors


def test_a_note_citing_an_undeclared_source_is_an_error(tmp_path: Path) -> None:
    errors = _check(tmp_path, 'training: {text: "a course", source: nowhere}')
    assert any(e.startswith("unknown-source") and "nowhere" in e for e in errors), errors
    assert _check(tmp_path, 'training: {text: "a course", source: s}') == []
