"""The durable-rules adapter: the one module that talks to the inference engine.

durable-rules 2.0.28 has sharp edges (``docs/engine.md`` and the tests in
``tests/test_engine_traps.py`` pin each one). This adapter avoids them by construction:

* No ``Host``: its two timer threads race the C core. We call the C extension
  (``durable_rules_engine``) directly, from the calling thread only.
* Facts, never events: ``post`` lets only the first matching rule see an event; every
  matching rule must fire here, so profiles are asserted as facts.
* Every fact has a unique ``id`` within its session: without one, durable-rules uses a
  content hash and rejects two profiles that look the same.
* Every rule starts with ``k == 1``, a field only our facts carry, so no rule can match the
  session's own state fact (a rule with only ``!=`` tests otherwise loops forever).
* One session per batch and engine ruleset, deleted after its actions are drained (facts
  otherwise accumulate; deleting a session with pending actions crashes). A sentinel fact
  and rule make every session start an action: deleting a session that never started one
  frees an uninitialised pointer in the core.
* ``$or`` delivers a fact once per true branch: fired rules are collected into sets.
* Rules are packed into engine rulesets of at most :data:`MAX_ALPHA_NODES` condition nodes,
  so no fact can match more than the core's 64-entry stack, and no rule may use more
  ``$and``/``$or`` groups than the core's expression limit.
* ``cap`` hands one action all the matches of a batch: one Python round trip per rule per
  batch instead of one per firing.

Forward chaining runs stage by stage (see :mod:`bmet_rules.knowledge`): facts for stage
``n + 1`` carry the derived facts concluded in stage ``n``.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from .conditions import All, Any_, Condition, Test
from .errors import EngineError, EngineUnavailable
from .evaluator import Firing
from .fact_text import FactText, engine_json
from .fields import FieldRegistry, FieldType
from .knowledge import CompiledRule, KnowledgeBase
from .profile import Profile

#: Condition nodes one engine ruleset may hold; the C core's match stack has 64 entries.
MAX_ALPHA_NODES = 60
#: Properties a fact may have when one encoding serves a whole stage (the core's limit: 255).
MAX_FACT_FIELDS = 200
#: ``$and``/``$or`` groups one rule may use; the C core stores 31 expression entries a rule.
MAX_GROUPS = 15
#: Profiles asserted per session; measured best between 100 and 500 (benchmarks/engine.py).
DEFAULT_BATCH = 200

_NOT_HANDLED = 1
#: A rule and fact that always fire once per session. The core leaves a session's action
#: context uninitialised until an action starts, and deleting a session that never had one
#: frees garbage (a crash); the sentinel guarantees every session starts an action.
_SENTINEL = "sentinel"
_SENTINEL_FACT = ', {"sid": "%s", "id": "sentinel", "k": 2}]'
#: An action message is ``{"<rule>": [{"m": {"sid": "...", "id": "<n>", ...}}, ...]}``: one
#: rule, its matched facts as we wrote them. Only the rule and the fact ids are needed, so
#: they are read with two patterns instead of decoding every matched fact (measured: JSON
#: decoding was the largest single cost of a batch). Every key is one of ours and every
#: text value is JSON-escaped, so nothing inside a fact can look like these.
_ACTION_RULE = re.compile(r'\{"([^"]+)":')
_FRAME_ID = re.compile(r'\{"m":\{"sid": "[^"]*", "id": "(\d+)"')
_ruleset_numbers = itertools.count()
_session_numbers = itertools.count()


def load_durable() -> ModuleType:
    """Import the durable-rules C extension, or raise :class:`EngineUnavailable` saying why."""
    try:
        import durable_rules_engine
    except ImportError as exc:  # includes the undefined-symbol failure on Python 3.13
        raise EngineUnavailable(
            "durable-rules cannot be loaded on this Python "
            f"({exc}); it supports Python 3.10 to 3.12. "
            "Use --engine python (identical results, tested) or Python 3.12."
        ) from exc
    module: ModuleType = durable_rules_engine
    return module


class FactEncoder:
    """Turns profile and derived values into the flat engine facts one stage reads.

    Ordered choices become their rank, booleans 1/0, and each list value a rule asks about a
    0/1 flag: every test then is a plain comparison the core handles natively.
    """

    def __init__(self, fields: FieldRegistry, rules: Sequence[CompiledRule]) -> None:
        self._fields = fields
        self._keys: dict[str, str] = {}
        self._flags: dict[tuple[str, str], str] = {}
        for rule in rules:
            self._learn(rule.nnf)
        self._text: FactText | None = None
        self._plan: list[tuple[str, str, FieldType, tuple[tuple[str, str], ...]]] = []
        for name, key in self._keys.items():
            spec = fields[name]
            flags = tuple((v, k) for (f, v), k in self._flags.items() if f == name)
            self._plan.append((name, key, spec.type, flags))

    def _learn(self, cond: Condition) -> None:
        if isinstance(cond, Test):
            self._keys.setdefault(cond.field, f"f{len(self._keys)}")
            if self._fields[cond.field].type is FieldType.LIST:
                values = cond.value if isinstance(cond.value, tuple) else (cond.value,)
                for v in values:
                    self._flags.setdefault((cond.field, v), f"l{len(self._flags)}")
        elif isinstance(cond, (All, Any_)):
            for item in cond.items:
                self._learn(item)

    @property
    def size(self) -> int:
        """Properties of an encoded fact (the core accepts at most 255)."""
        return 3 + len(self._keys) + len(self._flags)

    def key(self, field: str) -> str:
        """The engine key of a scalar field."""
        return self._keys[field]

    def flag(self, field: str, value: str) -> str:
        """The engine key of the flag "list ``field`` contains ``value``"."""
        return self._flags[(field, value)]

    def encode(self, values: dict[str, Any], fact_id: int, sid: str) -> dict[str, Any]:
        """One engine fact as a dict: the plain statement of what :meth:`encode_text`
        writes (:func:`~bmet_rules.fact_text.engine_json` of it is that text; a test holds
        them together)."""
        fact: dict[str, Any] = {"sid": sid, "id": str(fact_id), "k": 1}
        for name, key, kind, flags in self._plan:
            value = values[name]
            if kind is FieldType.LIST:
                for v, flag_key in flags:
                    fact[flag_key] = 1 if v in value else 0
            elif kind is FieldType.ORDERED:
                fact[key] = self._fields[name].rank(value)
            elif kind is FieldType.BOOLEAN:
                fact[key] = 1 if value else 0
            else:
                fact[key] = value
        return fact

    def encode_text(self, values: dict[str, Any], fact_id: int, sid: str) -> str:
        """One engine fact as the JSON text the core reads.

        Written directly rather than built as a dict for ``json.dumps``: this runs for every
        profile and stage of a batch. The text is the one ``engine_json`` gives for that dict
        (same keys, order and separators: ``_FRAME_ID`` reads the id back from it).
        """
        if self._text is None:
            self._text = FactText(self._plan, self._fields)
        return self._text.write(values, fact_id, sid)

_COMPARE = {"at_least": "$gte", "more_than": "$gt", "at_most": "$lte", "less_than": "$lt"}


class _Lowering:
    """Lowers one rule's condition (negation normal form) to a durable-rules expression."""

    def __init__(self, fields: FieldRegistry, encoder: FactEncoder) -> None:
        self.fields = fields
        self.encoder = encoder
        self.nodes = 0
        self.groups = 0

    def lower(self, cond: Condition) -> dict[str, Any]:
        if isinstance(cond, Test):
            return self._test(cond)
        assert isinstance(cond, (All, Any_)), "conditions reach the engine in negation normal form"
        parts = [self.lower(i) for i in cond.items]
        return self._group("$and" if isinstance(cond, All) else "$or", parts)

    def _group(self, op: str, parts: list[dict[str, Any]]) -> dict[str, Any]:
        if len(parts) == 1:
            return parts[0]
        self.groups += 1
        if op == "$or":
            self.nodes += 1  # the core adds a forward node to join the branches
        return {op: parts}

    def _leaf(self, op: str | None, key: str, value: Any) -> dict[str, Any]:
        self.nodes += 1
        return {key: value} if op is None else {op: {key: value}}

    def _test(self, t: Test) -> dict[str, Any]:
        spec = self.fields[t.field]
        if spec.type is FieldType.LIST:
            many = t.value if isinstance(t.value, tuple) else (t.value,)
            flags = [self.encoder.flag(t.field, v) for v in many]
            if t.op == "includes_none":
                return self._group("$and", [self._leaf(None, f, 0) for f in flags])
            joiner = "$or" if t.op == "includes_any" else "$and"
            return self._group(joiner, [self._leaf(None, f, 1) for f in flags])
        key = self.encoder.key(t.field)

        def encode(v: Any) -> Any:
            if spec.type is FieldType.ORDERED:
                return spec.rank(v)
            if spec.type is FieldType.BOOLEAN:
                return 1 if v else 0
            return v

        if t.op in _COMPARE:
            return self._leaf(_COMPARE[t.op], key, encode(t.value))
        if t.op in ("equals", "is"):
            return self._leaf(None, key, encode(t.value))
        if t.op == "not_equals":
            return self._leaf("$neq", key, encode(t.value))
        if t.op == "one_of":
            return self._group("$or", [self._leaf(None, key, encode(v)) for v in t.value])
        if t.op == "none_of":
            return self._group("$and", [self._leaf("$neq", key, encode(v)) for v in t.value])
        raise EngineError(f"cannot lower operator {t.op!r}")


