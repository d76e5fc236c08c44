"""Which evaluators this Python has, for tests that need durable-rules itself.

durable-rules 2.0.28 does not import on Python 3.13 (`undefined symbol: PyEval_CallObject`),
and is not even installed there (its requirement is marked `python_version < '3.13'`). The
suite must still pass there (README, "Set up"): such tests skip, saying why, and every other
test runs on the built-in Python evaluator, which `--engine auto` chooses on 3.13.
"""

from __future__ import annotations

import pytest

from bmet_rules.engine import load_durable
from bmet_rules.errors import EngineUnavailable


def _why_unavailable() -> str | None:
    try:
        load_durable()
    except EngineUnavailable as exc:
        return str(exc)
    return None


#: Why durable-rules cannot run here, or ``None`` when it can.
DURABLE_UNAVAILABLE = _why_unavailable()

#: Marks a test that needs the durable-rules engine itself.
needs_durable = pytest.mark.skipif(
    DURABLE_UNAVAILABLE is not None,
    reason=f"needs the durable-rules engine: {DURABLE_UNAVAILABLE}",
)
