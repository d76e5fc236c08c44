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
import sys
from pathlib import Path
from typing import Any

import click

from ..io.reading import InputOptions, input_options
from ._app import (
    App,
    advice_options,
    advice_params,
    knowledge_options,
    parse_params,
    pass_app,
    reports_errors,
)
from ._batchrun import EXIT_BROKEN_PIPE, BatchRun, ignore_file_size_signal

__all__ = ["EXIT_BROKEN_PIPE", "command"]


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
    from ..io.reading import check_paths, open_inputs, plan_inputs
    from ..outstream import refuse_overlaps
    from ..streams import output_format_for, output_formats

    ignore_file_size_signal()
    values = advice_params(parse_params(params), steps)
    check_paths(inputs)
    refuse_overlaps(inputs, [("-o", output)]
                    + ([("--errors", str(errors_path))] if errors_path is not None else []))
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
    run = BatchRun(strict=strict, quiet=quiet, summary=summary, kb=kb)
    run.goals = goals
    code = run.execute(batch.records, spec, workers, output, out_format, errors_path)
    if run.failure is not None:
        click.echo(f"error: {run.failure}", err=True)
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
