"""A small fake department WordPress site on 127.0.0.1 for the scraper's tests and benchmark.

One server holds the same posts twice: ``/rest/`` offers the REST API (``/rest/wp-json/wp/v2/posts``),
``/html/`` does not (404 there) and must be walked through its listing and post pages, marked up like a
real WordPress theme (``article#post-N``, ``h2.entry-title a[rel=bookmark]``, ``.nav-previous`` for
older posts, ``link rel=shortlink``, the Top 10 view counter inside the content). Both answer
conditional requests (ETag, Last-Modified), like the caches in front of the department's servers.

Misbehaviour is switched on per path: ``throttle`` (429 with Retry-After), ``fail`` (500 a number of
times, then recover), ``hang`` (never answer until the test ends); a listing links page 2 without its
trailing slash (301, as WordPress does), one post by its shortlink ``?p=N`` (301 to the permalink), one
post under a path robots.txt disallows, and one link to another host; ``malformed`` posts are broken
HTML. Every request is logged with its time and headers, and the highest number of requests served at
the same time is kept, so tests can check politeness.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import hashlib
import html
import json
import random
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cdd_thai import dates as thai_dates
from cdd_thai import provinces as thai_provinces

ROOT = Path(__file__).resolve().parent.parent

ROBOTS = "User-agent: *\nDisallow: /wp-admin/\nDisallow: /html/private/\nDisallow: /rest/private/\n"
XSS_MARKERS = ("xss-script", "xss-onerror", "xss-js", "xss-title", "xss-style")


@dataclasses.dataclass
class FakePost:
    id: int
    title: str
    paragraphs: list[str]
    published: dt.datetime
    categories: list[str]
    modified: dt.datetime | None = None
    private: bool = False  # under a path robots.txt disallows
    malformed: bool = False  # broken markup on its HTML page
    raw_html: str = ""  # extra content appended verbatim (payloads, photos)
    featured: str = ""  # path of the featured image on the site (REST wp:featuredmedia, og:image)
    featured_alt: str = ""

    @property
    def slug(self) -> str:
        return f"post-{self.id}"

    def path(self, prefix: str) -> str:
        if self.private:
            return f"/{prefix}/private/{self.slug}/"
        d = self.published
        return f"/{prefix}/{d:%Y/%m/%d}/{self.slug}/"

    def content(self) -> str:
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in self.paragraphs)
        if self.malformed:
            body = body.replace("</p>", "", 2) + "\n<div><b>ตัวหนา<i>เอียง</b></span></div></div><table><tr><td>ตาราง"
        return (body + self.raw_html
                + '\n<div class="tptn_counter">(Visited 1 times, 1 visits today)</div>')


def _http_date(when: dt.datetime) -> str:
    return email.utils.format_datetime(when.astimezone(dt.timezone.utc), usegmt=True)


# ------------------------------------------------------------------------------------------ posts

def seed_posts() -> list[FakePost]:
    """The five seed press releases as posts (titles from the golden files, text as scraped)."""
    posts = []
    for i, path in enumerate(sorted((ROOT / "raw" / "seeds").glob("*.txt"))):
        golden = (ROOT / "tests" / "golden" / f"seed_{i:03d}.md").read_text(encoding="utf-8")
        title = re.search(r"^Title: (.*)$", golden, re.M).group(1)
        event = dt.date.fromisoformat(re.search(r"^Date: (.*)$", golden, re.M).group(1))
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        paragraphs = [line for line in lines if line and "Visited" not in line]
        published = dt.datetime.combine(event + dt.timedelta(days=1), dt.time(9, 30),
                                        tzinfo=dt.timezone(dt.timedelta(hours=7)))
        posts.append(FakePost(id=100 + i, title=title, paragraphs=paragraphs, published=published,
                              categories=["ข่าวประชาสัมพันธ์"]))
    return posts


def synthetic_posts(n: int, *, first_id: int = 1000, seed: int = 7) -> list[FakePost]:
    """``n`` posts of real department sentences (scripts/make_synthetic.py), each with its event date."""
    from scripts import make_synthetic

    rng = random.Random(seed)
    clauses = make_synthetic.seed_sentences()
    pattern = make_synthetic._province_pattern()
    posts = []
    for i in range(n):
        province = thai_provinces.PROVINCES[(i * 7) % len(thai_provinces.PROVINCES)]
        event = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 6 * 365))
        body = make_synthetic.make_body(rng, clauses, province, pattern, target=1500).split("\n\n")
        body[0] = f"เมื่อวันที่ {thai_dates.format_thai_date(event)} ณ จังหวัด{province.name_th} " + body[0]
        published = dt.datetime.combine(event + dt.timedelta(days=1), dt.time(10, 0),
                                        tzinfo=dt.timezone(dt.timedelta(hours=7)))
        posts.append(FakePost(id=first_id + i, title=make_synthetic.make_title(rng, clauses, province, pattern),
                              paragraphs=body, published=published, categories=["ข่าวจังหวัด", province.name_th]))
    return posts


def hostile_post(post_id: int = 900) -> FakePost:
    """A real-looking post (Khon Kaen, poverty) carrying script payloads in its title and content."""
    event = dt.date(2021, 3, 15)
    return FakePost(
        id=post_id,
        title='พช.ขอนแก่น ขับเคลื่อนการแก้ไขปัญหาความยากจน <script>alert("xss-title")</script>',
        paragraphs=[
            f"เมื่อวันที่ {thai_dates.format_thai_date(event)} นายสมชาย ใจดี พัฒนาการจังหวัดขอนแก่น "
            "ลงพื้นที่ติดตามการแก้ไขปัญหาความยากจนของครัวเรือนยากจนเป้าหมาย ณ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น",
            "โดยส่งเสริมอาชีพและการออมให้ครัวเรือนยากจน ตามข้อมูล จปฐ. และระบบ TPMAP "
            "เพื่อให้ครัวเรือนพ้นจากความยากจนอย่างยั่งยืน",
        ],
        published=dt.datetime(2021, 3, 16, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        categories=["ข่าวจังหวัด"],
        raw_html=('\n<script>alert("xss-script")</script>'
                  '\n<p><img src="x" onerror="alert(\'xss-onerror\')" alt="ภาพกิจกรรม"></p>'
                  '\n<p><a href="javascript:alert(\'xss-js\')">ดูภาพเพิ่มเติม</a></p>'
                  '\n<style>body{background:url("javascript:alert(\'xss-style\')")}</style>'),
    )


# ----------------------------------------------------------------------------------------- server

class FakeWordPress:
    """Serve ``posts`` on 127.0.0.1 until ``stop()``; use as a context manager."""

    def __init__(self, posts: list[FakePost], *, per_page: int = 5, latency: float = 0.0):
        self.posts = {p.id: p for p in posts}
        self.per_page = per_page
        self.latency = latency
        self.lock = threading.Lock()
        self.log: list[dict] = []
        self.active = 0
        self.max_active = 0
        self.throttle: dict[str, list] = {}  # path -> [remaining 429s, Retry-After]
        self.fail: dict[str, int] = {}  # path -> remaining 500s
        self.hang: set[str] = set()
        self.released = threading.Event()
        self.shortlinked: int | None = None  # a post the HTML listing links by ?p=N
        self.offsite_link = True
        self.files: dict[str, tuple[str, bytes]] = {}  # path -> (Content-Type, bytes): the photos
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    # ------------------------------------------------------------------------------ what it holds

    def public_posts(self) -> list[FakePost]:
        return [p for p in self.posts.values() if not p.private]

    def change_post(self, post_id: int, paragraph: str) -> None:
        post = self.posts[post_id]
        post.paragraphs = [*post.paragraphs, paragraph]
        post.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)

    def requests(self, *, since: int = 0) -> list[dict]:
        with self.lock:
            return list(self.log[since:])

    # ------------------------------------------------------------------------------------ pages

    def _ordered(self, by: str) -> list[FakePost]:
        key = (lambda p: p.modified or p.published) if by == "modified" else (lambda p: p.published)
        return sorted(self.posts.values(), key=lambda p: (key(p), p.id), reverse=True)

    def rest_page(self, query: dict) -> tuple[int, dict, bytes]:
        page = int(query.get("page", ["1"])[0])
        per_page = min(100, int(query.get("per_page", ["10"])[0]))
        posts = [p for p in self._ordered(query.get("orderby", ["date"])[0]) if not p.private]
        pages = max(1, -(-len(posts) // per_page))
        if page > pages:
            body = {"code": "rest_post_invalid_page_number", "message": "The page number requested is larger "
                    "than the number of pages available.", "data": {"status": 400}}
            return 400, {"Content-Type": "application/json"}, json.dumps(body).encode()
        items = []
        for post in posts[(page - 1) * per_page: page * per_page]:
            modified = post.modified or post.published
            items.append({
                "id": post.id, "date": post.published.replace(tzinfo=None).isoformat(),
                "date_gmt": post.published.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(),
                "modified_gmt": modified.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(),
                "slug": post.slug, "status": "publish", "type": "post", "link": self.url + post.path("rest"),
                "title": {"rendered": html.escape(post.title)},
                "content": {"rendered": post.content(), "protected": False},
                "excerpt": {"rendered": f"<p>{html.escape(post.paragraphs[0][:100])}</p>"},
                "_embedded": {"wp:term": [[{"taxonomy": "category", "name": c} for c in post.categories], []]},
            })
            if post.featured:
                items[-1]["_embedded"]["wp:featuredmedia"] = [{
                    "id": post.id * 10, "source_url": self.url + post.featured, "alt_text": post.featured_alt,
                    "caption": {"rendered": f"<p>{html.escape(post.featured_alt)}</p>"}, "media_type": "image"}]
        headers = {"Content-Type": "application/json; charset=UTF-8", "X-WP-Total": str(len(posts)),
                   "X-WP-TotalPages": str(pages)}
        return 200, headers, json.dumps(items, ensure_ascii=False).encode("utf-8")

    def listing_page(self, page: int) -> tuple[int, dict, bytes]:
        posts = self._ordered("date")
        pages = max(1, -(-len(posts) // self.per_page))
        if page > pages:
            return 404, {}, b"<h1>Not found</h1>"
        entries = []
        for post in posts[(page - 1) * self.per_page: page * self.per_page]:
            href = f"/html/?p={post.id}" if post.id == self.shortlinked else post.path("html")
            entries.append(
                f'<article id="post-{post.id}" class="post-{post.id} post type-post status-publish">'
                f'<header class="entry-header"><h2 class="entry-title"><a href="{href}" rel="bookmark">'
                f'{html.escape(post.title)}</a></h2></header>'
                f'<div class="entry-summary"><p>{html.escape(post.paragraphs[0][:120])}…</p></div></article>')
        if self.offsite_link and page == 1:
            entries.append('<article class="post"><h2 class="entry-title"><a href="http://example.invalid/2020/'
                           'elsewhere/" rel="bookmark">ข่าวจากเว็บอื่น</a></h2></article>')
        older = (f'<div class="nav-previous"><a href="/html/page/{page + 1}">เรื่องเก่ากว่า</a></div>'
                 if page < pages else "")
        body = (f'<!DOCTYPE html><html lang="th"><head><meta charset="UTF-8"><title>ข่าว – สำนักงานพัฒนาชุมชน'
                f'</title></head><body class="home blog"><header id="masthead"><nav>'
                '<a href="/html/">หน้าแรก</a> <a href="/html/category/news/">ข่าว</a></nav></header>'
                f'<main id="main">{"".join(entries)}<nav class="navigation posts-navigation"><div class="nav-links">'
                f'{older}</div></nav></main><footer>© กรมการพัฒนาชุมชน</footer></body></html>')
        return 200, {"Content-Type": "text/html; charset=UTF-8"}, body.encode("utf-8")

    def post_page(self, post: FakePost) -> tuple[int, dict, bytes]:
        modified = post.modified or post.published
        cats = " ".join(f'<a href="/html/category/c{i}/" rel="category tag">{html.escape(c)}</a>'
                        for i, c in enumerate(post.categories))
        body = (f'<!DOCTYPE html><html lang="th"><head><meta charset="UTF-8"><title>{html.escape(post.title)} – '
                f'สำนักงานพัฒนาชุมชน</title><link rel="canonical" href="{self.url}{post.path("html")}">'
                f'<link rel="shortlink" href="{self.url}/html/?p={post.id}">'
                f'<meta property="article:published_time" content="{post.published.isoformat()}">'
                f'<meta property="article:modified_time" content="{modified.isoformat()}">'
                + (f'<meta property="og:image" content="{self.url}{post.featured}">'
                   f'<meta property="og:image:alt" content="{html.escape(post.featured_alt)}">' if post.featured else "")
                + f'<script src="/html/wp-includes/js/jquery.js"></script></head>'
                f'<body class="post-template-default single single-post postid-{post.id}">'
                '<header id="masthead"><nav><a href="/html/">หน้าแรก</a></nav></header><main id="main">'
                f'<article id="post-{post.id}" class="post-{post.id} post"><header class="entry-header">'
                f'<h1 class="entry-title">{html.escape(post.title)}</h1><div class="entry-meta">'
                f'<time class="entry-date published" datetime="{post.published.isoformat()}">'
                f'{thai_dates.format_thai_date(post.published.date())}</time> <span class="cat-links">{cats}</span>'
                f'</div></header><div class="entry-content">{post.content()}</div></article></main>'
                '<aside class="widget-area"><h2>ข่าวล่าสุด</h2></aside><footer>© กรมการพัฒนาชุมชน</footer>'
                '</body></html>')
        if post.malformed:
            body = body.replace("</article></main>", "<div><p>", 1)
        headers = {"Content-Type": "text/html; charset=UTF-8", "Last-Modified": _http_date(modified)}
        return 200, headers, body.encode("utf-8")

    def route(self, path: str, query: dict) -> tuple[int, dict, bytes]:
        if path in self.files:
            kind, data = self.files[path]
            return 200, {"Content-Type": kind}, data
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, ROBOTS.encode()
        if path == "/rest/wp-json/wp/v2/posts":
            return self.rest_page(query)
        if path.startswith("/html/wp-json/"):
            return 404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>"
        if path == "/html/" and "p" in query:
            post = self.posts.get(int(query["p"][0]))
            return (301, {"Location": post.path("html")}, b"") if post else (404, {}, b"")
        if path == "/html/":
            return self.listing_page(1)
        match = re.fullmatch(r"/html/page/(\d+)(/?)", path)
        if match:
            if not match.group(2):
                return 301, {"Location": path + "/"}, b""
            return self.listing_page(int(match.group(1)))
        for post in self.posts.values():
            if path == post.path("html"):
                return self.post_page(post)
        return 404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>"


def _handler(site: FakeWordPress):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 1 << 16  # one write per response (unbuffered headers meet delayed ACKs: 40 ms a request)
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def do_GET(self):
            parts = urlsplit(self.path)
            with site.lock:
                site.active += 1
                site.max_active = max(site.max_active, site.active)
                entry = {"t": time.monotonic(), "path": parts.path, "query": parts.query,
                         "headers": dict(self.headers), "status": None}
                site.log.append(entry)
            try:
                self._answer(parts, entry)
            finally:
                with site.lock:
                    site.active -= 1

        def _answer(self, parts, entry):
            if site.latency:
                time.sleep(site.latency)
            path = parts.path
            if path in site.hang:
                site.released.wait(60)
                entry["status"] = "hung"
                return
            throttle = site.throttle.get(path)
            if throttle and throttle[0] > 0:
                throttle[0] -= 1
                return self._send(entry, 429, {"Retry-After": str(throttle[1])}, b"Too Many Requests")
            if site.fail.get(path, 0) > 0:
                site.fail[path] -= 1
                return self._send(entry, 500, {}, b"Internal Server Error")
            status, headers, body = site.route(path, parse_qs(parts.query))
            if status == 200:
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                headers["ETag"] = etag
                if self.headers.get("If-None-Match") == etag:
                    return self._send(entry, 304, {"ETag": etag}, b"")
                since = self.headers.get("If-Modified-Since")
                if since and "Last-Modified" in headers and not self.headers.get("If-None-Match") \
                        and email.utils.parsedate_to_datetime(since) >= email.utils.parsedate_to_datetime(
                            headers["Last-Modified"]):
                    return self._send(entry, 304, {}, b"")
            self._send(entry, status, headers, body)

        def _send(self, entry, status, headers, body):
            entry["status"] = status
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def main(argv: list[str] | None = None) -> int:
    """Serve the fake site by hand: python scripts/fakesite.py [N] (N synthetic posts besides the seeds)."""
    import argparse

    parser = argparse.ArgumentParser(description="เว็บไซต์จำลองของกรมฯ สำหรับทดสอบ / A fake department "
                                     "WordPress site (REST and HTML-only) on 127.0.0.1, for trying the scraper.")
    parser.add_argument("n", nargs="?", type=int, default=20, help="synthetic posts besides the seeds")
    n = parser.parse_args(argv).n
    with FakeWordPress(seed_posts() + synthetic_posts(n) + [hostile_post()]) as site:
        print(f"{site.url}/rest/ (REST API)  {site.url}/html/ (HTML only); Ctrl-C to stop", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main())
