"""How ``bmet-rules evaluate`` runs one batch and how every way it can end is reported.

Split from ``evaluate.py`` (the options and the command) because this is where the faults of
issue 9 are handled: whole records only (:mod:`bmet_rules.outstream`), a fatal input error
after some rows (:class:`bmet_rules.streams.RecordSource`), plugin failures named with the
plugin, Ctrl-C and SIGTERM (:mod:`bmet_rules.stopping`). Each ending is an exit status, a
message and the account line, never a traceback: 0, 1, 2 (nothing written), 3 (stopped
part-way by an error), 130 (a stop signal), 141 (stdout closed by its reader).
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
    check_goals,
    with_goals,
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


class _Writer:
    """Hands results to the format's writer; a writer's exception is named with its plugin."""

    def __init__(self, writer: Any, out_format: Any) -> None:
        from ..plugins import PluginError

        self._writer, self._format, self._error = writer, out_format, PluginError

    def encoded(self, item: Any) -> None:
        """Write a result a worker (or the chunk) already encoded."""
        try:
            self._writer.write_encoded(item.text)
        except (BrokenPipeError, KeyboardInterrupt):
            raise
        except Exception as exc:
            raise self._failure(item, exc) from exc

    def result(self, item: Any) -> None:
        """Write a result."""
        try:
            self._writer.write(item)
        except (BrokenPipeError, KeyboardInterrupt):
            raise
        except Exception as exc:
            raise self._failure(item, exc) from exc

    def _failure(self, item: Any, exc: Exception) -> Exception:
        fmt = self._format
        failure: Exception = self._error(
            f"output format {fmt.name!r} (plugin {fmt.origin!r}) failed writing profile "
            f"{item.profile_id!r}: {type(exc).__name__}: {str(exc)[:300]}")
        return failure


class BatchRun:
    """One batch: reads, evaluates, writes, counts; knows how and where it ended."""

    def __init__(self, *, strict: bool, quiet: bool, summary: bool, kb: Any) -> None:
        from ..summary import CohortSummary
        from ..unknown_report import UnknownTally

        self.strict, self.quiet = strict, quiet
        self.rows = self.evaluated = self.errors = 0
        self.stopped: str | None = None
        self.failure: Exception | None = None
        self.errors_file: str | None = None
        self.summary = CohortSummary(kb.fields) if summary else None
        self.unknowns = UnknownTally()
        self.goals: tuple[str, ...] = ()
        self.kb = kb
        self.out: RecordStream | None = None
        self._start = time.perf_counter()
        self._seconds = 0.0
        self._last: Any = None
        """The last record read, to say where a run that fails stopped."""

    def execute(
        self,
        records: Any,
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
            code = self._run(records, spec, workers, writer, out_format, sink, stop)
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

    def _run(self, records: Any, spec: Any, workers: int, writer: ResultWriter, out_format: Any,
             sink: _ErrorSink, stop: Any) -> int:
        from ..batch import run_batch
        from ..errors import BmetRulesError
        from ..progress import Progress
        from ..streams import RecordSource

        progress = Progress(sys.stderr, enabled=not self.quiet and sys.stderr.isatty())
        if self.goals:
            check_goals(self.kb, self.goals)
            records = (with_goals(r, self.goals) for r in records)
        source = RecordSource(records=records)
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
        last = self._last
        self.stopped = "stopped by an error" + (
            f" after {last.source}:{last.row}" if last is not None else "")
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
        """Write each item as it comes. This runs once per row in the parent process, which
        with ``--jobs N`` must keep up with N workers: nothing here imports or formats per
        row (measured: per-row imports in the write path cost a third of the loop)."""
        from ..api import RecordError
        from ..batch import Encoded

        out = self.out
        assert out is not None
        write = _Writer(writer, out_format)
        tally = self.unknowns
        code = EXIT_OK
        for record, item in results:
            self.rows += 1
            self._last = record
            if isinstance(item, RecordError):
                self.errors += 1
                sink.write(item)
                code = EXIT_ROW_ERRORS
                if self.strict:
                    self.stopped = f"stopped at the first bad row ({record.source}:{record.row})"
                    break
            elif isinstance(item, Encoded):
                write.encoded(item)
                out.commit()
                tally.add(item.unknown_fields, *item.needs_info)
                self.evaluated += 1
            else:
                write.result(item)
                out.commit()
                tally.add_result(item)
                self.evaluated += 1
                if self.summary is not None:
                    self.summary.add(item)
            progress.update(self.rows, self.errors)
            if stop.requested:
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


def ignore_file_size_signal() -> None:
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
