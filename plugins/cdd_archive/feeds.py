"""The province and mission Atom feeds, and feeds that one article cannot break.

``write_group_feed`` writes a group's feed with feedgenerator, as Pelican's ``Writer.write_feed``
writes the all-news feed (same title, entries, dates, signals), except that the feed's alternate
link and id are the group's own page, not the site's home (feed readers take the id for the feed).

Every text value is made XML-safe before writing:

feedgenerator refuses characters XML 1.0 cannot carry (C0 controls but tab/newline/CR, U+FFFE,
U+FFFF, lone surrogates) with an exception, and Pelican writes the all-news feed inside the same
loop as the pages: a single control character in one title or body used to stop the whole build
(0 pages written). ``make_feed_safe`` runs at ``feed_generated`` (items added, nothing written yet)
for Pelican's feeds and ours alike. The values themselves are Pelican's: the title, the summary and
``get_content()``, i.e. the article HTML after cdd_thai.safe_html cleaned it at content_object_init,
never the Markdown source.
"""
from __future__ import annotations

import logging
import os
import re

from feedgenerator import Atom1Feed, get_tag_uri
from markupsafe import Markup
from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join, set_date_tzinfo

from cdd_patches.writer import open_output

logger = logging.getLogger(__name__)

# Not allowed by XML 1.0 (Char production), plus DEL and the C1 controls, which XML allows but no
# text needs (and which feed readers show as boxes).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """``value`` without characters XML cannot carry (strings, also Markup; other types as they are)."""
    if isinstance(value, str):
        cleaned = XML_ILLEGAL.sub("", value)
        if cleaned == value:
            return value
        return cleaned if type(value) is str else type(value)(cleaned)  # Markup stays Markup
    return value


def _clean(value):
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value  # dates, numbers, None


def make_feed_safe(feed) -> None:
    """Strip XML-illegal characters from a feedgenerator feed's own fields and all its items."""
    feed.feed = _clean(feed.feed)
    feed.items = [_clean(item) for item in feed.items]  # feedgenerator made categories strings


def on_feed_generated(context, feed=None) -> None:
    if feed is not None:
        make_feed_safe(feed)


def entry(item, site_url: str, urljoiner, settings) -> dict:
    """One article's Atom entry, as Pelican's writer makes it: the content in full, the summary
    only where it differs, the category and tags, both dates in the site's time zone."""
    link = urljoiner(site_url, item.url) + ("?ref=feed" if settings["FEED_APPEND_REF"] else "")
    content = item.get_content(site_url)
    summary = item.summary
    categories = ([item.category] if hasattr(item, "category") else []) + list(getattr(item, "tags", []))
    timezone = settings.get("TIMEZONE", None)
    return {
        "title": Markup(item.title).striptags(), "link": link, "unique_id": get_tag_uri(link, item.date),
        "description": None if summary == content else summary, "content": content,
        "categories": categories or None, "author_name": getattr(item, "author", ""),
        "pubdate": set_date_tzinfo(item.date, timezone),
        "updateddate": set_date_tzinfo(item.modified, timezone) if hasattr(item, "modified") else None,
    }


def group_feed(group, context, settings, urljoiner, page: str) -> Atom1Feed:
    """The Atom feed of a province or mission: its articles, newest first, at most FEED_MAX_ITEMS."""
    path = group.feed_save_as
    site_url = context.get("SITEURL", path_to_url(get_relative_path(path)))
    feed = Atom1Feed(
        title=Markup(f"{context['SITENAME']} - {group.name}").striptags(), link=page, feed_guid=page,
        feed_url=urljoiner(context.get("FEED_DOMAIN"), group.feed_url or path),
        description=context.get("SITESUBTITLE", ""), subtitle=context.get("SITESUBTITLE", None))
    for item in group.articles[: settings["FEED_MAX_ITEMS"]]:
        feed.add_item(**entry(item, site_url, urljoiner, settings))
    return feed


def write_group_feed(writer, group, context, page: str) -> None:
    """Write the group's feed into the writer's output, with Pelican's feed signals around it."""
    feed = group_feed(group, context, writer.settings, writer.urljoiner, page)
    signals.feed_generated.send(context, feed=feed)
    path = sanitised_join(writer.output_path, group.feed_save_as)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open_output(writer, path) as handle:
        feed.write(handle, "utf-8")
    logger.info('Writing "%s"', path)
    signals.feed_written.send(path, context=context, feed=feed)
