"""Archive groups: articles by province, mission, year and month, built once with dicts.

Plain functions on articles (any objects with ``date``, ``metadata``, ``source_path``), tested without
Pelican. The Thai names, slugs and BE years all come from cdd_thai.
"""
from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass, field

from cdd_thai import dates, missions, provinces
from cdd_thai.text import compose_thai, html_to_line

logger = logging.getLogger(__name__)

SHADE_LEVELS = 5  # map shading classes q1..q5 (q0 = no article)


@dataclass
class Archive:
    """One listing page (and its feed): a province, a mission, a year or a month."""

    kind: str  # "province", "mission", "year" or "month"
    slug: str
    name: str  # the Thai heading
    url: str
    save_as: str
    subject: object = None  # Province, Mission or datetime.date
    articles: list = field(default_factory=list)  # newest first
    feed_url: str = ""
    feed_save_as: str = ""
    level: int = 0  # shading class on the map
    chart: str = ""  # articles per month (charts.month_chart), on the first page
    by_year: list = field(default_factory=list)  # [(BE year, count)], newest first
    by_other: list = field(default_factory=list)  # [(Archive of the other axis, count)], most first

    @property
    def count(self) -> int:
        return len(self.articles)

    def __str__(self) -> str:
        return self.name


def thai_slug(slug: str) -> str:
    """A tag slug with SARA AM restored after Pelican's NFKC normalisation (ภารกิจสำคัญ typed by a
    reader must match): cdd_thai.text.compose_thai."""
    return compose_thai(slug)


def fix_tag_slugs(articles) -> None:
    """Restore SARA AM in every tag slug, before Pelican groups the articles by tag."""
    for article in articles:
        for tag in getattr(article, "tags", None) or ():
            fixed = thai_slug(tag.slug)
            if fixed != tag.slug:
                tag.slug = fixed


def resolve_provinces(value, source: str = "") -> list:
    """Province objects for a ``Provinces`` field; unknown names are logged (file named), skipped."""
    return provinces.resolve_provinces(value, on_unknown=lambda name: logger.error(
        "%s: ไม่รู้จักจังหวัด '%s' / unknown province '%s'", source, name, name))


def resolve_missions(value, source: str = "") -> list:
    """Mission objects for a ``Missions`` field (slugs); unknown slugs are logged and skipped."""
    return missions.resolve_missions(value, on_unknown=lambda slug: logger.error(
        "%s: ไม่รู้จักภารกิจ '%s' / unknown mission '%s'", source, slug, slug))


def attach(articles) -> None:
    """Give every article ``province_list`` and ``mission_list`` from its front matter."""
    for article in articles:
        source = getattr(article, "source_path", "") or ""
        meta = article.metadata
        article.province_list = resolve_provinces(meta.get("provinces"), source)
        article.mission_list = resolve_missions(meta.get("missions"), source)


SUMMARY_CHARS = 200


def plain_summary(summary_html: str, limit: int = SUMMARY_CHARS) -> str:
    """The summary as plain text for listings, cut at ``limit`` characters (Thai has no spaces)."""
    text = html_to_line(summary_html or "")
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def cache_listing_fields(articles) -> None:
    """Compute once what every listing shows, instead of once per listing page.

    Pelican's ``Content.url`` formats the URL pattern (with a slow strftime) on every access;
    ``override_url`` is the hook it reads first, so storing the value there caches it unchanged.
    """
    for article in articles:
        article.override_url = article.url
        article.date_iso = article.date.date().isoformat()
        article.list_summary = plain_summary(article.metadata.get("summary") or "")


def _fill(pattern: str, **values) -> str:
    return pattern.format(**values) if pattern else ""


def shade_level(count: int, max_count: int, levels: int = SHADE_LEVELS) -> int:
    """0 for no article, else 1..levels on a log scale up to the largest count."""
    if count <= 0:
        return 0
    if max_count <= 1:
        return levels
    return 1 + min(levels - 1, int((levels - 1) * math.log(count) / math.log(max_count) + 0.5))


def _by_subject(kind: str, subjects, articles, options: dict) -> dict[str, Archive]:
    """An archive per subject (in the given order) with the articles whose ``<kind>_list`` names it,
    newest first; its URL, file and feed from the options ``<kind>_url``, ``<kind>_save_as``, ..."""
    url, save_as = options[f"{kind}_url"], options[f"{kind}_save_as"]
    feed_save_as = options.get(f"{kind}_feed_atom")
    feed_url = options.get(f"{kind}_feed_url") or feed_save_as
    groups = {
        s.slug: Archive(
            kind, s.slug, s.name_th, _fill(url, slug=s.slug), _fill(save_as, slug=s.slug),
            subject=s, feed_url=_fill(feed_url, slug=s.slug), feed_save_as=_fill(feed_save_as, slug=s.slug),
        )
        for s in subjects
    }
    for article in articles:
        for s in getattr(article, f"{kind}_list"):
            groups[s.slug].articles.append(article)
    return groups


