"""The independent evaluator: the compiled rules interpreted directly in plain Python.

It shares nothing with the durable-rules adapter but the compiled rules and the resolution
of derived facts (:meth:`KnowledgeBase.resolve`): it reads the conditions as written (with
``Not``, ordered choices by position, lists as lists), where the adapter lowers them to
engine facts. Tests run both on generated profiles and rulesets and demand the same
conclusions; on Python 3.13, where durable-rules cannot load, it is the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .conditions import All, Condition, Not, Test
from .fields import FieldRegistry, FieldSpec, FieldType
from .knowledge import KnowledgeBase
from .profile import Profile


@dataclass(frozen=True)
class Firing:
    """What inference concluded for one profile: the rules that fired and the final facts."""

    fired: frozenset[str]
    values: Mapping[str, Any]

    @classmethod
    def of(cls, fired: set[str] | frozenset[str], values: Mapping[str, Any]) -> Firing:
        """``Firing(frozenset(fired), values)``, made as the dataclass's __init__ would (it
        only sets the two fields; a test pins that) at a third of the cost: the engines make
        one per profile."""
        firing: Firing = _new(cls)
        firing.__dict__["fired"] = frozenset(fired)
        firing.__dict__["values"] = values
        return firing


_new = object.__new__


def test_holds(test: Test, spec: FieldSpec, have: Any) -> bool:
    """Whether one leaf test holds for the value ``have`` of its field."""
    op, need = test.op, test.value
    if spec.type is FieldType.ORDERED:
        rank = spec.values.index
        if op in ("at_least", "more_than", "at_most", "less_than"):
            return _compare(op, rank(have), rank(need))
    if op in ("at_least", "more_than", "at_most", "less_than"):
        return _compare(op, have, need)
    if op in ("equals", "is"):
        return bool(have == need)
    if op == "not_equals":
        return bool(have != need)
    if op == "one_of":
        return have in need
    if op == "none_of":
        return have not in need
    if op == "includes":
        return need in have
    if op == "includes_any":
        return any(v in have for v in need)
    if op == "includes_all":
        return all(v in have for v in need)
    if op == "includes_none":
        return not any(v in have for v in need)
    raise ValueError(f"unknown operator {op!r}")


def compile_test(test: Test, spec: FieldSpec) -> Callable[[Any], bool]:
    """``test_holds`` for one test, specialised once: explanations call it for every route
    of every target of every profile. Its agreement with ``test_holds`` is tested."""
    op, need = test.op, test.value
    if spec.type is FieldType.ORDERED and op in ("at_least", "more_than", "at_most", "less_than"):
        ranks = {v: i for i, v in enumerate(spec.values)}
        n = ranks[need]
        return {
            "at_least": lambda have: ranks[have] >= n,
            "more_than": lambda have: ranks[have] > n,
            "at_most": lambda have: ranks[have] <= n,
            "less_than": lambda have: ranks[have] < n,
        }[op]
    simple: dict[str, Callable[[Any], bool]] = {
        "at_least": lambda have: bool(have >= need),
        "more_than": lambda have: bool(have > need),
        "at_most": lambda have: bool(have <= need),
        "less_than": lambda have: bool(have < need),
        "equals": lambda have: bool(have == need),
        "is": lambda have: bool(have == need),
        "not_equals": lambda have: bool(have != need),
        "one_of": lambda have: have in need,
        "none_of": lambda have: have not in need,
        "includes": lambda have: need in have,
        "includes_any": lambda have: any(v in have for v in need),
        "includes_all": lambda have: all(v in have for v in need),
        "includes_none": lambda have: not any(v in have for v in need),
    }
    return simple[op]


def _compare(op: str, have: float, need: float) -> bool:
    if op == "at_least":
        return have >= need
    if op == "more_than":
        return have > need
    if op == "at_most":
        return have <= need
    return have < need


def holds(cond: Condition, values: Mapping[str, Any], fields: FieldRegistry) -> bool:
    """Whether a condition holds for a profile's values (derived facts included)."""
    if isinstance(cond, Test):
        return test_holds(cond, fields[cond.field], values[cond.field])
    if isinstance(cond, Not):
        return not holds(cond.item, values, fields)
    if isinstance(cond, All):
        return all(holds(i, values, fields) for i in cond.items)
    return any(holds(i, values, fields) for i in cond.items)


Check = Callable[[Mapping[str, Any]], bool]


def compile_condition(cond: Condition, fields: FieldRegistry) -> Check:
    """``holds(cond, values, fields)`` for one condition, specialised once per knowledge base:
    the evaluator runs every rule against every profile. Its agreement with ``holds`` is
    tested (``tests/test_oracle.py``)."""
    if isinstance(cond, Test):
        check, name = compile_test(cond, fields[cond.field]), cond.field
        return lambda values: bool(check(values[name]))
    if isinstance(cond, Not):
        inner = compile_condition(cond.item, fields)
        return lambda values: not inner(values)
    parts = tuple(compile_condition(item, fields) for item in cond.items)
    if isinstance(cond, All):

        def every(values: Mapping[str, Any]) -> bool:
            for part in parts:  # noqa: SIM110 (a loop: no generator per call)
                if not part(values):
                    return False
            return True

        return every

    def some(values: Mapping[str, Any]) -> bool:
        for part in parts:  # noqa: SIM110 (a loop: no generator per call)
            if part(values):
                return True
        return False

    return some


class PythonEvaluator:
    """Forward chaining stage by stage, every rule of a stage tried against the profile."""

    name = "python"

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._stages = [
            [(rule.id, compile_condition(rule.when, kb.fields)) for rule in rules]
            for rules in kb.stages
        ]

    def run(self, profile: Profile) -> Firing:
        """Evaluate one profile."""
        kb = self.kb
        values = kb.initial_values(profile)
        fired: set[str] = set()
        for stage, rules in enumerate(self._stages):
            for rule_id, check in rules:
                if check(values):
                    fired.add(rule_id)
            kb.resolve(values, fired, stage)
        return Firing.of(fired, values)

    def run_many(self, profiles: Iterable[Profile]) -> list[Firing]:
        """Evaluate several profiles (the same interface as the durable-rules adapter)."""
        return [self.run(p) for p in profiles]

    def close(self) -> None:
        """Nothing to release; present so evaluators are interchangeable."""

