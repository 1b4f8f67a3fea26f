"""The photos of stored posts: found in each stored post's HTML (content images, gallery links to the
full-size file, the featured image the scraper put first), fetched politely from the post's own host
through the same PoliteClient, checked from the bytes (cdd_images.check) and stored once by SHA-256:
``RAW/<site>/images/<sha256>.<ext>`` and ``<sha256>.<ext>.json`` (url, urls, alt, caption, width,
height). The image is written first, the sidecar last: an image counts only with its sidecar, so a
killed run leaves at worst a file without one, fetched again. A photo that fails is logged, never blocks
its post, and (not being stored) is asked for again by the next run; a stored one never is.
"""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from cdd_images.check import ImageRejected, check_image
from cdd_thai.text import atomic_write

from .http import FetchError, PoliteClient
from .store import _json_bytes

logger = logging.getLogger(__name__)
PHOTO_PATH = re.compile(r"\.(?:jpe?g|png|webp)$", re.IGNORECASE)


def image_refs(document: str, page_url: str) -> list[dict]:
    """The photos of a stored post page, in reading order: {url, alt, caption}, the best URL of each."""
    from scripts.ingest.figures import mark_images  # the normaliser's reading of a page: one implementation

    soup = BeautifulSoup(document, "html.parser")
    content = soup.select_one(".entry-content") or soup
    refs: list[dict] = []
    mark_images(content, refs, page_url)
    return [{"url": r["urls"][0], "alt": r["alt"], "caption": r["caption"]} for r in refs if r["urls"]]


class ImageStore:
    def __init__(self, site_folder: Path):
        self.folder = Path(site_folder) / "images"
        self.by_url: dict[str, str] = {}
        if self.folder.is_dir():
            for tmp in self.folder.glob(".*.tmp"):
                tmp.unlink()
            for side in self.folder.glob("*.json"):
                try:
                    data = json.loads(side.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                if side.with_suffix("").is_file():
                    for url in [data.get("url"), *(data.get("urls") or [])]:
                        if isinstance(url, str):
                            self.by_url[url] = side.with_suffix("").name

    def save(self, data: bytes, url: str, alt: str, caption: str) -> str:
        checked = check_image(data)
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / checked.name
        side = self.folder / f"{checked.name}.json"
        old = {}
        if side.is_file():  # the same photo under another URL (another post): one file, both URLs
            try:
                old = json.loads(side.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                old = {}
        if not path.is_file():
            atomic_write(path, data)
        urls = sorted({*(old.get("urls") or []), url} - {old.get("url") or url})
        meta = {"url": old.get("url") or url, "urls": urls, "alt": old.get("alt") or alt,
                "caption": old.get("caption") or caption, "width": checked.width, "height": checked.height,
                "type": checked.mime}
        atomic_write(side, _json_bytes(meta))
        self.by_url[url] = checked.name
        return checked.name


def fetch_images(folder: Path, client: PoliteClient, base_url: str, *, documents=None) -> dict:
    """Fetch every photo of the stored posts of one site not yet stored -> counts and failures."""
    store = ImageStore(folder)
    host = urlsplit(base_url).netloc
    stats = {"stored": 0, "known": 0, "failed": [], "offsite": 0, "skipped": 0}
    tried: set[str] = set()  # failed in this run (a photo in two posts is asked for once)
    for html_path in sorted(Path(folder).glob("*.html")) if documents is None else documents:
        try:
            document = Path(html_path).read_text(encoding="utf-8")
        except OSError:
            continue
        canonical = BeautifulSoup(document[:4000], "html.parser").find("link", rel="canonical")
        for ref in image_refs(document, str(canonical.get("href") or "") if canonical else ""):
            url = ref["url"]
            if url in tried:
                continue
            if url in store.by_url:
                stats["known"] += 1
                continue
            if urlsplit(url).netloc != host or urlsplit(url).scheme not in ("http", "https"):
                stats["offsite"] += 1  # only the post's own host
                continue
            if not PHOTO_PATH.search(urlsplit(url).path):
                stats["skipped"] += 1  # not a photo's name (an .svg, a .gif, a broken src="x"): not asked for
                continue
            try:
                got = client.get(url)
                store.save(got.body, url, ref["alt"], ref["caption"])
                stats["stored"] += 1
            except (FetchError, ImageRejected, OSError) as exc:
                reason = getattr(exc, "reason", None) or str(exc)
                logger.warning("%s: ภาพเก็บไม่ได้ / image not stored — %s (post %s)", url, reason, html_path)
                stats["failed"].append((url, reason))
                tried.add(url)
    return stats
