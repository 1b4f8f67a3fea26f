#!/usr/bin/env python3
"""Benchmark the normaliser: articles per second on one core.

usage: bench_normalize.py [-n 5000] [--runs 3]

Makes N raw press releases from the embedded seeds (each made distinct, so none is skipped as a
duplicate), pins the process to one CPU, and normalises them with the same code as normalize.py.
Reports the median articles/s over the runs (target: >= 100 articles/s).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "plugins")]

from normalize import normalize_paths  # noqa: E402


def make_inputs(folder: Path, n: int) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "raw" / "seeds").glob("*.txt"))]
    for i in range(n):
        text = seeds[i % len(seeds)] + f"\n\nข้อมูลเพิ่มเติม ลำดับที่ {i} ติดต่อสำนักงานพัฒนาชุมชน\n"
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=5000, help="articles to normalise (default 5000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the median is reported")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        make_inputs(raw, args.n)
        list(normalize_paths([raw / "00000.txt"], Path(tmp) / "warm", Path(tmp) / "q"))  # load dictionaries
        rates = []
        for run in range(args.runs):
            out = Path(tmp) / f"out{run}"
            start = time.perf_counter()
            results = list(normalize_paths([raw], out, Path(tmp) / "q"))
            elapsed = time.perf_counter() - start
            ok = sum(r.status == "ok" for r in results)
            rates.append(len(results) / elapsed)
            print(f"run {run + 1}: {len(results)} articles ({ok} ok) in {elapsed:.1f} s = {rates[-1]:.0f} articles/s")
    median = statistics.median(rates)
    print(f"median: {median:.0f} articles/s on one core (target >= 100)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
