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
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from bmet_rules import load_rulesets
from bmet_rules.engine import DurableEngine
from bmet_rules.evaluator import PythonEvaluator
from bmet_rules.explain import build_result
from bmet_rules.plugins import get_plugin_manager
from bmet_rules.profile import Profile, parse_profile

DEGREES = [
    "none",
    "high_school",
    "certificate",
    "associate",
    "associate",
    "associate",
    "bachelor",
    "bachelor",
    "master",
    "doctorate",
]
FIELDS = [
    "bmet",
    "electronics",
    "engineering",
    "engineering_technology",
    "it",
    "business",
    "science",
    "healthcare",
    "other",
]
CERTS = ["CABT", "CBET", "CRES", "CLES", "CHTM", "CCE", "PE"]
SKILLS = [
    "customer_communication",
    "teaching",
    "networking",
    "regulatory",
    "budgeting",
    "sales",
    "project_management",
    "documentation",
    "quality",
    "troubleshooting",
]


def generate(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """Varied profiles, entry level to director."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        years = round(min(35.0, rng.expovariate(1 / 7)), 1)
        out.append(
            {
                "id": f"b{i}",
                "degree": rng.choice(DEGREES),
                "degree_field": rng.choice(FIELDS),
                "years_experience": years,
                "imaging_years": round(years * rng.choice([0, 0, 0.3, 0.6, 1]), 1),
                "laboratory_years": round(years * rng.choice([0, 0, 0, 0.4]), 1),
                "supervisory_years": round(max(0.0, years - rng.uniform(4, 20)), 1),
                "clinical_engineering_years": round(years * rng.choice([0, 0, 0, 0.5]), 1),
                "military_bmet": rng.random() < 0.15,
                "willing_to_travel": rng.random() < 0.5,
                "certifications": rng.sample(CERTS, rng.choice([0, 0, 1, 1, 2, 3])),
                "skills": rng.sample(SKILLS, rng.randint(0, 5)),
            }
        )
    return out


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
    records = generate(args.n)
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
    "engine facts from profile values": ("FactEncoder.encode",),
    "derived facts between stages": ("resolve", "initial_values"),
}


def _part(filename: str, func: str) -> str | None:
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
