"""Production settings: absolute URLs under SITEURL, Atom feeds (all, per province, per mission),
sitemap.xml. Build: ``python scripts/build.py content -o output -s publishconf.py`` (into a fresh
folder swapped in when complete: a failed build leaves the published output as it was; plain
``pelican content -o output -s publishconf.py`` works too, in place).

SITEURL comes from the environment variable CDD_SITEURL when set (e.g. a staging host).
"""
import os
import runpy
from pathlib import Path

# Every setting of pelicanconf.py (its public upper-case names: what Pelican reads), read by its path:
# a settings file is not a module of the installed package.
_pelicanconf = runpy.run_path(str(Path(__file__).resolve().with_name("pelicanconf.py")))
globals().update((name, value) for name, value in _pelicanconf.items()
                 if name.isupper() and not name.startswith("_"))

SITEURL = os.environ.get("CDD_SITEURL", "https://news.cdd.go.th").rstrip("/")
RELATIVE_URLS = False

FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = None
TAG_FEED_ATOM = None
CDD_ARCHIVE = {
    **_pelicanconf["CDD_ARCHIVE"],
    "province_feed_atom": "feeds/province/{slug}.atom.xml",
    "mission_feed_atom": "feeds/mission/{slug}.atom.xml",
    "sitemap": "sitemap.xml",
}

DELETE_OUTPUT_DIRECTORY = True
