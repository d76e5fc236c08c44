"""The condition language: its syntax tree, its parser, and negation.

A condition is a ``Test`` on one field, or ``All`` / ``Any`` / ``Not`` of conditions. The
parser checks shape only (known operators, well-formed nesting); whether a field exists and
a value has the right type is checked when rulesets are compiled together, because plugins
and other rulesets may declare the fields a rule uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .errors import IssueList
from .limits import MAX_CONDITION_DEPTH, MAX_LIST_VALUES, shown
from .yamlsource import LineList, LineMap

NUMERIC_OPERATORS = ("at_least", "more_than", "at_most", "less_than")
CHOICE_OPERATORS = ("equals", "not_equals", "one_of", "none_of")
LIST_OPERATORS = ("includes", "includes_any", "includes_all", "includes_none")
OPERATORS = (*NUMERIC_OPERATORS, *CHOICE_OPERATORS, "is", *LIST_OPERATORS)
#: Operators whose value is a list of literals.
LIST_VALUED = ("one_of", "none_of", "includes_any", "includes_all", "includes_none")

OPERATOR_WORDS = {
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
    "equals": "equal to",
    "not_equals": "other than",
    "one_of": "one of",
    "none_of": "none of",
    "is": "",
    "includes": "includes",
    "includes_any": "includes any of",
    "includes_all": "includes all of",
    "includes_none": "includes none of",
}


@dataclass(frozen=True)
class ParamRef:
    """A value taken from a named parameter (resolved when rulesets are compiled)."""

    name: str


@dataclass(frozen=True)
class Ruling:
    """Values of a test that the certifying body decides case by case (``ruling:``)."""

    field: str
    """The profile field the ruling is about (``degree_field``)."""
    values: tuple[str, ...]
    by: str
    note: str
    rule: str
    line: int | None = None
    counts: str | None = None
    """For a number test: the field whose years the body may count towards ``field``
    (technician years as engineering practice); ``values`` is then empty."""

    @property
    def name(self) -> str:
        """The boolean field that stands for the body's answer, one per rule and field."""
        return f"ruling.{self.rule}.{self.field}"


@dataclass(frozen=True)
class Test:
    """``field operator value``: the leaf of every condition."""

    field: str
    op: str
    value: Any
    line: int | None = None
    param: str | None = None
    """The parameter the value came from, kept for explanations."""
    ruling: Ruling | None = None
    """Set on the test of a ruling's answer field (``ruling.RULE.FIELD is true``)."""


@dataclass(frozen=True)
class All:
    """Every item holds."""

    items: tuple[Condition, ...]
    line: int | None = None


@dataclass(frozen=True)
class Any_:
    """At least one item holds."""

    items: tuple[Condition, ...]
    line: int | None = None


@dataclass(frozen=True)
class Not:
    """The item does not hold."""

    item: Condition
    line: int | None = None


Condition = Test | All | Any_ | Not


def parse_condition(
    data: Any, issues: IssueList, where: dict[str, Any], depth: int = 0
) -> Condition | None:
    """Parse the YAML under ``when:``; problems go to ``issues`` (``None`` if unusable).

    ``depth`` counts the ``all`` / ``any`` / ``not`` around ``data``; past
    :data:`~bmet_rules.limits.MAX_CONDITION_DEPTH` the condition is refused, so no later
    walk over it can exhaust the stack.
    """
    line = getattr(data, "line", where.get("line"))
    if depth > MAX_CONDITION_DEPTH:
        issues.add(
            f"all/any/not are nested more than {MAX_CONDITION_DEPTH} deep",
            hint="split the condition into rules that conclude facts of their own "
            "(`then: {fact: NAME, value: true}`) and read those facts",
            code="too-large",
            **{**where, "line": line},
        )
        return None
    if isinstance(data, list):
        return _parse_items(data, "all", issues, where, line, depth + 1)
    if not isinstance(data, dict) or not data:
        issues.add(
            "a condition must be a mapping such as `years_experience: {at_least: 2}` "
            "or `all: [...]`",
            **{**where, "line": line},
        )
        return None
    if len(data) > 1 and any(k in data for k in ("all", "any", "not")):
        issues.add(
            "`all`, `any` and `not` must stand alone in their mapping; "
            "put several conditions in a list under `all:`",
            **{**where, "line": line},
        )
        return None
    if len(data) > 1:
        # Several fields in one mapping: read as "all of these".
        parts = [parse_condition(_sub(data, k), issues, where, depth) for k in data]
        return All(tuple(p for p in parts if p is not None), line)
    ((key, value),) = data.items()
    key_line = data.line_of(key) if isinstance(data, LineMap) else line
    here = {**where, "line": key_line}
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            issues.add(f"`{key}:` needs a non-empty list of conditions", **here)
            return None
        return _parse_items(value, key, issues, where, key_line, depth + 1)
    if key == "not":
        inner = parse_condition(value, issues, {**where, "line": key_line}, depth + 1)
        return Not(inner, key_line) if inner is not None else None
    return _parse_test(key, value, issues, here)


