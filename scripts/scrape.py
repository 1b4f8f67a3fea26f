#!/usr/bin/env python3
"""เก็บข่าวจากเว็บไซต์ของกรมฯ / Collect press releases from the department's WordPress sites.

usage: scrape.py [--config sites.toml] [--site NAME ...] [--base URL ...] -o RAW [options]

Each site's posts go to RAW/<site>/<key>.html with RAW/<site>/<key>.meta.json beside it (URL, title,
the post's published and modified dates, WordPress id, categories, fetched-at, the server's Date,
ETag and Last-Modified), ready for scripts/normalize.py. The WordPress REST API is used when the site
offers it, the HTML listing and post pages otherwise.

Polite: robots.txt obeyed, a User-Agent naming the project, one request at a time, --delay seconds
between two requests to a host, Retry-After honoured, back-off on 429/5xx, a time-out on every request.
Incremental: a second run asks only for what is new or changed (conditional requests); a run killed at
any point resumes without duplicates or half-written files. A progress bar on a terminal, a log line
per post otherwise, and a summary at the end (new, changed, unchanged, failed with reasons).

    python scripts/scrape.py -o raw/scraped                      # every site of sites.toml
    python scripts/scrape.py -o raw/scraped --site cdd --delay 5
    python scripts/scrape.py -o /tmp/raw --base http://127.0.0.1:8000/ --delay 0
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from scripts.scraper.crawl import Crawler, Site, Summary
from scripts.scraper.http import PoliteClient
from scripts.scraper.store import SiteStore

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "sites.toml"
USER_AGENT = "CDDNewsArchiveBot/0.1 (+https://news.cdd.go.th/about/; news archive of the Community Development Department)"
CLIENT_KEYS = ("user_agent", "delay", "timeout", "retries", "backoff", "max_wait")
SITE_KEYS = ("name", "base", "api", "listing", "per_page", "max_pages")

logger = logging.getLogger("scrape")


class ConfigError(Exception):
    pass


def load_config(path: Path) -> tuple[dict, list[Site]]:
    """sites.toml -> (client settings, sites); ConfigError naming the file and the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: อ่านไม่ได้ / cannot read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML ผิดรูปแบบ / not valid TOML: {exc}") from None
    client = data.get("scraper", {})
    unknown = set(client) - set(CLIENT_KEYS)
    if unknown:
        raise ConfigError(f"{path}: [scraper] ไม่รู้จัก / unknown keys: {', '.join(sorted(unknown))}")
    sites = []
    for i, entry in enumerate(data.get("site", []), 1):
        unknown = set(entry) - set(SITE_KEYS)
        if unknown or "name" not in entry or "base" not in entry:
            raise ConfigError(f"{path}: [[site]] ที่ {i} / number {i}: needs name and base"
                              + (f"; unknown keys: {', '.join(sorted(unknown))}" if unknown else ""))
        if urlsplit(entry["base"]).scheme not in ("http", "https"):
            raise ConfigError(f"{path}: [[site]] {entry['name']}: base must be an http(s) URL: {entry['base']!r}")
        try:
            sites.append(Site(**entry))
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: [[site]] {entry.get('name')}: {exc}") from None
    return client, sites


def site_for_base(base: str) -> Site:
    """An ad-hoc site from a URL on the command line; its folder is named after host and path."""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"--base ต้องเป็น URL / must be an http(s) URL: {base!r}")
    name = re.sub(r"[^A-Za-z0-9.-]+", "-", f"{parts.netloc}{parts.path}").strip("-.")
    return Site(name=name, base=base)


