"""bmet-rules: a rule-based expert system for BMET career progression.

The public API (README, "Python API")::

    from bmet_rules import load_rulesets, evaluate, evaluate_many

Names are imported lazily, so ``bmet-rules --help`` answers without loading the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_rulesets": "api",
    "evaluate": "api",
    "evaluate_many": "api",
    "get_engine": "api",
    "RecordError": "api",
    "KnowledgeBase": "knowledge",
    "Profile": "profile",
    "parse_profile": "profile",
    "Result": "results",
    "Outcome": "results",
    "Gap": "results",
    "FieldSpec": "fields",
    "FieldType": "fields",
    "hookimpl": "hookspecs",
    "BmetRulesError": "errors",
    "RulesetError": "errors",
    "ProfileError": "errors",
    "EngineUnavailable": "errors",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:
    from .api import RecordError, evaluate, evaluate_many, get_engine, load_rulesets
    from .errors import BmetRulesError, EngineUnavailable, ProfileError, RulesetError
    from .fields import FieldSpec, FieldType
    from .hookspecs import hookimpl
    from .knowledge import KnowledgeBase
    from .profile import Profile, parse_profile
    from .results import Gap, Outcome, Result


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'bmet_rules' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{module}", __name__), name)
