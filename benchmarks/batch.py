"""Target 3 of issue 14 in one run: inference, the in-process pipeline and the CLI, side by side.

    python benchmarks/batch.py                     # 20,000 generated profiles, CSV in, JSONL out
    python benchmarks/batch.py --size 5000 --rounds 3
    python benchmarks/batch.py --growth 200000     # also: does any process grow with the input?

On the same generated profiles (``make_profiles.py``, one seed) and the same evaluation date
it measures, interleaved round by round so that a busy machine slows every figure alike:

* **inference**: ``parse_profile`` on every record and the engine's ``run_many``, in this
  process (what the rules cost, validation included);
* **pipeline**: ``evaluate_many`` and the JSON Lines encoding of every result, in this
  process (everything ``evaluate -f jsonl`` does short of reading and writing files);
* **jobs 1** and **jobs 2**: the real ``bmet-rules evaluate FILE.csv -f jsonl -o FILE``,
  start-up included, each in a fresh measuring interpreter (wall and CPU time, peak RSS of
  the main process and of each worker, from ``/proc``'s ``VmHWM``).

and prints the ratios issue 14 sets (medians over ``--rounds``): pipeline / inference >= 0.4,
jobs 2 / jobs 1 >= 1.8, jobs 1 / pipeline >= 0.8; then ``bmet-rules --help`` (< 0.25 s). The
CLI's output is checked to be byte-identical for both job counts and to the pipeline's own
encoding, so every row measures the same work. On a shared machine compare the ratios, never
figures from another run.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_profiles import write_profiles

AS_OF = "2026-11-29"
#: (name, numerator, denominator, target): the ratios of profiles per second issue 14 sets.
TARGETS = (
    ("pipeline / inference", "pipeline", "inference", 0.4),
    ("jobs 2 / jobs 1", "jobs 2", "jobs 1", 1.8),
    ("jobs 1 / pipeline", "jobs 1", "pipeline", 0.8),
)


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

def cpu_s(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
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
peaks, roles, cpus = {}, {proc.pid: "main"}, {}
while proc.poll() is None:
    for pid in [proc.pid, *children(proc.pid)]:
        roles.setdefault(pid, "worker")
        kb = hwm_kb(pid)
        if kb is not None:
            peaks[pid] = max(peaks.get(pid, 0), kb)
        cpu = cpu_s(pid)
        if cpu is not None:
            cpus[pid] = cpu
    time.sleep(0.05)
stderr = proc.stderr.read()
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
processes = [{"pid": pid, "role": roles[pid], "peak_kb": kb, "cpu": cpus.get(pid, 0.0)}
             for pid, kb in sorted(peaks.items())]
print(json.dumps({"returncode": proc.returncode, "seconds": seconds,
                  "cpu": usage.ru_utime + usage.ru_stime,
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


def measure(command: list[str]) -> dict[str, Any]:
    """Run ``command`` under a fresh measuring interpreter."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command],
                         capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def _report_processes(run: dict[str, Any]) -> dict[str, float]:
    """Print each process's peak RSS; return the largest peak per role (main, worker)."""
    processes = run.get("processes") or []
    assert isinstance(processes, list)
    by_role: dict[str, float] = {}
    for proc in processes:
        mb = int(proc["peak_kb"]) / 1024
        print(f"    pid {proc['pid']:>7} {proc['role']:<6} peak RSS {mb:6.1f} MB, "
              f"CPU {proc.get('cpu', 0.0):6.2f} s (last sampled)")
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


def read_rows(path: Path) -> list[dict[str, str]]:
    """The generated CSV's rows as dicts (its columns are field names: no matching needed)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def inference(rows: list[dict[str, str]], kb: Any, engine: str) -> dict[str, Any]:
    """Wall and CPU seconds for ``parse_profile`` on every row and ``run_many`` on them all."""
    from bmet_rules.api import get_engine
    from bmet_rules.profile import parse_profile

    runner = get_engine(kb, engine)
    start, cpu = time.perf_counter(), time.process_time()
    profiles = [parse_profile(row, kb.fields) for row in rows]
    firings = runner.run_many(profiles)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(firings) == len(rows)
    return {"seconds": seconds, "cpu": cpu}


def pipeline(rows: list[dict[str, str]], kb: Any, engine: str) -> dict[str, Any]:
    """Wall and CPU seconds for ``evaluate_many`` and the JSON Lines encoding of every result;
    the digest of the text, to compare with the CLI's output."""
    from bmet_rules.api import RecordError, evaluate_many
    from bmet_rules.default_plugins.formats import JsonLinesWriter

    encode = JsonLinesWriter.encode
    start, cpu = time.perf_counter(), time.process_time()
    lines = [encode(item) for item in evaluate_many(rows, kb, engine=engine)
             if not isinstance(item, RecordError)]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(lines) == len(rows), "the generated profiles are all valid"
    digest = hashlib.sha256("".join(lines).encode("utf-8", "backslashreplace")).hexdigest()
    return {"seconds": seconds, "cpu": cpu, "digest": digest}


def cli_run(cli: str, data: Path, out: Path, jobs: int, engine: str) -> dict[str, Any]:
    """One ``evaluate`` run under a fresh measuring interpreter; adds the output's digest."""
    command = [cli, "evaluate", str(data), "-f", "jsonl", "-o", str(out), "--jobs", str(jobs),
               "--engine", engine, "--as-of", AS_OF, "--quiet"]
    run = measure(command)
    if run["returncode"] != 0:
        raise SystemExit(f"--jobs {jobs} failed (exit {run['returncode']}): {run['stderr']}")
    run["digest"] = hashlib.sha256(out.read_bytes()).hexdigest()
    return run


