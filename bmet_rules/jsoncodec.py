"""JSON text for results: orjson where it is installed, the standard library otherwise.

A batch writes one JSON document per profile, and encoding measured as the largest single
cost after explanations (``benchmarks/batch.py``): about 135 µs per result with ``json``,
23 µs with orjson. Either way the text is the same compact JSON (no spaces, UTF-8 kept as
is), so a reader never sees which one wrote it. (Keeping each shared outcome's encoded
text on the object saved a further ~30 µs a result but held ~48 MB per 5,000 profiles of
cached outcomes: not worth the memory.)
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
    from .results import Result

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
    """One result's ``to_dict()`` as compact JSON text."""
    return dumps(result.to_dict())
