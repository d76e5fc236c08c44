"""Which facts are still worth asking for: the logic behind ``bmet-rules advise``.

Rules are read with three values: a test on a field nobody has answered yet is *unknown*,
``all``/``any``/``not`` combine unknowns as Kleene logic does, and a derived fact is unknown
while any rule concluding it is. A field is worth asking for only while some rule whose
outcome is still open reads it, directly or through a derived fact. So an entry-level
technician with no certification and no military training is never asked about supervisory
years: every rule that reads them is already false.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .conditions import All, Any_, Condition, Not, Test
from .evaluator import test_holds
from .fields import FieldType
from .knowledge import KnowledgeBase

_UNKNOWN = object()
#: The marker of a value nobody knows, for :func:`read_values`.
UNKNOWN = _UNKNOWN


@dataclass(frozen=True)
class Excluding:
    """A list value nobody knows, known not to hold ``items``: credentials the given facts
    rule out (no CHTM for someone never a supervisor). A reading then settles what waits
    only on those ("a supervisor's level by the CHTM") instead of leaving it open, which left
    a path decided on the given facts at "needs information" (forty-first review)."""

    items: frozenset[str]


def _is_unknown(value: Any) -> bool:
    return value is _UNKNOWN or isinstance(value, Excluding)
#: One thing an open outcome waits for: ``(field, key)``. The key narrows a list field to one
#: value (``("skills", "teaching")``), a number field to one threshold and a text field to
#: one value; it is ``None`` for booleans and choices. :mod:`bmet_rules.unknowns` builds the
#: completions of an unknown field from these keys.
Dim = tuple[str, Any]
#: The order questions are asked in: the facts most rules read come first, so later
#: questions are skipped as often as possible.
QUESTION_ORDER = (
    "degree",
    "degree_field",
    "years_experience",
    "certifications",
    "military_bmet",
    "supervisory_years",
    "imaging_years",
    "laboratory_years",
    "clinical_engineering_years",
    "willing_to_travel",
    "skills",
)


@dataclass(frozen=True)
class Reading:
    """What the rules can already tell from partial answers."""

    needed: tuple[str, ...]
    """Unanswered fields, in question order, that some still-open rule reads."""
    open_rules: tuple[str, ...]
    """Rules whose outcome the missing answers could still change."""
    waits: Mapping[str, frozenset[Dim]] = field(default_factory=dict)
    """Derived facts (``path.X``, ``certification.X``, ``level``, facts) still open, with
    the unknown fields (narrowed, see :data:`Dim`) they wait for."""
    possible: Mapping[str, frozenset[Any]] = field(default_factory=dict)
    """Of those, the values each can still take, where the rules narrow them (a CHTM open by
    a route whatever is unknown: ``eligible`` or, were it listed, ``held``)."""


@dataclass(frozen=True)
class _Possible:
    """A derived fact still open, narrowed to the values it can still take (a CRES either
    held or eligible satisfies "CRES held or eligible" whatever is unknown)."""

    values: frozenset[Any]


def _tri(cond: Condition, values: Mapping[str, Any], kb: KnowledgeBase) -> bool | None:
    """True, False or None (unknown)."""
    if isinstance(cond, Test):
        have = values[cond.field]
        if have is _UNKNOWN:
            return None
        if isinstance(have, Excluding):
            wanted = cond.value if isinstance(cond.value, tuple) else (cond.value,)
            ruled_out = [w in have.items for w in wanted]
            if (cond.op == "includes_any" and all(ruled_out)) or (
                cond.op in ("includes", "includes_all") and any(ruled_out)
            ):
                return False
            return None
        spec = kb.fields[cond.field]
        if isinstance(have, _Possible):
            found = {test_holds(cond, spec, v) for v in have.values}
            return found.pop() if len(found) == 1 else None
        return test_holds(cond, spec, have)
    if isinstance(cond, Not):
        inner = _tri(cond.item, values, kb)
        return None if inner is None else not inner
    results = [_tri(item, values, kb) for item in cond.items]
    if isinstance(cond, All):
        if False in results:
            return False
        return True if all(r is True for r in results) else None
    assert isinstance(cond, Any_)
    if True in results:
        return True
    return False if all(r is False for r in results) else None


def read_answers(
    kb: KnowledgeBase, answers: Mapping[str, Any], skipped: frozenset[str] = frozenset()
) -> Reading:
    """Evaluate the rules on partial answers and list the fields still worth asking.

    ``answers`` holds typed values; ``skipped`` the fields answered "don't know" (they take
    their defaults, as in any profile that leaves them out).
    """
    values: dict[str, Any] = {}
    for spec in kb.fields.profile_fields():
        if spec.name in answers:
            values[spec.name] = answers[spec.name]
        elif spec.name in skipped or spec.question is None:
            values[spec.name] = spec.default_value()
        else:
            values[spec.name] = _UNKNOWN
    return read_values(kb, values)


def read_values(kb: KnowledgeBase, profile_values: Mapping[str, Any]) -> Reading:
    """Evaluate the rules on profile values of which some are :data:`UNKNOWN`.

    Every profile field must be present; derived facts start at their defaults.
    """
    values = dict(profile_values)
    for spec in kb.fields:
        if spec.derived:
            values[spec.name] = spec.default_value()
    # What an unknown derived fact depends on, through its still-open rules.
    behind: dict[str, set[Dim]] = {}
    possible: dict[str, frozenset[Any]] = {}
    fired: set[str] = set()
    open_rules: list[str] = []
    needed: set[str] = set()
    known_stage = -1
    _resolve_known(kb, values, fired, behind, known_stage, [], possible)
    for stage, rules in enumerate(kb.stages):
        for rule in rules:
            outcome = _tri(rule.when, values, kb)
            if outcome is True:
                fired.add(rule.id)
            elif outcome is None:
                open_rules.append(rule.id)
                for test in _unknown_tests(rule.when, values, kb):
                    needed.update(f for f, _ in _dims_of(test, behind, kb))
        # Every rule still open so far, not only this stage's: a target is final after the
        # stage of its last rule, and an earlier route may be the one still open.
        _resolve_known(kb, values, fired, behind, stage, open_rules, possible)
    order = [f for f in QUESTION_ORDER if f in needed]
    order += sorted(f for f in needed if f not in QUESTION_ORDER and f in kb.fields)
    return Reading(
        tuple(f for f in order if not kb.fields[f].derived),
        tuple(open_rules),
        {name: frozenset(dims) for name, dims in behind.items()},
        possible,
    )


def _dims_of(test: Test, behind: Mapping[str, set[Dim]], kb: KnowledgeBase) -> set[Dim]:
    """What an unknown test waits for: the derived fact's own waits, or the field narrowed."""
    if test.field in behind:
        return behind[test.field]
    kind = kb.fields[test.field].type
    if kind in (FieldType.LIST, FieldType.TEXT, FieldType.NUMBER):
        many = test.value if isinstance(test.value, tuple) else (test.value,)
        return {(test.field, v) for v in many}
    return {(test.field, None)}


