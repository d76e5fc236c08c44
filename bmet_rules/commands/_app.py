"""What every command shares: the plugin manager, the knowledge base and error reporting."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    import pluggy

    from ..api import Engine
    from ..knowledge import KnowledgeBase

F = TypeVar("F", bound=Callable[..., Any])

#: Exit codes (docs/contract.md): 0 all rows evaluated, 1 some rows had errors,
#: 2 usage or ruleset error (nothing evaluated), 3 stopped part-way by an error (disk full,
#: an input that cannot be read further, a plugin failure after records were written),
#: 130 interrupted (Ctrl-C or SIGTERM).
EXIT_OK, EXIT_ROW_ERRORS, EXIT_USAGE, EXIT_STOPPED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


@dataclass
class App:
    """Per-invocation state, built from the group's options."""

    plugins: Sequence[str] = ()
    plugins_dirs: Sequence[Path] = ()
    _pm: Any = None
    _commands: dict[str, click.Command] | None = None
    _kbs: dict[Any, Any] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> App:
        """An App from the group's parsed parameters (when no context object exists yet)."""
        return cls(
            plugins=params.get("plugins") or (), plugins_dirs=params.get("plugins_dirs") or ()
        )

    def plugin_manager(self) -> pluggy.PluginManager:
        """The plugin manager, built once."""
        if self._pm is None:
            from ..plugins import get_plugin_manager

            self._pm = get_plugin_manager(self.plugins, self.plugins_dirs)
        manager: pluggy.PluginManager = self._pm
        return manager

    def plugin_commands(self) -> dict[str, click.Command]:
        """Commands added by plugins through ``register_commands``."""
        if self._commands is None:
            from ..plugins import call_each

            group = click.Group()
            call_each(self.plugin_manager(), "register_commands", cli=group)
            self._commands = dict(group.commands)
        return self._commands

    def knowledge_base(
        self,
        rules: Sequence[Path | str] = (),
        params: Mapping[str, Any] | None = None,
        standard: bool = True,
        as_of: dt.date | None = None,
    ) -> KnowledgeBase:
        """Load and compile the rulesets (once per set of arguments) for the evaluation date
        ``as_of`` (default today)."""
        key = (tuple(map(str, rules)), tuple(sorted((params or {}).items())), standard, as_of)
        if key not in self._kbs:
            from ..api import load_rulesets

            self._kbs[key] = load_rulesets(
                rules, params=params, standard=standard, plugin_manager=self.plugin_manager(),
                as_of=as_of,
            )
        kb: KnowledgeBase = self._kbs[key]
        return kb

    def engine(self, kb: KnowledgeBase, name: str = "auto") -> Engine:
        """The evaluator for ``kb``."""
        from ..api import get_engine

        return get_engine(kb, name)


def parse_params(values: Sequence[str]) -> dict[str, str]:
    """``NAME=VALUE`` options into a dict (values stay text; the knowledge base types them)."""
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--param")
        out[name.strip()] = value.strip()
    return out


def knowledge_options(func: F) -> F:
    """The options that choose the rules and the engine, the same on every command that
    evaluates: ``--rules``, ``--no-standard``, ``--param``, ``--engine``, ``--as-of``."""
    for option in reversed((
        click.option("--rules", "rules", multiple=True, metavar="PATH",
                     type=click.Path(exists=True, path_type=Path),
                     help="Extra ruleset file or folder (repeatable)."),
        click.option("--no-standard", is_flag=True, help="Do not load the standard rulesets."),
        click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
                     help="Override a ruleset parameter (repeatable)."),
        click.option("--engine", type=click.Choice(["auto", "durable", "python"]),
                     default="auto", show_default=True,
                     help="Inference engine; both give identical results."),
        click.option("--as-of", "as_of", metavar="DATE", default=None, callback=as_of_date,
                     help="Evaluate as of this date (YYYY-MM-DD; default today): the rules in "
                          "force then, renewal and expiry dates, recent years."),
    )):
        func = option(func)
    return func


def as_of_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    """``--as-of`` as a date; today when not given, so every result shows the date it used."""
    if value is None:
        return dt.date.today()
    from ..dating import evaluation_date_problem

    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            f"expected a date written YYYY-MM-DD (e.g. 2026-11-29), got {value!r}"
        ) from None
    problem = evaluation_date_problem(day)
    if problem is not None:
        raise click.BadParameter(problem)
    return day


def reports_errors(func: F) -> F:
    """Turn bmet-rules errors into a clear message and exit code 2, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..errors import BmetRulesError, RulesetError

        try:
            return func(*args, **kwargs)
        except RulesetError as exc:
            for issue in exc.issues:
                click.echo(f"{issue.severity}: {issue}", err=True)
            sys.exit(EXIT_USAGE)
        except BmetRulesError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USAGE)

    return wrapper  # type: ignore[return-value]


def pass_app(func: F) -> F:
    """Give a command the :class:`App` as its first argument."""
    return click.make_pass_decorator(App, ensure=True)(func)  # type: ignore[return-value]


def advice_options(func: F) -> F:
    """``--goal`` (repeatable) and ``--steps N``, the same on explain, evaluate and plan."""
    for option in reversed((
        click.option("--goal", "goals", multiple=True, metavar="TARGET",
                     help="A path or certification id to lead the advice with (repeatable); "
                          "added to the profile's own `goals`."),
        click.option("--steps", "steps", type=click.IntRange(min=0), default=None,
                     metavar="N", help="How many next steps to show (default 5)."),
    )):  # fmt: skip
        func = option(func)
    return func


def advice_params(values: dict[str, str], steps: int | None) -> dict[str, str]:
    """The parameter overrides with ``--steps`` applied (it is the ``advice_next_steps``
    parameter, so it reaches worker processes like any other)."""
    if steps is not None:
        values = {**values, "advice_next_steps": str(steps)}
    return values


def check_goals(kb: Any, goals: Sequence[str]) -> None:
    """Each ``--goal`` read as the profile's ``goals`` field reads it, before any record: a
    bad one is the command line's, not a row's (forty-fourth review's probe: "--goal 'CHTM
    certification'" was blamed on line 36 of the input)."""
    from ..errors import BmetRulesError, ProfileError
    from ..profile import parse_profile

    for goal in goals:
        try:
            parse_profile({"id": "goal", "goals": [goal]}, kb.fields)
        except ProfileError as exc:
            why = "; ".join(p.message for p in exc.problems)
            raise BmetRulesError(f"--goal {goal!r}: {why}") from None


def with_goals(record: Any, goals: Sequence[str]) -> Any:
    """A record with ``--goal`` ids added to its own ``goals`` (validated with the profile)."""
    if not goals or record.data is None:
        return record
    import dataclasses

    from ..profile import add_goals

    return dataclasses.replace(record, data=add_goals(record.data, goals))
