"""วัดขนาดดัชนีค้นหาและความเร็ว / Benchmark the Thai search on a synthetic archive.

1. Writes a synthetic archive (scripts/make_synthetic.py, default 10,000 articles) unless WORK
   already holds one of that size, and builds the site with pelicanconf.py (skipped with --reuse
   when WORK/output exists).
2. Reports the index on disk: files and bytes per part (search/idx/{g,t,p,d}, meta, facets).
3. In Chromium (playwright, Debian's chromium), for each case of four groups (one word, two
   words, three words, and filter-only browsing such as ?province=khon-kaen&year=2565): opens
   the search page in a fresh browser context (nothing cached) and sums every response (HTML,
   CSS, fonts, JS, index files): the bytes a cold query downloads. The server compresses HTML,
   CSS, JS and meta.json with gzip as static hosts do (nginx, GitHub Pages; the index's other
   files are gzip files already): "wire" is what goes over the network, "body" the same files
   inflated (what an uncompressing server would send). Then runs the same search again in the
   page with the files loaded and times it with performance.now() (search, rank, render): the
   latency after the files arrive. Medians per group are printed with the targets (cold wire
   bytes <= 120 KB, latency <= 50 ms).

    python scripts/bench_search.py                      # 10,000 articles in /tmp/cdd-bench-search
    python scripts/bench_search.py -n 2000 --work /tmp/b --reuse --json bench.json
"""
from __future__ import annotations

