"""``bmet-rules test``: run the test cases beside the rulesets (like ``opa test``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ._app import EXIT_OK, EXIT_ROW_ERRORS, App, pass_app, reports_errors

#: Exit status when a case fails, the suite is empty or coverage is too low.
EXIT_FAILED = EXIT_ROW_ERRORS


@click.command(name="test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--junit-xml", "junit_xml", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="Also write the results as JUnit XML (for CI).")
@click.option("--engine", type=click.Choice(["auto", "durable", "python"]), default="auto",
              show_default=True, help="The evaluator that runs the cases.")
@click.option("--coverage/--no-coverage", default=True, show_default=True,
              help="Report which rules no case fired.")
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="PCT",
              help="Fail when fewer than PCT percent of the rules fire in some case.")
@click.option("--no-standard", is_flag=True,
              help="Do not load the standard rulesets alongside the PATHs.")
@click.option("-q", "--quiet", is_flag=True, help="Print failing cases only, not PASS lines.")
@pass_app
@reports_errors
def command(
    app: App,
    paths: tuple[Path, ...],
    fmt: str,
    junit_xml: Path | None,
    engine: str,
    coverage: bool,
    fail_under: float | None,
    no_standard: bool,
    quiet: bool,
) -> None:
    """Run the test cases written beside the rulesets.

    A PATH is a ruleset folder (its tests/*.yaml run), a ruleset file (the tests/ folder
    beside it) or a test file. With no PATH, the tests beside the standard and every
    plugin's rulesets run. The standard rulesets are loaded with the PATHs (a plugin's
    rules may read them) unless --no-standard; coverage counts the rules of the PATHs.
    A file at a PATH takes the place of an installed ruleset of the same name.

    \b
    Installed plugins: a test file's cases run without other plugins' rulesets, and a
    parameter its own rulesets declare keeps the value written there even when a plugin
    overrides it; a case's params: wins over everything.

    \b
    Expectations are partial: only what a case lists is checked. A status of
    not_eligible also accepts near; `gaps: []` asks for no gaps at all.

    \b
    Exit status: 0 every case passed (and coverage reached --fail-under);
    1 a case failed or could not run, no case was found, or coverage is too low;
    2 the rulesets or a test file are invalid (nothing ran).

    \b
    Examples:
      bmet-rules test rulesets/
      bmet-rules test rulesets/tests/levels.yaml --engine python
      bmet-rules test rulesets/ --fail-under 100 --junit-xml test-results.xml
    """
    from ..casetest import run_suite

    report = run_suite(paths, standard=not no_standard, engine=engine,
                       plugin_manager=app.plugin_manager())
    if junit_xml is not None:
        junit_xml.write_text(report.to_junit_xml(), encoding="utf-8")
    ok = report.ok(fail_under)
    if fmt == "json":
        data = report.to_dict()
        if not coverage:
            data.pop("coverage")
        data["fail_under"] = fail_under
        data["ok"] = ok
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(report.format_text(coverage=coverage, quiet=quiet))
        if fail_under is not None and not report.empty and report.coverage < fail_under:
            click.echo(f"coverage {report.coverage:.1f}% is below --fail-under {fail_under:g}%")
    sys.exit(EXIT_OK if ok else EXIT_FAILED)
