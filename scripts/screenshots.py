#!/usr/bin/env python3
"""ภาพหน้าจอทุกประเภทหน้า / Screenshots of every page type at 360 and 1280 px.

usage: screenshots.py -o DIR [--site DIR | --content DIR] [--page NAME ...] [--width PX ...]

Builds content/ (or --content) into a temporary folder unless --site names a build, serves it on
127.0.0.1 and writes DIR/<page>-<width>.png (full page) with Debian's chromium through Playwright,
for the page types scripts/lighthouse.py measures (and privacy, 404). For a person to look at: list
entries that the browser lays out only near the screen (content-visibility) are drawn too.

    .venv/bin/python scripts/screenshots.py -o /tmp/shots
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from scripts import lighthouse  # the page types, the build and the server are the same


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--out", type=Path, required=True, help="folder for the PNG files")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--site", type=Path, help="an existing build")
    where.add_argument("--content", type=Path, default=lighthouse.ROOT / "content")
    parser.add_argument("--page", action="append", help="only these page types (repeatable)")
    parser.add_argument("--width", type=int, action="append", help="viewport widths (default 360 and 1280)")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("ไม่พบ chromium / chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cdd-shots-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "output"
            lighthouse.build(args.content, site)
        pages = {**lighthouse.page_types(site), "privacy": "/privacy/", "404": "/404.html"}
        if args.page:
            pages = {name: pages[name] for name in args.page if name in pages}
        httpd = lighthouse.serve(site)
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=lighthouse.CHROME_FLAGS)
                for width in args.width or (360, 1280):
                    view = browser.new_page(viewport={"width": width, "height": 800})
                    for name, path in pages.items():
                        view.goto(base + path)
                        view.wait_for_load_state("networkidle")
                        view.add_style_tag(content="* { content-visibility: visible !important; }")
                        target = args.out / f"{name}-{width}.png"
                        view.screenshot(path=str(target), full_page=True)
                        print(target, path)
                    view.close()
                browser.close()
        finally:
            httpd.shutdown()
            httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
