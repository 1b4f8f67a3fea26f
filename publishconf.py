"""Production settings: absolute URLs under SITEURL, Atom feeds (all, per province, per mission),
sitemap.xml. Build: ``python scripts/build.py content -o output -s publishconf.py`` (into a fresh
folder swapped in when complete: a failed build leaves the published output as it was; plain
``pelican content -o output -s publishconf.py`` works too, in place).

SITEURL comes from the environment variable CDD_SITEURL when set (e.g. a staging host).
"""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("CDD_SITEURL", "https://news.cdd.go.th").rstrip("/")
RELATIVE_URLS = False

FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = None
TAG_FEED_ATOM = None
CDD_ARCHIVE = {
    **CDD_ARCHIVE,  # noqa: F405
    "province_feed_atom": "feeds/province/{slug}.atom.xml",
    "mission_feed_atom": "feeds/mission/{slug}.atom.xml",
    "sitemap": "sitemap.xml",
}

DELETE_OUTPUT_DIRECTORY = True
