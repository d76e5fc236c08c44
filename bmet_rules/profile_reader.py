"""Record validation compiled once per field registry: what ``parse_profile`` runs.

``parse_profile`` reads every cell of every record of a batch, and most of what it did per cell
depends only on the field: which spec a column names, whether the field is dated, how its
value is coerced, whether its items are checked against a vocabulary, what it defaults to. A
:class:`ProfileReader` works all that out once per :class:`~bmet_rules.fields.FieldRegistry`
(kept in the registry's ``cache``, which the registry empties when a field changes), so a
record costs one dictionary look-up per cell and the checks that depend on the value.

A cell's text is also remembered per field (a CSV column repeats the same few words: degrees,
yes/no, year counts, certification lists): the second "associate" in a ``degree`` column costs
one look-up. Only outcomes that depend on nothing but the text are remembered, never an error
nor a cell that carries certification dates, and each field remembers at most
:data:`MEMO_LIMIT` texts, so memory stays flat however long the input.

Behaviour is the one documented on :func:`bmet_rules.profile.parse_profile`, message for
message; ``tests/test_profile_reader.py`` holds it to the uncompiled reading it replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from .errors import FieldProblem, ProfileError
from .fields import DEGREES_NAMING_A_FIELD, FieldRegistry, FieldSpec, FieldType
from .lifecycle import DATED_LISTS, split_dated
from .profile import (
    _LONGEST_WORD,
    _NOT_APPLICABLE,
    UNKNOWN_WORDS,
    Profile,
    _num,
    coerce_value,
    one_line,
    unknown_items,
    unknown_items_message,
)

#: Distinct texts (or lists of words) one field remembers; past it, cells are read afresh.
MEMO_LIMIT = 4096
#: Distinct column names remembered (a record with thousands of junk keys must not grow it).
KEY_LIMIT = 1024
#: Distinct sets of given fields remembered (a batch usually has a handful).
SHAPE_LIMIT = 256
_Shape = tuple["dict[str, Any] | None", "tuple[tuple[str, str], ...]", frozenset[str]]

# What one cell comes to: (kind, value, message, dates, value quoted in a problem).
_VALUE, _SKIP, _UNKNOWN, _ERROR = range(4)
Outcome = tuple[int, Any, "str | None", "dict[str, str] | None", Any]
_SKIPPED: Outcome = (_SKIP, None, None, None, None)
_NOT_KNOWN: Outcome = (_UNKNOWN, None, None, None, None)


def _coercer(spec: FieldSpec) -> Callable[[Any], Any]:
    """``coerce_value(spec, raw)``, with the common exact-typed values taken straight through.

    Anything off the straight path (text to parse, an error to word) goes to ``coerce_value``
    itself, so messages cannot drift apart.
    """
    slow = partial(coerce_value, spec)
    if spec.type is FieldType.NUMBER and spec.minimum is not None and spec.maximum is not None:
        low, high = spec.minimum, min(spec.maximum, spec.window_years or spec.maximum)

        def number(raw: Any) -> Any:
            kind = type(raw)
            # NaN fails both comparisons and an infinity the upper one: both go the slow way.
            if (kind is float or kind is int) and low <= raw <= high:
                return int(raw) if kind is float and raw.is_integer() else raw
            return slow(raw)

        return number
    if spec.type is FieldType.BOOLEAN:

        def boolean(raw: Any) -> Any:
            return raw if raw is True or raw is False else slow(raw)

        return boolean
    if spec.type is FieldType.TEXT:

        def text(raw: Any) -> Any:
            return one_line(raw) if type(raw) is str else slow(raw)

        return text
    return slow


def _constant_default(spec: FieldSpec) -> Any:
    """The field's default when it is an immutable scalar or empty tuple, else its maker."""
    value = spec.default_value()
    if value is None or value == () or type(value) in (bool, int, float, str):
        return value
    return spec.default_value


