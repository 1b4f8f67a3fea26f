"""Pelican's tag, category, author and period-archive lists in linear time.

Pelican 4.12 builds the date-ordered list of every tag, category and author page with
``[a for a in self.dates if a in articles]`` and every year/month archive with
``[a for a in articles if a in dates]``: a list scan per article, quadratic in the archive size
(about 10^8 comparisons per axis at 10,000 articles, more with automatic tags). These replacements,
installed on the ArticlesGenerator instance, give the same lists in the same order from a position
index, and skip the category and author pages entirely when their ``*_SAVE_AS`` is empty.
"""
from __future__ import annotations

import calendar
import logging
from collections import defaultdict
from itertools import groupby
from operator import attrgetter
from types import MethodType

from pelican.writers import FileOverwriteFailedError

from .writer import listing_batch

logger = logging.getLogger(__name__)


def in_order(articles, position: dict[int, int]) -> list:
    """``articles`` in the order of the list ``position`` indexes (id -> index)."""
    return sorted(articles, key=lambda article: position[id(article)])


def same_members(articles, members) -> list:
    """The items of ``articles`` that are in ``members``, in the order of ``articles``."""
    wanted = {id(member) for member in members}
    return [article for article in articles if id(article) in wanted]


def _write_axis(generator, write, items, template_name, attribute, save_as_setting):
    if not generator.settings.get(save_as_setting):
        return  # the pages are not wanted: nothing to sort either
    template = generator.get_template(template_name)
    position = {id(article): i for i, article in enumerate(generator.dates)}
    render = getattr(generator, "render_listings", None)
    # The pages of a run of items with a slug are written together (listing_batch: on every core);
    # an item without one is written alone, where Pelican's refusal of its page is caught.
    for has_slug, run in groupby(items, key=lambda pair: bool(pair[0].slug)):
        with listing_batch(write, render if has_slug else None):
            for item, articles in run:
                try:
                    write(item.save_as, template, generator.context, url=item.url,
                          articles=articles, dates=in_order(articles, position), template_name=template_name,
                          blog=True, page_name=item.page_name, all_articles=generator.articles,
                          **{attribute: item})
                except FileOverwriteFailedError:
                    if not item.slug:
                        logger.info('%s "%s" has an invalid slug; skipping its page', template_name, item)
                        continue
                    raise


def generate_tags(self, write):
    """Pelican's ArticlesGenerator.generate_tags, linear."""
    _write_axis(self, write, self.tags.items(), "tag", "tag", "TAG_SAVE_AS")


def generate_direct_templates(self, write):
    """Pelican's ArticlesGenerator.generate_direct_templates, the index's pages written together."""
    with listing_batch(write, getattr(self, "render_listings", None)):
        type(self).generate_direct_templates(self, write)


def generate_categories(self, write):
    """Pelican's ArticlesGenerator.generate_categories, linear; nothing when CATEGORY_SAVE_AS is empty."""
    _write_axis(self, write, self.categories, "category", "category", "CATEGORY_SAVE_AS")


def generate_authors(self, write):
    """Pelican's ArticlesGenerator.generate_authors, linear; nothing when AUTHOR_SAVE_AS is empty."""
    _write_axis(self, write, self.authors, "author", "author", "AUTHOR_SAVE_AS")


def build_period_archives(self, sorted_articles, articles, settings):
    """Pelican's ArticlesGenerator._build_period_archives, linear per period."""
    period_archives = defaultdict(list)
    keys = {
        "year": attrgetter("date.year"),
        "month": attrgetter("date.year", "date.month"),
        "day": attrgetter("date.year", "date.month", "date.day"),
    }
    for granularity in ("year", "month", "day"):
        save_as_fmt = settings[f"{granularity.upper()}_ARCHIVE_SAVE_AS"]
        url_fmt = settings[f"{granularity.upper()}_ARCHIVE_URL"]
        if not save_as_fmt:
            continue
        for period, group in groupby(sorted_articles, key=keys[granularity]):
            dates = list(group)
            d = dates[0].date
            archive = {"dates": dates, "articles": same_members(articles, dates),
                       "save_as": save_as_fmt.format(date=d), "url": url_fmt.format(date=d)}
            if granularity == "year":
                archive["period"] = archive["period_num"] = (period,)
            else:
                month_name = calendar.month_name[period[1]]
                archive["period"] = (period[0], month_name) + ((period[2],) if granularity == "day" else ())
                archive["period_num"] = tuple(period)
            period_archives[granularity].append(archive)
    return period_archives


def install_linear_lists(generator) -> None:
    """Replace the quadratic methods on this ArticlesGenerator instance."""
    generator.generate_tags = MethodType(generate_tags, generator)
    generator.generate_direct_templates = MethodType(generate_direct_templates, generator)
    generator.generate_categories = MethodType(generate_categories, generator)
    generator.generate_authors = MethodType(generate_authors, generator)
    generator._build_period_archives = MethodType(build_period_archives, generator)
