"""The ``bmet-rules`` command line: a thin layer over the Python API.

Commands live one per module in :mod:`bmet_rules.commands` and import the engine only when
they run, so ``bmet-rules --help`` answers at once. Plugins add commands through the
``register_commands`` hook; they are loaded when a command is looked up, after the group's
``--plugin`` / ``--plugins-dir`` options are known.
"""

from __future__ import annotations

import importlib
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


class LazyGroup(click.Group):
    """Loads built-in commands on demand and plugin commands once plugins are known."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(BUILTIN_COMMANDS) | set(self.commands)
        names |= set(_plugin_commands(ctx))
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in BUILTIN_COMMANDS:
            module = importlib.import_module(f".commands.{BUILTIN_COMMANDS[cmd_name]}", __package__)
            command: click.Command = module.command
            return command
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        return _plugin_commands(ctx).get(cmd_name)


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
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt) as exc:
        if isinstance(exc, click.Abort) and not isinstance(exc.__context__, KeyboardInterrupt):
            click.echo("Aborted!", err=True)  # end of input at a prompt, as click says it
            sys.exit(1)
        click.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
