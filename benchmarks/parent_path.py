"""What the parent process of ``evaluate --jobs 2`` costs per profile, workers aside.

    python benchmarks/parent_path.py                  # 100,000 generated profiles
    python benchmarks/parent_path.py --size 20000 --rounds 3

With N workers on N cores the parent (reading and matching the CSV, sending chunks,
receiving encoded results, checking ids, writing) shares the CPUs with them: if it costs P
CPU-microseconds a profile and a worker W, two cores give at most 2W / (W + P) times one
worker, so ``--jobs 2`` >= 1.8x ``--jobs 1`` (issue 14) needs P <= W / 9. Wall time on a shared
machine cannot show a few microseconds; CPU time with instant workers can. This runs the
real command in this process, with the workers' evaluation replaced by answers made in
advance from real results (the JSON Lines text of 200 evaluated profiles), writes to
``/dev/null`` (the disk is not the parent's cost), and reports the parent's CPU seconds,
start-up (loading the rulesets) subtracted by a run on a 200-row file.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_profiles import write_profiles

AS_OF = "2026-11-29"


def _answers(data: Path) -> list[str]:
    """The JSON Lines text of the first 200 profiles, evaluated for real."""
    import csv

    from bmet_rules.api import evaluate_many, load_rulesets
    from bmet_rules.default_plugins.formats import JsonLinesWriter

    with data.open(encoding="utf-8", newline="") as fh:
        rows = [row for _, row in zip(range(200), csv.DictReader(fh), strict=False)]
    kb = load_rulesets(as_of=AS_OF)
    return [JsonLinesWriter.encode(r) for r in evaluate_many(rows, kb)]  # type: ignore[arg-type]


#: The answers the instant workers give (set before the pool forks, so workers see them).
_TEXTS: list[str] = []


def _instant_work(records: list[Any]) -> Any:
    """A worker's answer for a chunk, made from :data:`_TEXTS` instead of evaluating."""
    from bmet_rules import batch

    items = [batch.Encoded(r.data["id"], _TEXTS[n % len(_TEXTS)].encode().decode(), (), (0, 0))
             for n, r in enumerate(records)]
    chunk = getattr(batch, "EncodedChunk", None)  # absent before issue 14: a list of items
    return chunk.pack(items) if chunk is not None else items


def _instant_workers(texts: list[str]) -> None:
    """Replace the workers' evaluation by answers made in advance (fork keeps the patch)."""
    from bmet_rules import batch

    _TEXTS[:] = texts
    batch._work = _instant_work  # type: ignore[assignment]


def parent_cpu(data: Path) -> float:
    """CPU seconds of this process for one ``evaluate --jobs 2`` run on ``data``."""
    from bmet_rules.cli import main

    argv = ["evaluate", str(data), "-f", "jsonl", "-o", "/dev/null", "--jobs", "2",
            "--as-of", AS_OF, "-q"]
    start = time.process_time()
    with contextlib.redirect_stderr(io.StringIO()), contextlib.suppress(SystemExit):
        main(argv)
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    """Measure and print the parent's CPU microseconds per profile."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bmet-parent-") as name:
        big, small = Path(name) / "big.csv", Path(name) / "small.csv"
        with big.open("w", encoding="utf-8", newline="") as fh:
            write_profiles(args.size, fh, seed=args.seed)
        with small.open("w", encoding="utf-8", newline="") as fh:
            write_profiles(1_000, fh, seed=args.seed)  # enough chunks to start the pool
        _instant_workers(_answers(big))
        costs = []
        for _ in range(args.rounds):
            startup = parent_cpu(small)
            whole = parent_cpu(big)
            costs.append((whole - startup) / (args.size - 1_000) * 1e6)
            print(f"parent: {costs[-1]:.1f} µs CPU per profile "
                  f"(run {whole:.2f} s, start-up run {startup:.2f} s)")
    print(f"median {statistics.median(costs):.1f}, best {min(costs):.1f} µs per profile; "
          "--jobs 2 reaches 1.8x --jobs 1 while a worker's cost per profile is at least 9x this")
    return 0


if __name__ == "__main__":
    sys.exit(main())
