"""``bmet-rules evaluate``: a batch of profiles in, one result per profile out.

The contract this command keeps (``docs/contract.md``): every input row ends up either in the
output or in the errors, never both and never neither; a bad row never stops the batch unless
``--strict``; stdout carries data only, everything for people goes to stderr; and whatever is
written is whole records, even after Ctrl-C. Only click is imported at module level, because
``bmet-rules --help`` imports every command module.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING, Any

import click

from ..io.reading import InputOptions, input_options
from ._app import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_ROW_ERRORS,
    App,
    advice_options,
    advice_params,
    knowledge_options,
    parse_params,
    pass_app,
    reports_errors,
    with_goals,
)

if TYPE_CHECKING:
    from ..api import RecordError
    from ..formats import ResultWriter

#: Exit status when the program reading stdout went away (128 + SIGPIPE, as shells report).
EXIT_BROKEN_PIPE = 141


class _ErrorSink:
    """Bad rows: JSON Lines to ``--errors FILE``, or one line each on stderr."""

    def __init__(self, stream: IO[str] | None) -> None:
        self._stream = stream

    def write(self, error: RecordError) -> None:
        import json

        if self._stream is not None:
            for entry in error.to_dicts():
                self._stream.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
            return
        who = f"profile {error.profile_id!r}" if error.profile_id else "no id"
        click.echo(f"error: {error.source}:{error.row}: {who}: {error.message}", err=True)


class _Interrupt:
    """Turns the first Ctrl-C into a flag the batch loop checks between records.

    Stopping only between records is what keeps the output whole. A second Ctrl-C (say, the
    input is a terminal and the read is blocked) raises at once.
    """

    def __init__(self) -> None:
        self.requested = False
        self._previous: Any = None

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def __enter__(self) -> _Interrupt:
        try:
            self._previous = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread: leave Ctrl-C as it is
            self._previous = None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


@click.command("evaluate")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", default="-", show_default=True, metavar="OUT",
              help="File to write results to; '-' is stdout.")
@click.option("-f", "--format", "output_format", metavar="FORMAT",
              help="Output format (see `bmet-rules formats`). Default: 'table' on a terminal, "
                   "'jsonl' when piped; for -o FILE, from its extension, else 'jsonl'.")
@input_options
@knowledge_options
@advice_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes (default: number of CPUs; 1 evaluates in this process). "
                   "Inputs of a few hundred rows always run in this process.")
@click.option("--errors", "errors_path", metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Write bad rows to FILE as JSON Lines (source, row, profile_id, field, "
                   "value, message) instead of listing them on stderr.")
@click.option("--strict", is_flag=True,
              help="Stop at the first bad row (exit 1); the output holds the rows before it. "
                   "A certification or skill no loaded ruleset declares is then a bad row too.")
@click.option("--summary", is_flag=True,
              help="After the batch, print a cohort summary to stderr: per path and "
                   "certification, how many are eligible / near / not eligible, and the "
                   "most common gaps.")
@click.option("--summary-format", type=click.Choice(["table", "json"]), default="table",
              show_default=True,
              help="The summary as a table, or as one JSON object; both go to stderr so "
                   "stdout stays clean data.")
@click.option("--quiet", "-q", is_flag=True,
              help="No progress line and no final account line (bad rows are still reported).")
@pass_app
@reports_errors
def command(
    app: App,
    inputs: tuple[str, ...],
    output: str,
    output_format: str | None,
    input_opts: InputOptions,
    rules: tuple[Path, ...],
    no_standard: bool,
    params: tuple[str, ...],
    engine: str,
    as_of: dt.date,
    goals: tuple[str, ...],
    steps: int | None,
    jobs: int | None,
    errors_path: Path | None,
    strict: bool,
    summary: bool,
    summary_format: str,
    quiet: bool,
) -> None:
    """Evaluate every profile in INPUT... ('-' reads stdin).

    Every row ends up either in the output or in the errors. Exit status: 0 every row
    evaluated; 1 some rows had errors (the rest were evaluated and written); 2 usage, ruleset
    or plugin error (nothing evaluated); 130 interrupted (the output holds whole records
    only); 141 the reader of stdout went away.

    stdout carries results only. The progress line (on a terminal, for more than 2,000
    rows), the account line, error lines and --summary all go to stderr.

    \b
    Examples:
      bmet-rules evaluate examples/profiles.csv
      bmet-rules evaluate staff.csv -o results.csv --errors bad-rows.jsonl --summary
      cat staff.jsonl | bmet-rules evaluate - --input-format jsonl -f json
    """
    from ..batch import EngineSpec
    from ..io.reading import check_paths, open_inputs, plan_inputs
    from ..streams import output_format_for, output_formats

    values = advice_params(parse_params(params), steps)
    check_paths(inputs)
    pm = app.plugin_manager()
    plan_inputs(pm, inputs, input_opts)
    is_tty = output == "-" and sys.stdout.isatty()
    out_format = output_format_for(output_formats(pm), output, output_format, is_tty)
    kb = app.knowledge_base(rules, values, standard=not no_standard, as_of=as_of)
    batch = open_inputs(pm, kb.fields, inputs, input_opts)
    batch.prime()
    workers = jobs or os.cpu_count() or 1
    spec = EngineSpec(
        rules=tuple(map(str, rules)), params=tuple(sorted(values.items())),
        standard=not no_standard, plugins=tuple(app.plugins),
        plugins_dirs=tuple(map(str, app.plugins_dirs)), engine=_engine_choice(app, kb, engine),
        strict=strict,
        as_of=as_of.isoformat(),
    )
    run = _Run(strict=strict, quiet=quiet, summary=summary, kb=kb)
    run.goals = goals
    code = run.execute(batch.records, spec, workers, output, out_format, errors_path)
    unrecognised = batch.unrecognised_line()
    if unrecognised:
        click.echo(unrecognised, err=True)
    for line in run.unknowns.lines():  # even with -q: results are incomplete without them
        click.echo(f"bmet-rules: {line}", err=True)
    if summary:
        click.echo(run.render_summary(summary_format), err=True)
    if not quiet:
        click.echo(run.account(), err=True)
    sys.exit(code)


def _engine_choice(app: App, kb: Any, engine: str) -> str:
    """Settle ``auto`` once, here, so workers neither guess nor each print the same warning.

    A missing durable-rules, or a rule too large for it, is reported now, before any output
    file is created.
    """
    from ..api import settle_engine

    name, warning = settle_engine(kb, engine)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    return name


class _Run:
    """One batch: reads, evaluates, writes, counts; knows how it ended."""

    def __init__(self, *, strict: bool, quiet: bool, summary: bool, kb: Any) -> None:
        from ..summary import CohortSummary
        from ..unknown_report import UnknownTally

        self.strict, self.quiet = strict, quiet
        self.rows = self.evaluated = self.errors = 0
        self.stopped: str | None = None
        self.errors_file: str | None = None
        self.summary = CohortSummary(kb.fields) if summary else None
        self.unknowns = UnknownTally()
        self.kb = kb
        self.goals: tuple[str, ...] = ()
        self._start = time.perf_counter()
        self._seconds = 0.0

    def execute(
        self,
        records: Any,
        spec: Any,
        workers: int,
        output: str,
        out_format: Any,
        errors_path: Path | None,
    ) -> int:
        """Run the batch; returns the exit status."""
        from ..batch import run_batch
        from ..progress import Progress
        from ..streams import open_output

        progress = Progress(sys.stderr, enabled=not self.quiet and sys.stderr.isatty())
        code = EXIT_OK
        with ExitStack() as stack:
            err_stream = None
            if errors_path is not None:
                err_stream = stack.enter_context(_open_text(errors_path))
                self.errors_file = str(errors_path)
            sink = _ErrorSink(err_stream)
            stream = stack.enter_context(open_output(output, out_format))
            writer: ResultWriter = out_format.open(stream)
            interrupt = stack.enter_context(_Interrupt())
            encode = getattr(type(writer), "encode", None)
            if self.summary is not None or not hasattr(writer, "write_encoded"):
                encode = None
            if self.goals:
                records = (with_goals(r, self.goals) for r in records)
            results = run_batch(records, self.kb, spec, workers, encode=encode)
            try:
                code = self._loop(results, writer, sink, interrupt, progress)
            except KeyboardInterrupt:
                self.stopped, code = "interrupted", EXIT_INTERRUPTED
            except BrokenPipeError:
                _silence_stdout()
                self.stopped, code = "output closed", EXIT_BROKEN_PIPE
            finally:
                results.close()
                progress.clear()
                self._seconds = time.perf_counter() - self._start
            if code != EXIT_BROKEN_PIPE:
                try:
                    writer.close()
                    stream.flush()
                except BrokenPipeError:
                    _silence_stdout()
                    code = EXIT_BROKEN_PIPE
        return code

    def _loop(self, results: Any, writer: ResultWriter, sink: _ErrorSink,
              interrupt: _Interrupt, progress: Any) -> int:
        from ..api import RecordError
        from ..batch import Encoded

        code = EXIT_OK
        for record, item in results:
            self.rows += 1
            if isinstance(item, RecordError):
                self.errors += 1
                sink.write(item)
                code = EXIT_ROW_ERRORS
                if self.strict:
                    self.stopped = f"stopped at the first bad row ({record.source}:{record.row})"
                    break
            else:
                if isinstance(item, Encoded):
                    writer.write_encoded(item.text)  # type: ignore[attr-defined]
                    self.unknowns.add(item.unknown_fields, *item.needs_info)
                else:
                    writer.write(item)
                    self.unknowns.add_result(item)
                self.evaluated += 1
                if self.summary is not None and not isinstance(item, Encoded):
                    self.summary.add(item)
            progress.update(self.rows, self.errors)
            if interrupt.requested:
                self.stopped = "interrupted"
                return EXIT_INTERRUPTED
        return code

    def render_summary(self, fmt: str) -> str:
        """The cohort summary, as a table or one JSON object."""
        import json

        assert self.summary is not None
        if fmt == "json":
            return json.dumps(self.summary.to_dict(), ensure_ascii=False)
        return self.summary.render()

    def account(self) -> str:
        """The final line on stderr: how many rows, evaluated, errors, time and speed."""
        from ..progress import account_line

        line = account_line(self.rows, self.evaluated, self.errors, self._seconds,
                            stopped=self.stopped)
        if self.errors and self.errors_file:
            line += f"; errors written to {self.errors_file}"
        return line


def _open_text(path: Path) -> Any:
    from ..errors import BmetRulesError

    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise BmetRulesError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit-time flush cannot fail."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests capture stdout)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
