"""What search engines and feed readers see: schema.org NewsArticle JSON-LD, Open Graph, sitemap.xml."""
from __future__ import annotations

import json
from urllib.parse import quote
from xml.sax.saxutils import escape

from cdd_thai.text import html_to_line


PUBLISHER = "กรมการพัฒนาชุมชน"


def absolute(siteurl: str, url: str) -> str:
    """The page's URL under SITEURL (left relative when SITEURL is empty, as in development)."""
    return f"{siteurl.rstrip('/')}/{url}" if siteurl else url


def _iso(value) -> str:
    return value.isoformat() if value is not None else ""


def plain_summary(article) -> str:
    """The article's summary as plain text (Pelican renders the Summary field as HTML)."""
    summary = article.metadata.get("summary")
    return html_to_line(str(summary)) if summary else ""


def headline(title: str, limit: int = 110) -> str:
    """schema.org's headline: at most 110 characters, cut between words (Thai spaces separate phrases)."""
    if len(title) <= limit:
        return title
    cut = title.rfind(" ", 0, limit)
    return title[:cut if cut > limit // 2 else limit - 1].rstrip() + "…"


def news_article(article, siteurl: str = "", sitename: str = "") -> dict:
    """The schema.org NewsArticle description of an article."""
    url = absolute(siteurl, article.url)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline(str(article.title)),
        "name": str(article.title),
        "inLanguage": "th",
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": _iso(article.date),
        "dateModified": _iso(getattr(article, "modified", None) or article.date),
        "publisher": {"@type": "GovernmentOrganization", "name": PUBLISHER},
        "isPartOf": {"@type": "WebSite", "name": sitename, "url": absolute(siteurl, "")},
    }
    author = getattr(article, "author", None)
    credit = str(author) if author and str(author) != PUBLISHER else ""
    data["author"] = ({"@type": "Person", "name": credit} if credit
                      else {"@type": "GovernmentOrganization", "name": PUBLISHER})
    summary = plain_summary(article)
    if summary:
        data["description"] = summary
    places = [p.name_th for p in getattr(article, "province_list", ()) if p.slug != "central"]
    if places:
        data["contentLocation"] = [{"@type": "AdministrativeArea", "name": f"จังหวัด{n}"} for n in places]
    subjects = [m.name_th for m in getattr(article, "mission_list", ())]
    if subjects:
        data["about"] = [{"@type": "Thing", "name": n} for n in subjects]
    tags = [str(t) for t in getattr(article, "tags", None) or ()]
    if tags:
        data["keywords"] = tags
    return data


def json_for_script(data: dict) -> str:
    """JSON safe inside <script>: no '</', no '<!--' and no HTML-special characters."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def open_graph(article, siteurl: str = "", sitename: str = "") -> list[tuple[str, str]]:
    """Open Graph (property, content) pairs for an article page."""
    pairs = [
        ("og:type", "article"),
        ("og:title", str(article.title)),
        ("og:url", absolute(siteurl, article.url)),
        ("og:site_name", sitename),
        ("og:locale", "th_TH"),
        ("article:published_time", _iso(article.date)),
    ]
    summary = plain_summary(article)
    if summary:
        pairs.append(("og:description", summary))
    pairs += [("article:section", m.name_th) for m in getattr(article, "mission_list", ())[:1]]
    pairs += [("article:tag", str(t)) for t in getattr(article, "tags", None) or ()]
    return pairs


def sitemap_xml(entries, siteurl: str) -> str:
    """A sitemaps.org urlset; entries are (url relative to SITEURL, lastmod date or None)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, lastmod in entries:
        loc = escape(absolute(siteurl, quote(url, safe="/:@!$&'()*+,;=-._~%")))
        if lastmod is not None:
            lines.append(f"<url><loc>{loc}</loc><lastmod>{lastmod.isoformat()}</lastmod></url>")
        else:
            lines.append(f"<url><loc>{loc}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
