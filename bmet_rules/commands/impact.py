"""``bmet-rules impact``: what changes for a cohort if the rules change.

The usual options (``--rules``, ``--param``, ``--no-standard``, and the plugins loaded with
the group's ``--plugin``/``--plugins-dir``) set the baseline. The changed side starts from
the baseline and applies the ``--new-`` options: ``--new-param`` overrides parameters (over
the baseline's), ``--new-rules`` adds ruleset files, ``--new-no-standard`` drops the standard
rulesets, ``--new-plugin`` loads more plugins. Both sides run in this process, each with its
own knowledge base and engine (see :mod:`bmet_rules.report.impact`).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from ..io.reading import InputOptions, input_options
from ._app import (
    EXIT_OK,
    EXIT_ROW_ERRORS,
    App,
    as_of_date,
    knowledge_options,
    parse_params,
    pass_app,
    reports_errors,
)


@click.command("impact")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", default="-", show_default=True, metavar="OUT",
              help="File to write the report to; '-' is stdout.")
@click.option("-f", "--format", "output_format",
              type=click.Choice(["table", "json", "csv", "html"]),
              help="Report format. Default: from the extension of -o (.json, .csv, .html), "
                   "else 'table'.")
@input_options
@knowledge_options
@click.option("--new-as-of", "new_as_of", metavar="DATE", default=None,
              callback=lambda ctx, param, value: None if value is None
              else as_of_date(ctx, param, value),
              help="Changed side: evaluate as of this date (YYYY-MM-DD) instead of --as-of: "
                   "the rules in force then, and dates reckoned from it.")
@click.option("--new-rules", "new_rules", multiple=True, metavar="PATH",
              type=click.Path(exists=True, path_type=Path),
              help="Changed side: an extra ruleset file or folder (repeatable).")
@click.option("--new-no-standard", is_flag=True,
              help="Changed side: do not load the standard rulesets.")
@click.option("--new-param", "new_params", multiple=True, metavar="NAME=VALUE",
              help="Changed side: override a parameter, over the baseline's (repeatable).")
@click.option("--new-plugin", "new_plugins", multiple=True, metavar="MODULE",
              help="Changed side: load one more plugin module (repeatable).")
@click.option("--quiet", "-q", is_flag=True, help="No account line on stderr.")
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
    new_as_of: dt.date | None,
    new_rules: tuple[Path, ...],
    new_no_standard: bool,
    new_params: tuple[str, ...],
    new_plugins: tuple[str, ...],
    quiet: bool,
) -> None:
    """Evaluate INPUT... under the baseline and under the changed rules; report, per path
    and certification, who gains and who loses, and the rule that made the difference.

    Exit status: 0 every row compared; 1 some rows had errors (the rest were compared);
    2 usage, ruleset or plugin error.

    \b
    Examples:
      bmet-rules impact examples/profiles.csv --new-param fse_min_years=5
      bmet-rules impact examples/profiles.csv --as-of 2025-05-31 --new-as-of 2025-06-01
      bmet-rules impact staff.csv --new-rules local/ -o impact.html
      bmet-rules impact staff.csv --new-plugin my_institution_rules -f csv -o changes.csv
    """
    from ..api import load_rulesets
    from ..io.reading import check_paths, open_inputs, plan_inputs
    from ..plugins import get_plugin_manager
    from ..report.html import now_utc
    from ..report.impact import compare
    from ..report.impact_render import EXTENSIONS
    from ..streams import source_name

    base_values = parse_params(params)
    new_values = {**base_values, **parse_params(new_params)}
    new_date = new_as_of or as_of
    check_paths(inputs)
    fmt = output_format or EXTENSIONS.get(Path(output).suffix.lower(), "table")
    pm = app.plugin_manager()
    plan_inputs(pm, inputs, input_opts)
    base_kb = app.knowledge_base(rules, base_values, standard=not no_standard, as_of=as_of)
    new_pm = get_plugin_manager([*app.plugins, *new_plugins], app.plugins_dirs) \
        if new_plugins else pm
    new_kb = load_rulesets([*rules, *new_rules], params=new_values,
                           standard=not (no_standard or new_no_standard), plugin_manager=new_pm,
                           as_of=new_date)
    base_opts = _options(rules, base_values, not no_standard, app.plugins, as_of)
    new_opts = _options([*rules, *new_rules], new_values, not (no_standard or new_no_standard),
                        [*app.plugins, *new_plugins], new_date)
    batch = open_inputs(pm, base_kb.fields, inputs, input_opts)
    batch.prime()
    try:
        report, errors = compare(batch.records, base_kb, new_kb, engine=engine,
                                 baseline_options=base_opts, changed_options=new_opts)
    finally:
        batch.close()
    unrecognised = batch.unrecognised_line()
    if unrecognised:
        click.echo(unrecognised, err=True)
    for error in errors:
        who = f"profile {error.profile_id!r}" if error.profile_id else "no id"
        click.echo(f"error: {source_name(error.source or '-')}:{error.row}: {who}: "
                   f"{error.message}", err=True)
    _write(report, fmt, output, now_utc())
    if not quiet:
        click.echo(f"{report.profiles + report.errors} rows: {report.profiles} compared, "
                   f"{report.errors} errors; {report.gains} gains, {report.losses} losses",
                   err=True)
    sys.exit(EXIT_ROW_ERRORS if errors else EXIT_OK)


def _options(
    rules: Any, params: dict[str, str], standard: bool, plugins: Any, as_of: dt.date
) -> dict[str, Any]:
    return {"rules": [str(r) for r in rules], "params": dict(sorted(params.items())),
            "standard": standard, "plugins": list(plugins), "as_of": as_of.isoformat()}


def _write(report: Any, fmt: str, output: str, evaluated: str) -> None:
    from ..errors import BmetRulesError
    from ..report.impact_render import write

    if output == "-":
        write(report, fmt, sys.stdout, evaluated)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as stream:
            write(report, fmt, stream, evaluated)
    except OSError as exc:
        raise BmetRulesError(f"{output}: cannot write: {exc.strerror or exc}") from exc
