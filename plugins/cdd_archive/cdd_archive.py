"""Browse the archive by province, mission, year and month; feeds, sitemap, related articles.

Settings: one dict ``CDD_ARCHIVE`` merged over ``DEFAULTS`` (URL patterns, feed paths, sitemap,
number of related articles). Thai names, slugs and Buddhist-Era years come from cdd_thai.

- ``article_generator_finalized``: every article gets ``province_list``, ``mission_list``,
  ``older_article``/``newer_article`` and ``related``; the groups are built once (dicts, no
  quadratic step) and put in the shared template context.
- ``article_writer_finalized``: the province, mission, year and month pages (paginated) with their
  indexes, and the Atom feeds per province and per mission when their paths are set.
- ``content_written`` + a generator of ours: sitemap.xml of every HTML page written (when SITEURL
  is set), written once Pelican's generators have written their pages.
- ``feed_generated``: every feed value XML-safe (feeds.py), so one control character cannot stop
  the build.
"""
from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from pelican.urlwrappers import Category

from cdd_patches.writer import listing_batch
from cdd_thai import collation, dates, provinces
from cdd_thai.text import atomic_write

from . import charts, discovery, feeds, groups, related, thai_map

logger = logging.getLogger(__name__)

DEFAULTS = {
    "province_url": "province/{slug}/",
    "province_save_as": "province/{slug}/index.html",
    "provinces_url": "province/",
    "provinces_save_as": "province/index.html",
    "mission_url": "mission/{slug}/",
    "mission_save_as": "mission/{slug}/index.html",
    "missions_url": "mission/",
    "missions_save_as": "mission/index.html",
    "year_url": "{year}/",
    "year_save_as": "{year}/index.html",
    "month_url": "{year}/{month:02d}/",
    "month_save_as": "{year}/{month:02d}/index.html",
    "fiscal_url": "fiscal/{be}/",  # ปีงบประมาณ, named by its BE year
    "fiscal_save_as": "fiscal/{be}/index.html",
    "periods_url": "archive/",
    "periods_save_as": "archive/index.html",
    "province_feed_atom": None,  # e.g. "feeds/province/{slug}.atom.xml"
    "mission_feed_atom": None,  # e.g. "feeds/mission/{slug}.atom.xml"
    "sitemap": "sitemap.xml",  # written only when SITEURL is set; None to turn off
    "related": 5,
    "empty_province_pages": True,  # every map area links to a page, even with no news yet
}
# Templates that the plugin paginates (added to PAGINATED_TEMPLATES when missing).
PAGINATED = ("province", "mission", "year", "month", "fiscal")


def settings_of(settings) -> dict:
    return {**DEFAULTS, **(settings.get("CDD_ARCHIVE") or {})}


# --- Jinja filters -------------------------------------------------------------------------

def thai_date(value, month_only: bool = False, short: bool = False) -> str:
    """30 ตุลาคม 2563 for a date or datetime (cdd_thai.dates does the BE conversion)."""
    if value is None:
        return ""
    day = value.date() if hasattr(value, "date") and callable(value.date) else value
    return dates.format_thai_date(day, month_only=month_only, short=short)


def be_year(value) -> int:
    """The Buddhist-Era year of a date, datetime or CE year number."""
    return dates.be_year(value if isinstance(value, int) else value.year)


SITEURL_MARK = "\ue000SITEURL\ue000"  # a private-use character pair: never in real text
# (id(article), heading level) -> the entry's HTML with SITEURL_MARK; emptied at every build. Kept
# off the article objects so that what cdd_incremental fingerprints does not change mid-build.
_LIST_HTML: dict[tuple[int, int], str] = {}


@pass_context
def news_item(context, article, level: int = 2) -> Markup:
    """The article's listing entry (partials/news_item.html), rendered once per build and level.

    An article appears in some twenty listings (home, tags, province, missions, year, month,
    related); rendering its entry once and swapping in each page's SITEURL keeps list pages cheap.
    """
    key = (id(article), level)
    html = _LIST_HTML.get(key)
    if html is None:
        template = context.environment.get_template("partials/news_item.html")
        html = _LIST_HTML[key] = template.render(
            article=article, hl=level, SITEURL=SITEURL_MARK,
            province_archives=context.get("province_archives") or {})
    return Markup(html.replace(SITEURL_MARK, context.get("SITEURL", "")))


def forget_listing_entry(article) -> None:
    """Drop ``article``'s rendered listing entries (news_item), at every heading level: make serve's
    quick phase (scripts/quick_preview.py) replaces an article after the build that rendered them."""
    for key in [key for key in _LIST_HTML if key[0] == id(article)]:
        del _LIST_HTML[key]


def _attribute(item, path):
    """item.a.b or item[0].b for a dotted path as Jinja's sort(attribute=...) takes it."""
    for part in (path or "").split(".") if path else ():
        item = item[int(part)] if part.isdigit() else getattr(item, part)
    return item


