"""Pelican glue: after the articles are read (and sanitised by cdd_thai.safe_html at read time), each
article's photos become <picture> elements; at the end the derivatives and EXIF-free copies are written
over output/images/. Everything else is in derive.py."""
from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from .check import ImageRejected
from .derive import derive, publish, rewrite

logger = logging.getLogger(__name__)
_USED: dict[str, dict] = {}


def _articles(generator):
    for article in [*generator.articles, *getattr(generator, "translations", []), *getattr(generator, "drafts", [])]:
        yield article


def rewrite_articles(generator) -> None:
    settings = generator.settings
    images_dir = Path(settings["PATH"]) / "images"
    cache = Path(settings.get("CACHE_PATH") or "cache")
    for article in _articles(generator):
        content = getattr(article, "_content", None)
        if not content or "/images/" not in content:
            continue
        lead = str(getattr(article, "image", "") or "")
        new, used = rewrite(content, images_dir, cache, lead=lead,
                            report=lambda message: logger.warning("ภาพ / image: %s", message))
        article._content = new
        for manifest in used:
            _USED[manifest["sha256"]] = manifest
        if used:
            article.image_manifest = used[0] if not lead else next(
                (m for m in used if f"/images/{m['sha256']}.{m['ext']}" == lead), used[0])


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
    signals.article_generator_init.connect(forget_previous_build)
    signals.article_generator_finalized.connect(rewrite_articles)
    signals.finalized.connect(publish_all)
