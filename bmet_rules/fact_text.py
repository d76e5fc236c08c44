"""Engine facts written straight as JSON text: the durable-rules adapter's hottest loop.

The adapter asserts every profile of a batch as one fact per stage. Building each fact as a
dict and handing the list to ``json.dumps`` cost more than the core's own matching, so each
encoding plan (:class:`bmet_rules.engine.FactEncoder`) is compiled once into a ``%``
template and one small writer per property. The text is the one ``json.dumps`` gives for
the same dict: the same keys in the same order, the same separators and the same number and
string forms (``tests/test_fact_text.py`` compares the two), because the adapter reads
fact ids back from the core's echo of that text. One exception, which :func:`engine_json`
makes for any text the core reads: a number ``json.dumps`` writes with an exponent (``1e-05``,
``1e+16``) is written positionally (``0.00001``), since the core cannot parse exponents (the
ruleset or fact is refused with error 204, or the process dies; ``docs/engine.md``).

A fact's properties after its ``sid`` and ``id`` depend only on the values of the fields the
stage reads, and a cohort repeats the same few situations (degree, field, whole years, the
same certifications), so :class:`FactText` remembers the text of each situation it has
written, up to :data:`MEMO_LIMIT` of them (and none, once it is clear that they rarely
repeat: a stage that reads many fields). Every profile is still asserted as its own fact:
only the writing of the text is shared. (One liberty: ``0.0`` and ``-0.0`` are one situation,
written as whichever came first; they are the same number to the core, and validation turns
both into ``0``.)
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from json.encoder import encode_basestring_ascii as _json_text
from operator import itemgetter
from typing import Any

from .fields import FieldRegistry, FieldSpec, FieldType

#: One field of an encoding plan: (field, engine key, type, ((list item, flag key), ...)).
PlanEntry = tuple[str, str, FieldType, tuple[tuple[str, str], ...]]
Writer = Callable[[Mapping[str, Any]], str]
#: The fact's ``%`` template (sid, id, then one text per property) and the writers.
FactWriters = tuple[str, list[Writer]]
#: Situations (distinct value combinations) one encoding remembers the text of; when it has
#: met that many with fewer repeats, it stops remembering (a few MB at most per encoding).
MEMO_LIMIT = 4096
_HEAD = '{"sid": "%s", "id": "%d", "k": 1'


class FactText:
    """Writes the facts of one encoding plan, remembering the text of each situation."""

    def __init__(self, plan: Sequence[PlanEntry], fields: FieldRegistry) -> None:
        template, self._writers = fact_writers(plan, fields)
        assert template.startswith(_HEAD)
        self._body = template[len(_HEAD):]
        self._situation = _tuple_getter([name for name, *_ in plan])
        # A number needs its type in the key: 1, 1.0 and True are equal, yet json.dumps
        # writes them 1, 1.0 and true. (Ranks, 1/0 and flags agree on equal values, and
        # choices and texts hold only texts, which are never equal to anything else.)
        as_is = [name for name, _, kind, _ in plan if kind not in _TEXT_OR_RECODED]
        self._types = _tuple_getter(as_is) if as_is else None
        self._memo: dict[Any, str] | None = {}
        self._hits = 0

    def write(self, values: Mapping[str, Any], fact_id: int, sid: str) -> str:
        """The fact for ``values``, as ``json.dumps`` would write its dict."""
        memo = self._memo
        if memo is None:
            return _HEAD % (sid, fact_id) + self._body % tuple([w(values) for w in self._writers])
        key: Any = self._situation(values)
        if self._types is not None:
            key = (key, tuple(map(type, self._types(values))))
        try:
            body = memo.get(key)
        except TypeError:  # an unhashable value (a list from a caller): write it afresh
            key, body = None, None
        if body is not None:
            self._hits += 1
        else:
            body = self._body % tuple([write(values) for write in self._writers])
            if key is None:
                pass
            elif len(memo) < MEMO_LIMIT:
                memo[key] = body
            elif self._hits < MEMO_LIMIT:
                # Full, and fewer repeats than situations: these facts rarely repeat (many
                # fields, many values), so looking them up costs more than it saves.
                self._memo = None
        return _HEAD % (sid, fact_id) + body


_TEXT_OR_RECODED = (
    FieldType.ORDERED, FieldType.BOOLEAN, FieldType.LIST, FieldType.CHOICE, FieldType.TEXT
)


def _tuple_getter(names: Sequence[str]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """``values -> tuple of values[name]`` (``itemgetter`` returns a bare value for one)."""
    if len(names) > 1:
        getter: Callable[[Mapping[str, Any]], tuple[Any, ...]] = itemgetter(*names)
        return getter
    if names:
        only = names[0]
        return lambda values: (values[only],)
    return lambda values: ()


def fact_writers(plan: Sequence[PlanEntry], fields: FieldRegistry) -> FactWriters:
    """The template and per-property writers for facts of one encoding plan."""
    template = '{"sid": "%s", "id": "%d", "k": 1'
    writers: list[Writer] = []
    for name, key, kind, flags in plan:
        if kind is FieldType.LIST:
            template += "".join(f', "{flag}": %s' for _, flag in flags)
            writers.extend(_flag_writer(name, item) for item, _ in flags)
            continue
        template += f', "{key}": %s'
        if kind is FieldType.ORDERED:
            writers.append(_rank_writer(name, fields[name]))
        elif kind is FieldType.BOOLEAN:
            writers.append(_bool_writer(name))
        else:
            writers.append(_value_writer(name))
    return template + "}", writers


def _flag_writer(name: str, item: str) -> Writer:
    def write(values: Mapping[str, Any]) -> str:
        return "1" if item in values[name] else "0"

    return write


def _rank_writer(name: str, spec: FieldSpec) -> Writer:
    ranks = {value: str(rank) for rank, value in enumerate(spec.values)}

    def write(values: Mapping[str, Any]) -> str:
        value = values[name]
        text = ranks.get(value) if isinstance(value, str) else None
        return str(spec.rank(value)) if text is None else text  # rank() names a bad value

    return write


def _bool_writer(name: str) -> Writer:
    def write(values: Mapping[str, Any]) -> str:
        return "1" if values[name] else "0"

    return write


_INFINITIES = (math.inf, -math.inf)


def _value_writer(name: str) -> Writer:
    def write(values: Mapping[str, Any]) -> str:
        value = values[name]
        kind = type(value)
        if kind is int:
            return int.__repr__(value)
        if kind is str:
            return _json_text(value)
        if kind is float and value == value and value not in _INFINITIES:
            text = float.__repr__(value)
            return text if "e" not in text else _positional(text)
        return engine_json(value)  # NaN, booleans, None, lists: as json.dumps writes them

    return write


#: A JSON string (kept whole, whatever it holds) or a number written with an exponent.
_STRING_OR_EXPONENT = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?[eE][-+]?\d+')


def _positional(number: str) -> str:
    """``number`` (JSON, with an exponent) in positional form, the same value to the digit:
    ``1e-05`` is ``0.00001``, ``1e+16`` is ``10000000000000000.0`` (a float stays a float)."""
    text = format(Decimal(number), "f")
    return text if "." in text else text + ".0"


def _unexponent(match: re.Match[str]) -> str:
    token = match.group()
    return token if token.startswith('"') else _positional(token)


def engine_json(value: Any) -> str:
    """``json.dumps(value)`` as the durable-rules core can read it: numbers written with an
    exponent are written positionally (the core's parser refuses or crashes on exponents:
    a fact with ``years_experience`` 0.00001 once killed the process). Strings are kept as
    they are."""
    text = json.dumps(value)
    return _STRING_OR_EXPONENT.sub(_unexponent, text) if "e" in text or "E" in text else text
