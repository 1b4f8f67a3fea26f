#!/usr/bin/env python3
"""Benchmark the scraper against the fake department site (scripts/fakesite.py) on 127.0.0.1, delay 0.

For the HTML walk and the REST API, on the same N posts: a first run into an empty archive (pages per
second = HTTP responses a second, and posts a second), then a second run with nothing new (the
requests it makes: should be only robots.txt and one listing page, both answered 304), then a run
after one post was published. Each scrape runs in its own process, as `make scrape` does; medians
over --repeat runs.

    python scripts/bench_scrape.py              # 500 posts, 3 runs
    python scripts/bench_scrape.py -n 2000 --repeat 1
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.fakesite import FakeWordPress, seed_posts, synthetic_posts

ROOT = Path(__file__).resolve().parent.parent


def scrape(raw: Path, base: str) -> tuple[float, dict]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "scrape.py"), "-o", str(raw), "--base", base,
                           "--delay", "0", "--json"], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(done.stderr)
    return seconds, json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("-n", type=int, default=500, help="posts on the fake site (default 500)")
    parser.add_argument("--repeat", type=int, default=3, help="runs; medians are reported")
    args = parser.parse_args(argv)
    posts = seed_posts() + synthetic_posts(args.n - 5)
    rows = []
    with FakeWordPress(posts, per_page=10) as site:
        site.offsite_link = False
        for prefix in ("html", "rest"):
            first, second, third = [], [], []
            for i in range(args.repeat):
                with tempfile.TemporaryDirectory() as tmp:
                    raw = Path(tmp) / "raw"
                    mark = len(site.requests())
                    seconds, summary = scrape(raw, f"{site.url}/{prefix}/")
                    responses = len(site.requests(since=mark))
                    stored = summary["sites"][0]["new"]
                    first.append((responses / seconds, stored / seconds, responses, seconds))
                    mark = len(site.requests())
                    seconds, _ = scrape(raw, f"{site.url}/{prefix}/")
                    log = site.requests(since=mark)
                    second.append((len(log), sum(r["status"] == 304 for r in log), seconds,
                                   " ".join(f"{r['path']}→{r['status']}" for r in log)))
                    new = synthetic_posts(1, first_id=90000 + i, seed=100 + i)[0]
                    new.published = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
                    site.posts[new.id] = new
                    mark = len(site.requests())
                    scrape(raw, f"{site.url}/{prefix}/")
                    third.append(len(site.requests(since=mark)))
            rows.append((prefix, first, second, third))
    print(f"## bench_scrape: {len(posts)} posts on the fake site, delay 0, medians of {args.repeat} run(s)\n")
    print("| walk | first run: pages/s | posts/s | requests | s | second run (nothing new): requests | of them 304 "
          "| s | after one new post: requests |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for prefix, first, second, third in rows:
        med = lambda rows, i: statistics.median(r[i] for r in rows)  # noqa: E731
        print(f"| {prefix} | {med(first, 0):.0f} | {med(first, 1):.0f} | {med(first, 2):.0f} | {med(first, 3):.2f} "
              f"| {med(second, 0):.0f} | {med(second, 1):.0f} | {med(second, 2):.2f} | {statistics.median(third):.0f} |")
    for prefix, _, second, _ in rows:
        print(f"\nsecond run, {prefix}: {second[-1][3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
