"""``bmet-rules check``: validate rulesets before anything is evaluated (like ``opa check``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ._app import EXIT_OK, EXIT_USAGE, App, parse_params, pass_app, reports_errors

if TYPE_CHECKING:
    from ..errors import Issue


def format_issue(issue: Issue) -> str:
    """``file:line: severity: rule 'x': message (hint)``, the form editors and CI can jump to.

    The field is named only when the message does not already name it (``path.a`` counts as
    named when the message says ``path 'a'``).
    """
    parts = [p for p in (issue.location(), issue.severity) if p]
    if issue.rule:
        parts.append(f"rule {issue.rule!r}")
    if issue.field and issue.field.rpartition(".")[2] not in issue.message:
        parts.append(f"field {issue.field!r}")
    text = ": ".join([*parts, issue.message])
    return f"{text} ({issue.hint})" if issue.hint else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@click.command(name="check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...")
@click.option("--no-standard", is_flag=True,
              help="Do not load the standard rulesets alongside the PATHs.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Check with a parameter override, as an institution would run (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@pass_app
@reports_errors
def command(
    app: App, paths: tuple[Path, ...], no_standard: bool, params: tuple[str, ...], fmt: str
) -> None:
    """Check rulesets for mistakes without evaluating anyone.

    With no PATH, checks the standard rulesets and every installed plugin's rulesets. With
    PATHs (ruleset files or folders), checks those; the standard rulesets are loaded too, so
    a plugin's rules may refer to standard paths, certifications and facts, but only errors
    are reported from them, not their warnings. --no-standard leaves them out. A file at a
    PATH takes the place of an installed ruleset of the same name (a checkout, or a plugin's
    source tree, is checked as it stands).

    \b
    Errors (exit status 2):
      everything loading rejects: bad YAML, unknown keys, fields or operators, values
      of the wrong type, duplicate ids, facts read but never concluded, cycles,
      nesting, lists or YAML aliases past the size limits (code "too-large");
      rules that can never fire: conditions no profile can meet, such as
      years_experience at least 5 and less than 3 (code "unreachable").
    Warnings (exit status 0):
      rules of equal priority that set one fact to different values for the same
      profile; paths and advised certifications no rule concludes; parameters and
      sources nothing uses; alternatives under `any:` that can never hold; a
      requirement_for rule that contradicts every route of its target; a rule too
      large for the durable-rules engine (code "engine-limit": --engine auto then
      uses the Python evaluator, --engine durable refuses it).

    \b
    Examples:
      bmet-rules check
      bmet-rules check rulesets/
      bmet-rules check my-hospital/rules.yaml --format json
    """
    from ..lint import check

    report = check(paths, standard=not no_standard, plugin_manager=app.plugin_manager(),
                   params=parse_params(params))
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        for issue in report.issues:
            click.echo(format_issue(issue))
        checked = (f"{_plural(len(report.files), 'ruleset file')}, "
                   f"{_plural(report.rules, 'rule')} checked")
        if report.issues:
            click.echo(f"{checked}: {_plural(len(report.errors), 'error')}, "
                       f"{_plural(len(report.warnings), 'warning')}")
        else:
            click.echo(f"{checked}: no problems found")
    sys.exit(EXIT_USAGE if report.errors else EXIT_OK)
