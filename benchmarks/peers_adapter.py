"""bmet-rules as rows of the shared peer benchmark (``run.py --add``).

The peer benchmark runs one certification-and-chaining logic in plain Python, zen-engine,
durable-rules and experta side by side. This adapter runs the same logic, written as a ruleset
in the project's own language (``benchmarks/peers/peers-career.yaml``), through the project's
public API, so bmet-rules is measured the way a user runs it. Modes:

* ``durable``: validation (``parse_profile``) and inference on the durable-rules adapter;
* ``python``: the same on the independent Python evaluator;
* ``full``: everything ``evaluate -f jsonl`` does per profile short of file I/O: validation,
  inference, explanations, plans and next steps, the result dict and its JSON line.

Each pass starts from the raw profile dicts and caches nothing across passes that a new
batch would not also have (the knowledge base and its compiled engine are built once, as in
the CLI). Usage, from the project root::

    python ../shared/bench/peers/run.py -n 20000 --only zen \\
      --add "bmet-rules=$(pwd)/.venv/bin/python:$(pwd)/benchmarks/peers_adapter.py:durable" \\
      --add "bmet-rules=$(pwd)/.venv/bin/python:$(pwd)/benchmarks/peers_adapter.py:full"
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bmet_rules import __version__, load_rulesets
from bmet_rules.api import _finish as finish_result
from bmet_rules.api import get_engine
from bmet_rules.jsoncodec import encode_result
from bmet_rules.profile import parse_profile

NAME = "bmet-rules"
VERSION = f"bmet-rules {__version__}"
RULESET = Path(__file__).with_name("peers") / "peers-career.yaml"

Conclusion = dict[str, Any]


def _record(raw: dict[str, Any]) -> dict[str, Any]:
    """The benchmark's profile as a bmet-rules record (its id is ``pid``)."""
    record = dict(raw)
    record["id"] = str(record.pop("pid"))
    return record


def build(mode: str = "durable") -> Callable[[list[dict[str, Any]]], list[Conclusion]]:
    """``evaluate_all(profiles) -> conclusions`` for one of the modes above."""
    kb = load_rulesets([RULESET], standard=False)
    route_of = {
        rule.id: target.split(".", 1)[1]
        for target, rules in kb.routes.items()
        for rule in rules
    }

    def conclude(fired: frozenset[str], values: Any) -> Conclusion:
        eligible = sorted({route_of[r] for r in fired if r in route_of})
        return {
            "eligible": eligible,
            "level": values["level"],
            "senior_field_service": bool(values["senior_field_service"]),
        }

    if mode in ("durable", "python"):
        engine = get_engine(kb, mode)

        def infer(profiles: list[dict[str, Any]]) -> list[Conclusion]:
            parsed = [parse_profile(_record(p), kb.fields) for p in profiles]
            return [conclude(f.fired, f.values) for f in engine.run_many(parsed)]

        return infer
    if mode == "full":
        engine = get_engine(kb, "auto")

        def full(profiles: list[dict[str, Any]]) -> list[Conclusion]:
            # A new batch starts with empty explanation and plan caches (a new CLI process
            # would): nothing one pass learnt is reused by the next.
            kb.memo.clear()
            parsed = [parse_profile(_record(p), kb.fields) for p in profiles]
            out: list[Conclusion] = []
            for profile, firing in zip(parsed, engine.run_many(parsed), strict=True):
                result = finish_result(kb, profile, firing, engine)
                encode_result(result)  # the JSON line `evaluate -f jsonl` writes
                out.append(conclude(firing.fired, firing.values))
            return out

        return full
    raise SystemExit(f"unknown mode {mode!r}: choose durable, python or full")
