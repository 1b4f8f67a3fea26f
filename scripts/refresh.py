#!/usr/bin/env python3
"""ปรับปรุงคลังข่าว / Refresh the archive: scrape the sites, normalise what came in, build the site.

usage: refresh.py [--config sites.toml] [--site NAME ...] [--base URL ...] [--raw DIR] [--content DIR]
                  [--output DIR] [--settings FILE] [--delay S]

The three steps of the data flow, one after the other; a step that fails stops the refresh:
  1. scripts/scrape.py: new and changed posts into the raw archive (default raw/scraped);
  2. scripts/normalize.py: the raw archive into Markdown articles (CONTENT/articles; a post edited on
     its site replaces its earlier article; what cannot be normalised goes to quarantine/ with a reason);
  3. scripts/build.py CONTENT -o OUTPUT -s SETTINGS: Pelican into a fresh folder that replaces OUTPUT
     once complete (a failed build keeps the previous site as it was).
A post that fails to download is reported by step 1 and fetched on the next refresh; the build goes on
with everything else.

    python scripts/refresh.py                                  # every site of sites.toml, into output/
    python scripts/refresh.py --base http://127.0.0.1:8000/rest/ --delay 0 --output /tmp/site
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts import build, normalize, scrape

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--config", help="sites file (default sites.toml)")
    parser.add_argument("--site", action="append", default=[], help="only this site of the config")
    parser.add_argument("--base", action="append", default=[], help="a site URL not in the config")
    parser.add_argument("--delay", help="seconds between two requests to one host")
    parser.add_argument("--raw", type=Path, default=ROOT / "raw" / "scraped", help="raw archive folder")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="Pelican content folder")
    parser.add_argument("--output", type=Path, default=ROOT / "output", help="built site")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py", help="Pelican settings")
    args = parser.parse_args(argv)

    scrape_args = ["-o", str(args.raw)]
    for flag in ("config", "delay"):
        if getattr(args, flag):
            scrape_args += [f"--{flag}", str(getattr(args, flag))]
    for flag in ("site", "base"):
        for value in getattr(args, flag):
            scrape_args += [f"--{flag}", value]
    print("1/3 เก็บข่าว / scraping", file=sys.stderr)
    code = scrape.main(scrape_args)
    if code:
        return code
    print("2/3 แปลงข่าว / normalising", file=sys.stderr)
    code = normalize.main(["-o", str(args.content / "articles"), str(args.raw)])
    if code:
        return code
    print("3/3 สร้างเว็บ / building", file=sys.stderr)
    # build.py runs Pelican in its own process (its plugin signals are process-wide).
    return build.main([str(args.content), "-o", str(args.output), "-s", str(args.settings)])


if __name__ == "__main__":
    sys.exit(main())
