"""``bmet-rules evaluate``: a batch of profiles in, one result per profile out.

The contract this command keeps (``docs/contract.md``): every input row ends up either in the
output or in the errors, never both and never neither; a bad row never stops the batch unless
``--strict``; stdout carries data only, everything for people goes to stderr; and whatever is
written is whole records, even after Ctrl-C. Only click is imported at module level, because
``bmet-rules --help`` imports every command module.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ._app import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_ROW_ERRORS,
    EXIT_STOPPED,
    EXIT_USAGE,
    App,
    knowledge_options,
    parse_params,
    pass_app,
    reports_errors,
)

if TYPE_CHECKING:
    from ..api import RecordError
    from ..formats import ResultWriter
    from ..outstream import RecordStream

#: Exit status when the program reading stdout went away (128 + SIGPIPE, as shells report).
EXIT_BROKEN_PIPE = 141


class _ErrorSink:
    """Bad rows: JSON Lines to ``--errors FILE`` (whole records only), or one line each on
    stderr."""

    def __init__(self, stream: RecordStream | None) -> None:
        self._stream = stream

    def write(self, error: RecordError) -> None:
        import json

        if self._stream is not None:
            for entry in error.to_dicts():
                self._stream.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
            self._stream.commit()
            return
        who = f"profile {error.profile_id!r}" if error.profile_id else "no id"
        click.echo(f"error: {error.source}:{error.row}: {who}: {error.message}", err=True)


@click.command("evaluate")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", default="-", show_default=True, metavar="OUT",
              help="File to write results to; '-' is stdout.")
@click.option("-f", "--format", "output_format", metavar="FORMAT",
              help="Output format (see `bmet-rules formats`). Default: 'table' on a terminal, "
                   "'jsonl' when piped; for -o FILE, from its extension, else 'jsonl'.")
@click.option("--input-format", metavar="FORMAT",
              help="Read every INPUT as this format instead of guessing from the extension "
                   "(stdin is read as CSV unless this is given).")
@knowledge_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes (default: number of CPUs; 1 evaluates in this process). "
                   "Inputs of a few hundred rows always run in this process.")
@click.option("--errors", "errors_path", metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Write bad rows to FILE as JSON Lines (source, row, profile_id, field, "
                   "value, message) instead of listing them on stderr.")
@click.option("--strict", is_flag=True,
              help="Stop at the first bad row (exit 1); the output holds the rows before it.")
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
    input_format: str | None,
    rules: tuple[Path, ...],
    no_standard: bool,
    params: tuple[str, ...],
    engine: str,
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
    or plugin error (nothing evaluated); 3 stopped part-way by an error (disk full, an input
    that cannot be read further, a plugin failure after records were written: the account
    line says where); 130 interrupted by Ctrl-C or SIGTERM; 141 the reader of stdout went
    away. Whatever stops a run, the output and --errors files hold whole records only.

    stdout carries results only. The progress line (on a terminal, for more than 2,000
    rows), the account line, error lines and --summary all go to stderr.

    \b
    Examples:
      bmet-rules evaluate examples/profiles.csv
      bmet-rules evaluate staff.csv -o results.csv --errors bad-rows.jsonl --summary
      cat staff.jsonl | bmet-rules evaluate - --input-format jsonl -f json
    """
    from ..batch import EngineSpec
    from ..errors import BmetRulesError
    from ..outstream import refuse_overlaps
    from ..streams import input_format_for, input_formats, output_format_for, output_formats

    _ignore_file_size_signal()
    values = parse_params(params)
    if sum(1 for i in inputs if i == "-") > 1:
        raise click.BadParameter("stdin ('-') can be read only once", param_hint="INPUT")
    for path in inputs:
        if path != "-" and not os.path.isfile(path):
            raise BmetRulesError(f"{path}: no such file")
    refuse_overlaps(inputs, [("-o", output)]
                    + ([("--errors", str(errors_path))] if errors_path is not None else []))
    pm = app.plugin_manager()
    plan = [(path, input_format_for(input_formats(pm), path, input_format)) for path in inputs]
    is_tty = output == "-" and sys.stdout.isatty()
    out_format = output_format_for(output_formats(pm), output, output_format, is_tty)
    kb = app.knowledge_base(rules, values, standard=not no_standard)
    workers = jobs or os.cpu_count() or 1
    spec = EngineSpec(
        rules=tuple(map(str, rules)), params=tuple(sorted(values.items())),
        standard=not no_standard, plugins=tuple(app.plugins),
        plugins_dirs=tuple(map(str, app.plugins_dirs)), engine=_engine_choice(app, kb, engine),
    )
    run = _Run(strict=strict, quiet=quiet, summary=summary, kb=kb)
    code = run.execute(plan, spec, workers, output, out_format, errors_path)
    if run.failure is not None:
        click.echo(f"error: {run.failure}", err=True)
    if summary:
        click.echo(run.render_summary(summary_format), err=True)
    if not quiet:
        click.echo(run.account(), err=True)
    sys.exit(code)


