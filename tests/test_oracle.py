"""The durable-rules adapter and the independent Python evaluator agree.

For generated profiles on the standard rulesets, and for generated rulesets (nested
``all``/``any``/``not``, every operator, chaining through derived facts), both must fire
the same rules and reach the same derived facts.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bmet_rules.evaluator import PythonEvaluator
from bmet_rules.fields import CORE_FIELDS, FieldRegistry
from bmet_rules.knowledge import KnowledgeBase, compile_rulesets
from bmet_rules.profile import parse_profile
from bmet_rules.ruleset import parse_ruleset

from .strategies import profiles, rulesets

engine_module = pytest.importorskip("bmet_rules.engine")
try:
    engine_module.load_durable()
except Exception as exc:  # pragma: no cover - only on Python 3.13
    pytest.skip(f"durable-rules unavailable: {exc}", allow_module_level=True)


def assert_same(kb: KnowledgeBase, records: list[dict[str, Any]], batch_size: int = 7) -> None:
    engine = engine_module.DurableEngine(kb, batch_size=batch_size)
    try:
        people = [parse_profile(r, kb.fields) for r in records]
        durable = engine.run_many(people)
        python = PythonEvaluator(kb).run_many(people)
    finally:
        engine.close()
    for record, d, p in zip(records, durable, python, strict=True):
        assert d.fired == p.fired, record
        assert dict(d.values) == dict(p.values), record


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(profiles(), min_size=1, max_size=30))
def test_standard_rulesets_agree(standard_kb: KnowledgeBase, records: list[dict[str, Any]]) -> None:
    for i, record in enumerate(records):
        record["id"] = f"p{i}"
    assert_same(standard_kb, records)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rulesets(), st.lists(profiles(), min_size=1, max_size=12))
def test_generated_rulesets_agree(data: dict[str, Any], records: list[dict[str, Any]]) -> None:
    for i, record in enumerate(records):
        record["id"] = f"p{i}"
    kb = compile_rulesets([parse_ruleset(data)], FieldRegistry(CORE_FIELDS))
    assert_same(kb, records, batch_size=5)
