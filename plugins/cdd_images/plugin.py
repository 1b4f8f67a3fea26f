"""Pelican glue: after the articles are read (and sanitised by cdd_thai.safe_html at read time), each
article's photos become <picture> elements (page.py: lead, galleries), the listing thumbnail and share
image are set on the article, and at the end the derivatives and EXIF-free copies are written over
output/images/ (derive.py). article_meta.py gives article.html its dates, og:image and JSON-LD."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.utils import get_relative_path

from cdd_patches.contents import replace_html, source_html

from . import article_meta
from .check import ImageRejected
from .derive import derive, derive_all, publish
from .page import SRC, arrange, share, thumbnail

logger = logging.getLogger(__name__)
_USED: dict[str, dict] = {}


def _articles(generator):
    for article in [*generator.articles, *getattr(generator, "translations", []), *getattr(generator, "drafts", [])]:
        yield article


def site_prefix(settings, article) -> str:
    """SITEURL as the article's page sees it: the absolute SITEURL, or with RELATIVE_URLS the way up
    from the page to the site root (as Pelican's writer computes the page's SITEURL)."""
    if settings.get("RELATIVE_URLS"):
        return get_relative_path(article.save_as or "index.html")
    return settings.get("SITEURL", "")


def rewrite_articles(generator) -> None:
    settings = generator.settings
    images_dir = Path(settings["PATH"]) / "images"
    cache = Path(settings.get("CACHE_PATH") or "cache")
    articles = list(_articles(generator))
    # the substring test first: the regex (a word boundary tried at every position) costs ~0.3 s over
    # 10,000 articles without photos, the test ~0.01 s; SRC only matches where it holds
    htmls = (source_html(article) or "" for article in articles)
    names = {name for html in htmls if 'src="/images/' in html for name in SRC.findall(html)}
    names |= {str(a.image)[len("/images/"):] for a in articles if str(getattr(a, "image", "") or "").startswith("/images/")}
    sources = [images_dir / n for n in sorted(names) if "/" not in n and (images_dir / n).is_file()
               and not (images_dir / n).is_symlink()]
    workers = int((settings.get("CDD_IMAGES") or {}).get("workers") or os.cpu_count() or 1)
    made = derive_all(sources, cache, workers)
    if made:
        logger.info("ภาพ / images: %d new photos derived in %d processes", made, min(workers, made))
    for article in articles:
        for manifest in rewrite_article(article, settings, images_dir, cache):
            _USED[manifest["sha256"]] = manifest


def rewrite_article(article, settings, images_dir: Path, cache: Path) -> list[dict]:
    """One article's photos as <picture>s (its HTML replaced) and what its page and listing entry show
    of them; returns the manifests of the photos it uses (derived here when not cached yet)."""
    content = source_html(article)
    lead = str(getattr(article, "image", "") or "")
    if not lead and (not content or "/images/" not in content):
        return []
    where = getattr(article, "source_path", "")
    done = arrange(content or "", images_dir, cache, lead=lead, site_url=site_prefix(settings, article),
                   report=lambda message, where=where: logger.warning("ภาพ / image (%s): %s", where, message))
    replace_html(article, done.body)
    # what article.html and the listing entry show (cdd_incremental fingerprints these too)
    article.photo_lead = Markup(done.lead_html) if done.lead_html else ""
    article.image_manifest = done.lead
    article.photo_thumb = thumbnail(done.lead) if done.lead else None
    article.photo_share = [share(m, done.lead_alt if m is done.lead else "") for m in done.photos]
    return done.photos


def rewrite_one(article, settings) -> None:
    """make serve's quick phase (scripts/quick_preview.py): one article re-read after a full build, its
    photos rewritten as rewrite_articles does, and any photo no article of that build used published
    into output/images at once (the full build that follows publishes the rest as usual)."""
    cache = Path(settings.get("CACHE_PATH") or "cache")
    for manifest in rewrite_article(article, settings, Path(settings["PATH"]) / "images", cache):
        if manifest["sha256"] not in _USED:
            publish(manifest, cache, Path(settings["OUTPUT_PATH"]) / "images")
            _USED[manifest["sha256"]] = manifest


def publish_all(pelican) -> None:
    output_images = Path(pelican.settings["OUTPUT_PATH"]) / "images"
    cache = Path(pelican.settings.get("CACHE_PATH") or "cache")
    for manifest in _USED.values():
        publish(manifest, cache, output_images)
    # every other photo published from content/images (an officer's upload no article shows yet) is
    # replaced by its clean copy too: no published file keeps EXIF
    content_images = Path(pelican.settings["PATH"]) / "images"
    for path in sorted(output_images.glob("*")) if output_images.is_dir() else []:
        if path.stem in _USED:
            continue  # done above (the output copy is the clean one now: never derive from it)
        if path.is_file() and path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"):
            source = content_images / path.name
            try:
                publish(derive(source if source.is_file() and not source.is_symlink() else path, cache),
                        cache, output_images)
            except (ImageRejected, OSError) as exc:
                path.unlink()  # not a photo we publish
                logger.warning("ภาพไม่เผยแพร่ / image not published: %s: %s", path, exc)


def forget_previous_build(generator) -> None:
    """The photos of this build only: one process runs several builds (tests, make serve), each with
    its own cache folder, so a photo of an earlier build must not be published from this one's cache."""
    _USED.clear()


def register() -> None:
    signals.generator_init.connect(article_meta.add_filters)
    signals.article_generator_init.connect(forget_previous_build)
    signals.article_generator_finalized.connect(rewrite_articles)
    signals.finalized.connect(publish_all)
