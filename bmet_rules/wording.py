"""Sentences: what a condition needs and what a profile has, in words an HTM manager reads.

Kept apart from :mod:`bmet_rules.explain` (which decides *which* gaps to report) because
the wording is what institutions will want to change, and the ranking is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .conditions import Test
from .fields import FieldSpec, FieldType
from .results import Gap

_SYMBOLS = {
    "at_least": ">=",
    "more_than": ">",
    "at_most": "<=",
    "less_than": "<",
    "equals": "==",
    "not_equals": "!=",
    "is": "==",
}


def _num(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def joined(words: Sequence[str], joiner: str = "and") -> str:
    """"a, b and c" (or with ``joiner``)."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {joiner} " + words[-1]


def _words(spec: FieldSpec, values: Sequence[Any], joiner: str = "or") -> str:
    return joined([spec.describe_value(v) for v in values], joiner)


def need_text(test: Test, spec: FieldSpec) -> str:
    """The need of a test in short form: ">= 3", "includes any CBET, CRES"."""
    if test.op in _SYMBOLS:
        return (
            f"{_SYMBOLS[test.op]} {_num(test.value)}"
            if spec.type is FieldType.NUMBER
            else (f"{_SYMBOLS[test.op]} {spec.describe_value(test.value)}")
        )
    values = test.value if isinstance(test.value, tuple) else (test.value,)
    return f"{test.op.replace('_', ' ')} {', '.join(map(str, values))}"


_WORDS = {
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
}


def need_words(test: Test, spec: FieldSpec) -> str:
    """The need of a test in words: "at least 3", "bachelor's degree or higher", "one of ..."."""
    op, need = test.op, test.value
    values = need if isinstance(need, tuple) else (need,)
    if spec.type is FieldType.ORDERED and op in ("at_least", "more_than"):
        higher = "higher" if op == "at_least" else "above"
        return f"{spec.describe_value(need)} or {higher}"
    if spec.type is FieldType.ORDERED and op in ("at_most", "less_than"):
        return f"{spec.describe_value(need)} or {'lower' if op == 'at_most' else 'below'}"
    if op in _WORDS:
        return f"{_WORDS[op]} {_num(need)}"
    if op in ("equals", "is", "includes"):
        return spec.describe_value(need)
    if op in ("one_of", "includes_any"):
        return f"one of {_words(spec, values)}"
    if op == "includes_all":
        return f"all of {_words(spec, values, 'and')}"
    return f"none of {_words(spec, values)}"


def describe_test(test: Test, spec: FieldSpec, have: Any) -> str:
    """A sentence for a test that holds: "has 5 years of full-time BMET/HTM experience (needs
    at least 3)"."""
    if spec.type is FieldType.LIST:
        have = named_values(test, have)  # the values the test names: the rest is not why
    shown = spec.describe_value(have).replace("_", " ")
    if spec.type is FieldType.NUMBER:
        return f"has {_num(have)} {spec.noun} (needs {need_words(test, spec)})"
    if spec.type is FieldType.BOOLEAN or test.op in ("equals", "is"):
        return f"{spec.noun}: {shown}"
    if spec.derived and spec.name.startswith("certification."):
        return f"{spec.noun}: {shown}"
    return f"{spec.noun}: {shown} (needs {need_words(test, spec)})"


def named_values(test: Test, have: Any) -> tuple[Any, ...]:
    """The values of a list that a test names, in the list's order: what a sentence about
    the test quotes (a person's other skills or credentials are not why it holds or fails,
    and people who differ only in those read the same)."""
    named = test.value if isinstance(test.value, tuple) else (test.value,)
    return tuple(v for v in (have or ()) if v in named)


def test_gap(test: Test, spec: FieldSpec, have: Any) -> Gap:
    """The gap of a test that does not hold."""
    op, need = test.op, test.value
    kind = spec.gap_kind
    missing: float | int | None = 1
    closes = False
    if spec.type is FieldType.NUMBER and op in ("at_least", "more_than", "at_most", "less_than"):
        grows = op in ("at_least", "more_than")
        missing = round(abs(need - have), 2)
        closes = kind == "time" and grows
        if kind == "time" and grows:
            phrase = spec.noun.removeprefix("years ")
            unit = "year" if missing == 1 else "years"
            more = "more than " if op == "more_than" else ""
            message = (
                f"some {spec.noun} (has none)" if op == "more_than" and need == 0 else
                f"{more}{_num(missing)} more {unit} {phrase} "
                f"(has {_num(have)}, needs {more}{_num(need)})"
            )  # fmt: skip
        else:
            message = f"{spec.noun}: {need_words(test, spec)} (has {_num(have)})"
    elif spec.derived and spec.name.startswith("certification."):
        cert = spec.noun
        wanted = need if isinstance(need, tuple) else (need,)
        if set(wanted) <= {"held", "eligible"} and "held" in wanted and "eligible" in wanted:
            message = f"{cert} first: hold it, or meet one of its routes (now: not eligible)"
        else:
            message = f"{cert} {' or '.join(wanted)} (now: {str(have).replace('_', ' ')})"
        kind = "prerequisite"
    elif spec.derived and spec.name.startswith("path."):
        message = f"eligibility for {spec.noun} first"
        kind = "prerequisite"
    elif spec.type is FieldType.ORDERED and op in ("at_least", "more_than"):
        missing = spec.rank(need) - spec.rank(have) + (1 if op == "more_than" else 0)
        article = "an" if spec.describe_value(need)[0] in "aeiou" else "a"
        if spec.name == "level":
            message = f"level {need} or higher (now {spec.describe_value(have)})"
        else:
            message = (
                f"{article} {spec.describe_value(need)} or higher (has {spec.describe_value(have)})"
            )
    elif spec.type is FieldType.BOOLEAN:
        message = spec.noun if need else f"not: {spec.noun}"
        message = f"{message} (now: {spec.describe_value(have)})"
    elif spec.type is FieldType.LIST:
        wanted = need if isinstance(need, tuple) else (need,)
        have = named_values(test, have)
        thing = "certification" if spec.name == "certifications" else "skill"
        if op == "includes":
            # ("credential": a licence or an exam passed, the PE or FE, is no certification)
            message = (f"the {need} credential" if thing == "certification"
                       else f"the skill '{need}'")
        elif op == "includes_any":
            message = f"one of the {thing}s {_words(spec, wanted)}"
        elif op == "includes_all":
            lacking = [v for v in wanted if v not in have]
            missing = len(lacking)
            message = f"the {thing}s {_words(spec, lacking, 'and')}"
        else:
            present = [v for v in wanted if v in have]
            missing = len(present)
            message = f"not to hold {_words(spec, present, 'and')}"
        if op == "includes_all" and have:
            message += f" (has: {spec.describe_value(have)})"
    else:
        wanted = need if isinstance(need, tuple) else (need,)
        if op in ("equals", "one_of"):
            message = f"{spec.noun}: {_words(spec, wanted)} (has {spec.describe_value(have)})"
        else:
            message = (
                f"{spec.noun} other than {_words(spec, wanted)} (has {spec.describe_value(have)})"
            )
    return Gap(
        field=spec.name,
        need=need_text(test, spec),
        have=have,
        missing=missing,
        message=message,
        kind=kind,
        closes_with_time=closes,
        wanted=tuple(need) if isinstance(need, tuple) else (str(need),),
    )