def by_province(articles, options: dict) -> dict[str, Archive]:
    """Every province (the 77 + ส่วนกลาง, in Thai order), with its articles newest first and its map
    shading."""
    groups = _by_subject("province", provinces.ALL, articles, options)
    top = max((g.count for g in groups.values()), default=0)
    for group in groups.values():
        group.level = shade_level(group.count, top)
    return groups


def by_mission(articles, options: dict) -> dict[str, Archive]:
    """Every mission of the taxonomy, in its order, with its articles newest first."""
    return _by_subject("mission", missions.MISSIONS, articles, options)


def by_period(articles, options: dict) -> tuple[list[Archive], dict[int, list[Archive]]]:
    """Years (newest first) and, per year, its months (newest first), only those with articles."""
    years: dict[int, Archive] = {}
    months: dict[tuple[int, int], Archive] = {}
    for article in articles:
        d = article.date
        year = years.get(d.year)
        if year is None:
            first = dt.date(d.year, 1, 1)
            year = years[d.year] = Archive(
                "year", str(d.year), f"พ.ศ. {dates.be_year(d.year)}",
                _fill(options["year_url"], year=d.year), _fill(options["year_save_as"], year=d.year),
                subject=first,
            )
        year.articles.append(article)
        month = months.get((d.year, d.month))
        if month is None:
            first = dt.date(d.year, d.month, 1)
            month = months[(d.year, d.month)] = Archive(
                "month", f"{d.year}-{d.month:02d}", dates.format_thai_date(first, month_only=True),
                _fill(options["month_url"], year=d.year, month=d.month),
                _fill(options["month_save_as"], year=d.year, month=d.month),
                subject=first,
            )
        month.articles.append(article)
    ordered_years = sorted(years.values(), key=lambda a: a.subject, reverse=True)
    per_year: dict[int, list[Archive]] = {y.subject.year: [] for y in ordered_years}
    for key in sorted(months, reverse=True):
        per_year[key[0]].append(months[key])
    return ordered_years, per_year


def link_neighbours(articles_oldest_first) -> None:
    """``older_article`` and ``newer_article`` on each article (None at the ends)."""
    previous = None
    for article in articles_oldest_first:
        article.older_article = previous
        article.newer_article = None
        if previous is not None:
            previous.newer_article = article
        previous = article


def fiscal_year(day) -> int:
    """The CE year a Thai fiscal year ends in: ปีงบประมาณ 2568 runs 1 October 2567 – 30 September 2568."""
    return day.year + 1 if day.month >= dates.FISCAL_START else day.year


def by_fiscal_year(articles, options: dict) -> list[Archive]:
    """Fiscal years (newest first) with their articles newest first, only those with articles."""
    years: dict[int, Archive] = {}
    for article in articles:
        year = fiscal_year(article.date)
        group = years.get(year)
        if group is None:
            be = dates.be_year(year)
            group = years[year] = Archive(
                "fiscal", str(be), f"ปีงบประมาณ {be}",
                _fill(options["fiscal_url"], be=be), _fill(options["fiscal_save_as"], be=be),
                subject=dt.date(year - 1, dates.FISCAL_START, 1),
            )
        group.articles.append(article)
    return sorted(years.values(), key=lambda a: a.subject, reverse=True)


def narrowing(group: Archive, axis: str) -> None:
    """``by_year`` and ``by_other`` (missions of a province, provinces of a mission) with counts."""
    years: dict[int, int] = {}
    others: dict[str, list] = {}
    for article in group.articles:
        be = dates.be_year(article.date.year)
        years[be] = years.get(be, 0) + 1
        for other in getattr(article, axis):
            others.setdefault(other.slug, [other, 0])[1] += 1
    group.by_year = sorted(years.items(), reverse=True)
    group.by_other = sorted((tuple(v) for v in others.values()), key=lambda v: (-v[1], v[0].slug))


TOP_TAGS = 24  # the tag index leads with this many of the most used tags


def tag_index(tags, top: int = TOP_TAGS) -> dict:
    """The tag index: the most used tags (on two articles or more) with their counts, then every tag
    in Thai dictionary order under its first letter (a leading vowel เ แ โ ใ ไ is skipped, as in a
    dictionary). ``tags`` is Pelican's [(Tag, articles)]."""
    from cdd_thai import collation

    counted = [(tag, len(articles)) for tag, articles in tags]
    most = sorted((t for t in counted if t[1] >= 2), key=lambda t: (-t[1], collation.thai_sort_key(t[0].name)))
    letters: dict[str, list] = {}
    for tag, count in sorted(counted, key=lambda t: collation.thai_sort_key(t[0].name)):
        name = tag.name.lstrip("เแโใไ")
        letter = name[:1].upper() if name else "#"
        letters.setdefault(letter if letter.isalpha() else "#", []).append((tag, count))
    return {"top": most[:top], "letters": list(letters.items()), "total": len(counted)}
