"""Finding formats and opening streams: by name, by file extension, ``-`` for stdin/stdout.

Formats come only from the ``register_input_formats`` / ``register_output_formats`` hooks, the
built-ins included, so a plugin's format is found exactly like ``csv``. A name registered
twice resolves to the later registration (a plugin may replace a built-in on purpose);
``bmet-rules formats`` shows which plugin each one came from.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from .errors import BmetRulesError
from .formats import InputFormat, OutputFormat, Record
from .plugins import PluginError, collect

F = TypeVar("F", InputFormat, OutputFormat)

if TYPE_CHECKING:
    import pluggy

STDIO = "-"


def _registered(pm: pluggy.PluginManager, hook: str, kind: type[F]) -> dict[str, F]:
    """What plugins registered through ``hook``, by name, each tagged with its plugin."""
    out: dict[str, F] = {}
    for plugin, args, _ in collect(pm, hook):
        for item in args:
            if not isinstance(item, kind):
                raise PluginError(f"plugin {plugin!r} registered {item!r}, not an {kind.__name__}")
            out[item.name] = replace(item, origin=plugin)
    return out


def input_formats(pm: pluggy.PluginManager) -> dict[str, InputFormat]:
    """Registered input formats by name, each tagged with the plugin that registered it."""
    return _registered(pm, "register_input_formats", InputFormat)


def output_formats(pm: pluggy.PluginManager) -> dict[str, OutputFormat]:
    """Registered output formats by name, each tagged with the plugin that registered it."""
    return _registered(pm, "register_output_formats", OutputFormat)


def _unknown(kind: str, name: str, known: Sequence[str]) -> BmetRulesError:
    return BmetRulesError(
        f"unknown {kind} format {name!r}; known: {', '.join(sorted(known))} "
        "(see `bmet-rules formats`)"
    )


def _suffixes(path: str) -> list[str]:
    """Candidate extensions, longest first (``.tar.gz`` before ``.gz``), lower-case."""
    name = Path(path).name.lower()
    parts = name.split(".")[1:]
    return ["." + ".".join(parts[i:]) for i in range(len(parts))]


def input_format_for(
    formats: dict[str, InputFormat], path: str, name: str | None = None
) -> InputFormat:
    """The input format to read ``path`` with: ``name`` if given, else by extension.

    stdin has no extension, so it is CSV unless ``--input-format`` says otherwise.
    """
    if name:
        if name not in formats:
            raise _unknown("input", name, list(formats))
        return formats[name]
    if path == STDIO:
        if "csv" in formats:
            return formats["csv"]
        raise BmetRulesError("cannot tell the format of stdin; give --input-format")
    for suffix in _suffixes(path):
        for fmt in formats.values():
            if suffix in (e.lower() for e in fmt.extensions):
                return fmt
    known = sorted({e for f in formats.values() for e in f.extensions})
    raise BmetRulesError(
        f"{path}: cannot tell the input format from the file name; give --input-format "
        f"(extensions known: {', '.join(known)})"
    )


def output_format_for(
    formats: dict[str, OutputFormat], path: str, name: str | None, is_tty: bool
) -> OutputFormat:
    """The output format: ``name`` if given; for stdout a table on a terminal and JSON Lines
    when piped (data for the next program); for a file, by its extension, else JSON Lines.
    """
    if name:
        if name not in formats:
            raise _unknown("output", name, list(formats))
        return formats[name]
    if path == STDIO:
        wanted = "table" if is_tty else "jsonl"
    else:
        wanted = "jsonl"
        for suffix in _suffixes(path):
            match = [f for f in formats.values() if f.extension and f.extension.lower() == suffix]
            if match:
                return match[-1]
    if wanted not in formats:
        raise _unknown("output", wanted, list(formats))
    return formats[wanted]


def source_name(path: str) -> str:
    """How errors name an input: the path as given, or ``<stdin>``."""
    return "<stdin>" if path == STDIO else path


@contextlib.contextmanager
def open_input(path: str) -> Iterator[IO[bytes]]:
    """A binary stream for ``path`` (``-``: stdin, left open); a clear error if unreadable."""
    if path == STDIO:
        yield sys.stdin.buffer
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the caller is done
    except OSError as exc:
        raise BmetRulesError(f"{path}: cannot open: {exc.strerror or exc}") from exc
    with stream:
        yield stream


def read_records(plan: Sequence[tuple[str, InputFormat]]) -> Iterator[Record]:
    """Every record of every ``(path, format)`` input, in order, each opened only when reached.

    Formats are chosen beforehand (:func:`input_format_for`), so a bad name or extension is
    a usage error before anything is evaluated. A reader's failure is raised (named, see
    :class:`RecordSource`); use a :class:`RecordSource` to stop cleanly instead.
    """
    source = RecordSource(plan)
    yield from source
    if source.failure is not None:
        raise source.failure


class RecordSource:
    """The records of every input, stopping cleanly at the first input that cannot be read.

    A fatal input error (a cut JSON array, a duplicate header in the second file, a reader
    plugin that raises at row 450) ends the iteration instead of raising through the batch:
    the records already read are still evaluated and written, and the command then reports
    :attr:`failure` and stops with the "stopped part-way" status. Raising instead would
    lose the chunks in flight in worker processes (199 valid rows in neither file). An
    exception a plugin's reader raises is named with the format and the plugin.
    """

    def __init__(
        self,
        plan: Sequence[tuple[str, InputFormat]] = (),
        records: Iterable[Record] | None = None,
    ) -> None:
        self.plan = plan
        self.records = records
        """Records already being read (``bmet_rules.io.reading``), in place of ``plan``."""
        self.failure: BmetRulesError | None = None

    def __iter__(self) -> Iterator[Record]:
        if self.records is not None:
            yield from self._guarded(self.records)
            return
        for path, fmt in self.plan:
            name = source_name(path)
            last = 0
            try:
                with open_input(path) as stream:
                    for record in fmt.read(stream, name):
                        last = record.row
                        yield record
            except BmetRulesError as exc:
                self.failure = exc
                return
            except Exception as exc:  # a reader plugin's bug: named, never a traceback
                where = f"after row {last}" if last else "before the first row"
                self.failure = PluginError(
                    f"{name}: input format {fmt.name!r} (plugin {fmt.origin!r}) failed {where}: "
                    f"{type(exc).__name__}: {str(exc)[:300]}; the rows before it were evaluated"
                )
                return


    def _guarded(self, records: Iterable[Record]) -> Iterator[Record]:
        last: Record | None = None
        try:
            for record in records:
                last = record
                yield record
        except BmetRulesError as exc:
            self.failure = exc
        except Exception as exc:  # a reader plugin's bug: named, never a traceback
            where = f"after {last.source}:{last.row}" if last else "before the first row"
            self.failure = PluginError(
                f"an input reader failed {where}: {type(exc).__name__}: {str(exc)[:300]}; "
                "the rows before it were evaluated"
            )


@contextlib.contextmanager
def open_output(path: str, fmt: OutputFormat) -> Iterator[IO[Any]]:
    """The stream to write ``fmt`` to: stdout for ``-`` (left open), else a new file."""
    if path == STDIO:
        yield sys.stdout.buffer if fmt.binary else sys.stdout
        return
    try:
        if fmt.binary:
            stream: IO[Any] = open(path, "wb")  # noqa: SIM115
        else:
            stream = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        raise BmetRulesError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    with stream:
        yield stream