def oversized_rules(kb: KnowledgeBase) -> list[tuple[CompiledRule, str]]:
    """Rules too large for the durable-rules core, each with why (``"too large for ..."``).

    Needs no durable-rules import, so ``bmet-rules check`` can warn on any Python and
    ``--engine auto`` can choose the Python evaluator before building the engine. A rule is
    too large when its lowered condition has more than ``MAX_ALPHA_NODES - 1`` tests (one
    fact could then match past the core's 64-entry stack: error 303, then a crash) or more
    than :data:`MAX_GROUPS` ``$and``/``$or`` groups (the core keeps 31 expression entries).
    """
    out: list[tuple[CompiledRule, str]] = []
    for rule in kb.rules:
        lowering = _Lowering(kb.fields, FactEncoder(kb.fields, [rule]))
        lowering.lower(rule.nnf)
        if lowering.groups > MAX_GROUPS or lowering.nodes > MAX_ALPHA_NODES - 1:
            out.append((rule, (
                f"too large for the durable-rules engine: {lowering.nodes} tests and "
                f"{lowering.groups} any/all groups, at most {MAX_ALPHA_NODES - 1} and {MAX_GROUPS}"
            )))
    return out


def describe_rule(rule: CompiledRule) -> str:
    """``rule 'id' (file:line)``, for messages about one rule."""
    return f"rule {rule.id!r} ({rule.rule.file}:{rule.rule.line})"


