"""End-to-end batch benchmark: the real ``bmet-rules evaluate`` on generated profiles.

    python benchmarks/batch.py                    # 10,000 and 100,000 profiles, --jobs 2
    python benchmarks/batch.py --sizes 2000 --jobs 1 --engine python

It measures what a user sees, start-up included: profiles per second of the whole command,
peak memory, and how long ``bmet-rules --help`` takes. Each size runs in a fresh child
Python that itself starts the CLI, so ``RUSAGE_CHILDREN`` in that child covers exactly one
run (the CLI and its worker processes; ``ru_maxrss`` is the largest single process) and the
10k and 100k figures do not mix. Targets (reported, not asserted): >= 4,000 profiles/s with
``--jobs 2``; peak memory < 200 MB and within 20 MB between 10k and 100k; ``--help`` < 0.25 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_profiles import write_profiles

#: Runs in a fresh interpreter: start the CLI, wait, report wall time and the children's peak RSS.
_MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"returncode": proc.returncode, "seconds": seconds,
                  "max_rss_kb": usage.ru_maxrss, "stderr": proc.stderr[-2000:]}))
"""


def cli_path() -> str:
    """The ``bmet-rules`` script beside this interpreter, or the one on PATH."""
    local = Path(sys.executable).with_name("bmet-rules")
    if local.exists():
        return str(local)
    found = shutil.which("bmet-rules")
    if not found:
        raise SystemExit("bmet-rules is not installed (pip install -e .)")
    return found


def measure(command: list[str]) -> dict[str, object]:
    """Run ``command`` under a fresh measuring interpreter."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command],
                         capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(out.stdout)
    return result


def help_seconds(cli: str, runs: int = 5) -> float:
    """Median wall time of ``bmet-rules --help``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([cli, "--help"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, check=False)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            last = proc.stderr.strip().splitlines()[-1:] or ["?"]
            print(f"bmet-rules --help failed (exit {proc.returncode}): {last[0]}")
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per measurement."""
    parser = argparse.ArgumentParser(description="bmet-rules end-to-end batch benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--engine", default="auto", choices=("auto", "durable", "python"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    cli = cli_path()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, --jobs {args.jobs}, "
          f"--engine {args.engine}")
    peaks: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bmet-bench-") as tmp:
        for size in args.sizes:
            data = Path(tmp) / f"gen-{size}.csv"
            out = Path(tmp) / f"out-{size}.jsonl"
            with data.open("w", encoding="utf-8", newline="") as fh:
                write_profiles(size, fh, seed=args.seed)
            command = [cli, "evaluate", str(data), "-f", "jsonl", "-o", str(out),
                       "--jobs", str(args.jobs), "--engine", args.engine, "--quiet"]
            run = measure(command)
            if run["returncode"] != 0:
                print(f"{size:>9,} profiles: FAILED (exit {run['returncode']}): {run['stderr']}")
                continue
            with out.open("rb") as fh:
                written = sum(1 for _ in fh)
            seconds = float(str(run["seconds"]))
            peak_mb = int(str(run["max_rss_kb"])) / 1024
            peaks.append(peak_mb)
            print(f"{size:>9,} profiles: {seconds:6.1f} s, {written / seconds:8,.0f} profiles/s, "
                  f"peak RSS {peak_mb:6.1f} MB (largest process), {written:,} results")
    if len(peaks) >= 2:
        print(f"peak memory growth {args.sizes[0]:,} -> {args.sizes[-1]:,}: "
              f"{peaks[-1] - peaks[0]:+.1f} MB")
    print(f"bmet-rules --help: {help_seconds(cli) * 1000:.0f} ms (median of 5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
