"""JSON text for results: orjson where it is installed, the standard library otherwise.

A batch writes one JSON document per profile, and encoding measured as the largest single
cost after explanations (``benchmarks/batch.py``): about 135 µs per result with ``json``,
23 µs with orjson. Either way the text is the same compact JSON (no spaces, UTF-8 kept as
is), so a reader never sees which one wrote it. People who share a situation share their
outcome objects (:mod:`bmet_rules.advice.outcomes`), so each outcome is encoded once and its
text reused (an orjson ``Fragment`` kept on the object) by every result that carries it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

_orjson: Any
try:  # pragma: no cover - which branch runs depends on the installation
    import orjson as _orjson
except ImportError:  # pragma: no cover
    _orjson = None

if TYPE_CHECKING:
    from .results import Outcome, Result

__all__ = ["dumps", "encode_result", "fast"]


def fast() -> bool:
    """Whether orjson does the encoding."""
    return _orjson is not None


def dumps(data: Any) -> str:
    """``data`` as compact JSON text (``ensure_ascii`` off: names stay readable)."""
    if _orjson is not None:
        try:
            text: str = _orjson.dumps(data).decode()
            return text
        except TypeError:
            pass  # a value orjson refuses (an integer past 64 bits, a non-text key): below
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def encode_result(result: Result) -> str:
    """One result's ``to_dict()`` as compact JSON text, each outcome encoded once."""
    if _orjson is None:
        return dumps(result.to_dict())
    try:
        # orjson before 3.10 has no Fragment: the outcomes are then encoded each time.
        shared = _fragment if hasattr(_orjson, "Fragment") else None
        encoded: str = _orjson.dumps(result.to_dict(outcome=shared)).decode()
        return encoded
    except TypeError:
        return dumps(result.to_dict())


def _fragment(outcome: Outcome) -> Any:
    found = outcome.__dict__.get("_json")
    if found is None:
        assert _orjson is not None
        found = _orjson.Fragment(_orjson.dumps(outcome.to_dict()))
        object.__setattr__(outcome, "_json", found)  # frozen: the text is derived, not state
    return found
