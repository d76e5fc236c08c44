"""Whether a yes/no question is worth asking when its outcome has too many completions to try
each: answered both ways over a spread of the other unknowns, does the outcome ever differ?

With few completions, :func:`bmet_rules.unknowns` pairs every completion that differs only in
the answer and drops a question whose answer never changes the outcome. An HR export without
the years, supervision and military columns has thousands (4,312 for a supervisor's post), so
none were paired and the military programme was asked about a BMET associate with a CBET, for
whom it changes nothing (thirtieth review: "BMET Supervisor — needs information: Confirm
completion of a U.S. military (DoD) BMET programme"). Here the other unknowns are spread over
:data:`PAIRS` completions, each run with a yes and with a no: a question is moot when no pair
differs. A sample can miss a rare pair; the outcome stays ``needs_info`` on its other questions
either way, so what is lost is a question, never a status.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .completions import sample_completions
from .fields import FieldType
from .interview import Dim
from .knowledge import KnowledgeBase

#: Completions of the other unknowns each answered both ways (twice as many engine runs).
PAIRS = 48

#: Runs completions on the engine: returns the value of ``name`` for each, in order.
Outcomes = Callable[[list[dict[str, Any]]], list[Any]]


def moot_yes_no(
    kb: KnowledgeBase, values: Mapping[str, Any], dims: frozenset[Dim],
    unknown: frozenset[str], outcomes: Outcomes,
) -> frozenset[Dim]:  # fmt: skip
    """The yes/no questions among ``dims`` whose answer changed the outcome in no pair (only
    when other questions remain: the last one is kept)."""
    moot: set[Dim] = set()
    for dim in dims:
        field = dim[0]
        if field not in kb.fields or kb.fields[field].type is not FieldType.BOOLEAN:
            continue
        others = frozenset(d for d in dims if d[0] != field)
        if not others:
            continue
        spread = sample_completions(kb, values, others, unknown, PAIRS)
        pairs = [({**c, field: answer}) for c in spread for answer in (True, False)]
        found = outcomes(pairs)
        if spread and all(found[i] == found[i + 1] for i in range(0, len(found), 2)):
            moot.add(dim)
    return frozenset(moot)
