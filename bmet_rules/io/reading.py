"""The input options every command that reads profiles shares, and the one function that
reads with them.

``evaluate``, ``explain`` and ``advise --answers`` (and any later command that reads
profiles) take the same options through :func:`input_options` and read through
:func:`open_inputs`, so a new command gets column matching, ``--columns``, dialects,
encodings, ``--records-key``, Excel sheets and stdin detection by adding one decorator and
one call.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    import pluggy

    from ..fields import FieldRegistry
    from ..formats import InputFormat, Record
    from .columns import ColumnMatcher, SourceColumns

F = TypeVar("F", bound=Callable[..., Any])
STDIN = "-"

#: Option name -> the reader keyword it becomes.
_READER_OPTIONS = {"delimiter": "--delimiter", "encoding": "--encoding", "sheet": "--sheet",
                   "records_key": "--records-key"}


@dataclass(frozen=True)
class InputOptions:
    """The parsed input options (see :func:`input_options`)."""

    input_format: str | None = None
    columns: Path | None = None
    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    records_key: str | None = None

    @classmethod
    def from_kwargs(cls, kwargs: dict[str, Any]) -> InputOptions:
        """Take (and remove) the input options from a command's keyword arguments."""
        return cls(**{name: kwargs.pop(name, None) for name in (
            "input_format", "columns", "delimiter", "encoding", "sheet", "records_key")})

    def reader_options(self) -> dict[str, str]:
        """The options given that readers take as keywords."""
        return {k: v for k in _READER_OPTIONS if (v := getattr(self, k)) is not None}


