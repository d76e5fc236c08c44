"""The record validation as it was before it was compiled per field registry: the oracle
that ``tests/test_profile_reader.py`` holds the compiled reader to, value for value and
problem for problem. Kept verbatim (only renamed); do not optimise it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bmet_rules.errors import FieldProblem, ProfileError
from bmet_rules.fields import FieldRegistry
from bmet_rules.lifecycle import DATED_LISTS, split_dated
from bmet_rules.profile import (
    _DEFAULT_REGISTRY,
    _LONGEST_WORD,
    _NOT_APPLICABLE,
    UNKNOWN_WORDS,
    Profile,
    _num,
    coerce_value,
    unknown_items,
    unknown_items_message,
)


def reference_parse_profile(
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
    registry = registry or _DEFAULT_REGISTRY
    problems: list[FieldProblem] = []
    values: dict[str, Any] = {}
    provided: set[str] = set()
    unknown: dict[str, Any] = {}
    unknown_values: list[str] = []
    dates: dict[str, str] = {}
    not_known: set[str] = set()
    seen: set[str] = set()

    for raw_key, raw_value in record.items():
        key = str(raw_key).strip().lstrip("\ufeff")
        spec = registry.get(key)
        if spec is None or spec.derived or spec.computed:
            if key:
                unknown[key] = raw_value
            continue
        seen.add(key)
        if isinstance(raw_value, str):
            # One look at the text (this loop runs for every cell of a batch).
            word = raw_value.strip()
            if not word or word.lower() in _NOT_APPLICABLE:
                if spec.absent_reads:  # (an empty cell is none, not the absence's reading)
                    values[key] = spec.default_value()
                    provided.add(key)
                continue
            if len(word) <= _LONGEST_WORD:
                word = word.lower()
                if word in UNKNOWN_WORDS:
                    # (else: read as documented, as if absent; a field read from another
                    # when absent is unknown, not that reading)
                    if not spec.absent_is_default or spec.absent_reads:
                        not_known.add(key)
                    if spec.default_absent_when:  # (as absent: its default in a case)
                        seen.discard(key)
                    continue
                if word in _NOT_APPLICABLE:
                    continue
        elif raw_value is None or (
            isinstance(raw_value, (list, tuple)) and len(raw_value) == 1
            and (raw_value[0] is None or (isinstance(raw_value[0], str)
                                          and raw_value[0].strip().lower() in UNKNOWN_WORDS))
        ):  # (["unknown"] as "unknown")
            if not spec.absent_is_default or spec.absent_reads:
                not_known.add(key)
            if spec.default_absent_when:  # (as absent: its default in a case)
                seen.discard(key)
            continue
        try:
            notes: list[str] = []
            if key in DATED_LISTS:
                raw_value, found = split_dated(raw_value, notes)
                for code, when in found.items():  # (the list held now dates a code first)
                    if key == "certifications" or code not in dates:
                        dates[code] = when
            values[key] = coerce_value(spec, raw_value)
            provided.add(key)
            strange = unknown_items(spec, values[key])
            if strange:
                notes.append(unknown_items_message(spec, strange))
            if notes and strict:
                problems.append(FieldProblem(key, raw_value, "; ".join(notes)))
            elif notes:
                unknown_values.append(f"{key}: {'; '.join(notes)}")
        except ValueError as exc:
            problems.append(FieldProblem(key, raw_value, str(exc)))

    if absent_is_unknown:
        not_known.update(
            s.name
            for s in registry.profile_fields()
            if s.name not in seen
            and not (s.required or s.computed or s.absent_is_default)
        )
        # (absent, unknown after all when another field given says so: no diploma, a student?)
        not_known.update(
            s.name
            for s in registry.profile_fields()
            if s.unknown_absent_when and s.name not in seen
            and not (s.required or s.computed)
            and s.unknown_absent_when[0] not in not_known
            and values.get(s.unknown_absent_when[0]) in s.unknown_absent_when[1]
        )
        # (absent, its default after all when another field given says so: no degree, no field)
        not_known.difference_update(
            s.name
            for s in registry.profile_fields()
            if s.default_absent_when and s.name not in seen
            and s.default_absent_when[0] not in not_known
            and values.get(s.default_absent_when[0]) in s.default_absent_when[1]
        )
    not_known.difference_update(s.name for s in registry.profile_fields() if s.required)
    profile_id = values.get("id")
    reported = {p.field for p in problems}
    for spec in registry.profile_fields():
        if spec.required and not values.get(spec.name) and spec.name not in reported:
            problems.append(
                FieldProblem(
                    spec.name,
                    record.get(spec.name),
                    f"required: every profile needs {spec.label or 'an ' + spec.name}",
                )
            )

    for spec in registry.profile_fields():
        if spec.name not in values:
            values[spec.name] = spec.default_value()

    for spec in registry.profile_fields():
        if spec.not_above and spec.name in provided and spec.not_above in not_known:
            # An unknown ceiling stands in at the least value the given fields allow (not
            # its default 0), so the engine runs on a profile that could exist.
            values[spec.not_above] = max(values[spec.not_above], values[spec.name])
    for spec in registry.profile_fields():
        if spec.not_above and spec.name in provided and spec.not_above not in not_known and (
            spec.not_above in provided or not registry[spec.not_above].absent_reads
        ):  # a ceiling read from another field when absent bounds nothing not given
            ceiling = values.get(spec.not_above)
            if isinstance(ceiling, (int, float)) and values[spec.name] > ceiling:
                problems.append(
                    FieldProblem(
                        spec.name,
                        values[spec.name],
                        f"cannot be more than {spec.not_above} ({_num(ceiling)})",
                    )
                )

    if problems:
        raise ProfileError(problems, profile_id=str(profile_id) if profile_id else None)

    warnings = tuple(f"unknown field {k!r} ignored" for k in sorted(unknown)) + tuple(
        unknown_values
    )
    return Profile(
        id=str(profile_id),
        values=values,
        provided=frozenset(provided),
        unknown=unknown,
        warnings=warnings,
        dates=dates,
        unknown_fields=frozenset(not_known),
    )
