"""``bmet-rules evaluate``: a batch of profiles in, one result per profile out.

The contract this command keeps (``docs/contract.md``): every input row ends up either in the
output or in the errors, never both and never neither; a bad row never stops the batch unless
``--strict``; stdout carries data only, everything for people goes to stderr; and whatever is
written is whole records, even after Ctrl-C. Only click is imported at module level, because
``bmet-rules --help`` imports every command module.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from ._app import App, knowledge_options, parse_params, pass_app, reports_errors
from ._batchrun import EXIT_BROKEN_PIPE, BatchRun, ignore_file_size_signal

__all__ = ["EXIT_BROKEN_PIPE", "command"]


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

    ignore_file_size_signal()
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
    run = BatchRun(strict=strict, quiet=quiet, summary=summary, kb=kb)
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