def _unknown_tests(cond: Condition, values: Mapping[str, Any], kb: KnowledgeBase) -> list[Test]:
    """The unknown tests that could still decide ``cond`` (not those under a settled branch)."""
    if isinstance(cond, Test):
        return [cond] if _tri(cond, values, kb) is None else []
    if isinstance(cond, Not):
        return _unknown_tests(cond.item, values, kb)
    if _tri(cond, values, kb) is not None:
        return []
    return [t for item in cond.items for t in _unknown_tests(item, values, kb)]


def _resolve_known(
    kb: KnowledgeBase,
    values: dict[str, Any],
    fired: set[str],
    behind: dict[str, set[Dim]],
    stage: int,
    undecided: list[str],
    narrowed: dict[str, frozenset[Any]],
) -> None:
    """Settle the derived facts final after ``stage``; those an undecided rule concludes stay
    unknown, remembering which answers they wait for."""
    open_ids = set(undecided)
    # "held" reads the certifications answer: while it is unknown, so is every status.
    certs_unknown = _is_unknown(values.get("certifications"))
    known = {**values, "certifications": ()} if certs_unknown else values
    kb.resolve(known, fired, stage)
    for name, final_stage in kb.target_stage.items():
        if final_stage != stage:
            continue
        values[name] = known[name]
        contributors = [
            r
            for r in kb.rules
            if r.id in open_ids and name in _concluded(r.rule.then.kind, r.rule.then.targets, kb)
        ]
        waits: set[Dim] = set()
        for rule in contributors:
            for test in _unknown_tests(rule.when, values, kb):
                waits.update(_dims_of(test, behind, kb))
        if certs_unknown and name.startswith("certification."):
            waits.add(("certifications", name.partition(".")[2]))
        if not (contributors or waits):
            continue
        possible = _possible_values(kb, name, values[name], fired, open_ids, certs_unknown)
        if possible is not None and len(possible) == 1:
            values[name] = next(iter(possible))
            continue
        values[name] = _UNKNOWN if possible is None else _Possible(possible)
        if possible is not None:
            narrowed[name] = possible
        behind[name] = waits


def _possible_values(
    kb: KnowledgeBase,
    name: str,
    value: Any,
    fired: set[str],
    open_ids: set[str],
    certs_unknown: bool,
) -> frozenset[Any] | None:
    """The values an open derived fact can still take; ``None`` for any value (facts)."""
    if name == "level":
        higher = {r.rule.then.target for r in kb.level_rules if r.id in open_ids}
        rank = kb.fields["level"].rank
        return frozenset({value} | {v for v in higher if rank(v) > rank(value)})
    if not name.startswith(("path.", "certification.")):
        return None
    if value == "held":  # the certifications are known and list it
        return frozenset({"held"})
    routes = [r.id for r in kb.routes.get(name, ())]
    gates = [r.id for r in kb.requirements.get(name, ())]
    route = True if any(r in fired for r in routes) else (
        None if any(r in open_ids for r in routes) else False)
    gate_open = any(g in open_ids for g in gates)
    gate = False if any(g not in fired and g not in open_ids for g in gates) else (
        None if gate_open else True)
    if route is False or gate is False:
        found = {"not_eligible"}
    elif route is True and gate is True:
        found = {"eligible"}
    else:
        found = {"eligible", "not_eligible"}
    if certs_unknown and name.startswith("certification."):
        found.add("held")
    return frozenset(found)


def _concluded(kind: str, targets: tuple[str, ...], kb: KnowledgeBase) -> set[str]:
    if kind == "level":
        return {"level"}
    if kind == "fact":
        return set(targets)
    if kind == "requirement_for":
        return {f"path.{t}" if t in kb.paths else f"certification.{t}" for t in targets}
    return {f"{kind}.{t}" for t in targets}
