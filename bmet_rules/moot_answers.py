"""Whether a question is worth asking when its outcome has too many completions to try each:
answered every way over a spread of the other unknowns, does the outcome ever differ?

With few completions, :func:`bmet_rules.unknowns` pairs every completion that differs only in
one answer and drops a question whose answer never changes the outcome. An HR export without
the years, supervision and military columns has thousands (4,312 for a supervisor's post), so
none were paired, and questions that change nothing were asked: the military programme of a
BMET associate with a CBET (thirtieth review), the degree field and whether a CABT is held for
a supervisor's post that only a CHTM or the years of leading decide (thirty-first). Here the
other unknowns are spread over :data:`SPREAD` completions, each run with every answer to the
question (yes and no; a credential held or not; each value of a field of words the rules tell
apart): a question is moot when no spread completion's answers differ. A sample can miss a
rare case; the outcome stays ``needs_info`` on its other questions either way, so what is lost
is a question, never a status.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .completions import answers_of, sample_completions
from .fields import FieldType
from .interview import Dim
from .knowledge import KnowledgeBase

#: Completions of the other unknowns each answered every way.
SPREAD = 24

#: Runs completions on the engine: returns the value of the outcome for each, in order.
Outcomes = Callable[[list[dict[str, Any]]], list[Any]]


def moot_questions(
    kb: KnowledgeBase, values: Mapping[str, Any], dims: frozenset[Dim],
    unknown: frozenset[str], outcomes: Outcomes,
) -> frozenset[Dim]:  # fmt: skip
    """The questions among ``dims`` whose answers changed the outcome for no spread
    completion of the others (one question is always kept)."""
    moot: set[Dim] = set()
    for dim in sorted(dims, key=repr):
        field, key = dim
        spec = kb.fields.get(field)
        if spec is None or spec.type not in (FieldType.BOOLEAN, FieldType.LIST, FieldType.CHOICE):
            continue
        others = frozenset(d for d in dims if d != dim and d not in moot)
        if not others:
            continue
        spread = sample_completions(kb, values, others, unknown, SPREAD)
        ways = [_answered(spec.type, field, key, combo, values, kb, dim, unknown)
                for combo in spread]
        runs = [combo for answered in ways for combo in answered]
        found = iter(outcomes(runs))
        if spread and all(len({next(found) for _ in answered}) == 1 for answered in ways):
            moot.add(dim)
    return frozenset(moot)


def _answered(
    kind: FieldType, field: str, key: Any, combo: dict[str, Any], values: Mapping[str, Any],
    kb: KnowledgeBase, dim: Dim, unknown: frozenset[str],
) -> list[dict[str, Any]]:
    """``combo`` with every answer to the question ``dim``."""
    if kind is FieldType.BOOLEAN:
        return [{**combo, field: True}, {**combo, field: False}]
    if kind is FieldType.LIST:
        held = tuple(v for v in (combo.get(field) or ()) if v != key)
        return [{**combo, field: (*held, key)}, {**combo, field: held}]
    return [{**combo, field: answer} for answer in answers_of(kb, values, dim, unknown)]