def _sub(data: dict[str, Any], key: str) -> LineMap:
    sub = LineMap({key: data[key]})
    sub.line = data.line_of(key) if isinstance(data, LineMap) else None
    sub.key_lines = {key: sub.line} if sub.line else {}
    return sub


def _parse_items(
    items: list[Any],
    kind: str,
    issues: IssueList,
    where: dict[str, Any],
    line: int | None,
    depth: int,
) -> Condition | None:
    parsed: list[Condition] = []
    for index, item in enumerate(items):
        item_line = items.line_of(index) if isinstance(items, LineList) else line
        cond = parse_condition(item, issues, {**where, "line": item_line}, depth)
        if cond is not None:
            parsed.append(cond)
    if len(parsed) != len(items):
        return None
    return All(tuple(parsed), line) if kind == "all" else Any_(tuple(parsed), line)


def _parse_test(
    field: str, spec: Any, issues: IssueList, where: dict[str, Any]
) -> Condition | None:
    if not isinstance(spec, dict) or not spec:
        issues.add(
            f"write the test as `{field}: {{OPERATOR: VALUE}}`, "
            f"e.g. `{field}: {{at_least: 2}}`; got {shown(spec)}",
            field=field,
            **where,
        )
        return None
    if "ruling" in spec:
        return _parse_ruling(field, spec, issues, where)
    tests: list[Condition] = []
    for op, raw in spec.items():
        op_line = spec.line_of(op) if isinstance(spec, LineMap) else where.get("line")
        if op not in OPERATORS:
            issues.add(
                f"unknown operator {shown(op)}",
                hint="use one of " + ", ".join(OPERATORS),
                field=field,
                **{**where, "line": op_line},
                code="unknown-operator",
            )
            continue
        if isinstance(raw, dict):
            if set(raw) != {"param"} or not isinstance(raw["param"], str):
                issues.add(
                    f"a value must be a literal or {{param: NAME}}; got {shown(dict(raw))}",
                    field=field,
                    **{**where, "line": op_line},
                )
                continue
            tests.append(Test(field, op, ParamRef(raw["param"]), op_line))
            continue
        if isinstance(raw, list) and len(raw) > MAX_LIST_VALUES:
            issues.add(
                f"`{op}` lists {len(raw)} values; at most {MAX_LIST_VALUES} are allowed",
                hint="declare a fact concluded by several smaller rules, or shorten the list",
                field=field,
                code="too-large",
                **{**where, "line": op_line},
            )
            continue
        value = tuple(raw) if isinstance(raw, list) else raw
        tests.append(Test(field, op, value, op_line))
    if len(tests) != len(spec):
        return None
    return tests[0] if len(tests) == 1 else All(tuple(tests), where.get("line"))


_RULING_KEYS = {"values", "by", "note"}
_COUNTS_KEYS = {"counts", "by", "note"}