def _engine_choice(app: App, kb: Any, engine: str) -> str:
    """Settle ``auto`` once, here, so workers neither guess nor each print the same warning.

    A missing durable-rules is reported now, before any output file is created.
    """
    if engine == "python":
        return engine
    from ..engine import load_durable
    from ..errors import EngineUnavailable

    try:
        load_durable()
    except EngineUnavailable as exc:
        if engine == "durable":
            raise
        click.echo(f"warning: {exc} Using the built-in Python evaluator.", err=True)
        return "python"
    return "durable"


class _Run:
    """One batch: reads, evaluates, writes, counts; knows how and where it ended."""

    def __init__(self, *, strict: bool, quiet: bool, summary: bool, kb: Any) -> None:
        from ..summary import CohortSummary

        self.strict, self.quiet = strict, quiet
        self.rows = self.evaluated = self.errors = 0
        self.stopped: str | None = None
        self.failure: Exception | None = None
        self.errors_file: str | None = None
        self.summary = CohortSummary(kb.fields) if summary else None
        self.kb = kb
        self.out: RecordStream | None = None
        self._start = time.perf_counter()
        self._seconds = 0.0
        self._where = ""

    def execute(
        self,
        plan: list[tuple[str, Any]],
        spec: Any,
        workers: int,
        output: str,
        out_format: Any,
        errors_path: Path | None,
    ) -> int:
        """Run the batch; returns the exit status. A fault during the run is not raised:
        it becomes a status, :attr:`failure` (the message) and the account line."""
        from ..batch import kill_workers
        from ..outstream import open_record_stream
        from ..stopping import StopRequest

        with ExitStack() as stack:
            sink = _ErrorSink(None)
            if errors_path is not None:
                err = open_record_stream(str(errors_path))
                stack.callback(_close_quietly, err)
                sink = _ErrorSink(err)
                self.errors_file = str(errors_path)
            out = self.out = open_record_stream(output, binary=out_format.binary)
            stack.callback(_close_quietly, out)
            writer = self._open_writer(out_format, out)
            stop = stack.enter_context(StopRequest(on_force=kill_workers))
            code = self._run(plan, spec, workers, writer, out_format, sink, stop)
            code = self._finish(writer, out_format, sink, code)
        return code

    def _open_writer(self, out_format: Any, out: RecordStream) -> ResultWriter:
        """The format's writer; a plugin's failure here is named (nothing written: exit 2)."""
        from ..plugins import PluginError

        try:
            writer: ResultWriter = out_format.open(out)
        except Exception as exc:
            raise PluginError(
                f"output format {out_format.name!r} (plugin {out_format.origin!r}) failed to "
                f"start: {type(exc).__name__}: {str(exc)[:300]}") from exc
        return writer

    def _run(self, plan: Any, spec: Any, workers: int, writer: ResultWriter, out_format: Any,
             sink: _ErrorSink, stop: Any) -> int:
        from ..batch import run_batch
        from ..errors import BmetRulesError
        from ..progress import Progress
        from ..streams import RecordSource

        progress = Progress(sys.stderr, enabled=not self.quiet and sys.stderr.isatty())
        source = RecordSource(plan)
        from ..outstream import NamedEncoder

        encode = getattr(type(writer), "encode", None)
        if self.summary is not None or not hasattr(writer, "write_encoded"):
            encode = None
        elif encode is not None:
            encode = NamedEncoder(encode, out_format.name, out_format.origin)
        results = run_batch(source, self.kb, spec, workers, encode=encode)
        code = EXIT_OK
        try:
            code = self._loop(results, writer, out_format, sink, stop, progress)
            if source.failure is not None and code != EXIT_INTERRUPTED and not self.stopped:
                code = self._fail(source.failure)
        except KeyboardInterrupt:
            self.stopped, code = "interrupted", EXIT_INTERRUPTED
        except BrokenPipeError:
            _silence_stdout()
            self.stopped, code = "output closed", EXIT_BROKEN_PIPE
        except BmetRulesError as exc:
            code = self._fail(exc)
        except Exception as exc:  # a bug or a plugin's: reported, never a traceback
            code = self._fail(BmetRulesError(
                f"unexpected {type(exc).__name__}: {str(exc)[:300]} (please report this, with "
                "the input row named below)"))
        finally:
            try:
                results.close()
            except KeyboardInterrupt:
                self.stopped, code = "interrupted", EXIT_INTERRUPTED
            except Exception as exc:  # a worker failing while being stopped
                if self.failure is None:
                    code = self._fail(BmetRulesError(str(exc)))
            progress.clear()
            self._seconds = time.perf_counter() - self._start
        if stop.requested and code != EXIT_BROKEN_PIPE:
            self.stopped = "interrupted" if stop.signal_name == "SIGINT" else (
                f"stopped by {stop.signal_name}")
            code = EXIT_INTERRUPTED
        return code

    def _fail(self, exc: Exception) -> int:
        """Record a fault that ends the run: 3 once a record was written, else 2."""
        self.failure = exc
        self.stopped = f"stopped by an error{self._where}"
        return EXIT_STOPPED if self.evaluated or self.errors else EXIT_USAGE

    def _finish(self, writer: ResultWriter, out_format: Any, sink: _ErrorSink, code: int) -> int:
        """Close the writer (always, even after a failure) and send what is whole."""
        from ..errors import BmetRulesError

        out = self.out
        assert out is not None
        if code == EXIT_BROKEN_PIPE:
            out.discard()
            return code
        try:
            writer.close()
            out.commit()
            out.send()
        except BrokenPipeError:
            _silence_stdout()
            return EXIT_BROKEN_PIPE
        except BmetRulesError as exc:  # the output failed (disk full)
            out.discard()
            if self.failure is None:
                code = self._fail(exc)
        except Exception as exc:
            out.discard()
            if self.failure is None:
                code = self._fail(BmetRulesError(
                    f"output format {out_format.name!r} (plugin {out_format.origin!r}) failed "
                    f"to finish: {type(exc).__name__}: {str(exc)[:300]}"))
        return code

    def _loop(self, results: Any, writer: ResultWriter, out_format: Any, sink: _ErrorSink,
              stop: Any, progress: Any) -> int:
        from ..api import RecordError
        from ..batch import Encoded

        out = self.out
        assert out is not None
        code = EXIT_OK
        for record, item in results:
            self.rows += 1
            self._where = f" after {record.source}:{record.row}"
            if isinstance(item, RecordError):
                self.errors += 1
                sink.write(item)
                code = EXIT_ROW_ERRORS
                if self.strict:
                    self.stopped = f"stopped at the first bad row ({record.source}:{record.row})"
                    break
            else:
                self._write(writer, out_format, item)
                out.commit()
                self.evaluated += 1
                if self.summary is not None and not isinstance(item, Encoded):
                    self.summary.add(item)
            progress.update(self.rows, self.errors)
            if stop.requested:
                return EXIT_INTERRUPTED
        return code

    @staticmethod
    def _write(writer: Any, out_format: Any, item: Any) -> None:
        """Hand one result to the writer; a writer's exception is named with its plugin."""
        from ..batch import Encoded
        from ..plugins import PluginError

        try:
            if isinstance(item, Encoded):
                writer.write_encoded(item.text)
            else:
                writer.write(item)
        except (BrokenPipeError, KeyboardInterrupt):
            raise
        except Exception as exc:
            raise PluginError(
                f"output format {out_format.name!r} (plugin {out_format.origin!r}) failed "
                f"writing profile {item.profile_id!r}: {type(exc).__name__}: {str(exc)[:300]}"
            ) from exc

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

        written = self.out.records if self.out is not None else None
        line = account_line(self.rows, self.evaluated, self.errors, self._seconds,
                            stopped=self.stopped, written=written)
        if self.errors and self.errors_file:
            line += f"; errors written to {self.errors_file}"
        return line


def _close_quietly(stream: RecordStream) -> None:
    """Close an output at the very end; a failure here was already reported by the run."""
    from ..errors import BmetRulesError

    with contextlib.suppress(BmetRulesError, OSError):
        stream.close()


def _ignore_file_size_signal() -> None:
    """Past a file-size limit (``ulimit -f``) the kernel sends SIGXFSZ, which kills the
    process mid-record; ignored, the write fails with EFBIG instead and is reported."""
    if hasattr(signal, "SIGXFSZ"):
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit-time flush cannot fail."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests capture stdout)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
