"""Evaluating a stream of records in chunks, in this process or in worker processes.

durable-rules is not thread-safe, but separate processes are (``durable-rules-notes.md``), so
parallelism comes from a process pool. Each worker builds its own knowledge base and engine
once, in the pool initializer, from the same arguments the command was given
(:class:`EngineSpec`): rulesets and compiled engine handles cannot be pickled, arguments can.

The parent reads records, sends chunks of a few hundred, and yields results strictly in input
order. At most ``2 * jobs`` chunks are in flight, so memory does not grow with the input. Both
modes go through the same chunk function and the same duplicate-id check, which is why
``--jobs 4`` gives byte-identical output to ``--jobs 1``: :func:`bmet_rules.api.evaluate_many`
sees one chunk at a time, and ids repeated *across* chunks are caught here, in input order,
with the same error evaluate_many gives for a repeat inside a chunk.

When the writer offers a stateless ``encode(result) -> str`` (the JSON, JSON Lines and CSV
writers do) and nothing else in the parent needs the ``Result`` (no ``--summary``), workers
send the writer's text instead: a 10 KB string crosses a pipe far more cheaply than the
nested dataclasses it describes (pickling and unpickling a result costs about a third of
evaluating it), and the parent, which writes alone, stays off the critical path. A chunk
travels as one :class:`EncodedChunk` of plain lists, not 200 :class:`Encoded` objects:
pickling an object costs about 10 µs whatever it holds, a string in a list about 1 µs
(measured on 14 KB results), and with ``--jobs 2`` every microsecond the parent spends per
profile is one the second worker waits for.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .api import RecordError, evaluate_many, load_rulesets
from .errors import BmetRulesError, EngineError, FieldProblem
from .formats import Record
from .idset import IdSet
from .plugins import get_plugin_manager
from .results import Result
from .unknown_report import needs_info_counts

if TYPE_CHECKING:
    from .knowledge import KnowledgeBase

@dataclass(frozen=True, slots=True)
class Encoded:
    """A result already rendered by the writer's ``encode``: its id and its text."""

    profile_id: str
    text: str
    unknown_fields: tuple[str, ...] = ()
    """The result's unknown fields and needs_info counts, for the batch's stderr report."""
    needs_info: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class EncodedChunk:
    """A worker's answer for one chunk, as columns of plain values (cheap to pickle).

    Position ``i`` of the chunk is ``errors[i]`` if present, else the next entry of the
    columns. :meth:`pack` and :meth:`unpack` are inverses.
    """

    texts: list[str]
    ids: list[str]
    unknown: list[tuple[str, ...]]
    needs_info: list[tuple[int, int]]
    errors: dict[int, RecordError]

    @classmethod
    def pack(cls, items: list[RecordError | Encoded]) -> EncodedChunk:
        """The chunk's items as columns."""
        encoded = [i for i in items if isinstance(i, Encoded)]
        return cls([e.text for e in encoded], [e.profile_id for e in encoded],
                   [e.unknown_fields for e in encoded], [e.needs_info for e in encoded],
                   {n: i for n, i in enumerate(items) if isinstance(i, RecordError)})

    def unpack(self) -> list[Result | RecordError | Encoded]:
        """The chunk's items, in order."""
        columns = zip(self.ids, self.texts, self.unknown, self.needs_info, strict=True)
        if not self.errors:
            return [Encoded(*row) for row in columns]
        total = len(self.texts) + len(self.errors)
        return [self.errors[n] if n in self.errors else Encoded(*next(columns))
                for n in range(total)]


Encoder = Callable[["Result"], str]

#: Records per chunk: the durable engine's measured best batch (``engine.DEFAULT_BATCH``).
CHUNK_SIZE = 200
DUPLICATE_MESSAGE = "duplicate id: an earlier record has the same id"