def _add_filters(generator) -> None:
    settings = generator.settings
    siteurl, sitename = settings.get("SITEURL", ""), settings.get("SITENAME", "")
    env = generator.env
    env.filters["thai_date"] = thai_date
    env.filters["be_year"] = be_year
    env.filters["thai_sorted"] = lambda items, attribute=None: sorted(
        items, key=lambda item: collation.thai_sort_key(str(_attribute(item, attribute))))
    env.filters["news_item"] = news_item
    env.filters["tag_index"] = groups.tag_index
    env.filters["news_jsonld"] = lambda a: Markup(discovery.json_for_script(
        discovery.news_article(a, siteurl, sitename)))
    env.filters["open_graph"] = lambda a: discovery.open_graph(a, siteurl, sitename)
    env.filters["absolute_url"] = lambda url: discovery.absolute(siteurl, url)
    paginated = settings.setdefault("PAGINATED_TEMPLATES", {})
    for name in PAGINATED:
        paginated.setdefault(name, None)


def fix_tag_slugs(generator) -> None:
    """Thai tag slugs keep SARA AM (see groups.thai_slug)."""
    groups.fix_tag_slugs(generator.articles)
    groups.fix_tag_slugs(getattr(generator, "drafts", ()))


# --- grouping --------------------------------------------------------------------------------

def group_articles(generator) -> None:
    """Attach provinces, missions, neighbours and related articles; build every group once."""
    options = settings_of(generator.settings)
    _LIST_HTML.clear()
    articles = generator.articles  # newest first (ARTICLE_ORDER_BY = "reversed-date")
    unlisted = [*generator.drafts, *getattr(generator, "hidden_articles", [])]
    for draft in [*generator.drafts, *getattr(generator, "drafts_translations", [])]:
        # With CATEGORY_SAVE_AS = "" Pelican gives no article a category, yet its
        # generate_drafts reads draft.category: without this a single "Status: draft" file
        # would stop the whole build.
        if not hasattr(draft, "category"):
            draft.category = Category(generator.settings.get("DEFAULT_CATEGORY", "misc"), generator.settings)
    groups.cache_listing_fields([*articles, *unlisted])  # drafts render with article.html too
    groups.attach([*articles, *unlisted])
    oldest_first = sorted(articles, key=lambda a: a.date)
    groups.link_neighbours(oldest_first)
    articles = oldest_first[::-1]
    by_province = groups.by_province(articles, options)
    by_mission = groups.by_mission(articles, options)
    years, months = groups.by_period(articles, options)
    fiscal_years = groups.by_fiscal_year(articles, options)
    add_charts(by_province, by_mission, years, fiscal_years)
    if options["related"]:
        lists = [g.articles for g in by_province.values()] + [g.articles for g in by_mission.values()]
        ranked = related.related_articles(articles, lists, k=options["related"])
        for article in articles:
            article.related = ranked.get(id(article), [])
    context = generator.context
    context["province_archives"] = by_province
    context["mission_archives"] = by_mission
    context["year_archives"] = years
    context["month_archives"] = months
    context["fiscal_archives"] = fiscal_years
    context["month_index"] = {m.slug: m for ms in months.values() for m in ms}  # "YYYY-MM"
    context["province_map"] = thai_map.province_map(by_province)
    context["province_regions"] = provinces.REGIONS
    context["PROVINCES_URL"] = options["provinces_url"]
    context["MISSIONS_URL"] = options["missions_url"]
    context["PERIODS_URL"] = options["periods_url"]


def add_charts(by_province, by_mission, years, fiscal_years) -> None:
    """Articles per month on year and fiscal-year pages (their twelve months) and on province and
    mission pages (the whole archive's span, so two provinces' charts compare), with the year and
    other-axis counts that narrow a province or mission page."""
    everything = [a for year in years for a in year.articles]
    if not everything:
        return
    span = charts.month_span(min((a.date.year, a.date.month) for a in everything),
                             max((a.date.year, a.date.month) for a in everything))
    for group in years:
        y = group.subject.year
        group.chart = charts.month_chart(charts.monthly_counts(group.articles), charts.month_span((y, 1), (y, 12)),
                                         chart_id="chart", title=f"ข่าวปี {group.name} รายเดือน")
    for group in fiscal_years:
        start = group.subject
        group.chart = charts.month_chart(
            charts.monthly_counts(group.articles), charts.month_span((start.year, start.month), (start.year + 1, 9)),
            chart_id="chart", title=f"ข่าว{group.name} รายเดือน")
    for archives, other in ((by_province, "mission_list"), (by_mission, "province_list")):
        for group in archives.values():
            if group.articles:
                groups.narrowing(group, other)
                group.chart = charts.month_chart(charts.monthly_counts(group.articles), span,
                                                 chart_id="chart", title=f"ข่าวของ{group.name} รายเดือน")


# --- writing ---------------------------------------------------------------------------------