class _Cell:
    """How one profile field's cells are read."""

    __slots__ = ("coerce", "dated", "memo", "name", "spec", "unknown_if_blank")

    def __init__(self, spec: FieldSpec) -> None:
        self.name = spec.name
        self.spec = spec
        self.dated = spec.name in DATED_LISTS
        self.unknown_if_blank = not spec.absent_is_default
        self.coerce = _coercer(spec)
        # Free text (names, ids) rarely repeats: remembering it would only fill memory.
        self.memo: dict[Any, Outcome] | None = None if spec.type is FieldType.TEXT else {}

    def read(self, raw: Any) -> Outcome:
        """The outcome of one cell, remembered when it depends on the value alone."""
        memo = self.memo
        if memo is None:
            return self._read(raw)
        kind = type(raw)
        # Keys of three shapes that cannot collide: a text; a number or yes/no with its type
        # (True == 1, yet they read differently); a list of words as a tuple of them.
        if kind is str:
            key: Any = raw
        elif kind is float or kind is int or kind is bool:
            key = (kind, raw)
        elif (kind is list or kind is tuple) and all(type(item) is str for item in raw):
            key = tuple(raw)
        else:
            return self._read(raw)
        outcome = memo.get(key)
        if outcome is None:
            outcome = self._read(raw)
            if (
                outcome[0] != _ERROR
                and not outcome[3]
                and (outcome[2] is None or (outcome[4] is raw and kind is str))
                and len(memo) < MEMO_LIMIT
            ):
                memo[key] = outcome
        return outcome

    def _read(self, raw: Any) -> Outcome:
        if isinstance(raw, str):
            # One look at the text (this runs for every new cell of a batch).
            word = raw.strip()
            if not word:
                return _SKIPPED
            if len(word) <= _LONGEST_WORD:
                word = word.lower()
                if word in UNKNOWN_WORDS:
                    return _NOT_KNOWN
                if word in _NOT_APPLICABLE:
                    return _SKIPPED
        elif raw is None or _unknown_list(raw):
            return _NOT_KNOWN
        found: dict[str, str] | None = None
        notes: list[str] = []
        try:
            if self.dated:
                raw, found = split_dated(raw, notes)
            value = self.coerce(raw)
        except ValueError as exc:
            return (_ERROR, None, str(exc), None, raw)
        strange = unknown_items(self.spec, value)
        if strange:
            notes.append(unknown_items_message(self.spec, strange))
        return (_VALUE, value, "; ".join(notes) or None, found, raw)


def _degree_word(raw: Any) -> str:
    """A degree cell as the words that name degrees ("B.S.E.E." as "bsee")."""
    return str(raw).strip().lower().replace(".", "").replace(" ", "") if isinstance(raw, str) \
        else ""  # fmt: skip


def _unknown_list(raw: Any) -> bool:
    """A list whose one item says "not known" (``["unknown"]``, ``[null]``) says what that
    item says alone (fifty-fourth review's probe: read as a credential code, and as none)."""
    if type(raw) not in (list, tuple) or len(raw) != 1:
        return False
    item = raw[0]
    return item is None or (isinstance(item, str) and item.strip().lower() in UNKNOWN_WORDS)


