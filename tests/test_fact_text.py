"""Engine facts are written as the JSON text ``json.dumps`` gives for their dict, numbers
with an exponent written positionally (``engine_json``: the core cannot parse exponents).

The durable-rules adapter writes each fact's text directly and remembers the text of each
situation (``bmet_rules.fact_text``); the adapter reads fact ids back from the core's echo of
that text, and the core must see the same properties either way. These tests hold the
written text to ``engine_json(FactEncoder.encode(...))`` for every stage's encoding.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bmet_rules.fact_text import MEMO_LIMIT, FactText, engine_json
from bmet_rules.fields import FieldType
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.profile import parse_profile
from tests.strategies import profiles

engine = pytest.importorskip("bmet_rules.engine")


def encoders(kb: KnowledgeBase) -> list[Any]:
    return [engine.FactEncoder(kb.fields, rules) for rules in kb.stages]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(profiles(), min_size=1, max_size=4))
def test_written_facts_are_the_json_of_their_dicts(
    standard_kb: KnowledgeBase, records: list[dict[str, Any]]
) -> None:
    coders = encoders(standard_kb)
    for i, record in enumerate(records + records):  # the second time from remembered text
        values = standard_kb.initial_values(parse_profile(record, standard_kb.fields))
        for coder in coders:
            assert coder.encode_text(values, i, "s7") == engine_json(coder.encode(values, i, "s7"))


def test_equal_numbers_of_other_types_are_written_as_json_dumps_writes_each(
    standard_kb: KnowledgeBase,
) -> None:
    coder = encoders(standard_kb)[0]
    number = next(n for n, _, kind, _ in coder._plan if kind is FieldType.NUMBER)
    base = standard_kb.initial_values(parse_profile({"id": "a"}, standard_kb.fields))
    texts = set()
    for value in (1, 1.0, True, 2.5, math.nan, -0.0, 0, 1e-05):
        values = {**base, number: value}
        text = coder.encode_text(values, 3, "s1")
        assert text == engine_json(coder.encode(values, 3, "s1"))
        texts.add(text)
    assert len(texts) == 8  # 1, 1.0, true, 2.5, NaN, -0.0, 0, 1e-05: none taken for another
    assert '": 0.00001' in text and "e-05" not in text


def test_engine_json_writes_numbers_positionally_and_leaves_strings_alone() -> None:
    value = {"a": 1e-05, "b": 'x 1e-05 "2E+3"', "c": [1e16, -2.5e-07, 3.0, 7], "d": 1e300}
    text = engine_json(value)
    assert json.loads(text) == value
    assert text.startswith('{"a": 0.00001, "b": "x 1e-05 \\"2E+3\\"", '
                           '"c": [10000000000000000.0, -0.00000025, 3.0, 7], "d": 1000')
    assert engine_json({"a": 2.5}) == json.dumps({"a": 2.5})


def test_an_unhashable_value_is_written_without_being_remembered(
    standard_kb: KnowledgeBase,
) -> None:
    coder = encoders(standard_kb)[0]
    plan_lists = [n for n, _, kind, flags in coder._plan if kind is FieldType.LIST and flags]
    values = standard_kb.initial_values(parse_profile({"id": "a"}, standard_kb.fields))
    values[plan_lists[0]] = ["CBET", "CRES"]  # a list, as a caller might pass
    assert coder.encode_text(values, 0, "s1") == json.dumps(coder.encode(values, 0, "s1"))


def test_remembered_situations_are_bounded(standard_kb: KnowledgeBase) -> None:
    number = next(n for n, _, kind, _ in encoders(standard_kb)[0]._plan if kind is FieldType.NUMBER)
    base = standard_kb.initial_values(parse_profile({"id": "a"}, standard_kb.fields))

    def write_all(coder: Any, numbers: list[float]) -> FactText:
        for i, x in enumerate(numbers):
            values = {**base, number: x}
            assert coder.encode_text(values, i, "s1") == json.dumps(coder.encode(values, i, "s1"))
        text = coder._text
        assert isinstance(text, FactText)
        return text

    # Situations that repeat: remembered up to the limit, then the rest written afresh.
    seen_twice = [i / 7 for i in range(MEMO_LIMIT)] * 2
    repeating = write_all(encoders(standard_kb)[0], seen_twice + [-1 - i for i in range(50)])
    assert repeating._memo is not None and len(repeating._memo) == MEMO_LIMIT
    # Situations that never repeat: once the limit is reached, nothing is remembered.
    distinct = write_all(encoders(standard_kb)[0], [i / 7 for i in range(MEMO_LIMIT + 50)])
    assert distinct._memo is None