def write_archives(generator, writer) -> None:
    """The province, mission, year and month pages, their indexes and their feeds."""
    options = settings_of(generator.settings)
    settings = generator.settings
    context = generator.context
    write = partial(writer.write_file, relative_urls=settings["RELATIVE_URLS"])

    def listing(template_name, group, **extra):
        write(group.save_as, generator.get_template(template_name), context,
              paginated={"articles": group.articles}, template_name=template_name,
              url=group.url, archive=group, articles=group.articles, page_name=group.url.rstrip("/"),
              blog=True, **extra)

    # written together at the end of the block, in this order (on every core: cdd_incremental.parallel)
    with listing_batch(write, getattr(generator, "render_listings", None)):
        for group in context["province_archives"].values():
            if group.articles or options["empty_province_pages"]:
                listing("province", group, province=group.subject)
        for group in context["mission_archives"].values():
            listing("mission", group, mission=group.subject)
        for year in context["year_archives"]:
            listing("year", year, months=context["month_archives"][year.subject.year])
            for month in context["month_archives"][year.subject.year]:
                listing("month", month, year_archive=year)
        for fiscal in context["fiscal_archives"]:
            start = fiscal.subject
            in_year = [m for y in (start.year, start.year + 1) for m in context["month_archives"].get(y, [])
                       if groups.fiscal_year(m.subject) == start.year + 1]
            listing("fiscal", fiscal, months=sorted(in_year, key=lambda m: m.subject))

    for template_name, save_as, url in (
        ("provinces", options["provinces_save_as"], options["provinces_url"]),
        ("missions", options["missions_save_as"], options["missions_url"]),
        ("periods", options["periods_save_as"], options["periods_url"]),
    ):
        write(save_as, generator.get_template(template_name), context, url=url,
              template_name=template_name, page_name=url.rstrip("/"))

    for kind in ("province", "mission"):
        if not options[f"{kind}_feed_atom"]:
            continue
        for group in context[f"{kind}_archives"].values():
            if group.articles:
                feeds.write_group_feed(writer, group, context,
                                       discovery.absolute(context.get("SITEURL", ""), group.url))


# --- sitemap ---------------------------------------------------------------------------------

class Sitemap:
    """Collects every HTML page written during one build; writes sitemap.xml at the end."""

    def __init__(self):
        self.pages: dict[str, object] = {}

    def reset(self, *_args, **_kwargs):
        self.pages = {}
        return None

    def add(self, path, context=None):
        if not str(path).endswith(".html") or context is None:
            return
        article = context.get("article") or context.get("page")
        if article is not None and getattr(article, "status", "published") != "published":
            return  # drafts and hidden pages stay out of the sitemap
        archive = context.get("archive")
        if archive is not None and not getattr(archive, "articles", True):
            return  # a province or mission with no news yet: linked from the map, not worth indexing
        lastmod = None
        if article is not None:
            value = getattr(article, "modified", None) or getattr(article, "date", None)
            lastmod = value.date() if value is not None else None
        self.pages[str(path)] = lastmod

    def finish(self, pelican):
        options = settings_of(pelican.settings)
        siteurl = pelican.settings.get("SITEURL", "")
        if not options["sitemap"] or not siteurl:
            return
        output = Path(pelican.output_path)
        entries = []
        for path, lastmod in sorted(self.pages.items()):
            relative = Path(path).relative_to(output).as_posix()
            if relative.endswith("index.html"):
                relative = relative[: -len("index.html")]
            if relative.startswith("theme/") or relative == "404.html":
                continue
            entries.append((relative, lastmod))
        target = output / options["sitemap"]
        atomic_write(target, discovery.sitemap_xml(entries, siteurl))  # never a half-written sitemap
        logger.info("Writing %s (%d pages)", target, len(entries))


SITEMAP = Sitemap()


class SitemapGenerator:
    """Writes sitemap.xml. Pelican runs plugin generators after its own (every page is written by
    then) and before ``finalized``, whose handlers run in no fixed order: a strict validation
    error raised there can no longer leave the site without its sitemap."""

    def __init__(self, *, settings, output_path, **_kwargs):
        self.settings, self.output_path = settings, output_path

    def generate_output(self, writer) -> None:
        SITEMAP.finish(self)


def sitemap_generator(pelican_object):
    """get_generators fires at the start of every run (also under --autoreload): a fresh sitemap."""
    SITEMAP.reset()
    return SitemapGenerator


def register():
    """Wire the archive in; each handler says why it sits on its signal."""
    # generator_init: every generator (articles and pages) renders with the Thai filters.
    signals.generator_init.connect(_add_filters)
    # article_generator_pretaxonomy: tags exist (cdd_autotags, listed before us, filled empty ones)
    # but Pelican has not grouped articles by tag yet.
    signals.article_generator_pretaxonomy.connect(fix_tag_slugs)
    # article_generator_finalized: all articles are read, validated and tagged; nothing written yet.
    signals.article_generator_finalized.connect(group_articles)
    # article_writer_finalized: Pelican's own pages are written; ours go out with the same writer.
    signals.article_writer_finalized.connect(write_archives)
    signals.get_generators.connect(sitemap_generator)
    signals.content_written.connect(SITEMAP.add)
    # feed_generated: the feed's items are added, nothing is written yet.
    signals.feed_generated.connect(feeds.on_feed_generated)
