"""Benchmark: what unknown values cost. Complete records against the same records without some
fields (an HR export without the ``skills`` and ``willing_to_travel`` columns).

Complete records take the fast path (nothing to settle), so their rate should not move from
the commit before unknowns were handled; records with unknowns run extra completions on the
engine, cached per situation (``bmet_rules/unknowns.py``). CPU time, first pass over a fresh
knowledge base (cold caches), because the machine is shared.

    python benchmarks/unknowns.py [N] [--drop skills willing_to_travel] [--engine durable]
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from make_profiles import generate  # the same generator as benchmarks/batch.py

from bmet_rules import load_rulesets
from bmet_rules.api import evaluate_many
from bmet_rules.plugins import get_plugin_manager


def rate(records: list[dict[str, Any]], engine: str) -> tuple[float, int]:
    """Profiles per CPU-second on cold caches, and how many outcomes came out needs_info."""
    kb = load_rulesets(plugin_manager=get_plugin_manager(entry_points=False))
    list(evaluate_many(records[:5], kb, engine=engine))  # build the engine
    kb.memo.clear()
    start = time.process_time()
    results = list(evaluate_many(records, kb, engine=engine))
    seconds = time.process_time() - start
    asking = sum(o.status == "needs_info" for r in results if hasattr(r, "paths")
                 for o in (*r.paths, *r.certifications))
    return len(records) / seconds, asking


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=3000)
    parser.add_argument("--drop", nargs="+", default=["skills", "willing_to_travel"])
    parser.add_argument("--engine", default="auto", choices=("auto", "durable", "python"))
    args = parser.parse_args()
    complete = list(generate(args.count))
    partial = [{k: v for k, v in r.items() if k not in args.drop} for r in complete]
    for label, records in (("complete", complete), (f"without {', '.join(args.drop)}", partial)):
        per_second, asking = rate(records, args.engine)
        print(f"{label:<40} {per_second:>8,.0f} profiles/CPU-s   needs_info outcomes: {asking:,}")


if __name__ == "__main__":
    main()
