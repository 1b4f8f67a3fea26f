"""What a WordPress site looks like to the scraper: REST API pages, HTML listing pages and post pages.

Pure functions from text to data, so tests call them on literal pages. The post content is kept as the
site sent it (untrusted HTML): scripts/normalize.py reads only its text, never its markup.
"""
from __future__ import annotations

import html as htmllib
import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from bs4 import BeautifulSoup
from cdd_thai.text import html_to_line  # a rendered title or caption: entities and inline tags


@dataclass
class Post:
    url: str
    title: str
    content: str  # the post's HTML, verbatim
    published: str = ""
    modified: str = ""
    wp_id: int | None = None
    categories: list[str] = field(default_factory=list)
    featured: dict | None = None  # {url, alt, caption}: the featured image (REST) or og:image (HTML)


class NotWordPressAPI(Exception):
    """The REST endpoint is absent or does not answer like WordPress: walk the HTML instead."""


# ------------------------------------------------------------------------------------------ REST

def rest_posts_url(base: str, page: int, per_page: int) -> str:
    """Posts, most recently modified first, with their categories embedded (WordPress 5.4+)."""
    query = urlencode({"page": page, "per_page": per_page, "orderby": "modified", "order": "desc",
                       "_embed": "wp:term,wp:featuredmedia"})
    return urljoin(base, "wp-json/wp/v2/posts") + "?" + query


def parse_rest_page(body: str) -> list[Post]:
    """A page of /wp/v2/posts -> posts; NotWordPressAPI when it is not such a page."""
    try:
        items = json.loads(body)
    except ValueError:
        raise NotWordPressAPI("the posts endpoint did not return JSON") from None
    if not isinstance(items, list):
        raise NotWordPressAPI("the posts endpoint did not return a list")
    posts = []
    for item in items:
        if not isinstance(item, dict) or "id" not in item or "link" not in item:
            raise NotWordPressAPI("a post without id or link")
        categories = []
        for group in (item.get("_embedded") or {}).get("wp:term") or []:
            for term in group or []:
                if isinstance(term, dict) and term.get("taxonomy") == "category" and term.get("name"):
                    categories.append(htmllib.unescape(str(term["name"])))
        featured = None
        for media in (item.get("_embedded") or {}).get("wp:featuredmedia") or []:
            if isinstance(media, dict) and isinstance(media.get("source_url"), str):
                featured = {"url": media["source_url"], "alt": str(media.get("alt_text") or ""),
                            "caption": html_to_line((media.get("caption") or {}).get("rendered", "")
                                              if isinstance(media.get("caption"), dict) else "")}
                break
        posts.append(Post(
            featured=featured,
            url=str(item["link"]),
            title=html_to_line((item.get("title") or {}).get("rendered", "")),
            content=str((item.get("content") or {}).get("rendered", "")),
            published=str(item.get("date") or ""),
            modified=str(item.get("modified_gmt") or item.get("modified") or ""),
            wp_id=int(item["id"]),
            categories=categories,
        ))
    return posts


# ------------------------------------------------------------------------------------------ HTML

_POST_LINK_SELECTORS = ("article .entry-title a[href]", ".entry-title a[href]", ".post-title a[href]",
                        "a[rel~=bookmark][href]")
_NEXT_SELECTORS = ("link[rel~=next][href]", "a.next.page-numbers[href]", ".nav-previous a[href]",
                   ".pagination a.next[href]", "a[rel~=next][href]")


def same_site(url: str, base: str) -> bool:
    """Whether ``url`` is on the site's host and under its base path (multisite: /khonkaen/...)."""
    a, b = urlsplit(url), urlsplit(base)
    if url.rstrip("/") == base.rstrip("/"):
        return True
    return a.netloc == b.netloc and a.path.startswith(b.path.rstrip("/") + "/")


def parse_listing(body: str, page_url: str, base: str) -> tuple[list[str], str | None]:
    """A listing page -> (post URLs on it, in order, without duplicates; the next (older) page or None)."""
    soup = BeautifulSoup(body, "html.parser")
    links: list[str] = []
    for selector in _POST_LINK_SELECTORS:
        for anchor in soup.select(selector):
            url = urljoin(page_url, anchor["href"]).split("#")[0]
            if same_site(url, base) and url not in links:
                links.append(url)
        if links:
            break
    next_url = None
    for selector in _NEXT_SELECTORS:
        tag = soup.select_one(selector)
        if tag:
            candidate = urljoin(page_url, tag["href"])
            if same_site(candidate, base) and candidate != page_url:
                next_url = candidate
                break
    return links, next_url


