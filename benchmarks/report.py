"""The manager's view at the size of the U.S. BMET workforce (68,000 people).

    python benchmarks/report.py                      # 68,000 profiles, --jobs 2
    python benchmarks/report.py --sizes 5000 --no-impact

For each size it runs, in fresh processes: ``evaluate -f html`` (time, peak memory, file
size), the same batch as ``-f jsonl`` for comparison (what the report adds), how long
headless Chromium takes to load and lay out the page (``--dump-dom``; skipped without a
Chromium), and ``impact --new-param fse_min_years=5`` (both sides in one process). Wall and
CPU time are both printed; compare CPU time on a shared machine. Targets (reported, not
asserted): the report adds under 10% CPU to the batch; the file stays under 2 MB
whatever the cohort (per-person detail is capped); it opens in under 5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch import cli_path
from make_profiles import write_profiles

#: Runs in a fresh interpreter: the command's wall time, CPU time (it and its worker
#: processes) and peak RSS. CPU time is the figure to compare on a shared machine, where wall
#: time depends on what else runs.
_MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"returncode": proc.returncode, "seconds": seconds,
                  "cpu": usage.ru_utime + usage.ru_stime,
                  "max_rss_kb": usage.ru_maxrss, "stderr": proc.stderr[-2000:]}))
"""

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync")


def _run(label: str, command: list[str]) -> float | None:
    """Run ``command`` in a fresh measuring interpreter; print and return its CPU seconds."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command],
                         capture_output=True, text=True, check=True)
    run = json.loads(out.stdout)
    if run["returncode"] != 0:
        print(f"  {label}: FAILED (exit {run['returncode']}): {run['stderr']}")
        return None
    peak_mb = run["max_rss_kb"] / 1024
    print(f"  {label:<36} {run['seconds']:7.1f} s wall {run['cpu']:7.1f} s CPU   "
          f"peak RSS {peak_mb:6.1f} MB")
    return float(run["cpu"])


def browser_seconds(page: Path, tmp: Path) -> float | None:
    """Wall time for headless Chromium to load the page and hand back its DOM."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        return None
    start = time.perf_counter()
    subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={tmp / 'chromium'}",
                    "--dump-dom", page.resolve().as_uri()],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300, check=False)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the measurements."""
    parser = argparse.ArgumentParser(description="bmet-rules HTML report and impact benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[68_000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--engine", default="auto", choices=("auto", "durable", "python"))
    parser.add_argument("--no-impact", action="store_true", help="skip the impact command")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    cli = cli_path()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, --jobs {args.jobs}, "
          f"--engine {args.engine}")
    with tempfile.TemporaryDirectory(prefix="bmet-report-bench-") as name:
        tmp = Path(name)
        for size in args.sizes:
            data = tmp / f"gen-{size}.csv"
            with data.open("w", encoding="utf-8", newline="") as fh:
                write_profiles(size, fh, seed=args.seed)
            print(f"{size:,} profiles:")
            common = ["--jobs", str(args.jobs), "--engine", args.engine, "--quiet"]
            page = tmp / f"report-{size}.html"
            # jsonl first, then html: neither always runs first on a warming machine.
            jsonl = _run("evaluate -f jsonl (for comparison)",
                         [cli, "evaluate", str(data), "-o", str(tmp / "out.jsonl"), *common])
            html = _run("evaluate -f html", [cli, "evaluate", str(data), "-o", str(page),
                                             *common])
            if html is not None and jsonl is not None:
                print(f"  the report adds {100 * (html - jsonl) / jsonl:+.0f}% CPU to the batch")
            if page.exists():
                print(f"  report file: {page.stat().st_size / 1024:,.0f} KB")
                opened = browser_seconds(page, tmp)
                print("  headless Chromium load: "
                      + (f"{opened:.1f} s" if opened is not None else "no Chromium, skipped"))
            if not args.no_impact:
                _run("impact --new-param fse_min_years=5",
                     [cli, "impact", str(data), "--new-param", "fse_min_years=5", "-f", "json",
                      "-o", str(tmp / "impact.json"), "--engine", args.engine, "--quiet"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