class Progress:
    """A tqdm bar on a terminal; a log line per post otherwise."""

    def __init__(self, site: str, tty: bool):
        self.bar = None
        if tty:
            from tqdm import tqdm

            self.bar = tqdm(desc=site, unit=" โพสต์", file=sys.stderr, leave=True)

    def total(self, n: int) -> None:
        if self.bar is not None:
            self.bar.total = n
            self.bar.refresh()

    def post(self, url: str, outcome: str) -> None:
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix_str(outcome.split(" ")[0], refresh=False)
        else:
            logger.info("%-9s %s", outcome, url)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def describe(summary: Summary) -> str:
    lines = [f"{summary.site}: ใหม่ {len(summary.new)}, แก้ไข {len(summary.changed)}, เหมือนเดิม {summary.unchanged}, "
             f"ล้มเหลว {len(summary.failed)}, ข้าม {len(summary.skipped)} / new {len(summary.new)}, "
             f"changed {len(summary.changed)}, unchanged {summary.unchanged}, failed {len(summary.failed)}, "
             f"skipped {len(summary.skipped)} ({summary.mode or '-'}, {summary.seconds:.1f} s)"]
    lines += [f"  ล้มเหลว / failed: {url} — {reason}" for url, reason in summary.failed]
    lines += [f"  ข้าม / skipped: {url} — {reason}" for url, reason in summary.skipped]
    if summary.repaired:
        lines.append(f"  ลบไฟล์ไม่ครบจากรอบก่อน / incomplete files of an interrupted run removed: {summary.repaired}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("-o", "--output", type=Path, required=True, help="raw archive folder")
    parser.add_argument("--config", type=Path, default=None, help=f"sites file (default {DEFAULT_CONFIG.name})")
    parser.add_argument("--site", action="append", default=[], help="only this site of the config (repeatable)")
    parser.add_argument("--base", action="append", default=[], help="a site URL not in the config (repeatable)")
    parser.add_argument("--delay", type=float, help="seconds between two requests to one host")
    parser.add_argument("--timeout", type=float, help="seconds for connecting and for reading a response")
    parser.add_argument("--retries", type=int, help="further attempts after 429, 5xx or a network error")
    parser.add_argument("--full", action="store_true", help="walk every listing page, even if nothing changed")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any post or site failed")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)

    try:
        client_conf, sites = ({}, []) if (args.base and not args.config) else load_config(args.config or DEFAULT_CONFIG)
        if args.site:
            unknown = set(args.site) - {s.name for s in sites}
            if unknown:
                raise ConfigError(f"ไม่มีเว็บชื่อนี้ในไฟล์ตั้งค่า / no such site in the config: {', '.join(sorted(unknown))}")
            sites = [s for s in sites if s.name in args.site]
        sites += [site_for_base(base) for base in args.base]
    except ConfigError as exc:
        print(f"scrape: {exc}", file=sys.stderr)
        return 2
    if not sites:
        print("scrape: ไม่มีเว็บให้เก็บ / no site to collect (see --config, --site, --base)", file=sys.stderr)
        return 2
    settings = {"user_agent": USER_AGENT, **client_conf}
    for key in ("delay", "timeout", "retries"):
        if getattr(args, key) is not None:
            settings[key] = getattr(args, key)

    args.output.mkdir(parents=True, exist_ok=True)
    robots_path = args.output / ".robots.json"
    try:
        robots_cache = json.loads(robots_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        robots_cache = {}
    try:
        client = PoliteClient(robots_cache=robots_cache, **settings)
    except ValueError as exc:
        print(f"scrape: {exc}", file=sys.stderr)
        return 2
    tty = sys.stderr.isatty()
    summaries = []
    from contextlib import nullcontext

    from tqdm.contrib.logging import logging_redirect_tqdm

    try:
        for site in sites:
            progress = Progress(site.name, tty)
            try:
                with logging_redirect_tqdm() if tty else nullcontext():  # log lines above the bar
                    summaries.append(Crawler(site, SiteStore(args.output, site.name), client, full=args.full,
                                             progress=progress).run())
            finally:
                progress.close()
    except KeyboardInterrupt:
        print("scrape: หยุดกลางคัน รอบหน้าจะทำต่อจากที่ค้างไว้ / interrupted: the next run resumes where this "
              "one stopped", file=sys.stderr)
        return 130
    finally:
        from cdd_thai.text import atomic_write

        atomic_write(robots_path, json.dumps(client.robots_cache, ensure_ascii=False))
        client.close()
    for summary in summaries:
        print(describe(summary), file=sys.stderr)
    stats = client.stats
    print(f"คำขอ / requests: {stats['requests']} (304: {stats['status_304']}, ลองใหม่ / retries: {stats['retries']}), "
          f"{stats['bytes'] / 1e6:.2f} MB", file=sys.stderr)
    if args.json:
        print(json.dumps({"sites": [s.as_json() for s in summaries],
                          "requests": {k: v for k, v in sorted(stats.items())}}, ensure_ascii=False))
    failed = any(s.failed for s in summaries)
    return 1 if (args.strict and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
