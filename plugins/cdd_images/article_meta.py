"""What article.html tells people and machines beyond cdd_archive.discovery's description: the two
dates (the event's and the publication's) and the photos (og:image, JSON-LD image).

Front matter: ``Date`` is the event's day; ``Published`` the post's own publication day when the
normaliser knows it; ``DateSource: published`` means ``Date`` is that publication day (the text gave
no event date). JSON-LD ``datePublished`` is the publication day, ``contentReferenceTime`` the event's.
"""
from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from cdd_archive import discovery


def publication_date(article) -> dt.date | None:
    if getattr(article, "datesource", "") == "published":
        return article.date.date()
    value = str(getattr(article, "published", "") or "").strip()[:10]
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def event_date(article) -> dt.date | None:
    return None if getattr(article, "datesource", "") == "published" else article.date.date()


def dates(article) -> list[tuple[str, str, dt.date]]:
    """(Thai label, ISO date, date) for the facts list: the event's and the publication's when known;
    one date whose kind is not known is just วันที่."""
    event, published = event_date(article), publication_date(article)
    if event and published:
        return [("วันที่จัดกิจกรรม", event.isoformat(), event), ("วันที่เผยแพร่", published.isoformat(), published)]
    if published:
        return [("วันที่เผยแพร่", published.isoformat(), published)]
    return [("วันที่", event.isoformat(), event)]


def _absolute(siteurl: str) -> bool:
    return siteurl.startswith(("https://", "http://"))


def images(article, siteurl: str) -> list[dict]:
    """The article's photos as absolute URLs (only under an absolute SITEURL: a relative og:image is
    useless to LINE or Facebook), the lead first."""
    if not _absolute(siteurl):
        return []
    return [{**p, "url": f"{siteurl.rstrip('/')}/{p['url']}"} for p in getattr(article, "photo_share", None) or ()]


def jsonld(article, siteurl: str = "", sitename: str = "") -> dict:
    data = discovery.news_article(article, siteurl, sitename)
    published, event = publication_date(article), event_date(article)
    if published and published != article.date.date():
        data["datePublished"] = published.isoformat()
    if event:
        data["contentReferenceTime"] = data["datePublished"] if published == event else article.date.isoformat()
    if not getattr(article, "modified", None):
        data["dateModified"] = data["datePublished"]
    photos = images(article, siteurl)
    if photos:
        data["image"] = [{"@type": "ImageObject", "url": p["url"], "width": p["w"], "height": p["h"],
                          **({"caption": p["alt"]} if p["alt"] else {})} for p in photos]
    return data


def open_graph(article, siteurl: str = "", sitename: str = "") -> list[tuple[str, str]]:
    pairs = discovery.open_graph(article, siteurl, sitename)
    published = publication_date(article)
    if published and published != article.date.date():
        pairs = [(k, published.isoformat() if k == "article:published_time" else v) for k, v in pairs]
    photos = images(article, siteurl)
    if photos:
        lead = photos[0]
        pairs += [("og:image", lead["url"]), ("og:image:type", "image/jpeg"),
                  ("og:image:width", str(lead["w"])), ("og:image:height", str(lead["h"]))]
        if lead["alt"]:
            pairs.append(("og:image:alt", lead["alt"]))
    return pairs


def add_filters(generator) -> None:
    settings = generator.settings
    siteurl, sitename = settings.get("SITEURL", ""), settings.get("SITENAME", "")
    env = generator.env
    env.filters["article_jsonld"] = lambda a: Markup(discovery.json_for_script(jsonld(a, siteurl, sitename)))
    env.filters["article_open_graph"] = lambda a: open_graph(a, siteurl, sitename)
    env.filters["article_dates"] = dates

