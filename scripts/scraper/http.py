"""A polite HTTP client for government servers.

One request at a time (the scraper is sequential), at least ``delay`` seconds between two requests to
the same host (more if robots.txt asks for a Crawl-delay), robots.txt obeyed, ``Retry-After`` honoured
on 429/503, exponential back-off on other 5xx and on network errors, a time-out on connecting and a
deadline on reading every response (a server that trickles bytes cannot hold the run), and redirects
followed only within the same host.
"""
from __future__ import annotations

import email.utils
import logging
import re
import time
import urllib.robotparser
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests

logger = logging.getLogger(__name__)

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
MAX_BYTES = 20 * 1024 * 1024
CHUNK = 64 * 1024


class FetchError(Exception):
    """A URL that could not be fetched; ``reason`` is short enough for the run's summary."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass
class Fetched:
    url: str  # after redirects
    status: int  # 200 or 304 (anything else raises FetchError), or 404/410 when asked for
    headers: dict
    body: bytes = b""

    def text(self) -> str:
        """The body as text: the charset the server names, else UTF-8, else Windows-874 (older Thai
        pages), never an exception."""
        declared = re.search(r"charset=[\"']?([\w.-]+)", self.headers.get("content-type", ""), re.I)
        for encoding in ([declared.group(1)] if declared else []) + ["utf-8", "cp874"]:
            try:
                return self.body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
        return self.body.decode("utf-8", errors="replace")


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP date), None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class PoliteClient:
    user_agent: str
    delay: float = 2.0  # seconds between two requests to one host
    timeout: float = 20.0  # connect time-out, and the deadline for reading one response
    retries: int = 3  # further attempts after a 429, a 5xx or a network error
    backoff: float = 2.0  # first back-off in seconds, doubled on each attempt
    max_wait: float = 300.0  # a Retry-After longer than this fails the URL instead of stalling the run
    robots_cache: dict = field(default_factory=dict)  # host -> {"etag", "last_modified", "body"}, kept by the caller
    sleep: object = time.sleep
    clock: object = time.monotonic
    stats: Counter = field(default_factory=Counter)

    def __post_init__(self):
        if not self.user_agent.isascii() or not self.user_agent.strip():
            raise ValueError(f"user_agent must be non-empty ASCII (an HTTP header): {self.user_agent!r}")
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"})
        self._next_at: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._robots_error: dict[str, str] = {}

    def close(self) -> None:
        self.session.close()

    # ---------------------------------------------------------------------------------- robots.txt

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets our User-Agent fetch it (fetched once per run)."""
        host = host_of(url)
        if host not in self._robots:
            self._robots[host] = self._load_robots(host)
        return self._robots[host].can_fetch(self.user_agent, url)

    def _load_robots(self, host: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(host + "/robots.txt")
        cached = self.robots_cache.get(host) or {}
        try:
            got = self._request(host + "/robots.txt", etag=cached.get("etag"),
                                last_modified=cached.get("last_modified"), kind="robots", missing_ok=True)
        except FetchError as exc:
            # RFC 9309: robots.txt unreachable (5xx, time-out) means "assume everything is disallowed".
            logger.warning("robots.txt ของ %s อ่านไม่ได้ จึงไม่เก็บจากเว็บนี้ / robots.txt unreachable (%s): "
                           "nothing is fetched from this host", host, exc.reason)
            parser.disallow_all = True
            self._robots_error[host] = f"robots.txt unreachable ({exc.reason}), so nothing is fetched from this host"
            return parser
        if got.status == 304:
            body = cached.get("body", "")
        elif got.status in (404, 410):
            body = ""  # no robots.txt: everything allowed
            self.robots_cache.pop(host, None)
        else:
            body = got.text()
            self.robots_cache[host] = {"etag": got.headers.get("etag"),
                                       "last_modified": got.headers.get("last-modified"), "body": body}
        parser.parse(body.splitlines())
        crawl_delay = parser.crawl_delay(self.user_agent)
        if crawl_delay and float(crawl_delay) > self.delay:
            logger.info("%s ขอให้เว้น %s วินาที / asks for a Crawl-delay of %s s", host, crawl_delay, crawl_delay)
            self.delay = float(crawl_delay)
        return parser

    # ------------------------------------------------------------------------------------ requests

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            kind: str = "page", missing_ok: bool = False) -> Fetched:
        """GET ``url`` (conditionally when an ETag or Last-Modified is given); FetchError when it cannot be had."""
        if not self.allowed(url):
            error = self._robots_error.get(host_of(url))
            if error:
                raise FetchError(url, error)
            self.stats["robots_disallowed"] += 1
            raise FetchError(url, "robots.txt disallows it")
        return self._request(url, etag=etag, last_modified=last_modified, kind=kind, missing_ok=missing_ok)

    def _request(self, url: str, *, etag, last_modified, kind: str, missing_ok: bool) -> Fetched:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        origin = host_of(url)
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._attempts(url, headers, kind)
            if response.status_code not in REDIRECTS:
                break
            target = urljoin(url, response.headers.get("location", ""))
            if host_of(target) != origin:
                raise FetchError(url, f"redirect to another host ({host_of(target)}) not followed")
            if not self.allowed(target):
                raise FetchError(url, f"redirect to {target}, which robots.txt disallows")
            url = target
        else:
            raise FetchError(url, "too many redirects")
        status = response.status_code
        if status == 200 or status == 304 or (missing_ok and status in (404, 410)):
            return Fetched(url=url, status=status, headers={k.lower(): v for k, v in response.headers.items()},
                           body=response.content if status == 200 else b"")
        raise FetchError(url, f"HTTP {status}")

    def _attempts(self, url: str, headers: dict, kind: str) -> requests.Response:
        """One URL, retried after 429/5xx/network errors; the response of the last attempt."""
        host = host_of(url)
        reason = ""
        for attempt in range(self.retries + 1):
            self._wait_turn(host)
            wait = self.backoff * (2 ** attempt)
            self.stats["requests"] += 1
            self.stats[f"requests_{kind}"] += 1
            try:
                response = self._send(url, headers)
            except requests.Timeout:
                reason = f"time-out after {self.timeout:g} s"
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                reason = f"network error ({type(exc).__name__})"
            except _Deadline:
                reason = f"time-out: response not complete after {self.timeout:g} s"
            except _TooLarge:
                raise FetchError(url, f"response larger than {MAX_BYTES // (1024 * 1024)} MB") from None
            else:
                self.stats[f"status_{response.status_code}"] += 1
                code = response.status_code
                if code != 429 and code < 500:
                    return response
                reason = f"HTTP {code}"
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                if retry_after is not None:
                    if retry_after > self.max_wait:
                        raise FetchError(url, f"HTTP {code}, Retry-After {retry_after:.0f} s is longer than "
                                              f"the {self.max_wait:.0f} s we wait")
                    wait = max(retry_after, self.delay)
            if attempt < self.retries:
                self.stats["retries"] += 1
                logger.info("%s: %s, ลองใหม่ใน %.1f วินาที / retrying in %.1f s", url, reason, wait, wait)
                # The whole host waits, not just this URL: that is what Retry-After and back-off ask.
                self._next_at[host] = max(self._next_at.get(host, 0.0), self.clock() + wait)
        raise FetchError(url, f"{reason} ({self.retries + 1} attempts)")

    def _wait_turn(self, host: str) -> None:
        now = self.clock()
        ready = self._next_at.get(host, 0.0)
        if ready > now:
            self.sleep(ready - now)
        self._next_at[host] = max(ready, self.clock()) + self.delay

    def _send(self, url: str, headers: dict) -> requests.Response:
        """One GET with a connect time-out and a deadline for the whole body; streamed so that neither a
        server that never answers nor one that trickles bytes forever can hold the run."""
        deadline = self.clock() + self.timeout
        response = self.session.get(url, headers=headers, timeout=(self.timeout, self.timeout),
                                    allow_redirects=False, stream=True)
        try:
            chunks, size = [], 0
            for chunk in response.iter_content(CHUNK):
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_BYTES:
                    raise _TooLarge()
                if self.clock() > deadline:
                    raise _Deadline()
            response._content = b"".join(chunks)
            self.stats["bytes"] += size
        finally:
            response.close()
        return response


class _Deadline(Exception):
    pass


class _TooLarge(Exception):
    pass
