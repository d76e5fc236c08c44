"""``bmet-rules advise``: an interview that asks only what the rules still need, then explains."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..io.reading import InputOptions, input_options
from ._app import App, knowledge_options, parse_params, pass_app, reports_errors

if TYPE_CHECKING:
    from ..fields import FieldSpec
    from ..knowledge import KnowledgeBase

#: Answers that mean "I don't know": the field keeps its default and is not asked again.
DONT_KNOW = {"?", "dont know", "don't know", "unknown", "skip", "-"}


def _hint(spec: FieldSpec) -> str:
    from ..fields import FieldType

    if spec.type is FieldType.BOOLEAN:
        return "yes/no"
    if spec.type in (FieldType.CHOICE, FieldType.ORDERED):
        return "/".join(spec.values)
    if spec.type is FieldType.LIST:
        known = f"known: {', '.join(spec.values)}; " if spec.values else ""
        return f"{known}separate with ',' or ';', empty for none"
    if spec.type is FieldType.NUMBER:
        return "a number of years"
    return "text"


def _typed(kb: KnowledgeBase, raw: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Validate given answers; an unknown field or bad value is a usage error naming it."""
    from ..errors import BmetRulesError
    from ..profile import coerce_value

    out: dict[str, Any] = {}
    for name, value in raw.items():
        spec = kb.fields.get(name)
        if spec is None or spec.derived:
            known = ", ".join(s.name for s in kb.fields.profile_fields())
            raise BmetRulesError(f"{where}: unknown field {name!r} (fields: {known})")
        if name == "id" or value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            out[name] = coerce_value(spec, value)
        except ValueError as exc:
            raise BmetRulesError(f"{where}: {name}: {exc}") from None
    return out


def _ask(spec: FieldSpec) -> tuple[bool, Any]:
    """Ask one question until the answer is valid; returns (known, value)."""
    from ..profile import coerce_value

    while True:
        answer = click.prompt(
            f"{spec.question} [{_hint(spec)}; ? if you don't know]",
            default="",
            show_default=False,
        )
        text = str(answer).strip()
        if text.lower() in DONT_KNOW:
            return False, None
        if not text and spec.type.value != "list":
            click.echo("  Please answer, or type ? if you don't know.", err=True)
            continue
        try:
            return True, coerce_value(spec, text)
        except ValueError as exc:
            click.echo(f"  {exc}. Please try again.", err=True)


@click.command("advise")
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of answers (YAML or JSON field: value, or a one-row CSV / Excel sheet, read "
    "with the same input options as evaluate); only missing ones are asked.",
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Give an answer on the command line (repeatable).",
)
@click.option(
    "--no-input",
    is_flag=True,
    help="Ask nothing: questions not answered by --answers/--set count as don't know.",
)
@click.option("--id", "profile_id", default="you", show_default=True, help="Id for the result.")
@input_options
@knowledge_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Explanation as text, or the result as JSON.",
)
@pass_app
@reports_errors
def command(
    app: App,
    answers_file: Path | None,
    sets: tuple[str, ...],
    no_input: bool,
    profile_id: str,
    input_opts: InputOptions,
    rules: tuple[Path, ...],
    no_standard: bool,
    params: tuple[str, ...],
    engine: str,
    as_of: dt.date,
    output_format: str,
) -> None:
    """Interview one person, asking only for facts the rules still need, then explain.

    A question is skipped when no rule that could still change a conclusion reads its
    answer: an entry-level technician is not asked about supervisory years. Answer ? when
    you don't know: the field is then unknown (not "no"), and what turns on it is needs_info.

    \b
    Examples:
      bmet-rules advise
      bmet-rules advise --set degree=associate --set years_experience=3
      bmet-rules advise --answers me.yaml --no-input --format json
    """

    from ..advice.text import render_short
    from ..api import evaluate
    from ..interview import read_answers

    kb = app.knowledge_base(rules, parse_params(params), standard=not no_standard, as_of=as_of)
    given: dict[str, Any] = {}
    if answers_file is not None:
        given.update(_typed(kb, _answers(app, kb, answers_file, input_opts), str(answers_file)))
    given.update(_typed(kb, parse_params(sets), "--set"))

    skipped: set[str] = set()
    asked = 0
    while True:
        reading = read_answers(kb, given, frozenset(skipped))
        pending = [f for f in reading.needed if f not in given and f not in skipped]
        if not pending:
            break
        name = pending[0]
        if no_input:
            skipped.update(pending)
            continue
        asked += 1
        known, value = _ask(kb.fields[name])
        if known:
            given[name] = value
        else:
            skipped.add(name)

    # Last, the person's goals: advice then leads with their plans (no rule reads them, so
    # the interview above never asks).
    goals_spec = kb.fields.get("goals")
    if goals_spec is not None and "goals" not in given and "goals" not in skipped and not no_input:
        try:
            known, value = _ask(goals_spec)
        except click.Abort:  # the answers ended (a script): no goals
            known, value = False, None
        else:
            asked += 1
        if known and value:
            given["goals"] = value
    result = evaluate({"id": profile_id, **given}, kb, engine=engine)
    if output_format == "json":
        data = result.to_dict()
        data["interview"] = {
            "asked": asked,
            "answers": _jsonable(given),
            "unknown": sorted(skipped),
        }
        click.echo(json.dumps(data, indent=2))
        return
    not_asked = [
        s.name
        for s in kb.fields.profile_fields()
        if s.question and s.name not in given and s.name not in skipped and s.name != "goals"
    ]
    click.echo("")
    if not_asked:
        click.echo(f"Not asked (no rule still open needs them): {', '.join(not_asked)}")
    if skipped:
        click.echo(f"Unknown (not 'no'; what turns on them needs information): "
                   f"{', '.join(sorted(skipped))}")
    click.echo(render_short(result, kb), nl=False)


def _answers(app: App, kb: KnowledgeBase, path: Path, options: InputOptions) -> dict[str, Any]:
    """The one record of an answers file, read like any input (columns matched to fields)."""
    from ..errors import BmetRulesError
    from ..io.reading import open_inputs

    batch = open_inputs(app.plugin_manager(), kb.fields, [str(path)], options, require_id=False)
    records = list(batch.records)
    if len(records) != 1 or records[0].data is None or records[0].error is not None:
        problem = records[0].error if len(records) == 1 else f"{len(records)} records"
        raise BmetRulesError(
            f"{path}: --answers must hold one person's answers (a mapping of field: value); "
            f"found {problem}"
        )
    return dict(records[0].data)


def _jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
