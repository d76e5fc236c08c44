"""The hooks a bmet-rules plugin can implement (pluggy project ``bmet_rules``).

Each hook that adds something takes a ``register`` callback, as in simonw/llm: the plugin
says what it adds and bmet-rules decides how to store and validate it. The built-in formats
and the standard rulesets are registered through these same hooks
(``bmet_rules/default_plugins``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from collections.abc import Callable

    import click

    from .knowledge import KnowledgeBase
    from .profile import Profile
    from .results import Result

hookspec = pluggy.HookspecMarker("bmet_rules")
hookimpl = pluggy.HookimplMarker("bmet_rules")


@hookspec
def register_rulesets(register: Callable[..., None]) -> None:
    """Add rulesets: ``register(path)`` for a YAML file or folder, or ``register(data)`` for a
    parsed ruleset (a dict in the ruleset language).

    :param register: call once per ruleset file, folder or dict.
    """


@hookspec
def register_parameters(register: Callable[[str, Any], None]) -> None:
    """Override ruleset parameters: ``register("fse_min_years", 5)``.

    Overrides given on the command line (``--param``) win over plugin overrides.
    """


@hookspec
def register_fields(register: Callable[..., None]) -> None:
    """Declare extra profile fields: ``register(FieldSpec(...))``; rules may then use them."""


@hookspec
def register_output_formats(register: Callable[..., None]) -> None:
    """Add output formats: ``register(OutputFormat(name, writer_factory, ...))``."""


@hookspec
def register_input_formats(register: Callable[..., None]) -> None:
    """Add input formats: ``register(InputFormat(name, reader, extensions))``."""


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add commands to the ``bmet-rules`` command group (``@cli.command()``)."""


@hookspec
def adjust_result(result: Result, profile: Profile, kb: KnowledgeBase) -> Result | None:
    """Annotate or adjust a result after inference; return a new :class:`Result` or ``None``.

    Plugins run in registration order, each seeing the previous one's result. Use
    ``dataclasses.replace(result, extra={...})`` to add annotations.
    """
