"""Walk one WordPress site incrementally and store its posts.

Through the REST API when the site offers it (posts most recently modified first, so the walk can stop
at the first page where nothing changed), else through the HTML listing pages and post pages. The first
listing page is asked for conditionally (If-None-Match / If-Modified-Since): when the server answers
304 nothing changed, and a run costs two cheap requests per site (robots.txt and that page).

In HTML mode a post already stored is not asked for again (a theme's listing does not reveal edits);
a ``--full`` run asks for every post, conditionally, and so finds edits too.

The walk may stop early only if the previous walk of the site finished: the state says "complete" only
after a walk with no failure, and is set back to incomplete before anything is written, so a run killed
or failing half-way makes the next run walk every listing page again (posts already stored are skipped
without a request).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin

from .http import FetchError, Fetched, PoliteClient
from .images import fetch_images
from .store import PostMeta, SiteStore, post_key
from .wordpress import NotWordPressAPI, Post, parse_listing, parse_post_page, parse_rest_page, post_document, rest_posts_url

logger = logging.getLogger(__name__)

NEW, CHANGED, UNCHANGED, FAILED, SKIPPED = "new", "changed", "unchanged", "failed", "skipped"


@dataclass
class Site:
    name: str  # folder name in the raw archive (ASCII)
    base: str  # the site's home, e.g. https://province.cdd.go.th/khonkaen/
    api: str = "auto"  # auto | rest | html
    listing: str = ""  # HTML listing path under base (a news category), default the home page
    per_page: int = 50
    max_pages: int = 1000

    def __post_init__(self):
        if not self.base.endswith("/"):
            self.base += "/"
        if self.api not in ("auto", "rest", "html"):
            raise ValueError(f"{self.name}: api must be auto, rest or html, not {self.api!r}")


@dataclass
class Summary:
    site: str
    mode: str = ""
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # robots.txt exclusions
    repaired: int = 0  # incomplete files of a killed run removed
    complete: bool = False
    seconds: float = 0.0
    images: dict = field(default_factory=dict)  # stored, known, offsite, failed [(url, reason)]

    def as_json(self) -> dict:
        return {"site": self.site, "mode": self.mode, "new": len(self.new), "changed": len(self.changed),
                "unchanged": self.unchanged, "failed": [{"url": u, "reason": r} for u, r in self.failed],
                "skipped": [{"url": u, "reason": r} for u, r in self.skipped], "repaired": self.repaired,
                "complete": self.complete, "seconds": round(self.seconds, 3),
                "images": {k: ([{"url": u, "reason": r} for u, r in v] if k == "failed" else v)
                           for k, v in self.images.items()}}


class _NullProgress:
    def total(self, n: int) -> None:
        pass

    def post(self, url: str, outcome: str) -> None:
        logger.info("%s %s", outcome, url)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Crawler:
    def __init__(self, site: Site, store: SiteStore, client: PoliteClient, *, full: bool = False, progress=None):
        self.site, self.store, self.client = site, store, client
        self.progress = progress or _NullProgress()
        self.summary = Summary(site=site.name, repaired=store.repaired)
        self.full = full
        self.may_stop_early = bool(store.state.get("complete")) and not full
        self.done: set[str] = set()  # keys handled in this run (a sticky post is listed on every page)
        self.validators: dict[str, dict] = {}
        # The REST listing page a killed or failed walk had reached (pages before it are stored).
        resume = store.state.get("resume") or {}
        self.resume_page = (int(resume["page"]) if not store.state.get("complete") and not full
                            and resume.get("mode") == "rest" and resume.get("per_page") == site.per_page
                            and str(resume.get("page", "")).isdigit() else 0)

    def run(self) -> Summary:
        started = time.monotonic()
        state = self.store.state
        state["complete"] = False
        self.store.save_state()
        mode = self.site.api
        if mode == "auto" and self.may_stop_early and state.get("mode") == "html":
            mode = "html"  # no REST API last time: don't ask again on every run (--full does)
        try:
            if mode in ("auto", "rest"):
                try:
                    self._walk_rest()
                    mode = "rest"
                except NotWordPressAPI as exc:
                    if self.site.api == "rest":
                        self.summary.failed.append((self.site.base, f"no usable REST API: {exc}"))
                    else:
                        logger.info("%s: ไม่มี REST API (%s) อ่านจากหน้าเว็บแทน / no REST API, walking the HTML",
                                    self.site.name, exc)
                        mode = "html"
            if mode == "html":
                self._walk_html()
        except FetchError as exc:  # a listing page that cannot be had ends the walk
            self.summary.failed.append((exc.url, exc.reason))
        self.summary.mode = mode
        self.summary.complete = not self.summary.failed
        try:  # the photos of every stored post not stored yet; a failure here never fails the walk
            self.summary.images = fetch_images(self.store.folder, self.client, self.site.base)
        except Exception as exc:  # noqa: BLE001
            logger.warning("%s: ดึงภาพไม่สำเร็จ / fetching images failed: %r", self.site.name, exc)
        if self.summary.complete:
            state.update(complete=True, mode=mode, listing=self.validators or state.get("listing", {}),
                         finished_at=_now())
            state.pop("resume", None)
            self.store.save_state()
        self.summary.seconds = time.monotonic() - started
        return self.summary

    # ------------------------------------------------------------------------------------ listings

    def _get_listing(self, url: str, first: bool, *, missing_ok: bool = False) -> Fetched:
        known = (self.store.state.get("listing") or {}).get(url, {}) if first and self.may_stop_early else {}
        got = self.client.get(url, etag=known.get("etag"), last_modified=known.get("last_modified"),
                              kind="listing", missing_ok=missing_ok)
        if first and got.status == 200:
            self.validators = {url: {"etag": got.headers.get("etag"),
                                     "last_modified": got.headers.get("last-modified")}}
        return got

    def _walk_rest(self) -> None:
        """Pages 1, 2, ...; after a killed walk, from page 1 until a page holds nothing new (the posts
        added or edited since, which the API lists first), then on from one page before the page that
        walk had reached: posts only move to later pages as new ones arrive, and one page covers a few
        deletions."""
        resume = self.resume_page
        page = 0
        while page < self.site.max_pages:
            page += 1
            url = rest_posts_url(self.site.base, page, self.site.per_page)
            try:
                got = self._get_listing(url, page == 1, missing_ok=True)
            except FetchError as exc:
                if page == 1 and ("robots.txt disallows" in exc.reason or exc.reason in ("HTTP 401", "HTTP 403")):
                    raise NotWordPressAPI(exc.reason) from None
                if page > 1 and exc.reason == "HTTP 400":  # WordPress: past the last page
                    return
                raise
            if got.status in (404, 410):
                if page == 1:
                    raise NotWordPressAPI(f"HTTP {got.status}")
                return
            if got.status == 304:
                return  # nothing changed since the last complete walk
            posts = parse_rest_page(got.text())
            if page == 1 and got.headers.get("x-wp-total", "").isdigit():
                self.progress.total(int(got.headers["x-wp-total"]))
            outcomes = [self._store_rest_post(post, got) for post in posts]
            # Killed now, the next run starts here (or still at the deeper page of the walk being resumed).
            self.store.state["resume"] = {"mode": "rest", "page": max(page + 1, resume), "per_page": self.site.per_page}
            self.store.save_state()
            pages = got.headers.get("x-wp-totalpages", "")
            if not posts or (pages.isdigit() and page >= int(pages)):
                return
            if self.may_stop_early and all(o == UNCHANGED for o in outcomes):
                return  # ordered by modification: everything older is unchanged too
            if resume and page + 1 < resume - 1 and all(o == UNCHANGED for o in outcomes):
                logger.info("%s: ทำต่อจากหน้า %d / resuming the listing at page %d", self.site.name,
                            resume - 1, resume - 1)
                page = resume - 2  # the loop adds one
                resume = 0
        logger.warning("%s: หยุดที่ %d หน้า / stopped after max_pages=%d", self.site.name, page, page)

    def _walk_html(self) -> None:
        url = urljoin(self.site.base, self.site.listing)
        seen_pages = set()
        for page in range(1, self.site.max_pages + 1):
            seen_pages.add(url)
            got = self._get_listing(url, page == 1)
            if got.status == 304:
                return
            links, next_url = parse_listing(got.text(), got.url, self.site.base)
            outcomes = [self._fetch_html_post(link) for link in links]
            if self.may_stop_early and links and all(o == UNCHANGED for o in outcomes):
                return  # newest first: the older pages hold nothing new
            if not next_url or next_url in seen_pages:
                return
            url = next_url
        logger.warning("%s: หยุดที่ %d หน้า / stopped after max_pages=%d", self.site.name, page, page)

    # --------------------------------------------------------------------------------------- posts

    def _store_rest_post(self, post: Post, got: Fetched) -> str:
        key = post_key(post.wp_id, post.url)
        if key in self.done:
            return UNCHANGED
        self.done.add(key)
        old = self.store.posts.get(key)
        if old and post.modified and old.modified == post.modified:
            return self._outcome(post.url, UNCHANGED)
        meta = PostMeta(url=post.url, title=post.title, published=post.published, modified=post.modified,
                        wp_id=post.wp_id, categories=post.categories, site=self.site.name, via="rest",
                        fetched_at=_now(), http_date=got.headers.get("date", ""))
        return self._save(key, post, meta, old)

    def _fetch_html_post(self, link: str) -> str:
        known_key, old = self.store.find(link)
        if known_key in self.done:
            return UNCHANGED
        if old is not None and not self.full:
            # Stored already. A theme's listing does not show edits, so only --full asks the
            # server again (conditionally) whether a stored post changed.
            self.done.add(known_key)
            return self._outcome(link, UNCHANGED)
        try:
            got = self.client.get(link, etag=old.etag if old else None,
                                  last_modified=old.last_modified if old else None, kind="post")
        except FetchError as exc:
            kind = SKIPPED if "robots.txt disallows" in exc.reason else FAILED
            (self.summary.skipped if kind == SKIPPED else self.summary.failed).append((link, exc.reason))
            self.progress.post(link, f"{kind} ({exc.reason})")
            return kind
        if got.status == 304 and old is not None:
            self.done.add(known_key)
            return self._outcome(link, UNCHANGED)
        try:
            post = parse_post_page(got.text(), got.url)
        except ValueError as exc:
            self.summary.failed.append((link, str(exc)))
            self.progress.post(link, f"{FAILED} ({exc})")
            return FAILED
        key = post_key(post.wp_id, post.url)
        if key in self.done:
            return UNCHANGED
        self.done.add(key)
        old = self.store.posts.get(key) or old
        aliases = sorted({*(old.aliases if old else []), *(u for u in (link, got.url) if u != post.url)})
        meta = PostMeta(url=post.url, title=post.title, published=post.published, modified=post.modified,
                        wp_id=post.wp_id, categories=post.categories, site=self.site.name, via="html",
                        fetched_at=_now(), http_date=got.headers.get("date", ""),
                        etag=got.headers.get("etag", ""), last_modified=got.headers.get("last-modified", ""),
                        aliases=aliases)
        return self._save(key, post, meta, old)

    def _save(self, key: str, post: Post, meta: PostMeta, old: PostMeta | None) -> str:
        document = post_document(post)
        if old and old.sha256 == hashlib.sha256(document.encode("utf-8")).hexdigest():
            meta.sha256 = old.sha256
            meta.fetched_at = old.fetched_at  # same version: keep when it was first fetched
            if meta != replace(old, http_date=meta.http_date):  # new validators or categories
                self.store.save_meta(key, meta)
            return self._outcome(post.url, UNCHANGED)
        self.store.save_post(key, document, meta)
        if old:
            self.summary.changed.append(post.url)
            return self._outcome(post.url, CHANGED, counted=True)
        self.summary.new.append(post.url)
        return self._outcome(post.url, NEW, counted=True)

    def _outcome(self, url: str, outcome: str, *, counted: bool = False) -> str:
        if outcome == UNCHANGED and not counted:
            self.summary.unchanged += 1
        self.progress.post(url, outcome)
        return outcome