import argparse
import functools
import gzip
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
TARGET_COLD_BYTES = 120 * 1024
TARGET_LATENCY_MS = 50
GROUPS = {
    "one word": ["ขอนแก่น", "ความยากจน", "ยากจน", "OTOP", "ระบบราชการ", "เพชรบูรณ์", "อธิบดี", "พัฒนาชุมชน",
                 "สัมมาชีพชุมชน", "ประชุมเชิงปฏิบัติการ", "ขาว"],
    "two words": ["OTOP ลำพูน", "ความยากจน ขอนแก่น", "ผ้าไทย ศรีสะเกษ", "พัฒนาชุมชน ขอนแก่น", "อธิบดี ระบบราชการ",
                  "ครัวเรือน ยากจน", "โคราช OTOP"],
    "three words": ["โคก หนอง นา", "ผ้าไทย OTOP ศรีสะเกษ", "ความยากจน ครัวเรือน ขอนแก่น", "พัฒนาชุมชน อธิบดี ประชุม",
                    "สัมมาชีพ ชุมชน ลำพูน"],
    "filters only": ["province=khon-kaen", "province=khon-kaen&mission=poverty&year=2565", "mission=otop",
                     "year=2566", "province=chiang-mai&year=2564", "mission=women&sort=old"],
}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml")


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
    """Sends text files gzipped to a client that accepts it (files already gzipped as they are)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (not path.name.endswith(COMPRESSED) or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        import io

        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def page_url(case: str) -> str:
    return "search/?" + case if "=" in case else "search/?q=" + quote(case)


def measure_browser(output: Path, cases: list[tuple[str, str]]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(output))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}/"
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            for group, case in cases:
                context = browser.new_context()
                page = context.new_page()
                responses = []
                # a function of ours: playwright 1.65 cannot wrap a builtin such as list.append
                page.on("requestfinished", lambda request, seen=responses: seen.append(request))
                started = time.perf_counter()
                page.goto(base + page_url(case))
                page.wait_for_function(
                    "() => { const l = document.getElementById('search-results');"
                    " return l && l.dataset.state === 'done'; }", timeout=60000)
                page.wait_for_load_state("networkidle")
                wall = time.perf_counter() - started
                wire: dict[str, int] = {}
                body: dict[str, int] = {}
                for request in responses:
                    response = request.response()
                    path = request.url[len(base):]
                    kind = ("index" if path.startswith("search/idx/") else
                            "font" if "/fonts/" in path else
                            "js" if path.endswith(".js") else
                            "css" if path.endswith(".css") else "html")
                    try:
                        inflated = len(response.body()) if response else 0
                    except Exception:  # redirects and aborted requests have no body
                        inflated = 0
                    sent = request.sizes()["responseBodySize"]
                    wire[kind] = wire.get(kind, 0) + sent
                    body[kind] = body.get(kind, 0) + inflated
                hits = int(page.locator("#search-results").get_attribute("data-count") or 0)
                cold_ms = int(page.locator("#search-app").get_attribute("data-search-ms") or 0)
                warm = []
                for _ in range(5):
                    warm.append(page.evaluate(
                        "async () => { const t = performance.now(); await window.thaiSearch.run();"
                        " return performance.now() - t; }"))
                rows.append({
                    "group": group, "case": case, "results": hits, "requests": len(responses),
                    "wire": sum(wire.values()), "body": sum(body.values()), "wire_by_kind": wire,
                    "body_by_kind": body, "cold_search_ms": cold_ms, "cold_wall_s": round(wall, 2),
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
    parser.add_argument("--query", action="append", help="a case (repeatable): words, or a query string "
                        "such as province=khon-kaen&year=2565; default: the four groups")
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
    cases = ([("given", q) for q in args.query] if args.query else
             [(group, case) for group, items in GROUPS.items() for case in items])
    rows = measure_browser(output, cases)

    docs = meta.get("docs", meta["n"])  # format 4: "n" counts ids, holes included
    print(f"ดัชนีค้นหา {docs:,} ข่าว / search index of {docs:,} articles"
          + (f" (site built in {build_s:.0f} s)" if build_s else ""))
    for name, part in disk.items():
        print(f"  {name:<12} {part['files']:>7,} files {part['bytes'] / 1e6:>8.2f} MB"
              f" ({part['blocks_bytes'] / 1e6:.1f} MB on disk)")
    print(f"\n{'case':<46}{'results':>8}{'req':>5}{'wire KB':>9}{'body KB':>9}{'index KB':>10}"
          f"{'cold ms':>9}{'warm ms':>9}")
    for r in rows:
        print(f"{r['case'][:45]:<46}{r['results']:>8}{r['requests']:>5}{r['wire'] / 1024:>9.1f}"
              f"{r['body'] / 1024:>9.1f}{r['wire_by_kind'].get('index', 0) / 1024:>10.1f}"
              f"{r['cold_search_ms']:>9}{r['latency_ms']:>9.1f}")
    summary = {}
    print()
    for group in dict.fromkeys(r["group"] for r in rows):
        of = [r for r in rows if r["group"] == group]
        item = summary[group] = {
            "median_wire": statistics.median(r["wire"] for r in of),
            "max_wire": max(r["wire"] for r in of),
            "median_body": statistics.median(r["body"] for r in of),
            "median_latency_ms": statistics.median(r["latency_ms"] for r in of),
            "max_latency_ms": max(r["latency_ms"] for r in of),
        }
        item["ok"] = item["median_wire"] <= TARGET_COLD_BYTES and item["median_latency_ms"] <= TARGET_LATENCY_MS
        print(f"{group:<14} cold: median {item['median_wire'] / 1024:.1f} KB over the wire "
              f"(max {item['max_wire'] / 1024:.1f}; {item['median_body'] / 1024:.1f} KB inflated), "
              f"latency: median {item['median_latency_ms']:.1f} ms (max {item['max_latency_ms']:.1f})"
              f" {'ok' if item['ok'] else 'MISSED'}")
    facets = (idx / "facets.bin.gz").stat().st_size
    print(f"(a search loads facets.bin.gz, {facets / 1024:.1f} KB, only when a province or mission is chosen, "
          f"when browsing, or at the first use of the filters: not in the word groups above)")
    ok = all(item["ok"] for item in summary.values())
    print(f"targets: cold median <= {TARGET_COLD_BYTES // 1024} KB, latency median <= {TARGET_LATENCY_MS} ms "
          f"per group: " + ("ผ่านเป้าหมาย / met" if ok else "ไม่ผ่านเป้าหมาย / missed"))
    if args.json:
        args.json.write_text(json.dumps({"n": docs, "build_s": build_s, "disk": disk, "cases": rows,
                                         "groups": summary, "ok": ok}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
