"""The Python evaluator's compiled conditions agree with ``holds``, the conditions as written.

``PythonEvaluator`` compiles every rule's condition once per knowledge base
(``compile_condition``); ``holds`` reads the condition tree afresh each time. On generated
rulesets and profiles, every rule's compiled check must give what ``holds`` gives, at every
stage of the chaining (derived facts included). Needs no durable-rules: on Python 3.13 the
Python evaluator is the engine.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bmet_rules.evaluator import Firing, PythonEvaluator, compile_condition, holds
from bmet_rules.fields import CORE_FIELDS, FieldRegistry
from bmet_rules.knowledge import KnowledgeBase, compile_rulesets
from bmet_rules.profile import parse_profile
from bmet_rules.ruleset import parse_ruleset

from .strategies import profiles, rulesets


def assert_compiled_agree(kb: KnowledgeBase, records: list[dict[str, Any]]) -> int:
    """Check every rule at every stage; return how many checks held (so a test can tell a
    run that tested something from one where nothing ever held)."""
    held = 0
    checks = {r.id: compile_condition(r.when, kb.fields) for r in kb.rules}
    for record in records:
        values = kb.initial_values(parse_profile(record, kb.fields))
        fired: set[str] = set()
        for stage, rules in enumerate(kb.stages):
            for rule in rules:
                want = holds(rule.when, values, kb.fields)
                assert checks[rule.id](values) is want, (rule.id, record)
                if want:
                    fired.add(rule.id)
                    held += 1
            kb.resolve(values, fired, stage)
        assert PythonEvaluator(kb).run(parse_profile(record, kb.fields)).fired == fired
    return held


def test_standard_rules_compile_to_the_conditions_as_written(standard_kb: KnowledgeBase) -> None:
    held: list[int] = []

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(profiles(), min_size=1, max_size=10))
    def compare(records: list[dict[str, Any]]) -> None:
        held.append(assert_compiled_agree(standard_kb, records))

    compare()
    assert sum(held) > len(held)  # many rules held: the agreement was put to the test


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rulesets(), st.lists(profiles(), min_size=1, max_size=8))
def test_generated_rules_compile_to_the_conditions_as_written(
    data: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    kb = compile_rulesets([parse_ruleset(data)], FieldRegistry(CORE_FIELDS))
    assert_compiled_agree(kb, records)


def test_a_firing_made_by_an_engine_is_the_one_the_dataclass_would_make() -> None:
    # Firing.of fills the fields without __init__: sound only while __init__ just sets them.
    assert not hasattr(Firing, "__post_init__")
    made = Firing.of({"a", "b"}, {"x": 1})
    assert made == Firing(frozenset({"a", "b"}), {"x": 1})
    assert isinstance(made.fired, frozenset) and vars(made).keys() == {"fired", "values"}
    with pytest.raises(AttributeError):
        made.fired = frozenset()  # type: ignore[misc]
