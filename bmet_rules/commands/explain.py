"""``bmet-rules explain``: one profile, in words — what is open, what is missing, and why."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from ..io.reading import InputOptions, input_options
from ._app import (
    EXIT_ROW_ERRORS,
    App,
    advice_options,
    advice_params,
    check_goals,
    knowledge_options,
    parse_params,
    pass_app,
    reports_errors,
    with_goals,
)

if TYPE_CHECKING:
    import pluggy

    from ..api import RecordError
    from ..formats import Record
    from ..knowledge import KnowledgeBase

#: How many ids an "which one?" error lists before summarising the rest.
_SHOWN_IDS = 20


def _record_id(record: Record) -> str | None:
    if record.data is None:
        return None
    value = record.data.get("id")
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _id_list(ids: list[str]) -> str:
    shown = ", ".join(ids[:_SHOWN_IDS])
    return shown + (f" and {len(ids) - _SHOWN_IDS} more" if len(ids) > _SHOWN_IDS else "")


def read_one(
    pm: pluggy.PluginManager,
    kb: KnowledgeBase,
    input_path: str,
    input_opts: InputOptions,
    profile_id: str | None,
) -> Record:
    """The one record of INPUT a single-profile command works on (``--id``, or the only one),
    read with the shared input options; unrecognised columns are reported on stderr."""
    from ..io.reading import open_inputs
    from ..streams import source_name

    batch = open_inputs(pm, kb.fields, [input_path], input_opts)
    try:
        record = select_record(batch.records, profile_id, source_name(input_path))
    finally:
        batch.close()
    unrecognised = batch.unrecognised_line()
    if unrecognised:
        click.echo(unrecognised, err=True)
    return record


def exit_with_record_error(item: RecordError, record: Record) -> NoReturn:
    """List every bad field of the one profile a command works on, and exit 1."""
    who = f"profile {item.profile_id!r}" if item.profile_id else "the profile"
    click.echo(f"error: {record.source}:{record.row}: {who} cannot be evaluated:", err=True)
    for problem in item.problems:
        shown = f" (value {problem.value!r})" if problem.value is not None else ""
        click.echo(f"  {problem.field or 'row'}: {problem.message}{shown}", err=True)
    sys.exit(EXIT_ROW_ERRORS)


def select_record(records: Iterable[Record], wanted: str | None, source: str) -> Record:
    """The record with id ``wanted``, or the only record; a clear error listing ids otherwise.

    The first record with that id is the one, as ``evaluate`` takes it (a later one is a row
    error there); the rest of the input is read only to say on stderr that the id repeats
    (forty-fourth review's probe: the second row was passed over without a word).
    """
    from ..errors import BmetRulesError

    ids: list[str] = []
    only: Record | None = None
    count = 0
    rest = iter(records)
    for record in rest:
        count += 1
        record_id = _record_id(record)
        if wanted is not None and record_id == wanted:
            again = [str(r.row) for r in rest if _record_id(r) == wanted]
            if again:
                rows = "s" if len(again) > 1 else ""
                click.echo(
                    f"warning: {source}: id {wanted!r} is on row {record.row} and again on "
                    f"row{rows} {', '.join(again)}; this is row {record.row}'s profile, as "
                    "evaluate reads it (it reports the others as errors): give each person "
                    "an id of their own", err=True)
            return record
        if record_id is not None:
            ids.append(record_id)
        only = record if count == 1 else None
    if wanted is not None:
        known = f"; ids in the file: {_id_list(ids)}" if ids else " (it has no ids)"
        raise BmetRulesError(f"{source}: no profile with id {wanted!r}{known}")
    if count == 0 or only is None:
        if count == 0:
            raise BmetRulesError(f"{source}: no profiles in the file")
        raise BmetRulesError(
            f"{source}: {count} profiles; choose one with --id ({_id_list(ids)})"
        )
    return only


@click.command("explain")
@click.argument("input_path", metavar="INPUT")
@click.option("--id", "profile_id", metavar="ID", help="The profile to explain (needed when "
              "INPUT holds more than one).")
@click.option("--path", "path_id", metavar="PATH_ID", help="Explain only this career path.")
@input_options
@knowledge_options
@advice_options
@click.option("--detail", is_flag=True, help="Show every condition, gap and source.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Plain words, or the full result as JSON.")
@pass_app
@reports_errors
def command(
    app: App,
    input_path: str,
    profile_id: str | None,
    path_id: str | None,
    input_opts: InputOptions,
    rules: tuple[Path, ...],
    no_standard: bool,
    params: tuple[str, ...],
    engine: str,
    as_of: dt.date,
    goals: tuple[str, ...],
    steps: int | None,
    detail: bool,
    fmt: str,
) -> None:
    """Explain one profile of INPUT ('-' reads stdin) on one screen: its level, the goal's
    plan or the top next steps, then each path and certification on one line (open, near,
    or how many years away). --detail adds, for each, the route, the reasons, what is
    missing and the source of each requirement.

    Exit status: 0 explained; 1 the profile has invalid fields (they are listed);
    2 usage or ruleset error, or no such profile.

    \b
    Examples:
      bmet-rules explain examples/profiles.csv --id p-007
      bmet-rules explain examples/profiles.csv --id p-007 --goal CHTM
      bmet-rules explain examples/profiles.csv --id p-007 --detail --steps 10
      bmet-rules explain examples/profiles.csv --id p-007 --path field-service-engineer
    """
    import json

    from ..advice.text import render_short
    from ..api import RecordError, evaluate_many
    from ..errors import BmetRulesError
    from ..io.reading import check_paths, plan_inputs
    from ..render import render_explanation

    values = advice_params(parse_params(params), steps)
    pm = app.plugin_manager()
    check_paths([input_path])
    plan_inputs(pm, [input_path], input_opts)
    kb = app.knowledge_base(rules, values, standard=not no_standard, as_of=as_of)
    if path_id is not None and path_id not in kb.paths:
        raise BmetRulesError(
            f"unknown path {path_id!r}; known paths: {', '.join(sorted(kb.paths))}"
        )
    check_goals(kb, goals)
    record = with_goals(read_one(pm, kb, input_path, input_opts, profile_id), goals)
    item = next(iter(evaluate_many([record], kb, engine=engine)))
    if isinstance(item, RecordError):
        exit_with_record_error(item, record)
    if fmt == "json":
        data = item.to_dict()
        if path_id is not None:
            data["paths"] = [p for p in data["paths"] if p["id"] == path_id]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif detail or path_id is not None:
        click.echo(render_explanation(item, kb, path=path_id), nl=False)
    else:
        click.echo(render_short(item, kb), nl=False)
