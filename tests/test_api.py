"""The Python API: what README promises a library user."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest

import bmet_rules
from bmet_rules import RecordError, evaluate, evaluate_many, get_engine
from bmet_rules.errors import EngineUnavailable, ProfileError
from bmet_rules.evaluator import PythonEvaluator
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.results import Result

from .engines import needs_durable

#: Every field given (an empty value is a given none / no / 0): outcomes are all decided.
TECH = {"id": "t-1", "degree": "associate", "degree_field": "electronics", "years_experience": 3,
        "imaging_years": "", "laboratory_years": "", "supervisory_years": "",
        "clinical_engineering_years": "", "military_bmet": "", "certifications": "",
        "willing_to_travel": "", "skills": ""}


def test_evaluate_returns_a_result_in_the_design_contract(standard_kb: KnowledgeBase) -> None:
    result = evaluate(TECH, standard_kb)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["profile_id"] == "t-1"
    assert set(data["ruleset"]) >= {"name", "version", "digest"}
    assert data["ruleset"]["digest"].startswith("sha256:")
    assert data["level"] in ("BMET I", "BMET II", "BMET III", None)
    ids = {p["id"] for p in data["paths"]}
    assert ids == {
        "imaging-specialist",
        "laboratory-specialist",
        "field-service-engineer",
        "clinical-engineering-manager",
        "htm-director",
        "consultant",
        "technical-trainer",
        "regulatory-compliance",
        "technical-sales",
        "supervisor",
        "clinical-engineer",
        "healthcare-it",
    }
    certs = {c["id"] for c in data["certifications"]}
    assert certs == {"CABT", "CBET", "CRES", "CHTM", "CCE", "FE", "PE"}
    for entry in data["paths"] + data["certifications"]:
        assert entry["status"] in ("held", "eligible", "near", "not_eligible")
        assert set(entry) >= {
            "id",
            "title",
            "status",
            "route",
            "reasons",
            "gaps",
            "rules",
            "sources",
        }
        for gap in entry["gaps"]:
            assert set(gap) >= {"field", "need", "have", "missing", "message"}


def test_cbet_by_degree_and_two_years(standard_kb: KnowledgeBase) -> None:
    cbet = evaluate(TECH, standard_kb).certification("CBET")
    assert cbet.status == "eligible"
    assert cbet.route_rule == "cbet-route-1"
    assert "cbet-route-1" in cbet.rules


def test_held_certifications_are_reported_as_held(standard_kb: KnowledgeBase) -> None:
    result = evaluate({**TECH, "certifications": "CBET;CLES"}, standard_kb)
    assert result.certification("CBET").status == "held"
    assert result.certification("CLES").status == "held"


def test_cles_is_never_advised(standard_kb: KnowledgeBase) -> None:
    result = evaluate({**TECH, "years_experience": 20}, standard_kb)
    assert "CLES" not in {c.id for c in result.certifications}


def test_evaluate_rejects_a_bad_record_naming_the_field(standard_kb: KnowledgeBase) -> None:
    with pytest.raises(ProfileError, match="years_experience"):
        evaluate({"id": "x", "years_experience": "lots"}, standard_kb)


def test_evaluate_many_keeps_order_and_reports_bad_rows(standard_kb: KnowledgeBase) -> None:
    records: list[dict[str, Any]] = [
        {"id": f"p{i}", "years_experience": i % 12, "degree": "associate"} for i in range(450)
    ]
    records[5] = {"id": "bad", "years_experience": -2}
    records[9] = {"id": "p1"}  # a repeated id
    out = list(evaluate_many(records, standard_kb, batch_size=100))
    assert len(out) == 450
    assert isinstance(out[5], RecordError) and out[5].problems[0].field == "years_experience"
    assert isinstance(out[9], RecordError) and "duplicate" in out[9].message
    ok = [o for o in out if isinstance(o, Result)]
    assert [o.profile_id for o in ok] == [r["id"] for i, r in enumerate(records) if i not in (5, 9)]


@needs_durable
def test_both_engines_give_identical_results(standard_kb: KnowledgeBase) -> None:
    records = [
        {
            "id": f"p{i}",
            "years_experience": i,
            "supervisory_years": i // 3,
            "degree": "bachelor",
            "degree_field": "engineering",
            "willing_to_travel": i % 2,
        }
        for i in range(20)
    ]
    durable = [r.to_dict() for r in evaluate_many(records, standard_kb, engine="durable")]  # type: ignore[union-attr]
    python = [r.to_dict() for r in evaluate_many(records, standard_kb, engine="python")]  # type: ignore[union-attr]
    for d, p in zip(durable, python, strict=True):
        d.pop("engine"), p.pop("engine")
        assert d == p


def test_python_313_falls_back_to_the_python_evaluator(
    standard_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # durable-rules does not import on Python 3.13 (undefined symbol PyEval_CallObject).
    import bmet_rules.engine as engine_module

    def unavailable() -> Any:
        raise EngineUnavailable("durable-rules cannot be loaded on this Python (undefined symbol)")

    monkeypatch.setattr(engine_module, "load_durable", unavailable)
    kb = bmet_rules.load_rulesets(plugin_manager=standard_kb.plugins)
    with pytest.raises(EngineUnavailable, match="cannot be loaded"):
        get_engine(kb, "durable")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        runner = get_engine(kb, "auto")
    assert isinstance(runner, PythonEvaluator)
    assert any("Python evaluator" in str(w.message) for w in caught)
    assert evaluate(TECH, kb).engine == "python"


def test_unknown_engine_is_a_clear_error(standard_kb: KnowledgeBase) -> None:
    with pytest.raises(bmet_rules.BmetRulesError, match="unknown engine"):
        get_engine(standard_kb, "drools")
