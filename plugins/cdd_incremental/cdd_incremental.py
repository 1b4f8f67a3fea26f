"""Incremental builds: an article page is rendered again only when what it shows has changed.

Pelican 4.12 renders every page on every build (its content cache only skips reading), so adding
one article to a 10,000-article archive re-renders 10,000 unchanged article pages. This plugin
installs a Writer (``get_writer``) that, for pages rendered from the ``article`` template, computes
a key from

- the article's own data (metadata, HTML, tags, provinces...) and every article it references
  (older/newer, related) as those pages show them,
- the output path, the settings, the theme files and the plugins' code and data,

and skips rendering when the key is the one recorded for that file by the last successful build
and the file is still there. ``content_written`` is still sent for a skipped page (sitemaps).
Listing pages (index, tags, provinces, missions, months) are always rendered.

Contract for the theme: article.html may show only the article, what it references, settings and
URLs; if it shows site-wide data (e.g. a count of all news), list those context keys in
``CDD_INCREMENTAL = {"context_keys": [...]}`` so they are part of the key.

The keys are in ``CACHE_PATH/cdd_incremental.json``, saved once the article pages are written (a
build that fails before leaves the previous keys, so the next build renders what it must).
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

import pelican
from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from .fingerprint import Fingerprints, Uncacheable, describe, files_fingerprint, settings_fingerprint, sha1

logger = logging.getLogger(__name__)

DEFAULTS = {"enabled": True, "templates": ["article"], "context_keys": [], "cache_name": "cdd_incremental.json"}


def settings_of(settings) -> dict:
    return {**DEFAULTS, **(settings.get("CDD_INCREMENTAL") or {})}


class IncrementalWriter(Writer):
    """Pelican's Writer, skipping pages whose key has not changed since the last build."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.options = settings_of(self.settings)
        cache_dir = self.settings.get("CACHE_PATH")
        self.cache_file = Path(cache_dir) / self.options["cache_name"] if cache_dir else None
        self.previous: dict[str, str] = {}
        if self.cache_file and self.cache_file.exists() and self.settings.get("LOAD_CONTENT_CACHE", True):
            try:
                self.previous = json.loads(self.cache_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.previous = {}
        self.keys: dict[str, str] = {}
        self.fingerprints = Fingerprints()
        self.build_key = self._build_key()
        self.skipped = self.rendered = 0

    def _build_key(self) -> str:
        theme = Path(self.settings.get("THEME", ""))
        plugin_paths = [Path(p) for p in self.settings.get("PLUGIN_PATHS", [])]
        return sha1("|".join((pelican.__version__, settings_fingerprint(self.settings),
                              files_fingerprint([theme]), files_fingerprint(plugin_paths))))

    def page_key(self, name, template, context, kwargs) -> str | None:
        """The key of one non-paginated page, or None when it must always be rendered."""
        template_name = getattr(template, "name", "") or ""
        if Path(template_name).stem not in self.options["templates"] or "article" not in kwargs:
            return None
        try:
            parts = [self.build_key, name, template_name,
                     describe({k: v for k, v in kwargs.items() if k != "article"}, self.fingerprints.shallow),
                     self.fingerprints.deep(kwargs["article"])]
            parts += [describe(context.get(key), self.fingerprints.shallow) for key in self.options["context_keys"]]
        except (Uncacheable, RecursionError) as exc:
            logger.debug("cdd_incremental: %s is always rendered (%s)", name, exc)
            return None
        return sha1("\n".join(parts))

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if not name or paginated or not self.options["enabled"]:
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)
        key = self.page_key(name, template, context, kwargs)
        path = sanitised_join(self.output_path, name)
        if key is not None:
            self.keys[name] = key
            if self.previous.get(name) == key and os.path.exists(path) and path not in self._written_files:
                self._written_files.add(path)
                self.skipped += 1
                localcontext = {**context, "output_file": name, **kwargs}
                signals.content_written.send(path, context=localcontext)
                return None
        self.rendered += 1
        return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                  override_output, url, **kwargs)

    def save(self) -> None:
        """Record the keys of this build (the pages written or skipped by it)."""
        if not self.cache_file:
            return
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.cache_file.parent, prefix=".incremental-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self.keys, handle)
        os.replace(tmp, self.cache_file)
        logger.info("cdd_incremental: หน้าข่าวที่ไม่เปลี่ยน %d หน้าไม่ต้องสร้างใหม่, สร้าง %d หน้า / "
                    "%d unchanged article pages skipped, %d rendered", self.skipped, self.rendered,
                    self.skipped, self.rendered)


def get_writer(pelican_object):
    """Our writer, unless turned off."""
    return IncrementalWriter if settings_of(pelican_object.settings)["enabled"] else None


def save_keys(generator, writer):
    """Every article page is written or skipped by now: record the keys."""
    if isinstance(writer, IncrementalWriter):
        writer.save()


def register():
    """get_writer installs the writer; article_writer_finalized records the keys.

    Not at ``finalized``: a strict validation failure raises there, and the article pages of that
    build are right (the invalid ones were never written), so their keys are worth keeping."""
    signals.get_writer.connect(get_writer)
    signals.article_writer_finalized.connect(save_keys)
