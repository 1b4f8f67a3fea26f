"""The raw archive on disk: ``RAW/<site>/<key>.html`` and ``RAW/<site>/<key>.meta.json`` per post.

The HTML file is what scripts/normalize.py reads, the metadata file is its sidecar (url, title,
published, ...). Both are written to a temporary file and renamed, the HTML first, then the metadata
carrying the HTML's SHA-256: a post is on disk only when both files are there and agree, so a run
killed at any instant leaves either the old post, or the new one, or (between the two renames) an HTML
file without matching metadata, which the next run removes and fetches again. Temporary files start
with a dot and end in ``.tmp``; the normaliser never reads them and the next run deletes them.
``.state.json`` remembers, per site, whether the last walk finished and the validators of listing pages.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cdd_thai.text import atomic_write

logger = logging.getLogger(__name__)

STATE_FILE = ".state.json"


@dataclass
class PostMeta:
    """Everything the scraper knows about one stored post (the sidecar the normaliser reads)."""
    url: str
    title: str
    published: str  # the post's own publication date/time as the site gives it (ISO)
    modified: str = ""
    wp_id: int | None = None
    categories: list[str] = field(default_factory=list)
    site: str = ""
    via: str = ""  # "rest" or "html"
    fetched_at: str = ""  # UTC ISO time of the request that brought this version
    http_date: str = ""  # the server's Date header then
    etag: str = ""
    last_modified: str = ""
    sha256: str = ""  # of the HTML file
    aliases: list[str] = field(default_factory=list)  # other URLs that led here (shortlinks, redirects)


def post_key(wp_id: int | None, url: str) -> str:
    """The file name of a post: its WordPress id when known (stable across REST and HTML), else a URL hash."""
    if wp_id:
        return f"wp-{int(wp_id)}"
    return "url-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]


def _json_bytes(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


class SiteStore:
    """The posts of one site in ``root/name``; loads and repairs what a previous run left."""

    def __init__(self, root: Path, name: str):
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
            raise ValueError(f"site name must be ASCII letters, digits, . _ - : {name!r}")
        self.folder = Path(root) / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.posts: dict[str, PostMeta] = {}
        self.by_url: dict[str, str] = {}
        self.repaired = 0
        self._load()
        self.state = self._read_state()

    def _load(self) -> None:
        for tmp in self.folder.glob(".*.tmp"):
            tmp.unlink()  # left by a run killed mid-write
            self.repaired += 1
        for html in sorted(self.folder.glob("*.html")):
            key = html.name[: -len(".html")]
            meta_path = self.folder / f"{key}.meta.json"
            meta = self._read_meta(meta_path)
            if meta is None or meta.sha256 != hashlib.sha256(html.read_bytes()).hexdigest():
                # The run was killed between the two renames: drop the pair, the post is fetched again.
                logger.info("%s: ไม่ครบ จะดึงใหม่ / incomplete, will be fetched again", html)
                html.unlink()
                meta_path.unlink(missing_ok=True)
                self.repaired += 1
                continue
            self._index(key, meta)
        for meta_path in self.folder.glob("*.meta.json"):
            if meta_path.name[: -len(".meta.json")] not in self.posts:
                meta_path.unlink()  # metadata whose HTML is gone
                self.repaired += 1

    @staticmethod
    def _read_meta(path: Path) -> PostMeta | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return PostMeta(**{k: v for k, v in data.items() if k in PostMeta.__dataclass_fields__})
        except (OSError, ValueError, TypeError):
            return None

    def save_post(self, key: str, html: str, meta: PostMeta) -> None:
        """Store one post: HTML first, then its metadata (which makes it count)."""
        data = html.encode("utf-8")
        meta.sha256 = hashlib.sha256(data).hexdigest()
        atomic_write(self.folder / f"{key}.html", data)
        atomic_write(self.folder / f"{key}.meta.json", _json_bytes(asdict(meta)))
        self._index(key, meta)

    def save_meta(self, key: str, meta: PostMeta) -> None:
        """Update the metadata of a post whose HTML did not change (new validators)."""
        atomic_write(self.folder / f"{key}.meta.json", _json_bytes(asdict(meta)))
        self._index(key, meta)

    def _index(self, key: str, meta: PostMeta) -> None:
        self.posts[key] = meta
        for url in [meta.url, *meta.aliases]:
            self.by_url[url] = key

    def find(self, url: str) -> tuple[str | None, PostMeta | None]:
        """The stored post a URL leads to, if any."""
        key = self.by_url.get(url)
        return key, self.posts.get(key) if key else None

    # ----------------------------------------------------------------------------------- state

    def _read_state(self) -> dict:
        try:
            return json.loads((self.folder / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def save_state(self) -> None:
        atomic_write(self.folder / STATE_FILE, _json_bytes(self.state))
