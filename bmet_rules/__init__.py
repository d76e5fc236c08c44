"""bmet-rules: a rule-based expert system for BMET career progression.

The public API (README, "Python API")::

    from bmet_rules import load_rulesets, evaluate, evaluate_many
    from bmet_rules import evaluate_partition      # one partition on Dask / Spark

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
    "evaluate_partition": "partition",
    "iter_partition": "partition",
    "is_record_error": "partition",
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
    from .api import RecordError as RecordError
    from .api import evaluate as evaluate
    from .api import evaluate_many as evaluate_many
    from .api import get_engine as get_engine
    from .api import load_rulesets as load_rulesets
    from .errors import BmetRulesError as BmetRulesError
    from .errors import EngineUnavailable as EngineUnavailable
    from .errors import ProfileError as ProfileError
    from .errors import RulesetError as RulesetError
    from .fields import FieldSpec as FieldSpec
    from .fields import FieldType as FieldType
    from .hookspecs import hookimpl as hookimpl
    from .knowledge import KnowledgeBase as KnowledgeBase
    from .partition import evaluate_partition as evaluate_partition
    from .partition import is_record_error as is_record_error
    from .partition import iter_partition as iter_partition
    from .profile import Profile as Profile
    from .profile import parse_profile as parse_profile
    from .results import Gap as Gap
    from .results import Outcome as Outcome
    from .results import Result as Result


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'bmet_rules' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{module}", __name__), name)
