"""The ``bmet-rules`` command line: a thin layer over the Python API.

Commands live one per module in :mod:`bmet_rules.commands` and import the engine only when
they run, so ``bmet-rules --help`` answers at once. Plugins add commands through the
``register_commands`` hook; they are loaded when a command is looked up, after the group's
``--plugin`` / ``--plugins-dir`` options are known.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import click

from . import __version__

#: Built-in commands: name -> module in bmet_rules.commands (each defines ``command``).
BUILTIN_COMMANDS = {
    "evaluate": "evaluate",
    "explain": "explain",
    "advise": "advise",
    "plan": "plan",
    "check": "check",
    "test": "test",
    "rules": "rules",
    "plugins": "plugins",
    "formats": "formats",
    "impact": "impact",
}

#: The first paragraph of each built-in command's help, so ``--help`` lists the commands
#: without importing them (tests/test_cli_misc.py holds these equal to the commands' own).
BUILTIN_SUMMARIES = {
    'evaluate': "Evaluate every profile in INPUT... ('-' reads stdin).",
    'explain': (
        "Explain one profile of INPUT ('-' reads stdin) on one screen: its level, the "
        "goal's plan or the top next steps, then each path and certification on one line "
        '(open, near, or how many years away). --detail adds, for each, the route, the '
        'reasons, what is missing and the source of each requirement.'
    ),
    'advise': 'Interview one person, asking only for facts the rules still need, then explain.',
    'plan': (
        'Plan, for one profile of INPUT, how to reach each --goal TARGET (a path or '
        "certification id; without --goal, the profile's own `goals`): the nearest route "
        '(the shortest realistic plan), each action with when it is done (years from '
        'today), what it opens on the way, and the rule and source behind it; then the '
        'next steps.'
    ),
    'check': 'Check rulesets for mistakes without evaluating anyone.',
    'test': 'Run the test cases written beside the rulesets.',
    'rules': (
        'List the loaded rulesets (name, version, digest, file) and every rule in force '
        'on the date (``--as-of``, default today): id, title, conclusion, source, '
        'evaluation stage, and the dates of a dated rule.'
    ),
    'plugins': (
        'List loaded plugins (built-in, installed, --plugin and --plugins-dir), each '
        'with its version and the hooks it implements.'
    ),
    'formats': 'List input and output formats with their extensions, descriptions and plugins.',
    'impact': (
        'Evaluate INPUT... under the baseline and under the changed rules; report, per '
        'path and certification, who gains and who loses, and the rule that made the '
        'difference.'
    ),
}


class LazyGroup(click.Group):
    """Loads built-in commands on demand and plugin commands once plugins are known."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(BUILTIN_COMMANDS) | set(self.commands)
        names |= set(_plugin_commands(ctx))
        return sorted(names)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, built-in commands from their summaries (no import: ``--help``
        stays fast however many commands there are), plugin commands from themselves."""
        rows: list[tuple[str, str | click.Command]] = []
        for name in self.list_commands(ctx):
            if name in BUILTIN_SUMMARIES and name not in self.commands:
                rows.append((name, BUILTIN_SUMMARIES[name]))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command))
        if not rows:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in rows)
        with formatter.section("Commands"):
            formatter.write_dl([
                (name, _short_help(item, limit)) for name, item in rows
            ])  # fmt: skip

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in BUILTIN_COMMANDS:
            module = importlib.import_module(f".commands.{BUILTIN_COMMANDS[cmd_name]}", __package__)
            command: click.Command = module.command
            return command
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        return _plugin_commands(ctx).get(cmd_name)


def _short_help(item: str | click.Command, limit: int) -> str:
    """One command's line in ``--help``. A summary string is shortened the way click
    shortens a command's own help, through click's public ``Command`` (its text helper is
    private from click 8.5), so both kinds of row read alike."""
    command = click.Command(None, help=item) if isinstance(item, str) else item
    return command.get_short_help_str(limit)


def _plugin_commands(ctx: click.Context) -> dict[str, click.Command]:
    from .commands._app import App

    app = ctx.find_object(App) or App.from_params(ctx.params)
    try:
        return app.plugin_commands()
    except Exception as exc:  # a broken plugin must not break --help of the rest
        click.echo(f"warning: {exc}", err=True)
        return {}


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bmet-rules")
# Eager, so they are known before --help lists the commands plugins add.
@click.option(
    "--plugin", "plugins", multiple=True, metavar="MODULE", is_eager=True,
    help="Load a plugin from an importable module (repeatable).",
)
@click.option(
    "--plugins-dir", "plugins_dirs", multiple=True, metavar="DIR", is_eager=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Load every *.py file in DIR as a plugin (repeatable).",
)
@click.pass_context
def cli(ctx: click.Context, plugins: tuple[str, ...], plugins_dirs: tuple[Path, ...]) -> None:
    """Advise biomedical equipment technicians on career progression.

    \b
    Examples:
      bmet-rules evaluate examples/profiles.csv
      bmet-rules explain examples/profiles.csv --id p-007
      bmet-rules check rulesets/ && bmet-rules test rulesets/
    """
    from .commands._app import App

    ctx.obj = App(plugins=plugins, plugins_dirs=plugins_dirs)


#: Exit status after Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point.

    Ctrl-C and SIGTERM end the command with 130 from the first moment, start-up included
    (click alone would print "Aborted!" and exit 1, and SIGTERM would kill the process
    outright); ``evaluate`` then handles them itself to stop between records.
    """
    from .stopping import sigterm_as_interrupt

    sigterm_as_interrupt()
    # Warnings are for people here ("durable-rules cannot be loaded ..."), not for debugging.
    warnings.formatwarning = lambda message, *_args, **_kwargs: f"warning: {message}\n"
    args = argv if argv is not None else sys.argv[1:]
    try:
        return cli.main(args=args, prog_name="bmet-rules", standalone_mode=False)
    except click.exceptions.Exit as exc:
        if exc.exit_code == EXIT_INTERRUPTED:
            _end_interrupted()
        sys.exit(exc.exit_code)
    except SystemExit as exc:
        if exc.code == EXIT_INTERRUPTED:  # a batch stopped by Ctrl-C or SIGTERM
            _end_interrupted()
        raise
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt) as exc:
        if isinstance(exc, click.Abort) and not isinstance(exc.__context__, KeyboardInterrupt):
            click.echo("Aborted!", err=True)  # end of input at a prompt, as click says it
            sys.exit(1)
        click.echo("interrupted", err=True)
        _end_interrupted()


def _end_interrupted() -> None:
    """End a stopped command with 130 once its output is flushed, skipping the interpreter's
    exit hooks: after a second Ctrl-C killed the workers, the process pool's own hook could
    write to a pipe already gone and print a traceback (seen about 1 run in 20 under load)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(EXIT_INTERRUPTED)