@dataclass
class _EngineRuleset:
    handle: int
    encoder: FactEncoder
    rule_ids: dict[str, str]
    """Engine rule name -> bmet rule id."""
    definition: dict[str, Any]
    """What was given to the core (kept for inspection and tests)."""


class DurableEngine:
    """Evaluates profiles on durable-rules, in batches, with no background threads."""

    name = "durable-rules"

    def __init__(self, kb: KnowledgeBase, batch_size: int = DEFAULT_BATCH) -> None:
        self.kb = kb
        self.batch_size = max(1, min(batch_size, 60000))
        too_large = oversized_rules(kb)
        if too_large:
            raise EngineError(
                f"{describe_rule(too_large[0][0])} is {too_large[0][1]}: split it into smaller "
                "rules, or run with --engine python"
            )
        self._core = load_durable()
        self._handles: list[int] = []
        self.stages: list[list[_EngineRuleset]] = []
        try:
            for rules in kb.stages:
                # One encoding for the whole stage when its facts stay well under the core's
                # 255-property limit: one fact list serves every engine ruleset of the stage.
                shared = FactEncoder(kb.fields, rules)
                encoder = shared if shared.size <= MAX_FACT_FIELDS else None
                self.stages.append([self._create(pack, encoder) for pack in self._pack(rules)])
        except BaseException:
            self.close()
            raise

    def _pack(self, rules: Sequence[CompiledRule]) -> list[list[CompiledRule]]:
        """Group rules so no engine ruleset holds more than MAX_ALPHA_NODES tests.

        Each group gets its own fact encoding, holding only the fields its rules read, which
        also keeps every fact far below the core's 255-property limit.
        """
        packs: list[list[CompiledRule]] = [[]]
        budget = MAX_ALPHA_NODES - 1  # the shared ``k == 1`` node
        for rule in rules:
            lowering = _Lowering(self.kb.fields, FactEncoder(self.kb.fields, [rule]))
            lowering.lower(rule.nnf)
            if lowering.nodes > budget:
                packs.append([])
                budget = MAX_ALPHA_NODES - 1
            budget -= lowering.nodes
            packs[-1].append(rule)
        return [p for p in packs if p]

    def _create(
        self, rules: Sequence[CompiledRule], encoder: FactEncoder | None
    ) -> _EngineRuleset:
        encoder = encoder or FactEncoder(self.kb.fields, rules)
        definition: dict[str, Any] = {
            f"r{i}": {
                "all": [
                    {"m": {"$and": [{"k": 1}, _Lowering(self.kb.fields, encoder).lower(r.nnf)]}}
                ],
                "cap": self.batch_size,
            }
            for i, r in enumerate(rules)
        }
        definition[_SENTINEL] = {"all": [{"m": {"k": 2}}]}
        engine_name = f"bmet{os.getpid()}x{next(_ruleset_numbers)}"
        handle = self._core.create_ruleset(engine_name, engine_json(definition))
        self._handles.append(handle)
        return _EngineRuleset(
            handle, encoder, {f"r{i}": r.id for i, r in enumerate(rules)}, definition
        )

    def run(self, profile: Profile) -> Firing:
        """Evaluate one profile."""
        return self.run_many([profile])[0]

    def run_many(self, profiles: Iterable[Profile]) -> list[Firing]:
        """Evaluate profiles in order; results line up with the input."""
        batch: list[Profile] = []
        out: list[Firing] = []
        for profile in profiles:
            batch.append(profile)
            if len(batch) == self.batch_size:
                out.extend(self._run_batch(batch))
                batch = []
        if batch:
            out.extend(self._run_batch(batch))
        return out

    def _run_batch(self, profiles: Sequence[Profile]) -> list[Firing]:
        if not profiles:
            return []
        kb = self.kb
        values = [kb.initial_values(p) for p in profiles]
        fired: list[set[str]] = [set() for _ in profiles]
        for stage, engine_rulesets in enumerate(self.stages):
            sid = f"s{next(_session_numbers)}"
            payloads: dict[int, str] = {}
            for ers in engine_rulesets:
                payload = payloads.get(id(ers.encoder))
                if payload is None:
                    encode = ers.encoder.encode_text
                    facts = ", ".join([encode(v, i, sid) for i, v in enumerate(values)])
                    payload = payloads[id(ers.encoder)] = "[" + facts + _SENTINEL_FACT % sid
                self._assert_and_collect(ers, sid, payload, fired)
            for v, f in zip(values, fired, strict=True):
                kb.resolve(v, f, stage)
        return [Firing.of(f, v) for f, v in zip(fired, values, strict=True)]

    def _assert_and_collect(
        self, ers: _EngineRuleset, sid: str, payload: str, fired: list[set[str]]
    ) -> None:
        core = self._core
        try:
            code, state = core.assert_facts(ers.handle, payload)
        except core.error as exc:
            raise EngineError(f"durable-rules rejected a batch: {exc}") from exc
        message = None
        try:
            started = core.start_action_for_state(ers.handle, state)
            message = started[1] if started else None
            while message:
                engine_rule = _ACTION_RULE.match(message)
                if engine_rule is None:
                    raise EngineError(f"unexpected action from durable-rules: {message[:200]}")
                if engine_rule.group(1) != _SENTINEL:
                    rule_id = ers.rule_ids[engine_rule.group(1)]
                    for fact_id in _FRAME_ID.findall(message):
                        fired[int(fact_id)].add(rule_id)
                message = core.complete_and_start_action(ers.handle, state)
        finally:
            # An action left open makes delete_state crash; completing one when none is
            # open crashes too. So drain only while an action is open.
            while message:
                message = core.complete_and_start_action(ers.handle, state)
            core.delete_state(ers.handle, sid)
        if code not in (0, _NOT_HANDLED):
            raise EngineError(f"durable-rules returned code {code} for a batch")

    def close(self) -> None:
        """Free the engine rulesets (the core keeps them for the life of the process)."""
        handles, self._handles, self.stages = self._handles, [], []
        for handle in handles:
            # Freeing on shutdown must not hide the error that led here.
            with contextlib.suppress(self._core.error):
                self._core.delete_ruleset(handle)
