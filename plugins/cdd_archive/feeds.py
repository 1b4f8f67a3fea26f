"""Atom feeds that one article cannot break: every text value is made XML-safe before writing.

feedgenerator refuses characters XML 1.0 cannot carry (C0 controls but tab/newline/CR, U+FFFE,
U+FFFF, lone surrogates) with an exception, and Pelican writes the all-news feed inside the same
loop as the pages: a single control character in one title or body used to stop the whole build
(0 pages written). ``make_feed_safe`` runs at ``feed_generated`` (items added, nothing written yet)
for Pelican's feeds and ours alike. The values themselves are Pelican's: the title, the summary and
``get_content()``, i.e. the article HTML after cdd_thai.safe_html cleaned it at content_object_init,
never the Markdown source.
"""
from __future__ import annotations

import re

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
