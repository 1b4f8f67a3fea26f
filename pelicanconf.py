"""Pelican settings for the CDD News Archive (development: relative URLs, no feeds).

Build: ``pelican content -o output -s pelicanconf.py`` (or ``make site``).
Production settings (absolute URLs, feeds) are in publishconf.py.
"""
from pathlib import Path

_HERE = Path(__file__).resolve().parent

AUTHOR = "กรมการพัฒนาชุมชน"
SITENAME = "คลังข่าวกรมการพัฒนาชุมชน"
SITESUBTITLE = "ข่าวประชาสัมพันธ์ของกรมการพัฒนาชุมชน (พช.) ค้นตามวันที่ จังหวัด และภารกิจ"
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]  # photos (the editor uploads to content/images -> /images/)
THEME = str(_HERE / "theme")

TIMEZONE = "Asia/Bangkok"
DEFAULT_LANG = "th"
# No metadata from file names: every article's Date is required in its front matter (cdd_validate), so
# Pelican's default (a date parsed from "2020-10-05-….md" and then replaced by the file's Date) only
# cost a date parse per article and per build (~0.4 s at 10,000 articles, on a rebuild too).
FILENAME_METADATA = ""
DEFAULT_DATE_FORMAT = "%Y-%m-%d"  # templates show dates with the thai_date filter instead
# Markdown only: docutils has no Thai localisation and warns; an .html file in content/ would be
# published as an article without the validator's checks.
READERS = {"rst": None, "html": None, "htm": None}

# Every value a template prints is escaped; only the sanitised HTML (content, summary: see
# plugins/cdd_thai/safe_html.py) and the plugins' own Markup (JSON-LD, listing entries) are not.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True}

# Plugins: list order is signal order. One name per line, so each owner edits only their line. Each is
# a package of the installed project (pyproject.toml), imported by its name: no PLUGIN_PATHS.
PLUGINS = [
    "cdd_validate",
    "cdd_autotags",
    "cdd_incremental",
    "cdd_incremental.parallel",  # reading in forked workers on every core (CDD_JOBS below)
    "cdd_archive",
    "thai_search",
    "cdd_images",  # responsive, EXIF-free derivatives of content/images photos (Pillow)
]  # scripts/edit.py (make edit) adds cdd_admin, the browser editor at /admin/, for local mode

# URLs: ASCII article slugs come from the front matter (Slug:), written by the normaliser.
ARTICLE_URL = "news/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "news/{date:%Y}/{slug}/index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# Drafts are never written (Pelican's default output/drafts/ would be published by rsync);
# hidden articles are not written either (plugins/cdd_validate).
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

# Thai tag slugs: keep Thai letters, vowels and tone marks (the default regex drops the marks:
# พัฒนาชุมชน would become พฒนาชมชน), so tag URLs stay readable: tag/โคก-หนอง-นา/.
SLUGIFY_USE_UNICODE = True
TAG_REGEX_SUBSTITUTIONS = [
    (r"[^\w\s\u0E00-\u0E7F-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tag/"
TAGS_SAVE_AS = "tag/index.html"

# No categories and authors as browsing axes: provinces and missions replace them.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""

# Date archives are written by cdd_archive (year YYYY/, month YYYY/MM/, Thai months, BE years);
# Pelican's own period archives stay off (they contain a quadratic step).
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# Province, mission and date archives, their feeds and sitemap.xml (plugins/cdd_archive).
CDD_ARCHIVE = {
    "province_url": "province/{slug}/",
    "province_save_as": "province/{slug}/index.html",
    "mission_url": "mission/{slug}/",
    "mission_save_as": "mission/{slug}/index.html",
    "year_url": "{year}/",
    "year_save_as": "{year}/index.html",
    "month_url": "{year}/{month:02d}/",
    "month_save_as": "{year}/{month:02d}/index.html",
    "province_feed_atom": None,  # publishconf.py turns the feeds on
    "mission_feed_atom": None,
    "related": 5,
}

INDEX_URL = ""
DIRECT_TEMPLATES = ["index", "tags", "search", "404"]  # 404 -> 404.html
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
# Thai search index (plugins/thai_search): written under output/search/idx/.
THAI_SEARCH = {"enabled": True, "output": "search/idx", "cache_name": "thai_search_tokens.json"}

DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
]
PAGINATED_TEMPLATES = {"index": None, "tag": None, "province": None, "mission": None, "year": None, "month": None}
ARTICLE_ORDER_BY = "reversed-date"

# Development: no feeds (publishconf.py turns them on).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True

# Processes for the build (plugins/cdd_incremental/parallel.py: the source files not in the content
# cache are read, validated and sanitised in forked workers, then Pelican's own loop finds them all in
# the cache; the site is byte for byte the one-process one). None: every core this process may use;
# 1: one process. ``scripts/build.py -j N`` sets it; so does ``pelican -e CDD_JOBS=N``.
CDD_JOBS = None