def _wp_id(soup: BeautifulSoup) -> int | None:
    shortlink = soup.find("link", rel="shortlink")
    if shortlink and shortlink.get("href"):
        values = parse_qs(urlsplit(shortlink["href"]).query).get("p")
        if values and values[0].isdigit():
            return int(values[0])
    body = soup.find("body")
    for cls in (body.get("class") or []) if body else []:
        match = re.fullmatch(r"postid-(\d+)", cls)
        if match:
            return int(match.group(1))
    article = soup.find("article", id=re.compile(r"^post-\d+$"))
    if article:
        return int(article["id"].split("-")[1])
    return None


def _meta(soup: BeautifulSoup, prop: str) -> str:
    tag = soup.find("meta", attrs={"property": prop})
    return str(tag["content"]) if tag and tag.get("content") else ""


def parse_post_page(body: str, url: str) -> Post:
    """A post page -> its post; ValueError when no post content can be found (so nothing is stored)."""
    soup = BeautifulSoup(body, "html.parser")
    heading = soup.select_one("h1.entry-title, .entry-title, h1.post-title, article h1") or soup.find("h1")
    title = heading.get_text(" ", strip=True) if heading else _meta(soup, "og:title")
    content = soup.select_one(".entry-content") or soup.select_one(".post-content") or soup.find("article")
    if content is None or not content.get_text(strip=True):
        raise ValueError("no post content found on the page")
    published = _meta(soup, "article:published_time")
    if not published:
        time_tag = soup.select_one("time.entry-date[datetime], time.published[datetime], time[datetime]")
        published = str(time_tag["datetime"]) if time_tag else ""
    modified = _meta(soup, "article:modified_time")
    if not modified:
        time_tag = soup.select_one("time.updated[datetime]")
        modified = str(time_tag["datetime"]) if time_tag else ""
    categories = []
    for anchor in soup.select("a[rel~=category], .cat-links a"):
        name = anchor.get_text(" ", strip=True)
        if name and name not in categories:
            categories.append(name)
    canonical = soup.find("link", rel="canonical")
    if canonical and canonical.get("href") and same_site(urljoin(url, canonical["href"]), url):
        url = urljoin(url, canonical["href"])
    image = _meta(soup, "og:image")
    featured = {"url": urljoin(url, image), "alt": _meta(soup, "og:image:alt"), "caption": ""} if image else None
    return Post(url=url, title=title, content=content.decode_contents(), published=published,
                modified=modified, wp_id=_wp_id(soup), categories=categories, featured=featured)


# ----------------------------------------------------------------------------- stored document

def post_document(post: Post) -> str:
    """The file the normaliser reads: the post's title and date as markup it knows, the content verbatim."""
    title = htmllib.escape(post.title)
    lead = ""
    featured = post.featured or {}
    url = str(featured.get("url") or "")
    if url.startswith(("http://", "https://")) and url not in post.content:
        # the featured image first, as the theme shows it (written by us: attributes escaped)
        caption = htmllib.escape(str(featured.get("caption") or ""))
        lead = (f'<figure class="wp-featured-image"><img src="{htmllib.escape(url)}" '
                f'alt="{htmllib.escape(str(featured.get("alt") or ""))}">'
                + (f"<figcaption>{caption}</figcaption>" if caption else "") + "</figure>\n")
    return (
        "<!DOCTYPE html>\n<html lang=\"th\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{title}</title>\n"
        f"<link rel=\"canonical\" href=\"{htmllib.escape(post.url)}\">\n"
        f"<meta property=\"article:published_time\" content=\"{htmllib.escape(post.published)}\">\n"
        "</head>\n<body>\n<article>\n"
        f"<h1 class=\"entry-title\">{title}</h1>\n"
        f"<div class=\"entry-content\">\n{lead}{post.content}\n</div>\n"
        "</article>\n</body>\n</html>\n"
    )