def _parse_ruling(
    field: str, spec: Any, issues: IssueList, where: dict[str, Any]
) -> Condition | None:
    """``FIELD: {OP: VALUE, ruling: {values, by, note}}`` becomes
    ``any: [FIELD OP VALUE, all: [FIELD one_of VALUES, ruling.RULE.FIELD is true]]``; on a
    number, ``FIELD: {OP: N, ruling: {counts: OTHER, by, note}}`` (the body decides whether
    OTHER's years count as FIELD's) becomes
    ``any: [FIELD OP N, all: [OTHER OP N, ruling.RULE.FIELD is true]]``.

    The answer field is never given by an ordinary record, so the outcome that turns on it
    is ``needs_info`` (see :mod:`bmet_rules.unknowns`); on the given values the engine reads
    "no", as it did before the ruling was declared.
    """
    raw = spec["ruling"]
    line = spec.line_of("ruling") if isinstance(spec, LineMap) else where.get("line")
    here = {**where, "line": line, "field": field}
    counts = raw.get("counts") if isinstance(raw, dict) and set(raw) == _COUNTS_KEYS else None
    if counts is not None:
        # Checked as the values form from here on; the values are not used.
        raw = {"values": ["-"], "by": raw.get("by"), "note": raw.get("note")}
    ok = isinstance(raw, dict) and set(raw) == _RULING_KEYS
    values: Any = raw.get("values") if isinstance(raw, dict) else None
    if counts is not None and not (isinstance(counts, str) and counts.strip()):
        ok = False
    if ok and (
        not isinstance(values, list)
        or not values
        or not all(isinstance(v, str) for v in values)
        or not all(isinstance(raw[k], str) and raw[k].strip() for k in ("by", "note"))
    ):
        ok = False
    if not ok:
        issues.add(
            f"`ruling:` must be a mapping with exactly `values` (a list of {field} values), "
            "`by` (who decides) and `note` (what they decide, starting with 'whether'), or, "
            "on a number, `counts` (the field whose years the body may count) in place of "
            f"`values`; got {spec['ruling']!r}",
            hint='e.g. ruling: {values: [healthcare], by: ACI, note: "whether an associate '
            'degree in healthcare counts as a technology or science programme"}',
            **here,
        )
        return None
    rule = where.get("rule")
    if not isinstance(rule, str):
        issues.add("`ruling:` can only be used inside a rule's `when:`", **here)
        return None
    rest = {k: v for k, v in spec.items() if k != "ruling"}
    if isinstance(spec, LineMap):
        kept = LineMap(rest)
        kept.line = spec.line
        kept.key_lines = {k: line for k in rest if (line := spec.line_of(k)) is not None}
        rest = kept
    if len(rest) != 1:
        issues.add(
            "`ruling:` goes beside exactly one operator (the published test), e.g. "
            f"`{field}: {{one_of: [...], ruling: {{...}}}}`",
            **here,
        )
        return None
    base = _parse_test(field, rest, issues, where)
    if base is None:
        return None
    by, note = raw["by"].strip(), raw["note"].strip()
    if counts is not None:
        if not isinstance(base, Test):
            issues.add("`ruling: {counts: ...}` goes beside one number test", **here)
            return None
        ruling = Ruling(field, (), by, note, rule, line, counts.strip())
        answer = Test(ruling.name, "is", True, line, ruling=ruling)
        other = Test(ruling.counts or field, base.op, base.value, line)
        return Any_((base, All((other, answer), line)), line)
    ruling = Ruling(field, tuple(values), by, note, rule, line)
    answer = Test(ruling.name, "is", True, line, ruling=ruling)
    member = Test(field, "one_of", ruling.values, line)
    return Any_((base, All((member, answer), line)), line)


def walk(cond: Condition) -> Iterator[Test]:
    """Every leaf test of a condition, in order."""
    if isinstance(cond, Test):
        yield cond
    elif isinstance(cond, Not):
        yield from walk(cond.item)
    else:
        for item in cond.items:
            yield from walk(item)


_NEGATED = {
    "at_least": "less_than",
    "less_than": "at_least",
    "more_than": "at_most",
    "at_most": "more_than",
    "equals": "not_equals",
    "not_equals": "equals",
    "one_of": "none_of",
    "none_of": "one_of",
    "includes_any": "includes_none",
    "includes_none": "includes_any",
}


def negation_normal_form(cond: Condition, negate: bool = False) -> Condition:
    """The same condition with every ``Not`` pushed down to the leaves.

    Every field has a value when rules run (absent values take their defaults), so negating
    a test is exact: ``not (years >= 3)`` is ``years < 3``. Explanations and the engine
    lowering both work on this form.
    """
    if isinstance(cond, Not):
        return negation_normal_form(cond.item, not negate)
    if isinstance(cond, (All, Any_)):
        items = tuple(negation_normal_form(i, negate) for i in cond.items)
        flip = negate
        if isinstance(cond, All):
            return Any_(items, cond.line) if flip else All(items, cond.line)
        return All(items, cond.line) if flip else Any_(items, cond.line)
    if not negate:
        return cond
    if cond.op == "is":
        return Test(cond.field, "is", not cond.value, cond.line, cond.param, cond.ruling)
    if cond.op == "includes":
        return Test(cond.field, "includes_none", (cond.value,), cond.line, cond.param)
    if cond.op == "includes_all":
        return Any_(
            tuple(
                Test(cond.field, "includes_none", (v,), cond.line, cond.param) for v in cond.value
            ),
            cond.line,
        )
    return Test(cond.field, _NEGATED[cond.op], cond.value, cond.line, cond.param)