@dataclass(frozen=True)
class EngineSpec:
    """Everything a worker needs to rebuild the parent's knowledge base: plain, picklable data."""

    rules: tuple[str, ...] = ()
    params: tuple[tuple[str, str], ...] = ()
    standard: bool = True
    plugins: tuple[str, ...] = ()
    plugins_dirs: tuple[str, ...] = ()
    engine: str = "auto"
    strict: bool = False
    """A certification or skill no ruleset declares is a bad row, not a warning."""
    as_of: str | None = None
    """The evaluation date (YYYY-MM-DD) the parent chose, so workers never disagree on it."""

    def knowledge_base(self) -> KnowledgeBase:
        """Load and compile the rulesets as the parent did."""
        pm = get_plugin_manager(self.plugins, self.plugins_dirs)
        return load_rulesets(
            self.rules, params=dict(self.params), standard=self.standard, plugin_manager=pm,
            as_of=self.as_of,
        )


def evaluate_chunk(
    kb: KnowledgeBase, engine: str, records: list[Record], encode: Encoder | None = None,
    strict: bool = False,
) -> list[Result | RecordError | Encoded]:
    """Evaluate one chunk; one item per record, in order; results encoded if ``encode``."""
    items = evaluate_many(records, kb, engine=engine, batch_size=max(1, len(records)),
                          strict=strict)
    if encode is None:
        return list(items)
    return [item if isinstance(item, RecordError) else
            Encoded(item.profile_id, encode(item), item.unknown_fields, needs_info_counts(item))
            for item in items]


# --- worker process state: set once by the initializer --------------------------------------
_worker_kb: list[KnowledgeBase] = []
_worker_engine: list[str] = []
_worker_failure: list[str] = []
_worker_encoder: list[Encoder | None] = []
_worker_strict: list[bool] = []
#: The parent's knowledge base, set just before a *fork* pool starts: forked workers inherit
#: it and skip re-reading the rulesets (about 0.1-0.4 s each); spawned workers build their own.
_inherited_kb: list[KnowledgeBase] = []


def _init_worker(spec: EngineSpec, encode: Encoder | None) -> None:
    """Build this worker's knowledge base once; ignore Ctrl-C (the parent decides when to stop).

    An error here is kept and raised by the first task, because an exception escaping a pool
    initializer only breaks the pool with a message that does not say what went wrong.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    _die_with_parent()
    try:
        if _inherited_kb:
            kb = _inherited_kb[0]
            kb.engines.clear()  # engines are per process: never reuse the parent's handles
        else:
            kb = spec.knowledge_base()
        _worker_kb.append(kb)
        _worker_engine.append(spec.engine)
        _worker_encoder.append(encode)
        _worker_strict.append(spec.strict)
    except Exception as exc:
        _worker_failure.append(f"worker could not load the rulesets: {exc}")


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the parent dies, however it dies (even SIGKILL),
    so no worker outlives the command; elsewhere the parent's own clean-up must do."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


_PR_SET_PDEATHSIG = 1
#: Pools running now, so a second Ctrl-C can kill their workers at once (:func:`kill_workers`).
_live_pools: list[ProcessPoolExecutor] = []


def kill_workers() -> None:
    """Kill every worker process of every running pool now (the second Ctrl-C or SIGTERM).

    ``ProcessPoolExecutor`` has no public way to do this; ``_processes`` is its map of
    worker processes. Killed workers make the pool "broken", which lets its shutdown, and
    the interpreter's exit, return instead of waiting for chunks in progress.
    """
    for pool in list(_live_pools):
        processes = getattr(pool, "_processes", None) or {}
        for process in list(processes.values()):
            with contextlib.suppress(Exception):
                process.kill()


def _work(records: list[Record]) -> list[Result | RecordError | Encoded] | EncodedChunk:
    if _worker_failure:
        raise BmetRulesError(_worker_failure[0])
    items = evaluate_chunk(_worker_kb[0], _worker_engine[0], records, _worker_encoder[0],
                           _worker_strict[0])
    if _worker_encoder[0] is None:
        return items
    return EncodedChunk.pack([i for i in items if not isinstance(i, Result)])


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


class Deduplicator:
    """Turns the second and later results for one profile id into duplicate-id errors."""

    def __init__(self) -> None:
        self._seen = IdSet()  # compact: this grows with the batch (see idset.py)

    def check(
        self, index: int, record: Record, item: Result | RecordError | Encoded
    ) -> Result | RecordError | Encoded:
        """The item itself, or a duplicate-id error for it; fixes the error's global index."""
        if isinstance(item, RecordError):
            return replace(item, index=index)
        if not self._seen.add(item.profile_id):
            problem = FieldProblem("id", item.profile_id, DUPLICATE_MESSAGE)
            return RecordError(index, (problem,), item.profile_id, record.source, record.row)
        return item


