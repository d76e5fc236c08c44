"""Candidate profiles: raw records (CSV strings or JSON values) in, typed profiles out.

Every value is typed and checked here, before any rule sees it, because the engine compares
numbers with strings as strings and takes ``True`` for ``1`` (durable-rules-notes.md).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .fields import CORE_FIELDS, FieldRegistry, FieldSpec, FieldType

_TRUE = {"yes", "y", "true", "t", "1"}
_FALSE = {"no", "n", "false", "f", "0"}
#: List items in one cell are separated by ';', ',' or '|' ("CBET, CRES"): HR exports and
#: people use each, and no certification or skill name contains one.
_LIST_SEPARATOR = re.compile(r"[;,|\r\n]")
#: A year count as people type it: plain ASCII digits, an optional decimal point or comma
#: ("2.5", "2,5"). Exponents ("1e3"), digit groups ("1_000") and other scripts' digits are
#: refused, because ``float`` would accept them and turn a typing slip into a career.
#: Years as people write them: "3", "2.5", "2,5", ".5", "+6", "5 yrs", "6 years" (fifty-fifth
#: review's probe: the last four were row errors); group 1 is the number.
_YEARS = re.compile(r"^([-+]?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+))(?:\s*(?:y|yr|yrs|years?)\.?)?$",
                    re.IGNORECASE)
#: A comma before exactly three digits ("1,000"): digit groups or a decimal comma, either
#: reading plausible (fiftieth review's probe: read as 1 year without a word).
_GROUPED = re.compile(r"^-?[0-9]{1,3},[0-9]{3}$")
#: Cell words that mean "not known" (case-insensitive, whole cell). ``n/a`` is not one of
#: them: "not applicable" says there is nothing to count, so it reads as an empty cell does.
UNKNOWN_WORDS = frozenset({"unknown", "?"})
_NOT_APPLICABLE = frozenset({"n/a"})
#: A list cell that says there are none (not an item of that name); fifty-fourth review's
#: probe: "None" was an unknown certification "NONE".
_NO_ITEMS = frozenset({"none", "-", "--", "\u2013", "\u2014", "na", "nil", "no"})
_LONGEST_WORD = max(len(w) for w in UNKNOWN_WORDS | _NOT_APPLICABLE)
_WORD = re.compile(r"[\s\-/]+")

_DEFAULT_REGISTRY = FieldRegistry(CORE_FIELDS)


@dataclass(frozen=True)
class Profile:
    """A validated candidate profile.

    ``values`` holds every registered profile field with a typed value (defaults filled in),
    ``provided`` the fields the record actually gave (the interview and explanations tell
    "no" from "not asked"), ``unknown`` the record's fields no registry entry knows.
    ``unknown_fields`` are the registered fields whose value is not known: the record has no
    such column or key, a JSON ``null``, or an unknown word (:data:`UNKNOWN_WORDS`). They hold
    their default in ``values`` so the engine can run; :mod:`bmet_rules.unknowns` then finds
    the outcomes that turn on them.
    """

    id: str
    values: Mapping[str, Any]
    provided: frozenset[str] = frozenset()
    unknown: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    dates: Mapping[str, str] = field(default_factory=dict)
    """When each certification (held or former) was earned or last renewed: ``{"CBET":
    "2019"}``, from cells such as ``CBET 2019`` (see ``lifecycle``)."""
    unknown_fields: frozenset[str] = frozenset()

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None


def parse_profile(
    record: Mapping[str, Any],
    registry: FieldRegistry | None = None,
    *,
    strict: bool = False,
    absent_is_unknown: bool = True,
) -> Profile:
    """Validate one raw record and return a :class:`Profile`.

    A field the record does not give (no key, ``None``, or an unknown word) is unknown; an
    empty string is a given value (an HR export's blank cell means none / no / 0). With
    ``absent_is_unknown=False`` (ruleset test cases, which describe whole profiles) a missing
    key takes its default as before; ``None`` and unknown words still mark a field unknown.
    Raises :class:`ProfileError` listing every bad field (not only the first), each with the
    value found and what was expected. A list value outside the field's known values (a
    certification no ruleset declares, a skill outside the rulesets' vocabulary) is a
    warning, or with ``strict`` a bad field: never silently a new credential.
    """
    if registry is None:
        registry = _DEFAULT_REGISTRY
    reader = registry.cache.get("profile_reader")  # this runs for every record of a batch
    if reader is None:
        from .profile_reader import reader_for  # it builds on this module's coercions

        reader = reader_for(registry or _DEFAULT_REGISTRY)
    return reader.parse(record, strict, absent_is_unknown)


def unknown_items(spec: FieldSpec, value: Any) -> list[str]:
    """The items of an open list value that the field's known values do not include."""
    if spec.type is not FieldType.LIST or not spec.open_values or not spec.values:
        return []
    return [item for item in value if item not in spec.values]


def unknown_items_message(spec: FieldSpec, items: list[str]) -> str:
    """Why ``items`` are suspect and how to mend it: the known values, and how to declare one."""
    noun = spec.noun.rstrip("s") if spec.noun.endswith("s") else spec.noun
    where = "certifications:" if spec.name == "certifications" else f"{spec.name}:"
    return (
        f"unknown {noun} {', '.join(map(repr, items))}; known: {', '.join(spec.values)} "
        f"(a ruleset's `{where}` section declares an institution's own)"
    )


def coerce_value(spec: FieldSpec, raw: Any) -> Any:
    """Turn a raw value (string or JSON value) into the field's type, or raise ``ValueError``.

    The message says what was expected, so a row error can be mended without the manual.
    """
    kind = spec.type
    if kind is FieldType.NUMBER:
        return _number(spec, raw)
    if kind is FieldType.BOOLEAN:
        return _boolean(raw)
    if kind in (FieldType.CHOICE, FieldType.ORDERED):
        return _choice(spec, raw)
    if kind is FieldType.LIST:
        return _list(spec, raw)
    if isinstance(raw, (dict, list, tuple)):
        raise ValueError(f"expected text, got {type(raw).__name__}")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return one_line(str(raw))


def one_line(text: str) -> str:
    """Text with its line breaks and tabs as single spaces: a name read over two lines
    printed a forged line into an explanation (fifty-fifth review's probe)."""
    text = text.strip()
    return " ".join(text.split()) if any(c in text for c in _BREAKS) else text


#: Characters that break a line or jump (``str.split`` splits on each).
_BREAKS = "\r\n\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _num(value: float) -> str:
    """A number as written, short ("60", "2.5"), never rounded into another value (not "60"
    for 60.0000001, which read as a limit it met; fifty-fourth review's probe)."""
    short = f"{value:g}"
    return short if float(short) == value else repr(float(value))


def _number(spec: FieldSpec, raw: Any) -> float | int:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise ValueError(f"expected a number, got {_describe(raw)}")
    if isinstance(raw, str):
        found = _YEARS.match(raw.strip())
        if found is None:
            raise ValueError(
                f"expected a number of years in plain digits (such as 3 or 2.5), got {raw!r}"
            )
        text = found[1]
        if _GROUPED.match(text):  # "1,000": a thousand, or 1.000 with a decimal comma?
            raise ValueError(
                f"{raw!r} could be read as digit groups or as a decimal comma: write the "
                "years in plain digits (such as 1 or 1.5)"
            )
        number: float | int = float(text.replace(",", "."))
    else:
        number = raw
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"expected a finite number, got {raw!r}")
    if spec.minimum is not None and number < spec.minimum:
        raise ValueError(f"must be {_num(spec.minimum)} or more, got {_num(number)}")
    if spec.window_years is not None and number > spec.window_years:
        # (years in the last five cannot be more than five: a total put in the wrong column)
        raise ValueError(
            f"must be at most {_num(spec.window_years)} (years within the last "
            f"{_num(spec.window_years)}), got {_num(number)}"
        )
    if spec.maximum is not None and number > spec.maximum:
        raise ValueError(
            f"must be at most {_num(spec.maximum)} (a working life), got {_num(number)}"
        )
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return number


