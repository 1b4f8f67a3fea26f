#!/usr/bin/env python3
"""Benchmark the normaliser: articles per second on one core.

usage: bench_normalize.py [-n 5000] [--runs 3] [-j 2]

Makes N raw press releases from the embedded seeds (each made distinct, so none is skipped as a
duplicate) and normalises them with the same code as normalize.py: first pinned to one CPU, then
with -j processes on every CPU. Prints the load average first, then the median articles/s of each
over the runs and their ratio (targets, issue 17: >= 250 articles/s on one core, -j 2 >= 1.8x).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from scripts.normalize import normalize_paths

ROOT = Path(__file__).resolve().parent.parent


def make_inputs(folder: Path, n: int) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "raw" / "seeds").glob("*.txt"))]
    for i in range(n):
        text = seeds[i % len(seeds)] + f"\n\nข้อมูลเพิ่มเติม ลำดับที่ {i} ติดต่อสำนักงานพัฒนาชุมชน\n"
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=5000, help="articles to normalise (default 5000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the median is reported")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="processes of the second series (default 2)")
    args = parser.parse_args(argv)
    print("load average at start: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_setaffinity") else []
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        make_inputs(raw, args.n)
        list(normalize_paths([raw / "00000.txt"], Path(tmp) / "warm", Path(tmp) / "q"))  # load dictionaries
        medians = {}
        for label, jobs, affinity in (("one core", 1, cpus[:1]), (f"-j {args.jobs}", args.jobs, cpus)):
            if affinity:
                os.sched_setaffinity(0, set(affinity))
            rates = []
            for run in range(args.runs):
                out = Path(tmp) / f"out-{jobs}-{run}"
                start = time.perf_counter()
                results = list(normalize_paths([raw], out, Path(tmp) / "q", jobs=jobs))
                elapsed = time.perf_counter() - start
                ok = sum(r.status == "ok" for r in results)
                rates.append(len(results) / elapsed)
                print(f"{label}, run {run + 1}: {len(results)} articles ({ok} ok) in {elapsed:.1f} s "
                      f"= {rates[-1]:.0f} articles/s")
            medians[label] = statistics.median(rates)
    single, parallel = medians["one core"], medians[f"-j {args.jobs}"]
    print(f"median: {single:.0f} articles/s on one core (target >= 250); -j {args.jobs}: {parallel:.0f} articles/s "
          f"= {parallel / single:.2f}x one core (target >= 1.8x)")
    return 0

if __name__ == "__main__":
    sys.exit(main())