def _parent_share(run: dict[str, Any] | None, size: int) -> None:
    """The main process's CPU per profile against the workers': what bounds --jobs 2.

    With parent cost P and worker cost W per profile, two cores give at most
    2W / (W + P) times one worker: this is the scaling an idle machine would show.
    """
    if not run:
        return
    processes = run.get("processes") or []
    main = sum(p.get("cpu", 0.0) for p in processes if p["role"] == "main")
    workers = sum(p.get("cpu", 0.0) for p in processes if p["role"] == "worker")
    if not workers:
        return
    parent_us, worker_us = main / size * 1e6, workers / size * 1e6
    bound = min(2.0, 2 * worker_us / (worker_us + parent_us))
    print(f"jobs 2: main process {parent_us:,.0f} µs CPU per profile (start-up included), "
          f"workers {worker_us:,.0f} µs; on two idle cores at most {bound:.2f}x one worker")


def growth(cli: str, tmp: Path, sizes: list[int], jobs: int, engine: str, seed: int) -> None:
    """Peak RSS per process for each size: memory must stay flat as the input grows."""
    per_role: list[dict[str, float]] = []
    for size in sizes:
        data = tmp / f"growth-{size}.csv"
        with data.open("w", encoding="utf-8", newline="") as fh:
            write_profiles(size, fh, seed=seed)
        run = cli_run(cli, data, tmp / "growth.jsonl", jobs, engine)
        print(f"  {size:>9,} profiles, --jobs {jobs}: {size / run['seconds']:8,.0f} profiles/s")
        per_role.append(_report_processes(run))
    for role, first in per_role[0].items():
        last = per_role[-1].get(role)
        if last is not None:
            verdict = "ok" if last - first <= 20 else "OVER the 20 MB target"
            print(f"  {role}: {first:.1f} -> {last:.1f} MB ({last - first:+.1f} MB, {verdict})")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per measurement, then the ratios."""
    parser = argparse.ArgumentParser(description="bmet-rules batch benchmark (issue 14, target 3)")
    parser.add_argument("--size", type=int, default=20_000, help="profiles (default 20,000)")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds; medians")
    parser.add_argument("--engine", default="durable", choices=("auto", "durable", "python"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--growth", type=int, nargs="*", default=[], metavar="N",
                        help="also run --jobs 2 on N profiles and compare each process's peak "
                             "RSS with the --size run (e.g. --growth 200000)")
    args = parser.parse_args(argv)
    from bmet_rules.api import load_rulesets

    cli = cli_path()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.size:,} profiles, "
          f"--engine {args.engine}, as of {AS_OF}, load average {os.getloadavg()[0]:.1f}")
    kb = load_rulesets(as_of=AS_OF)
    figures: dict[str, list[float]] = {}
    cpu_figures: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bmet-bench-") as name:
        tmp = Path(name)
        data = tmp / "profiles.csv"
        with data.open("w", encoding="utf-8", newline="") as fh:
            write_profiles(args.size, fh, seed=args.seed)
        rows = read_rows(data)
        steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
            ("inference", lambda: inference(rows, kb, args.engine)),
            ("pipeline", lambda: pipeline(rows, kb, args.engine)),
            ("jobs 1", lambda: cli_run(cli, data, tmp / "out1.jsonl", 1, args.engine)),
            ("jobs 2", lambda: cli_run(cli, data, tmp / "out2.jsonl", 2, args.engine)),
        ]
        last: dict[str, dict[str, Any]] = {}
        for round_number in range(1, args.rounds + 1):
            for label, step in steps:
                run = last[label] = step()
                figures.setdefault(label, []).append(args.size / run["seconds"])
                cpu_figures.setdefault(label, []).append(args.size / run["cpu"])
                memory = (f", peak RSS {int(run['max_rss_kb']) / 1024:.1f} MB (largest process)"
                          if "max_rss_kb" in run else "")
                print(f"round {round_number}: {label:<10} {run['seconds']:7.2f} s "
                      f"{args.size / run['seconds']:9,.0f} profiles/s; CPU {run['cpu']:7.2f} s"
                      f"{memory}")
        for label, run in last.items():
            if "processes" in run:
                print(f"{label}: peak RSS per process")
                _report_processes(run)
        _parent_share(last.get("jobs 2"), args.size)
        digests = {label: run["digest"] for label, run in last.items() if "digest" in run}
        same = len(set(digests.values())) == 1
        print("output: " + ("byte-identical for --jobs 1, --jobs 2 and the pipeline" if same
                            else f"DIFFERS: {digests}"))
        if args.growth:
            print("memory growth, --jobs 2:")
            growth(cli, tmp, [args.size, *args.growth], 2, args.engine, args.seed)
    medians = {label: statistics.median(values) for label, values in figures.items()}
    cpu_medians = {label: statistics.median(values) for label, values in cpu_figures.items()}
    print("profiles/s, wall (median): " + ", ".join(f"{k} {v:,.0f}" for k, v in medians.items()))
    print("profiles per CPU-second (median): "
          + ", ".join(f"{k} {v:,.0f}" for k, v in cpu_medians.items()))
    for label, top, bottom, target in TARGETS:
        ratio = medians[top] / medians[bottom]
        verdict = "ok" if ratio >= target else "BELOW target"
        by_cpu = cpu_medians[top] / cpu_medians[bottom]
        print(f"{label:<22} {ratio:5.2f}  (target >= {target}: {verdict}); "
              f"per CPU-second {by_cpu:.2f}")
    print(f"load average now {os.getloadavg()[0]:.1f} (above {os.cpu_count()}: other work "
          "competed for the CPUs, and wall-time ratios understate --jobs 2)")
    print(f"bmet-rules --help: {help_seconds(cli) * 1000:.0f} ms (median of 5; target < 250)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
