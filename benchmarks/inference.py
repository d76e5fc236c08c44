"""Benchmark: validation and inference, stage by stage (what issue 14's target 2 is about).

Two workloads, each timed per stage on the same records in one process:

* ``peers``: the shared peer benchmark's logic (``benchmarks/peers/peers-career.yaml``) on its
  own generated profiles (JSON values), as ``benchmarks/peers_adapter.py`` runs it;
* ``standard``: the standard rulesets on ``make_profiles.py`` rows read back from CSV
  (``csv.DictReader`` rows: every value a string), as ``bmet-rules evaluate`` reads a CSV.

Stages: ``parse`` (``parse_profile``), ``durable`` and ``python`` (the engine's ``run_many``
on the parsed profiles; each includes the engine's own start values and derived facts), and
``durable+parse`` and ``python+parse`` (the two together, what a batch pays for inference).
Each stage is timed ``--repeat`` times, interleaved, and the median reported: compare stages
within one run, never against another run's figures (the machine is shared and noisy).

    python benchmarks/inference.py [--n 20000] [--repeat 5] [--only peers|standard] [--json]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_profiles import write_profiles  # noqa: E402

from bmet_rules import load_rulesets  # noqa: E402
from bmet_rules.api import get_engine  # noqa: E402
from bmet_rules.plugins import get_plugin_manager  # noqa: E402
from bmet_rules.profile import parse_profile  # noqa: E402

PEERS_RULESET = HERE / "peers" / "peers-career.yaml"
#: The peer benchmark's generator, ``../shared/bench/peers/`` beside the project (or higher up).
PEER_GENERATOR = next(
    (p / "shared/bench/peers/make_profiles.py" for p in HERE.parents
     if (p / "shared/bench/peers/make_profiles.py").exists()),
    HERE.parent.parent / "shared/bench/peers/make_profiles.py",
)


def peer_records(n: int, seed: int = 1) -> list[dict[str, Any]]:
    """The peer benchmark's profiles (``run.py -n N --seed 1`` makes the same), as records."""
    spec = importlib.util.spec_from_file_location("peer_profiles", PEER_GENERATOR)
    if spec is None or spec.loader is None:
        raise SystemExit(f"the peer benchmark's generator is not at {PEER_GENERATOR}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = []
    for raw in module.make_profiles(n, seed):
        record = dict(raw)
        record["id"] = str(record.pop("pid"))
        out.append(record)
    return out


def csv_records(n: int, seed: int = 1) -> list[dict[str, Any]]:
    """``make_profiles.py N -o FILE`` rows, read back with ``csv.DictReader``."""
    buffer = io.StringIO()
    write_profiles(n, buffer, seed)
    buffer.seek(0)
    return list(csv.DictReader(buffer))


def measure(workload: str, n: int, repeat: int) -> dict[str, float]:
    """Median microseconds per profile of each stage."""
    if workload == "peers":
        kb = load_rulesets([PEERS_RULESET], standard=False)
        records = peer_records(n)
    else:
        kb = load_rulesets(plugin_manager=get_plugin_manager(entry_points=False))
        records = csv_records(n)
    fields = kb.fields
    durable, python = get_engine(kb, "durable"), get_engine(kb, "python")
    parsed = [parse_profile(r, fields) for r in records]
    first = durable.run_many(parsed)
    if [f.fired for f in first] != [f.fired for f in python.run_many(parsed)]:
        raise SystemExit(f"{workload}: the engines disagree")
    stages: dict[str, Callable[[], object]] = {
        "parse": lambda: [parse_profile(r, fields) for r in records],
        "durable": lambda: durable.run_many(parsed),
        "python": lambda: python.run_many(parsed),
        "durable+parse": lambda: durable.run_many([parse_profile(r, fields) for r in records]),
        "python+parse": lambda: python.run_many([parse_profile(r, fields) for r in records]),
    }
    times: dict[str, list[float]] = {name: [] for name in stages}
    order = list(stages)
    for _ in range(repeat):
        random.shuffle(order)  # interleaved, in a new order each round
        for name in order:
            start = time.perf_counter()
            stages[name]()
            times[name].append(time.perf_counter() - start)
    durable.close()
    return {name: statistics.median(t) * 1e6 / n for name, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=("peers", "standard"))
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args()
    workloads = [args.only] if args.only else ["peers", "standard"]
    results = {w: measure(w, args.n, args.repeat) for w in workloads}
    if args.json:
        print(json.dumps(results))
        return
    for workload, stages in results.items():
        print(f"{workload}: {args.n} profiles, median of {args.repeat} runs")
        for name, us in stages.items():
            print(f"  {name:14s} {us:8.1f} µs  {1e6 / us:10,.0f}/s")


if __name__ == "__main__":
    main()
