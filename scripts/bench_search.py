"""วัดขนาดดัชนีค้นหาและความเร็ว / Benchmark the Thai search on a synthetic archive.

1. Writes a synthetic archive (scripts/make_synthetic.py, default 10,000 articles) unless WORK
   already holds one of that size, and builds the site with pelicanconf.py (skipped with --reuse
   when WORK/output exists).
2. Reports the index on disk: files and bytes per part (search/idx/{g,t,p,d}, meta, facets).
3. In Chromium (playwright, Debian's chromium), for each query: opens /search/?q=... in a fresh
   browser context (nothing cached) and sums the bodies of every response (HTML, CSS, fonts, JS,
   index files): the bytes a cold query downloads. Then runs the same query again in the page
   with the files already loaded and times it with performance.now() (search + render): the
   latency after the files arrive. Medians over the queries are printed with the targets
   (cold bytes <= 200 KB, latency <= 100 ms).

    python scripts/bench_search.py                      # 10,000 articles in /tmp/cdd-bench-search
    python scripts/bench_search.py -n 2000 --work /tmp/b --reuse --json bench.json
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
TARGET_COLD_BYTES = 200 * 1024
TARGET_LATENCY_MS = 100
QUERIES = ["ขอนแก่น", "ความยากจน", "ยากจน", "โคก หนอง นา", "OTOP", "ระบบราชการ", "เพชรบูรณ์",
           "อธิบดี", "พัฒนาชุมชน", "สัมมาชีพชุมชน", "ประชุมเชิงปฏิบัติการ", "ขาว"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def ensure_archive(work: Path, n: int) -> Path:
    content = work / "content"
    articles = list((content / "articles").rglob("*.md")) if content.exists() else []
    if len(articles) != n:
        shutil.rmtree(content, ignore_errors=True)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_synthetic.py"), "-n", str(n),
                        "-o", str(content), "--seed", "1"], check=True)
    return content


def build(content: Path, work: Path) -> float:
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pelican", str(content), "-o", str(work / "output"),
                    "-s", str(ROOT / "pelicanconf.py"), "--cache-path", str(work / "cache"), "-q"],
                   check=True, cwd=ROOT, env=env)
    return time.perf_counter() - started


def disk_usage(idx: Path) -> dict:
    parts = {}
    for entry in sorted(idx.iterdir()):
        files = list(entry.rglob("*")) if entry.is_dir() else [entry]
        files = [f for f in files if f.is_file()]
        parts[entry.name] = {
            "files": len(files),
            "bytes": sum(f.stat().st_size for f in files),
            "blocks_bytes": sum(f.stat().st_blocks * 512 for f in files),
        }
    parts["total"] = {k: sum(p[k] for p in parts.values()) for k in ("files", "bytes", "blocks_bytes")}
    return parts


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measure_browser(output: Path, queries: list[str]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(output))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}/"
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                responses = []
                page.on("response", lambda response: responses.append(response))
                started = time.perf_counter()
                page.goto(base + "search/?q=" + quote(query))
                page.wait_for_function(
                    "q => { const l = document.getElementById('search-results');"
                    " return l && l.dataset.state === 'done' && l.dataset.query === q; }",
                    arg=query, timeout=60000)
                page.wait_for_load_state("networkidle")
                wall = time.perf_counter() - started
                sizes: dict[str, int] = {}
                count = 0
                for response in responses:
                    try:
                        body = len(response.body())
                    except Exception:  # redirects and aborted requests have no body
                        body = 0
                    path = response.url[len(base):]
                    kind = ("index" if path.startswith("search/idx/") else
                            "font" if "/fonts/" in path else
                            "js" if path.endswith(".js") else
                            "css" if path.endswith(".css") else "html")
                    sizes[kind] = sizes.get(kind, 0) + body
                    count += 1
                hits = int(page.locator("#search-results").get_attribute("data-count") or 0)
                cold_ms = int(page.locator("#search-app").get_attribute("data-search-ms") or 0)
                warm = []
                for _ in range(5):
                    warm.append(page.evaluate(
                        "async () => { const t = performance.now(); await window.thaiSearch.run();"
                        " return performance.now() - t; }"))
                rows.append({
                    "query": query, "results": hits, "requests": count,
                    "bytes": sum(sizes.values()), "by_kind": sizes,
                    "cold_search_ms": cold_ms, "cold_wall_s": round(wall, 2),
                    "latency_ms": round(statistics.median(warm), 1),
                })
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=10000, help="articles in the synthetic archive")
    parser.add_argument("--work", type=Path, default=Path("/tmp/cdd-bench-search"),
                        help="folder for the archive, the cache and the built site")
    parser.add_argument("--reuse", action="store_true", help="reuse WORK/output if it exists")
    parser.add_argument("--query", action="append", help="a query (repeatable; default: a set of 12)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    args.work.mkdir(parents=True, exist_ok=True)
    content = ensure_archive(args.work, args.n)
    output = args.work / "output"
    build_s = None
    if not (args.reuse and (output / "search" / "idx" / "meta.json").exists()):
        build_s = build(content, args.work)
    idx = output / "search" / "idx"
    meta = json.loads((idx / "meta.json").read_text(encoding="utf-8"))
    disk = disk_usage(idx)
    rows = measure_browser(output, args.query or QUERIES)

    print(f"ดัชนีค้นหา {meta['n']:,} ข่าว / search index of {meta['n']:,} articles"
          + (f" (site built in {build_s:.0f} s)" if build_s else ""))
    for name, part in disk.items():
        print(f"  {name:<12} {part['files']:>7,} files {part['bytes'] / 1e6:>8.2f} MB"
              f" ({part['blocks_bytes'] / 1e6:.1f} MB on disk)")
    print(f"\n{'query':<24}{'results':>8}{'req':>5}{'KB':>8}{'index KB':>10}{'cold ms':>9}{'warm ms':>9}")
    for r in rows:
        print(f"{r['query']:<24}{r['results']:>8}{r['requests']:>5}{r['bytes'] / 1024:>8.1f}"
              f"{r['by_kind'].get('index', 0) / 1024:>10.1f}{r['cold_search_ms']:>9}{r['latency_ms']:>9.1f}")
    cold = statistics.median(r["bytes"] for r in rows)
    worst = max(r["bytes"] for r in rows)
    latency = statistics.median(r["latency_ms"] for r in rows)
    worst_latency = max(r["latency_ms"] for r in rows)
    ok = worst <= TARGET_COLD_BYTES and worst_latency <= TARGET_LATENCY_MS
    print(f"\ncold query bytes: median {cold / 1024:.1f} KB, max {worst / 1024:.1f} KB "
          f"(target <= {TARGET_COLD_BYTES // 1024} KB)")
    print(f"latency after the files arrive: median {latency:.1f} ms, max {worst_latency:.1f} ms "
          f"(target <= {TARGET_LATENCY_MS} ms)")
    print("ผ่านเป้าหมาย / targets met" if ok else "ไม่ผ่านเป้าหมาย / targets missed")
    if args.json:
        args.json.write_text(json.dumps({"n": meta["n"], "build_s": build_s, "disk": disk,
                                         "queries": rows, "median_cold_bytes": cold,
                                         "max_cold_bytes": worst, "median_latency_ms": latency,
                                         "max_latency_ms": worst_latency, "ok": ok},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