def run_batch(
    records: Iterable[Record],
    kb: KnowledgeBase,
    spec: EngineSpec,
    jobs: int = 1,
    chunk_size: int = CHUNK_SIZE,
    encode: Encoder | None = None,
) -> Generator[tuple[Record, Result | RecordError | Encoded], None, None]:
    """Yield ``(record, result or error)`` for every record, in input order.

    With ``jobs > 1`` a pool is started only when the input is longer than two chunks per
    job: for a short file, starting workers (each compiling the rulesets) costs more than it
    saves. ``kb`` serves the in-process path; workers build their own from ``spec``.
    Closing the generator early (``--strict``, Ctrl-C) cancels the chunks not yet started.
    ``encode`` (a picklable function) turns results into :class:`Encoded` text, in both modes,
    so the output cannot depend on the number of jobs.
    """
    chunks = _chunks(records, chunk_size)
    head = list(itertools.islice(chunks, 2 * jobs + 1)) if jobs > 1 else []
    dedup = Deduplicator()
    counter = itertools.count()
    if jobs <= 1 or len(head) <= 2 * jobs:
        for chunk in itertools.chain(head, chunks):
            for record, item in zip(chunk, evaluate_chunk(kb, spec.engine, chunk, encode,
                                                                spec.strict),
                                    strict=True):
                yield record, dedup.check(next(counter), record, item)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    _inherited_kb[:] = [kb] if method == "fork" else []
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                               initargs=(spec, encode))
    _live_pools.append(pool)
    pending: deque[tuple[list[Record], Future[Answer]]] = deque()
    try:
        for chunk in itertools.chain(head, chunks):
            pending.append((chunk, pool.submit(_work, chunk)))
            while len(pending) >= 2 * jobs:
                yield from _collect(pending.popleft(), dedup, counter)
        while pending:
            yield from _collect(pending.popleft(), dedup, counter)
    finally:
        pending.clear()
        try:
            pool.shutdown(wait=True, cancel_futures=True)
        except BaseException:
            # Interrupted while waiting (a second Ctrl-C): do not wait for anything.
            kill_workers()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            _live_pools.remove(pool)
            _inherited_kb.clear()


Answer = list["Result | RecordError | Encoded"] | EncodedChunk


def _collect(
    entry: tuple[list[Record], Future[Answer]],
    dedup: Deduplicator,
    counter: Iterator[int],
) -> Iterator[tuple[Record, Result | RecordError | Encoded]]:
    chunk, future = entry
    try:
        items = future.result()
    except BrokenProcessPool as exc:
        first, last = chunk[0], chunk[-1]
        raise EngineError(
            f"a worker process died while evaluating {first.source} rows {first.row}-{last.row} "
            "(a crash in the rules engine); run with --jobs 1 --engine python to check the rows"
        ) from exc
    answer = items.unpack() if isinstance(items, EncodedChunk) else items
    for record, item in zip(chunk, answer, strict=True):
        yield record, dedup.check(next(counter), record, item)
