"""``bmet-rules plan``: the ordered, timed actions that open one path or certification."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..io.reading import InputOptions, input_options
from ._app import (
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
from .explain import exit_with_record_error, read_one


@click.command("plan")
@click.argument("input_path", metavar="INPUT")
@click.option("--id", "profile_id", metavar="ID", help="The profile to plan for (needed when "
              "INPUT holds more than one).")
@input_options
@knowledge_options
@advice_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Plain words, or the plans as JSON.")
@pass_app
@reports_errors
def command(
    app: App,
    input_path: str,
    profile_id: str | None,
    input_opts: InputOptions,
    rules: tuple[Path, ...],
    no_standard: bool,
    params: tuple[str, ...],
    engine: str,
    as_of: dt.date,
    goals: tuple[str, ...],
    steps: int | None,
    fmt: str,
) -> None:
    """Plan, for one profile of INPUT, how to reach each --goal TARGET (a path or
    certification id; without --goal, the profile's own `goals`): the nearest route (the
    shortest realistic plan), each action with when it is done (years from today), what it
    opens on the way, and the rule and source behind it; then the next steps.

    Exit status: 0 planned; 1 the profile has invalid fields; 2 usage or ruleset error, no
    such profile, or no goal given.

    \b
    Examples:
      bmet-rules plan examples/profiles.csv --id p-012 --goal CHTM
      bmet-rules plan examples/profiles.csv --id p-012 --goal clinical-engineer --format json
    """
    import json

    from ..advice.text import goal_lines, head_lines, step_lines
    from ..api import RecordError, evaluate_many
    from ..errors import BmetRulesError
    from ..io.reading import check_paths, plan_inputs

    values = advice_params(parse_params(params), steps)
    pm = app.plugin_manager()
    check_paths([input_path])
    plan_inputs(pm, [input_path], input_opts)
    kb = app.knowledge_base(rules, values, standard=not no_standard, as_of=as_of)
    check_goals(kb, goals)
    record = with_goals(read_one(pm, kb, input_path, input_opts, profile_id), goals)
    item = next(iter(evaluate_many([record], kb, engine=engine)))
    if isinstance(item, RecordError):
        exit_with_record_error(item, record)
    if not item.plans:
        # (The targets --goal accepts: not a retired credential kept only to be recognised,
        # the CLES; fifty-first review's probe.)
        known = ", ".join(kb.fields["goals"].values)
        raise BmetRulesError(f"name a target with --goal (the profile has no goals); "
                             f"targets: {known}")  # fmt: skip
    if fmt == "json":
        data = {
            "profile_id": item.profile_id,
            "goals": list(item.goals),
            "plans": [p.to_dict() for p in item.plans],
            "next_steps": [s.to_dict() for s in item.next_steps],
            "more_steps": item.more_steps,
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    who = f" — {item.name}" if item.name else ""
    # The same words as explain's: the facts not given, each goal's questions and what a good
    # answer changes, and the plan labelled as read with them as none.
    lines = [f"Plan for {item.profile_id}{who}", *head_lines(item, kb), ""]
    lines += ["Goals" if len(item.plans) > 1 else "Goal", *goal_lines(item, kb), ""]
    if item.next_steps:
        lines += ["Next steps", *step_lines(item)]
    click.echo("\n".join(lines).rstrip() + "\n", nl=False)