class ProfileReader:
    """``parse_profile`` for one field registry, with the per-field work done up front."""

    def __init__(self, registry: FieldRegistry) -> None:
        self.registry = registry
        fields = registry.profile_fields()
        self._keys: dict[str, tuple[str, _Cell | None]] = {}
        self._cells = {
            s.name: _Cell(s) for s in fields if not (s.derived or s.computed)
        }
        self._unknown_if_absent = frozenset(
            s.name for s in fields
            if not (s.required or s.computed or s.absent_is_default)
        )
        self._unknown_when = tuple(
            (s.name, s.unknown_absent_when[0], frozenset(s.unknown_absent_when[1]))
            for s in fields if s.unknown_absent_when and not (s.required or s.computed)
        )
        self._default_when = tuple(
            (s.name, s.default_absent_when[0], frozenset(s.default_absent_when[1]))
            for s in fields if s.default_absent_when and not (s.required or s.computed)
        )
        self._required = tuple(s for s in fields if s.required)
        self._required_names = frozenset(s.name for s in self._required)
        # Defaults that cannot be changed in place are made once; any other is made afresh
        # per profile, as before, so no two profiles share one.
        self._defaults = tuple((s.name, _constant_default(s)) for s in fields)
        self._made_defaults = any(callable(d) for _, d in self._defaults)
        self._ceilings = tuple((s.name, s.not_above) for s in fields if s.not_above)
        self._read_when_absent = frozenset(s.name for s in fields if s.absent_reads)
        self._shapes: dict[tuple[str, ...], _Shape] = {}

    def _shape(self, given: tuple[str, ...]) -> _Shape:
        """For a record that gave exactly the fields ``given``: the defaults of the others
        (in registry order; ``None`` when one must be made per profile), the ceilings to
        check, and the ``provided`` set itself (immutable, so profiles can share it)."""
        missing: dict[str, Any] | None = {
            name: default for name, default in self._defaults if name not in given
        }
        if self._made_defaults:
            missing = None
        # A ceiling read from another field when absent (engineering practice, from the
        # clinical engineering years) bounds nothing the record did not give.
        ceilings = tuple((n, c) for n, c in self._ceilings
                         if n in given and (c in given or c not in self._read_when_absent))
        shape: _Shape = (missing, ceilings, frozenset(given))
        if len(self._shapes) < SHAPE_LIMIT:
            self._shapes[given] = shape
        return shape

    def _entry(self, raw_key: Any) -> tuple[str, _Cell | None]:
        key = str(raw_key).strip().lstrip("\ufeff")
        entry = (key, self._cells.get(key))
        if type(raw_key) is str and len(self._keys) < KEY_LIMIT:
            self._keys[raw_key] = entry
        return entry

    @staticmethod
    def _field_from_degree(record: Mapping[str, Any], values: dict[str, Any], seen: set[str],
                           not_known: set[str]) -> None:  # fmt: skip
        """The field a degree word names ("BSEE": engineering), when the record gives none
        (absent, blank or unknown): :data:`~bmet_rules.fields.DEGREES_NAMING_A_FIELD`."""
        named = DEGREES_NAMING_A_FIELD.get(_degree_word(record.get("degree")))
        given = record.get("degree_field")
        if named is None or not (given is None or _unknown_list([given]) or (
            isinstance(given, str) and given.strip().lower() in ("", *_NOT_APPLICABLE)
        )):
            return
        values["degree_field"] = named[1]
        seen.add("degree_field")
        not_known.discard("degree_field")

    def parse(
        self, record: Mapping[str, Any], strict: bool = False, absent_is_unknown: bool = True
    ) -> Profile:
        """Validate one raw record (see :func:`bmet_rules.profile.parse_profile`)."""
        problems: list[FieldProblem] = []
        values: dict[str, Any] = {}
        unknown: dict[str, Any] = {}
        unknown_values: list[str] = []
        dates: dict[str, str] = {}
        not_known: set[str] = set()
        seen: set[str] = set()
        keys = self._keys

        for raw_key, raw_value in record.items():
            entry = keys.get(raw_key) if type(raw_key) is str else None
            key, cell = entry or self._entry(raw_key)
            if cell is None:
                if key:
                    unknown[key] = raw_value
                continue
            seen.add(key)
            memo = cell.memo
            kind = type(raw_value)
            # The common case, a value this column has had before, without a call (the keys
            # are those of _Cell.read).
            if memo is not None and (kind is str or kind is float or kind is int or kind is bool):
                outcome = memo.get(raw_value if kind is str else (kind, raw_value))
                if outcome is None:
                    outcome = cell.read(raw_value)
            else:
                outcome = cell.read(raw_value)
            if outcome[0] == _VALUE:
                if outcome[3]:
                    if key == "certifications":
                        dates.update(outcome[3])
                    else:  # (a lapsed entry never dates the one held now: a CBET 2024
                        # held beside a former CBET 2015 is not "due by 2018"; fifty-first)
                        for code, earned in outcome[3].items():
                            dates.setdefault(code, earned)
                values[key] = outcome[1]  # so the fields given are values' keys
                message = outcome[2]
                if message is None:
                    pass
                elif strict:
                    problems.append(FieldProblem(key, outcome[4], message))
                else:
                    unknown_values.append(f"{key}: {message}")
            elif outcome[0] == _SKIP and key in self._read_when_absent:
                # An empty cell in a column that exists is none, as for every field: not the
                # reading of its absence (recent supervision from the total; fifty-third
                # review's probe, a blank recent-years cell read as 3 years leading).
                values[key] = cell.spec.default_value()
            elif outcome[0] == _UNKNOWN:
                if key in self._read_when_absent:
                    # A field read from another when absent, said to be unknown, is unknown,
                    # that reading its stand-in (fifty-fifth review's probe: engineering
                    # practice "unknown" read as the clinical-engineering years, "PE: has 0").
                    not_known.add(key)
                    seen.discard(key)
                elif cell.unknown_if_blank:
                    not_known.add(key)
                    if cell.spec.default_absent_when:
                        # (null or "unknown" is read as absent: its default where another
                        # field says so, a degree field for no degree; fifty-sixth review)
                        seen.discard(key)
                else:  # read as documented, as if absent: the cases in which absence is
                    # unknown too apply (forty-ninth review's probe: "unknown" for a pupil's
                    # high-school status, no degree given, was read as "not a student")
                    seen.discard(key)
            elif outcome[0] == _ERROR:
                problems.append(FieldProblem(key, outcome[4], str(outcome[2])))

        if "degree" in values and _degree_word(record.get("degree")) in DEGREES_NAMING_A_FIELD:
            self._field_from_degree(record, values, seen, not_known)
        if absent_is_unknown:
            not_known.update(self._unknown_if_absent.difference(seen))
            for name, other, when in self._unknown_when:  # (absent, unknown in a case)
                if name not in seen and other not in not_known and values.get(other) in when:
                    not_known.add(name)
            for name, other, when in self._default_when:  # (absent, its default in a case)
                if name not in seen and other not in not_known and values.get(other) in when:
                    not_known.discard(name)
        if not_known:
            not_known.difference_update(self._required_names)
        profile_id = values.get("id")
        if problems or not profile_id:
            reported = {p.field for p in problems}
            for spec in self._required:
                if not values.get(spec.name) and spec.name not in reported:
                    problems.append(
                        FieldProblem(
                            spec.name,
                            record.get(spec.name),
                            f"required: every profile needs {spec.label or 'an ' + spec.name}",
                        )
                    )
        else:
            for spec in self._required:
                if not values.get(spec.name):
                    problems.append(
                        FieldProblem(
                            spec.name,
                            record.get(spec.name),
                            f"required: every profile needs {spec.label or 'an ' + spec.name}",
                        )
                    )

        # What follows depends only on which fields the record gave (``values`` holds exactly
        # those now, in record order), and a batch has few such shapes: work it out once each.
        shape = tuple(values)
        given = self._shapes.get(shape) or self._shape(shape)
        missing, ceilings, provided_now = given
        if missing is None:  # a default made afresh per profile: fill in registry order
            for name, default in self._defaults:
                if name not in values:
                    values[name] = default() if callable(default) else default
        else:
            values.update(missing)

        # (every bound: a ceiling read from another when absent bounds nothing not given,
        # but said to be unknown it stands in at the least the given fields allow too)
        for name, ceiling_name in self._ceilings if not_known else ():
            if ceiling_name in not_known and name in provided_now:
                # An unknown ceiling stands in at the least value the given fields allow (not
                # its default 0), so the engine runs on a profile that could exist.
                values[ceiling_name] = max(values[ceiling_name], values[name])
        for name, ceiling_name in ceilings:
            if ceiling_name not in not_known:
                ceiling = values.get(ceiling_name)
                if isinstance(ceiling, (int, float)) and values[name] > ceiling:
                    problems.append(
                        FieldProblem(
                            name,
                            values[name],
                            f"cannot be more than {ceiling_name} ({_num(ceiling)})",
                        )
                    )

        if problems:
            raise ProfileError(problems, profile_id=str(profile_id) if profile_id else None)

        warnings: tuple[str, ...] = ()
        if unknown or unknown_values:
            warnings = tuple(f"unknown field {k!r} ignored" for k in sorted(unknown)) + tuple(
                unknown_values
            )
        # Built as the dataclass's own __init__ would (it only sets the fields; a test pins
        # that Profile has no __post_init__), at a quarter of the cost.
        profile: Profile = _new(Profile)
        state = profile.__dict__
        state["id"] = str(profile_id)
        state["values"] = values
        state["provided"] = provided_now
        state["unknown"] = unknown
        state["warnings"] = warnings
        state["dates"] = dates
        state["unknown_fields"] = frozenset(not_known)
        return profile


_new = object.__new__


def reader_for(registry: FieldRegistry) -> ProfileReader:
    """The registry's compiled reader, built on first use and kept until a field changes."""
    reader = registry.cache.get("profile_reader")
    if reader is None:
        reader = registry.cache["profile_reader"] = ProfileReader(registry)
    assert isinstance(reader, ProfileReader)
    return reader
