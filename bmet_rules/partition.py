"""Evaluating one partition of a data set: the unit of work of Dask, Spark or any cluster.

A national registry does not fit one machine's batch, and we do not build a cluster of our
own: frameworks that already split data into partitions and ship a function to where each
partition lives do it better (``bag.map_partitions``, ``rdd.mapPartitions``).
:func:`evaluate_partition` is that function. It takes an iterable of records (dicts, as a
CSV or JSON reader gives them) and yields one JSON-ready dict per record, in order: the
result exactly as ``evaluate -f jsonl`` writes it (``Result.to_dict()``), or, for a bad
record, an error dict (:func:`error_dict`, recognised by :func:`is_record_error`).

Loading and compiling the rulesets takes a few tenths of a second, far more than a small
partition takes to evaluate, so each worker process (or thread) loads them once: the
knowledge base and its engine are kept in a module-level cache keyed by everything that
changes them (:class:`bmet_rules.batch.EngineSpec`: ruleset paths, parameters, plugins,
engine, strictness, evaluation date), and later partitions with the same options reuse them.
The arguments are plain data, so the function pickles by reference and reaches workers of
any kind (fork, spawn, a remote Dask or Spark worker with the package installed).

durable-rules is not thread-safe (``docs/engine.md``), and cluster workers often run
several threads (Dask's threaded scheduler, ``dask.distributed``'s ``nthreads``); one lock
per process therefore serialises evaluation, a chunk of records at a time, and results are
yielded outside it. Threads then give no parallelism on this work: run one thread per
worker process and as many processes as cores.

Limits (README, "Scaling out"): duplicate ids are caught within a partition only, since
partitions never see one another (de-duplicate the input first, or partition by id so
repeats meet); error ``index`` and ``row`` are as the partition's records give them; give
``as_of`` so every worker evaluates as of the same date, whatever its clock says.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .api import RecordError, evaluate_many, settle_engine
from .batch import DUPLICATE_MESSAGE, EngineSpec
from .dating import today
from .errors import FieldProblem
from .formats import Record
from .knowledge import KnowledgeBase
from .profile import add_goals

#: Records evaluated per turn of the lock: the engine's own batch size, so a chunk is one
#: engine session and the lock is given up between chunks.
CHUNK = 200

#: One knowledge base and settled engine name per set of options, for this process.
_cache: dict[EngineSpec, tuple[KnowledgeBase, str]] = {}
#: Guards the cache and every use of an engine: durable-rules' C core has no locks.
_lock = threading.RLock()


def evaluate_partition(
    records: Iterable[Mapping[str, Any] | Record], **options: Any
) -> list[dict[str, Any]]:
    """Evaluate one partition of records: one JSON-ready dict per record, in order, as a list.

    Takes the options of :func:`iter_partition` (``rules``, ``params``, ``standard``,
    ``plugins``, ``plugins_dirs``, ``engine``, ``as_of``, ``strict``, ``goals``). A list,
    because Dask's process scheduler pickles what a task returns and a generator cannot be
    pickled (Dask holds a partition in memory in any case); ``bag.map_partitions(
    evaluate_partition, as_of="2026-11-29")`` is the whole recipe.
    """
    return list(iter_partition(records, **options))


def iter_partition(
    records: Iterable[Mapping[str, Any] | Record],
    *,
    rules: Sequence[str | Path] = (),
    params: Mapping[str, Any] | None = None,
    standard: bool = True,
    plugins: Sequence[str] = (),
    plugins_dirs: Sequence[str | Path] = (),
    engine: str = "auto",
    as_of: dt.date | str | None = None,
    strict: bool = False,
    goals: Sequence[str] = (),
) -> Iterator[dict[str, Any]]:
    """Evaluate one partition of records; yield one JSON-ready dict per record, in order.

    The lazy form of :func:`evaluate_partition`, for Spark's ``mapPartitions`` and other
    consumers of iterators: memory stays flat however long the partition.

    :param records: dicts with the profile fields (column names matched as the readers
        match them are not re-matched here: give field names, ``years_experience``), or
        :class:`~bmet_rules.formats.Record` rows, whose source and row then name errors.
    :param rules: extra ruleset files or folders, as ``--rules``; they must exist on every
        worker at the same path.
    :param params: parameter overrides, as ``--param``.
    :param standard: include the standard rulesets (``--no-standard`` is ``False``).
    :param plugins: plugin modules to load, as ``--plugin``; installed plugins load anyway.
    :param plugins_dirs: folders of loose plugin files, as ``--plugins-dir``.
    :param engine: ``auto``, ``durable`` or ``python``.
    :param as_of: the evaluation date; default today *on each worker*, so give it.
    :param strict: a certification or skill no ruleset declares is a bad record.
    :param goals: target ids added to every record's ``goals``, as ``--goal``.

    Results are ``Result.to_dict()``; a bad record (a bad field, a missing id, an id seen
    earlier *in this partition*) yields :func:`error_dict`. Records are evaluated
    :data:`CHUNK` at a time, so memory stays flat however long the partition. Raises
    :class:`~bmet_rules.errors.RulesetError` (or another ``BmetRulesError``) when the
    rulesets cannot be loaded: every record would fail alike, so the task should fail.
    """
    spec = EngineSpec(
        rules=tuple(str(p) for p in rules),
        params=tuple(sorted((str(k), _hashable(v)) for k, v in (params or {}).items())),
        standard=standard, plugins=tuple(plugins), plugins_dirs=tuple(map(str, plugins_dirs)),
        engine=engine, strict=strict, as_of=_date_text(as_of),
    )
    kb, engine_name = knowledge_base_for(spec)
    seen: set[str] = set()
    counter = itertools.count()
    iterator = iter(records)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        if goals:
            chunk = [_with_goals(item, goals) for item in chunk]
        with _lock:
            items = list(evaluate_many(chunk, kb, engine=engine_name, batch_size=len(chunk),
                                       strict=strict))
            out = [_to_dict(record, item, next(counter), seen)
                   for record, item in zip(chunk, items, strict=True)]
        yield from out


def knowledge_base_for(spec: EngineSpec) -> tuple[KnowledgeBase, str]:
    """The knowledge base and engine name for ``spec``, loaded on first use in this process.

    The engine is settled once too (``auto`` becomes ``durable`` or ``python``), so its
    fall-back warning is issued once per process, not once per partition.
    """
    with _lock:
        cached = _cache.get(spec)
        if cached is None:
            kb = spec.knowledge_base()
            name, warning = settle_engine(kb, spec.engine)
            if warning:  # once per process: "durable-rules cannot be loaded here ..."
                warnings.warn(warning, stacklevel=3)
            cached = _cache[spec] = (kb, name)
        return cached


def clear_cache() -> None:
    """Forget the loaded knowledge bases (after rulesets changed on disk, say)."""
    with _lock:
        for kb, _ in _cache.values():
            for runner in kb.engines.values():
                runner.close()
        _cache.clear()


def is_record_error(item: Mapping[str, Any]) -> bool:
    """Whether an item :func:`evaluate_partition` yielded is an error, not a result."""
    return "error" in item and "ruleset" not in item


def error_dict(error: RecordError) -> dict[str, Any]:
    """A bad record as one JSON-ready dict.

    ``error`` is the whole message; ``problems`` the ``--errors`` file's objects for it
    (``field``, ``value``, ``message``); ``index`` is the record's position in its partition.
    """
    return {
        "error": error.message, "profile_id": error.profile_id, "source": error.source,
        "row": error.row, "index": error.index,
        "problems": [p.to_dict() for p in error.problems],
    }


def _to_dict(record: Any, item: Any, index: int, seen: set[str]) -> dict[str, Any]:
    """One evaluated item as a dict, its ``index`` counted over the partition; an id that
    an earlier chunk of the partition gave becomes the duplicate-id error the CLI gives."""
    if isinstance(item, RecordError):
        return error_dict(dataclasses.replace(item, index=index))
    if item.profile_id in seen:
        problem = FieldProblem("id", item.profile_id, DUPLICATE_MESSAGE)
        source, row = (record.source, record.row) if isinstance(record, Record) else (None, None)
        return error_dict(RecordError(index, (problem,), item.profile_id, source, row))
    seen.add(item.profile_id)
    result: dict[str, Any] = item.to_dict()
    return result


def _with_goals(item: Mapping[str, Any] | Record, goals: Sequence[str]) -> Any:
    """``item`` with ``goals`` added after its own goals (the merge ``--goal`` makes)."""
    data = item.data if isinstance(item, Record) else item
    if data is None:
        return item
    data = add_goals(data, goals)
    return dataclasses.replace(item, data=data) if isinstance(item, Record) else data


def _hashable(value: Any) -> Any:
    """A parameter value as a cache key part: lists become tuples."""
    return tuple(value) if isinstance(value, list) else value


def _date_text(as_of: dt.date | str | None) -> str:
    """The evaluation date as ``YYYY-MM-DD``: today (this worker's) when not given."""
    if as_of is None:
        return today().isoformat()
    if isinstance(as_of, dt.date):
        return as_of.isoformat()
    return str(as_of)