def _delimiter(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from .dialect import parse_delimiter

    if value is None:
        return None
    try:
        return parse_delimiter(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    import codecs

    if value is None:
        return None
    try:
        codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(
            f"unknown encoding {value!r}; try utf-8, cp1252 (Windows-1252) or latin-1"
        ) from None
    return value


def input_options(func: F) -> F:
    """The options that say how to read profiles, the same on every command that reads them.

    The command receives one ``input_opts: InputOptions`` keyword argument.
    """
    options = (
        click.option("--input-format", metavar="FORMAT",
                     help="Read input as this format instead of judging by the extension "
                          "(stdin: detected from its first bytes: JSON, JSON Lines, Excel "
                          "or CSV)."),
        click.option("--columns", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     metavar="FILE",
                     help="A YAML mapping of the input's column names to profile fields "
                          "(`columns:`) and of its values to ours (`values:`)."),
        click.option("--delimiter", callback=_delimiter, metavar="CHAR",
                     help="CSV delimiter (default: detected from the header: ',' ';' or tab); "
                          "'tab', 'comma', 'semicolon' also work."),
        click.option("--encoding", callback=_encoding, metavar="NAME",
                     help="Text encoding of CSV / JSON input (default UTF-8, with or without "
                          "BOM); e.g. cp1252 (Windows-1252) or latin-1."),
        click.option("--sheet", metavar="NAME", help="Excel input: the sheet to read "
                     "(default: the first)."),
        click.option("--records-key", metavar="KEY", help="JSON input: read the array of "
                     "records under KEY of the document (e.g. Report_Entry; dots go deeper)."),
    )

    @functools.wraps(func)  # keeps the options declared below this decorator
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["input_opts"] = InputOptions.from_kwargs(kwargs)
        return func(*args, **kwargs)

    decorated: Any = wrapper
    for option in reversed(options):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


def check_paths(paths: Sequence[str]) -> None:
    """Each input exists and is a file (a folder says so), before anything is evaluated."""
    from ..errors import BmetRulesError

    if sum(1 for p in paths if p == STDIN) > 1:
        raise click.BadParameter("stdin ('-') can be read only once", param_hint="INPUT")
    for path in paths:
        if path == STDIN:
            continue
        if os.path.isdir(path):
            raise BmetRulesError(
                f"{path}: is a directory; give the files in it (e.g. {path.rstrip('/')}/*.csv)"
            )
        if not os.path.isfile(path):
            raise BmetRulesError(f"{path}: no such file")


@dataclass
class InputBatch:
    """What :func:`open_inputs` gives: the records (read lazily) and, per source as it is
    reached, its :class:`~bmet_rules.io.columns.SourceColumns` (fields provided, columns not
    recognised)."""

    records: Iterator[Record]
    sources: list[SourceColumns] = field(default_factory=list)
    _reader: Generator[Record, None, None] | None = None
    mapped_columns: tuple[str, ...] = ()
    """The column names a ``--columns`` file maps."""

    def prime(self) -> None:
        """Read the first record now, so that a header with no id column or an unreadable
        first input is a usage error before any output file is created."""
        import itertools

        first = next(self.records, None)
        if first is not None:
            self.records = itertools.chain([first], self.records)

    def close(self) -> None:
        """Stop reading: the open input file is closed now, not when collected."""
        if self._reader is not None:
            self._reader.close()

    def unrecognised_line(self) -> str | None:
        """One line for stderr naming every column no field matched, or ``None``."""
        from .columns import normalise

        parts = [f"{', '.join(map(repr, s.unrecognised))} ({s.source})"
                 for s in self.sources if s.unrecognised]
        # A --columns entry for a column no input has (a typo, or another export's name):
        # said, not passed over (fifty-fourth review's probe).
        seen = {normalise(c) for s in self.sources for c in (*s.matched, *s.unrecognised,
                                                             *s.dropped)}  # fmt: skip
        unused = [c for c in self.mapped_columns if normalise(c) not in seen]
        lines = []
        if parts:
            lines.append("warning: columns not recognised, ignored: " + "; ".join(parts)
                         + ". Map them to fields with --columns FILE (see README, Inputs)")
        if unused and self.sources:
            lines.append("warning: the --columns file maps column(s) no input has: "
                         + ", ".join(map(repr, unused)) + " (check the spelling)")
        return "\n".join(lines) or None


def plan_inputs(
    pm: pluggy.PluginManager, paths: Sequence[str], options: InputOptions
) -> list[tuple[str, InputFormat | None]]:
    """The format of each input, settled before anything is read (``None``: stdin, detected
    when read). An option the chosen reader does not take is a usage error now."""
    from ..errors import BmetRulesError
    from ..streams import input_format_for, input_formats

    formats = input_formats(pm)
    plan: list[tuple[str, InputFormat | None]] = []
    for path in paths:
        if path == STDIN and not options.input_format:
            plan.append((path, None))
            continue
        fmt = input_format_for(formats, path, options.input_format)
        _check_options(fmt, options, path)
        plan.append((path, fmt))
    if not formats:
        raise BmetRulesError("no input formats are registered")
    return plan


def _check_options(fmt: InputFormat, options: InputOptions, path: str) -> None:
    from ..errors import BmetRulesError

    for name in options.reader_options():
        if name not in fmt.options:
            takes = ", ".join(_READER_OPTIONS[o] for o in fmt.options if o in _READER_OPTIONS)
            raise BmetRulesError(
                f"{path}: {_READER_OPTIONS[name]} does not apply to {fmt.name} input"
                + (f" (it takes {takes})" if takes else "")
            )


def open_inputs(
    pm: pluggy.PluginManager,
    registry: FieldRegistry,
    paths: Sequence[str],
    options: InputOptions,
    *,
    require_id: bool = True,
) -> InputBatch:
    """Read every input in order, with columns matched to ``registry``'s fields.

    Formats and the ``--columns`` file are checked now (usage errors before anything is
    evaluated); files are opened only when the records reach them. ``require_id=False``
    (an ``advise --answers`` file) lets a header without an id column through.
    """
    from .columns import ColumnMatcher, load_mapping

    check_paths(paths)
    plan = plan_inputs(pm, paths, options)
    mapping = load_mapping(options.columns, registry) if options.columns else None
    matcher = ColumnMatcher(registry, mapping)
    batch = InputBatch(iter(()))
    batch.mapped_columns = tuple(mapping.columns) if mapping is not None else ()
    batch._reader = _read(pm, plan, options, matcher, batch.sources, require_id)
    batch.records = batch._reader
    return batch


def _read(
    pm: pluggy.PluginManager,
    plan: list[tuple[str, InputFormat | None]],
    options: InputOptions,
    matcher: ColumnMatcher,
    seen: list[SourceColumns],
    require_id: bool,
) -> Generator[Record, None, None]:
    from ..streams import input_formats, open_input, source_name
    from .columns import match_records

    for path, fmt in plan:
        if path == STDIN and sys.stdin.isatty():
            click.echo("Reading profiles from stdin (a header row first); end with Ctrl-D, "
                       "or give a file instead of '-'.", err=True)
        with open_input(path) as raw:
            stream: Any = raw
            if fmt is None:
                from ..errors import BmetRulesError
                from .detect import peek

                name, stream = peek(raw)
                formats = input_formats(pm)
                if name not in formats:
                    raise BmetRulesError(_missing_format(name))
                fmt = formats[name]
                _check_options(fmt, options, path)
            kwargs = {k: v for k, v in options.reader_options().items() if k in fmt.options}
            records = _named(fmt.read(stream, source_name(path), **kwargs), fmt, path)
            yield from match_records(records, matcher, seen, fmt.tabular and require_id)


def _named(records: Iterator[Record], fmt: InputFormat, path: str) -> Iterator[Record]:
    """The reader's records; a reader's own bug is named with its format and plugin and the
    row it stopped after, never a bare traceback (a :class:`BmetRulesError` passes as is)."""
    from ..errors import BmetRulesError
    from ..plugins import PluginError
    from ..streams import source_name

    last = 0
    try:
        for record in records:
            last = record.row or last
            yield record
    except BmetRulesError:
        raise
    except Exception as exc:
        where = f"after row {last}" if last else "before the first row"
        raise PluginError(
            f"{source_name(path)}: input format {fmt.name!r} (plugin {fmt.origin!r}) failed "
            f"{where}: {type(exc).__name__}: {str(exc)[:300]}; the rows before it were evaluated"
        ) from exc


def _missing_format(name: str) -> str:
    if name == "xlsx":
        from .excel import MISSING

        return f"<stdin> looks like an Excel workbook; {MISSING}"
    return f"<stdin> looks like {name}, but no reader for it is registered"
