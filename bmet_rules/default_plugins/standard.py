"""Registers the standard knowledge base (the ``rulesets/`` folder of the project)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..hookspecs import hookimpl


def standard_rulesets_path() -> Path:
    """Where the standard rulesets are: inside the installed package (the wheel maps the
    project's ``rulesets/`` folder to ``bmet_rules/rulesets``), or, in a source checkout or
    editable install, the project's ``rulesets/`` folder itself."""
    package_dir = Path(__file__).resolve().parents[1]
    installed = package_dir / "rulesets"
    if any(installed.glob("*.yaml")):
        return installed
    return package_dir.parent / "rulesets"


@hookimpl
def register_rulesets(register: Callable[..., None]) -> None:
    """The standard rulesets: levels, certifications and career paths."""
    register(standard_rulesets_path())