def _boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):  # (Excel's 1.0 / 0.0 flags)
        return bool(raw)
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise ValueError(f"expected yes/no (or true/false, 1/0), got {_describe(raw)}")


def normal_word(spec: FieldSpec, raw: str) -> str:
    word = raw.strip()
    if spec.normalize == "upper":
        return _WORD.sub("_", word).upper()
    if spec.normalize == "lower":
        return _WORD.sub("_", word.lower()).replace("'", "")
    return word


def _choice(spec: FieldSpec, raw: Any) -> str:
    if not isinstance(raw, str):
        raise ValueError(f"expected one of {', '.join(spec.values)}, got {_describe(raw)}")
    word = normal_word(spec, raw)
    word = spec.aliases.get(word, word)
    if word not in spec.values and "." in word:  # ("B.S.", "Ph.D.": as "BS", "PhD")
        bare = word.replace(".", "").strip("_")
        word = spec.aliases.get(bare, bare)
    if word not in spec.values:
        raise ValueError(f"expected one of {', '.join(spec.values)}, got {raw!r}")
    return word


def _list(spec: FieldSpec, raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        items: list[Any] = [p for p in _LIST_SEPARATOR.split(raw)]
    elif isinstance(raw, (list, tuple)):
        items = list(raw)
    else:
        raise ValueError(
            f"expected a list (in a cell: values separated by ';' or ','), got {_describe(raw)}"
        )
    out: list[str] = []
    if len(items) == 1 and isinstance(items[0], str) and items[0].strip().lower() in _NO_ITEMS:
        return ()  # ("None" or "-" in a list cell: none, not a credential named "NONE")
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"expected words in the list, got {_describe(item)}")
        if not item.strip():
            continue
        word = normal_word(spec, item)
        word = spec.aliases.get(word, word)
        if not spec.open_values and spec.values and word not in spec.values:
            raise ValueError(f"unknown value {item!r}; expected any of {', '.join(spec.values)}")
        if word not in out:
            out.append(word)
    return tuple(out)


def _describe(raw: Any) -> str:
    if isinstance(raw, (list, tuple)):
        return "a list"
    if isinstance(raw, dict):
        return "an object"
    return repr(raw)


def add_goals(data: Mapping[str, Any], goals: Sequence[str]) -> dict[str, Any]:
    """A record's fields with ``goals`` added after its own (the merge ``--goal`` makes; a
    cell such as ``CBET;CHTM`` is split as the profile reader splits it)."""
    own = data.get("goals")
    if isinstance(own, str):
        own = [g for g in own.replace(",", ";").split(";") if g.strip()]
    merged = list(own or [])
    merged += [g for g in goals if g not in merged]
    return {**data, "goals": merged}
