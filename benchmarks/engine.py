"""Benchmark: the durable-rules engine against the independent Python evaluator.

Both evaluate the same generated profiles with the standard rulesets in one run; the ratio
is what to compare (machines are shared and noisy). A profile of the durable run shows where
its time goes: the C core's matching, the JSON going in and out, and our per-batch work.

    python benchmarks/engine.py [N] [--batch-size B] [--repeat R]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from collections.abc import Callable

from make_profiles import generate  # the same generator as benchmarks/batch.py

from bmet_rules import load_rulesets
from bmet_rules.engine import DurableEngine
from bmet_rules.evaluator import PythonEvaluator
from bmet_rules.explain import build_result
from bmet_rules.plugins import get_plugin_manager
from bmet_rules.profile import Profile, parse_profile


def best_of(repeat: int, func: Callable[[], object]) -> float:
    """Best CPU time of several runs: CPU time, because the machine is shared."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    kb = load_rulesets(plugin_manager=get_plugin_manager(entry_points=False))
    records = list(generate(args.n, seed=7))
    profiles: list[Profile] = [parse_profile(r, kb.fields) for r in records]
    durable = DurableEngine(kb, batch_size=args.batch_size)
    python = PythonEvaluator(kb)
    firings = durable.run_many(profiles)
    assert [f.fired for f in firings] == [f.fired for f in python.run_many(profiles)]
    matches = statistics.mean(len(f.fired) for f in firings)

    t_parse = best_of(args.repeat, lambda: [parse_profile(r, kb.fields) for r in records])
    t_durable = best_of(args.repeat, lambda: durable.run_many(profiles))
    t_python = best_of(args.repeat, lambda: python.run_many(profiles))
    pairs = list(zip(profiles, firings, strict=True))
    t_explain = best_of(args.repeat, lambda: [build_result(kb, p, f, "durable") for p, f in pairs])

    n = args.n
    print(
        f"{n} profiles, {len(kb.rules)} rules in {len(kb.stages)} stages, "
        f"{sum(len(s) for s in durable.stages)} engine rulesets, "
        f"{matches:.1f} rules fired per profile, batch {args.batch_size}"
    )
    for label, seconds in (
        ("validate records", t_parse),
        ("durable-rules engine", t_durable),
        ("Python evaluator", t_python),
        ("explanations (gaps, next steps)", t_explain),
    ):
        print(f"  {label:34s} {n / seconds:10,.0f} profiles/s  ({seconds * 1e6 / n:7.1f} us each)")
    print(f"  ratio durable / python time: {t_durable / t_python:.2f}")

    profiler = cProfile.Profile()
    profiler.enable()
    durable.run_many(profiles)
    profiler.disable()
    report_time_split(pstats.Stats(profiler))
    durable.close()


#: Where an engine run's time goes: own time of the functions doing each part.
PARTS = {
    "C core: assert facts (matching)": ("assert_facts",),
    "C core: read matches, delete session": (
        "start_action_for_state", "complete_and_start_action", "delete_state"),
    "JSON: facts in (dumps)": ("dumps", "encode", "iterencode"),
    "matches out (fact ids read from the text)": ("findall", "match"),
    "engine facts from profile values": ("FactEncoder.encode_text",),
    "derived facts between stages": ("resolve", "initial_values"),
}


def _part(filename: str, func: str) -> str | None:
    if filename.endswith("fact_text.py"):  # the facts' text is written there
        return "engine facts from profile values"
    for label, names in PARTS.items():
        for name in names:
            owner, _, short = name.rpartition(".")
            if owner and not (func == short and filename.endswith("engine.py")):
                continue
            if not owner and filename.endswith("engine.py") and func == "encode":
                continue
            if func == short or f".{short}>" in func or f"'{short}'" in func:
                return label
    return None


def report_time_split(stats: pstats.Stats) -> None:
    """Print the share of each part of a profiled engine run (own time, so no overlap)."""
    table = stats.stats  # type: ignore[attr-defined]
    total = sum(tottime for (_, _, tottime, _, _) in table.values())
    shares = dict.fromkeys(PARTS, 0.0)
    for (filename, _, func), (_, _, tottime, _, _) in table.items():
        label = _part(filename, func)
        if label:
            shares[label] += tottime
    print(f"where the durable engine's time goes (cProfile own time, {total:.2f} s in all):")
    for label, seconds in shares.items():
        print(f"  {label:40s} {100 * seconds / total:5.1f} %")
    rest = total - sum(shares.values())
    print(f"  {'the rest (batching, Python glue)':40s} {100 * rest / total:5.1f} %")


if __name__ == "__main__":
    main()
