"""End-to-end batch benchmark: the real ``bmet-rules evaluate`` on generated profiles.

    python benchmarks/batch.py                    # 10,000 and 200,000 profiles, --jobs 2
    python benchmarks/batch.py --sizes 2000 --jobs 1 --engine python

It measures what a user sees, start-up included: profiles per second of the whole command,
peak memory, and how long ``bmet-rules --help`` takes. Each size runs in a fresh child
Python that itself starts the CLI, so ``RUSAGE_CHILDREN`` in that child covers exactly one
run (the CLI and its worker processes; ``ru_maxrss`` is the largest single process) and the
10k and 200k figures do not mix. While the command runs, the child also samples every process
of its tree from ``/proc`` (``VmHWM``, the kernel's own peak-RSS mark), so the report gives
the peak of the main process and of each worker separately: a worker that grows is as much a
leak as a parent that does. Targets (reported, not asserted): >= 4,000 profiles/s with
``--jobs 2``; peak memory < 200 MB, and every process within 20 MB between the smallest and
the largest size; ``--help`` < 0.25 s.
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

#: Runs in a fresh interpreter: start the CLI, sample the peak RSS (VmHWM) of every process in
#: its tree from /proc until it ends, report wall time, RUSAGE_CHILDREN and each process's peak.
_MEASURE = r"""
import json, os, resource, subprocess, sys, time

def hwm_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None

def children(pid):
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return found

start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                        text=True)
peaks, roles = {}, {proc.pid: "main"}
while proc.poll() is None:
    for pid in [proc.pid, *children(proc.pid)]:
        roles.setdefault(pid, "worker")
        kb = hwm_kb(pid)
        if kb is not None:
            peaks[pid] = max(peaks.get(pid, 0), kb)
    time.sleep(0.05)
stderr = proc.stderr.read()
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
processes = [{"pid": pid, "role": roles[pid], "peak_kb": kb} for pid, kb in sorted(peaks.items())]
print(json.dumps({"returncode": proc.returncode, "seconds": seconds,
                  "max_rss_kb": usage.ru_maxrss, "processes": processes,
                  "stderr": stderr[-2000:]}))
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


def _report_processes(run: dict[str, object]) -> dict[str, float]:
    """Print each process's peak RSS; return the largest peak per role (main, worker)."""
    processes = run.get("processes") or []
    assert isinstance(processes, list)
    by_role: dict[str, float] = {}
    for proc in processes:
        mb = int(proc["peak_kb"]) / 1024
        print(f"    pid {proc['pid']:>7} {proc['role']:<6} peak RSS {mb:6.1f} MB")
        by_role[proc["role"]] = max(by_role.get(proc["role"], 0.0), mb)
    return by_role


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
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 200_000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--engine", default="auto", choices=("auto", "durable", "python"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    cli = cli_path()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, --jobs {args.jobs}, "
          f"--engine {args.engine}")
    peaks: list[float] = []
    per_role: list[dict[str, float]] = []
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
            per_role.append(_report_processes(run))
    if len(peaks) >= 2:
        print(f"peak memory growth {args.sizes[0]:,} -> {args.sizes[-1]:,}: "
              f"{peaks[-1] - peaks[0]:+.1f} MB (largest process)")
    if len(per_role) >= 2:
        for role, first in per_role[0].items():
            last = per_role[-1].get(role)
            if last is not None:
                verdict = "ok" if last - first <= 20 else "OVER the 20 MB target"
                print(f"  {role}: {first:.1f} -> {last:.1f} MB ({last - first:+.1f} MB, {verdict})")
    print(f"bmet-rules --help: {help_seconds(cli) * 1000:.0f} ms (median of 5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
