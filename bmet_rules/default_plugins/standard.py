"""Registers the standard knowledge base (the ``rulesets/`` folder of the project)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from ..hookspecs import hookimpl


def standard_rulesets_path() -> Path:
    """Where the standard rulesets are: inside the installed package, or the source tree."""
    try:
        folder = Path(str(resources.files("bmet_rules.rulesets")))
        if folder.is_dir() and any(folder.glob("*.yaml")):
            return folder
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "rulesets"


@hookimpl
def register_rulesets(register: Callable[..., None]) -> None:
    """The standard rulesets: levels, certifications and career paths."""
    register(standard_rulesets_path())
