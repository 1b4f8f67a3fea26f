#!/usr/bin/env python3
"""วัดคุณภาพหน้าเว็บด้วย Lighthouse / Lighthouse on every page type of the built site, offline.

usage: lighthouse.py [--site DIR | --content DIR] [--page NAME ...] [--runs N] [--keep DIR]

Builds the embedded content/ (or --content) into a temporary folder (or takes an existing build
with --site), serves it on 127.0.0.1 and runs the npm ``lighthouse`` (node_modules, pinned in
package.json) with Debian's chromium, mobile form factor and Lighthouse's default simulated
throttling, on one page of each type. Nothing is fetched from another host.

Prints performance, accessibility, best practices, SEO (0-100) and CLS per page, with the audits
that cost points (with --runs N, the run of median performance of N, as Lighthouse advises: on a
busy machine one run's blocking time is noisy), and exits 1 when a page is below the targets of issues 13 and 15:
performance >= 90, accessibility, best practices and SEO >= 95, CLS < 0.1.

    .venv/bin/python scripts/lighthouse.py                    # build content/, all page types
    .venv/bin/python scripts/lighthouse.py --site output --page home --page search
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 90, "accessibility": 95, "best-practices": 95, "seo": 95}
CLS_LIMIT = 0.1


def build(content: Path, output: Path) -> None:
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(ROOT / "pelicanconf.py"),
         "-e", f'CACHE_PATH="{output.parent / "cache"}"'],
        cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"สร้างเว็บไม่สำเร็จ / the build failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")


def _first(site: Path, pattern: str) -> str | None:
    """The URL path of the first page (sorted) whose index.html matches pattern."""
    found = sorted(site.glob(pattern))
    return "/" + found[0].parent.relative_to(site).as_posix() + "/" if found else None


def page_types(site: Path) -> dict[str, str]:
    """One URL path per page type; a province and a mission with news (an empty one is noindex)."""
    def with_news(kind: str) -> str | None:
        """The one with the most news (its page is the longest): the busiest page of its kind."""
        found = [i for i in site.glob(f"{kind}/*/index.html") if i.parent.name != "central"
                 and 'name="robots" content="noindex"' not in i.read_text(encoding="utf-8")]
        best = max(found, key=lambda i: (i.stat().st_size, i.parent.name), default=None)
        return "/" + best.parent.relative_to(site).as_posix() + "/" if best else None

    pages = {
        "home": "/", "article": _first(site, "news/*/*/index.html"), "search": "/search/",
        "provinces": "/province/", "province": with_news("province"),
        "missions": "/mission/", "mission": with_news("mission"),
        "periods": "/archive/", "year": _first(site, "[0-9][0-9][0-9][0-9]/index.html"),
        "month": _first(site, "[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html"),
        "fiscal-year": _first(site, "fiscal/*/index.html"),
        "tags": "/tag/", "tag": _first(site, "tag/*/index.html"), "about": "/about/",
    }
    return {name: path for name, path in pages.items() if path and (site / path.lstrip("/") / "index.html").exists()}


def serve(site: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def run_lighthouse(url: str, report: Path) -> dict:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("ไม่พบ chromium / chromium is not installed (apt-get install chromium)")
    if not LIGHTHOUSE.exists():
        sys.exit(f"ไม่พบ {LIGHTHOUSE} / run npm ci first")
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               "--form-factor=mobile", f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=" + " ".join(CHROME_FLAGS), "--disable-full-page-screenshot"]
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": chromium},
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not report.exists():
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def summarise(result: dict) -> dict:
    """Scores 0-100, CLS, and the audits under full marks that weigh in a category under target."""
    scores = {c: round(100 * (result["categories"][c]["score"] or 0)) for c in CATEGORIES}
    cls = result["audits"]["cumulative-layout-shift"]["numericValue"]
    losses = []
    for c in CATEGORIES:
        if scores[c] >= TARGETS[c]:
            continue
        for ref in result["categories"][c]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 0.9:
                losses.append(f"{c}:{ref['id']}={audit.get('displayValue') or audit['score']}")
    return {"scores": scores, "cls": cls, "losses": losses,
            "lcp": result["audits"]["largest-contentful-paint"]["numericValue"],
            "tbt": result["audits"]["total-blocking-time"]["numericValue"]}


def passes(summary: dict) -> bool:
    return all(summary["scores"][c] >= TARGETS[c] for c in CATEGORIES) and summary["cls"] < CLS_LIMIT


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--site", type=Path, help="an existing build to measure")
    where.add_argument("--content", type=Path, default=ROOT / "content", help="content to build (default content/)")
    parser.add_argument("--page", action="append", help="only these page types (repeatable)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is reported")
    parser.add_argument("--keep", type=Path, help="write the JSON reports into this folder")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="cdd-lighthouse-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "output"
            build(args.content, site)
        pages = page_types(site)
        if args.page:
            unknown = set(args.page) - set(pages)
            if unknown:
                sys.exit(f"ไม่รู้จักหน้า / unknown page type: {', '.join(sorted(unknown))} (known: {', '.join(pages)})")
            pages = {name: pages[name] for name in args.page}
        reports = args.keep or Path(tmp) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        httpd = serve(site)
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        failed = []
        print(f"{'page':<12} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'CLS':>6} {'LCP ms':>7} {'TBT ms':>6}  path")
        try:
            for name, path in pages.items():
                runs = sorted((summarise(run_lighthouse(base + path, reports / f"{name}-{i}.json"))
                               for i in range(max(1, args.runs))), key=lambda r: r["scores"]["performance"])
                summary = runs[len(runs) // 2]
                s = summary["scores"]
                ok = passes(summary)
                print(f"{name:<12} {s['performance']:>4} {s['accessibility']:>4} {s['best-practices']:>4} "
                      f"{s['seo']:>4} {summary['cls']:>6.3f} {summary['lcp']:>7.0f} {summary['tbt']:>6.0f}  "
                      f"{path}{'' if ok else '  << below target'}", flush=True)
                if summary["losses"]:
                    print("             " + "; ".join(summary["losses"]), flush=True)
                if not ok:
                    failed.append(name)
        finally:
            httpd.shutdown()
            httpd.server_close()
    targets = ", ".join(f"{c} >= {t}" for c, t in TARGETS.items())
    if failed:
        print(f"ต่ำกว่าเป้า / below target ({targets}, CLS < {CLS_LIMIT}): {', '.join(failed)}")
        return 1
    print(f"ทุกหน้าผ่านเป้า / every page meets the targets ({targets}, CLS < {CLS_LIMIT})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
