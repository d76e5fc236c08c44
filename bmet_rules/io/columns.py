"""Matching an input's columns to profile fields, as HR exports name them.

An HRIS export says ``Employee ID`` and ``Years of Experience`` where the contract says
``id`` and ``years_experience``. Reading such a file literally made every row "needs an id"
or, worse, quietly read experience as 0. So every record's keys go through a
:class:`ColumnMatcher` before the profile parser sees them: a column is matched to a field
by its name or one of the field's documented ``columns`` aliases (``FieldSpec.columns``,
which plugins declare through ``register_fields``), ignoring case, spaces and punctuation;
a ``--columns`` mapping file (:class:`ColumnMapping`) names the rest. What was matched and
what was not is kept per source (:class:`SourceColumns`), so the command can say so in one
line instead of burying it in each result's warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BmetRulesError
from ..fields import FieldRegistry, FieldType
from ..formats import Record

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_LIST_ITEMS = re.compile(r"[;,]")


def normalise(name: str) -> str:
    """A column name reduced to lower-case letters and digits: ``"Years of Experience"`` ->
    ``"yearsofexperience"``, the same as ``years_of_experience`` and ``YEARS-OF-EXPERIENCE``."""
    return _NOT_ALNUM.sub("", name.lstrip("\ufeff").casefold())


@dataclass(frozen=True)
class ColumnMapping:
    """A ``--columns`` file: HR column names to fields, and HR values to ours, per field.

    ``columns`` maps a column name to a field name, or to ``None`` to drop the column
    without a warning; ``values`` maps, per field, an HR value ("AAS", "Y") to ours.
    """

    columns: Mapping[str, str | None] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    file: str = ""


def load_mapping(path: Path, registry: FieldRegistry) -> ColumnMapping:
    """Read and check a ``--columns`` YAML file (safe loader); every problem names the file,
    the entry and how to mend it."""
    import yaml

    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        _no_repeated_keys(yaml.compose(text, Loader=yaml.SafeLoader), name)
        data = yaml.safe_load(text)
    except OSError as exc:
        raise BmetRulesError(f"{name}: cannot read the column mapping: {exc.strerror}") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise BmetRulesError(f"{name}: not a valid YAML column mapping: {exc}") from exc
    if not isinstance(data, dict) or not set(data) <= {"columns", "values"}:
        raise BmetRulesError(
            f"{name}: a column mapping is a YAML mapping with `columns:` (HR column: field) "
            "and/or `values:` (field: {HR value: our value})"
        )
    for key, shape in (("columns", "HR column: field"), ("values", "field: {HR value: ours}")):
        if not isinstance(data.get(key) or {}, dict):
            raise BmetRulesError(
                f"{name}: {key}: expected a mapping ({shape}), got a "
                f"{type(data[key]).__name__}: {data[key]!r}; write one `key: value` per line"
            )
    fields = {s.name for s in registry.profile_fields()}
    known = ", ".join(sorted(fields))
    columns: dict[str, str | None] = {}
    for column, target in (data.get("columns") or {}).items():
        if target is not None and str(target) not in fields:
            raise BmetRulesError(
                f"{name}: columns: {column!r} maps to {target!r}, which is not a profile field "
                f"(fields: {known}; map to ~ to drop the column)"
            )
        columns[str(column)] = None if target is None else str(target)
    values: dict[str, dict[str, str]] = {}
    for field_name, table in (data.get("values") or {}).items():
        if str(field_name) not in fields:
            raise BmetRulesError(
                f"{name}: values: {field_name!r} is not a profile field (fields: {known})"
            )
        if not isinstance(table, dict):
            raise BmetRulesError(
                f"{name}: values: {field_name}: expected a mapping of HR value: our value"
            )
        values[str(field_name)] = {
            normalise_value(_text(k)): _text(v) for k, v in table.items()
        }
    return ColumnMapping(columns, values, name)


def _no_repeated_keys(node: Any, name: str) -> None:
    """Raise when a mapping in the file names a key twice (YAML keeps the last without a
    word: a second ``Emp:`` line dropped the id column's mapping; fifty-fifth review)."""
    import yaml

    stack = [node] if node is not None else []
    while stack:
        here = stack.pop()
        if isinstance(here, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in here.value:
                if isinstance(key.value, str) and key.value in seen:
                    raise BmetRulesError(
                        f"{name}: line {key.start_mark.line + 1}: {key.value!r} is given again "
                        f"(first on line {seen[key.value]}); keep one entry")
                seen[str(key.value)] = key.start_mark.line + 1
                stack.append(value)
        elif isinstance(here, yaml.SequenceNode):
            stack.extend(here.value)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def normalise_value(value: str) -> str:
    """How HR values are compared with a mapping's keys: trimmed, case-folded."""
    return value.strip().casefold()


@dataclass
class SourceColumns:
    """What one input's columns turned out to be, once matched.

    ``provided`` holds the canonical fields its columns supplied (for the warning about
    fields the rules read that the input lacks); ``unrecognised`` the column names that
    matched no field (reported on stderr, still passed on so each result's warnings name
    them); ``matched`` each recognised column and its field.
    """

    source: str
    provided: set[str] = field(default_factory=set)
    unrecognised: list[str] = field(default_factory=list)
    matched: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    """Columns a ``--columns`` file drops (mapped to ``~``)."""


class ColumnMatcher:
    """Renames record keys to field names and maps values, remembering what it saw."""

    def __init__(self, registry: FieldRegistry, mapping: ColumnMapping | None = None) -> None:
        self._registry = registry
        self._mapping = mapping or ColumnMapping()
        self._index: dict[str, str] = {}
        for spec in registry.profile_fields():
            for alias in spec.columns:
                self._index.setdefault(normalise(alias), spec.name)
        for spec in registry.profile_fields():  # a field's own name wins over any alias
            self._index[normalise(spec.name)] = spec.name
        self._explicit = {normalise(k): v for k, v in self._mapping.columns.items()}
        self._plans: dict[tuple[str, ...], dict[str, str | None]] = {}

    @property
    def registry(self) -> FieldRegistry:
        """The fields columns are matched to."""
        return self._registry

    @property
    def mapping(self) -> ColumnMapping:
        """The ``--columns`` mapping in force (empty when none was given)."""
        return self._mapping

    def field_for(self, column: str) -> str | None:
        """The field a column name means, or ``None``."""
        key = normalise(column)
        if key in self._explicit:
            return self._explicit[key]
        return self._index.get(key)

    def plan(self, columns: tuple[str, ...], source: str) -> dict[str, str | None]:
        """For each column: its field, ``None`` to drop it, or absent when unrecognised.

        Two columns naming one field is an error: which one to trust is the user's call.
        """
        cached = self._plans.get(columns)
        if cached is not None:
            return cached
        out: dict[str, str | None] = {}
        owner: dict[str, str] = {}
        for column in columns:
            key = normalise(str(column))
            if key in self._explicit:
                out[column] = self._explicit[key]
            elif key in self._index:
                out[column] = self._index[key]
            else:
                continue
            target = out[column]
            if target is None:
                continue
            if target in owner:
                raise BmetRulesError(
                    f"{source}: columns {owner[target]!r} and {column!r} both give the field "
                    f"{target!r}; drop one, or map it elsewhere in a --columns file "
                    f"(columns: {{{column!r}: ~}})"
                )
            owner[target] = column
        if len(self._plans) < 64:
            self._plans[columns] = out
        return out

    def missing_id(self, columns: Iterable[str], source: str, data: Mapping[str, Any]) -> str:
        """The message for an input no column of which gives the ``id``."""
        found = ", ".join(repr(c) for c in columns) or "none"
        expected = ", ".join(s.name for s in self._registry.profile_fields())
        aliases = ", ".join(repr(a) for a in self._registry["id"].columns[:4])
        nested = [k for k, v in data.items() if isinstance(v, list) and v
                  and all(isinstance(i, dict) for i in v)]
        hint = (f"; the records look nested under {nested[0]!r}: give --records-key {nested[0]}"
                if nested else "")
        return (
            f"{source}: no column gives the profile id{hint}. Columns found: {found}. "
            f"Fields expected: {expected} (an id column may also be called {aliases}, ...). "
            "Map the export's own names in a --columns file, e.g. `columns: {Person Number: id}`"
        )


def match_records(
    records: Iterable[Record],
    matcher: ColumnMatcher,
    seen: list[SourceColumns],
    tabular: bool,
) -> Iterator[Record]:
    """The records with their keys renamed to fields and their values mapped.

    Each new source gets a :class:`SourceColumns` appended to ``seen``. For a tabular source
    (one header for all rows: CSV, a sheet) a header without an id column stops the input
    with a message listing the columns; elsewhere a record without an id stays a row error.
    Unrecognised columns keep their names, so the profile parser still warns about them.

    The parent process of ``evaluate --jobs N`` runs this for every row, so the work that
    depends only on the columns is done once per set of columns (:class:`_Renaming`) and a
    row costs one dict comprehension, plus a look at the fields not yet seen given.
    """
    current: SourceColumns | None = None
    checked = False
    renamings: dict[tuple[Any, ...], _Renaming] = {}
    renaming: _Renaming | None = None
    for record in records:
        if current is None or current.source != record.source:
            current = SourceColumns(record.source)
            seen.append(current)
            checked = False
            renamings.clear()
            renaming = None
        if record.data is None:
            yield record
            continue
        keys = tuple(record.data)
        if renaming is None or renaming.keys != keys:
            renaming = renamings.get(keys)
            if renaming is None:
                columns = tuple(str(k) for k in keys)
                plan = matcher.plan(columns, record.source)
                if not checked and "id" not in plan.values() and (
                        tabular or _nested(record.data)):
                    raise BmetRulesError(matcher.missing_id(columns, record.source, record.data))
                renaming = _Renaming(keys, plan, matcher, current)
                if len(renamings) < 64:
                    renamings[keys] = renaming
            renaming.pending = [(k, t) for k, t in renaming.given if t not in current.provided]
        checked = True
        yield Record(record.source, record.row, renaming.apply(record.data, current),
                     record.error)


class _Renaming:
    """How the records with one set of keys become field-named data.

    Built once per set of keys (a CSV file has one): which key becomes which field or is
    dropped, which keep their names (unrecognised), which values go through a ``--columns``
    value table, and which fields are still to be seen given (non-empty) in this source.
    """

    def __init__(self, keys: tuple[Any, ...], plan: dict[str, str | None],
                 matcher: ColumnMatcher, current: SourceColumns) -> None:
        self.keys = keys
        self.registry = matcher.registry
        values = matcher.mapping.values
        self.steps: list[tuple[Any, str]] = []  # (key in the record, key in the data)
        self.given: list[tuple[Any, str]] = []  # (key in the record, field it gives)
        self.tables: list[tuple[str, Mapping[str, str]]] = []
        for column in keys:
            key = str(column)
            if key not in plan:
                if key not in current.unrecognised and key.strip():
                    current.unrecognised.append(key)
                self.steps.append((column, key))
                continue
            target = plan[key]
            if target is None:
                if key not in current.dropped:
                    current.dropped.append(key)
                continue
            current.matched.setdefault(key, target)
            self.steps.append((column, target))
            self.given.append((column, target))
            table = values.get(target)
            if table:
                self.tables.append((target, table))
        self.pending: list[tuple[Any, str]] = list(self.given)

    def apply(self, raw: Mapping[Any, Any], current: SourceColumns) -> dict[str, Any]:
        """One record's data, renamed and mapped; notes the fields it gives."""
        if self.pending:
            still = []
            for column, target in self.pending:
                value = raw[column]
                if value is not None and not (isinstance(value, str) and not value.strip()):
                    current.provided.add(target)
                else:
                    still.append((column, target))
            self.pending = still
        data = {out: raw[column] for column, out in self.steps}
        for target, table in self.tables:
            value = data[target]
            if isinstance(value, str):
                data[target] = _map_value(self.registry, target, value, table)
            elif isinstance(value, list):
                data[target] = [table.get(normalise_value(v), v) if isinstance(v, str) else v
                                for v in value]
        return data


def _nested(data: Mapping[str, Any]) -> list[str]:
    """Keys holding a list of objects: a report that wraps its records (Workday)."""
    return [str(k) for k, v in data.items()
            if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]


def _map_value(registry: FieldRegistry, name: str, value: str, table: Mapping[str, str]) -> str:
    spec = registry.get(name)
    if spec is not None and spec.type is FieldType.LIST:
        items = [i.strip() for i in _LIST_ITEMS.split(value) if i.strip()]
        return ";".join(table.get(normalise_value(i), i) for i in items)
    return table.get(normalise_value(value), value)
