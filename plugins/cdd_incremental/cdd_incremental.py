"""Incremental builds: an article page is rendered again only when what it shows has changed.

Pelican 4.12 renders every page on every build (its content cache only skips reading), so adding
one article to a 10,000-article archive re-renders 10,000 unchanged article pages. This plugin
installs a Writer (``get_writer``) that, for pages rendered from the ``article`` template, computes
a key from

- the article's own data (metadata, HTML, tags, provinces...) and every article it references
  (older/newer, related) as those pages show them,
- the output path, the settings, the theme files, the plugins' code and data and the Thai
  module's fingerprint (cdd_thai/fingerprint.py: its files, pythainlp's and nlpo3's versions),

and skips rendering when the key is the one recorded for that file by the last successful build
and the file is still there. ``content_written`` is still sent for a skipped page (sitemaps).
Listing pages (index, tags, provinces, missions, months) are always rendered.

Contract for the theme: article.html may show only the article, what it references, settings and
URLs; if it shows site-wide data (e.g. a count of all news), list those context keys in
``CDD_INCREMENTAL = {"context_keys": [...]}`` so they are part of the key.

The keys are in ``CACHE_PATH/cdd_incremental.json``, saved once the article pages are written, each
with the size and modification time of the file it was recorded for: a page is skipped only if
that very file is still there, so keys of a build whose output was thrown away (scripts/build.py
keeps the previous output when a build fails) never skip a page of the output that was kept.

Building into a fresh folder (scripts/build.py): with ``CDD_PREVIOUS_OUTPUT`` set to the folder
of the last build, an unchanged page is hard-linked (or copied) from there instead of rendered.

The plugin also guards the output folder (output_guard.py: nothing written outside it, nothing
read from outside the content folder, no page for hidden and draft articles, one bad
Template/Save_as does not stop the build) and removes what the previous build of the same folder
wrote and this one did not (output_state.py: withdrawn and deleted articles disappear).
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
from pathlib import Path

import pelican
from pelican import signals
from pelican.paginator import Page, Paginator
from pelican.utils import sanitised_join

from cdd_patches.content_cache import install_fast_content_cache
from cdd_patches.writer import SkippingWriter, written_files
from cdd_thai.fingerprint import fingerprint as thai_fingerprint
from cdd_thai.text import atomic_write

from . import output_guard, output_state
from .fingerprint import Fingerprints, Uncacheable, describe, files_fingerprint, settings_fingerprint, sha1

logger = logging.getLogger(__name__)

DEFAULTS = {
    "enabled": True,
    "templates": ["article"],  # non-paginated pages that may be skipped
    "listings": True,  # paginated listing pages (index, tags, provinces, months...) may be skipped
    "context_keys": [],  # site-wide context values that pages show (part of every key)
    "cache_name": "cdd_incremental.json",
}


def settings_of(settings) -> dict:
    return {**DEFAULTS, **(settings.get("CDD_INCREMENTAL") or {})}


PLUGINS_DIR = Path(__file__).resolve().parent.parent  # the plugins' code and data: part of every key


class IncrementalWriter(SkippingWriter):
    """Pelican's Writer, skipping pages whose key has not changed since the last build."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.options = settings_of(self.settings)
        cache_dir = self.settings.get("CACHE_PATH")
        self.cache_file = Path(cache_dir) / self.options["cache_name"] if cache_dir else None
        self.previous: dict[str, list] = {}
        if self.cache_file and self.cache_file.exists() and self.settings.get("LOAD_CONTENT_CACHE", True):
            try:
                self.previous = json.loads(self.cache_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.previous = {}
        previous_output = self.settings.get("CDD_PREVIOUS_OUTPUT")
        self.previous_output = (previous_output if previous_output and os.path.isdir(previous_output)
                                and os.path.realpath(previous_output) != os.path.realpath(output_path) else None)
        self.keys: dict[str, str] = {}
        self.fingerprints = Fingerprints()
        self.build_key = self._build_key()
        self.skipped = self.rendered = 0
        self.skipped_names: list[str] = []

    def _build_key(self) -> str:
        theme = Path(self.settings.get("THEME", ""))
        return sha1("|".join((pelican.__version__, settings_fingerprint(self.settings),
                              files_fingerprint([theme]), files_fingerprint([PLUGINS_DIR]),
                              thai_fingerprint())))  # with pythainlp's and nlpo3's versions

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

    def _template_words(self) -> set[str]:
        """Every identifier the theme's templates mention: a variable passed to a template but never
        named in one (Pelican's ``all_articles``, ``dates``) cannot change the page."""
        if not hasattr(self, "_words"):
            words: set[str] = set()
            templates = Path(self.settings.get("THEME", "")) / "templates"
            for path in templates.rglob("*") if templates.exists() else ():
                if path.is_file():
                    words |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", path.read_text(encoding="utf-8", errors="replace")))
            self._words = words
        return self._words

    def _describe_memo(self, value) -> str:
        """describe() of a long-lived value (an article list, an archive), once per build."""
        memo = self.__dict__.setdefault("_memo", {})
        key = id(value)
        if key not in memo:
            memo[key] = (value, sha1(describe(value, self.fingerprints.shallow)))  # keep value alive: ids stay unique
        return memo[key][1]

    def listing_key(self, save_as, template, context, kwargs) -> str | None:
        """The key of one page of a paginated listing, or None when it must always be rendered."""
        words = self._template_words()
        parts = [self.build_key, save_as, getattr(template, "name", "") or ""]
        try:
            for name in sorted(kwargs):
                value = kwargs[name]
                if isinstance(value, Paginator):
                    parts.append(f"{name}=paginator({value.num_pages},{value.count},{value.per_page})")
                elif isinstance(value, Page):
                    items = ",".join(self.fingerprints.shallow(item) for item in value.object_list)
                    parts.append(f"{name}=page({value.number},{value.url},{value.save_as},[{items}])")
                elif value is None and name.endswith("_page"):
                    parts.append(f"{name}=None")
                elif name in words:
                    if isinstance(value, (list, tuple, dict)) or (hasattr(value, "__dict__") and not isinstance(value, type)):
                        parts.append(f"{name}={self._describe_memo(value)}")
                    else:
                        parts.append(f"{name}={describe(value, self.fingerprints.shallow)}")
            for key in self.options["context_keys"]:
                parts.append(f"context.{key}={self._describe_memo(context.get(key))}")
        except (Uncacheable, RecursionError) as exc:
            logger.debug("cdd_incremental: %s is always rendered (%s)", save_as, exc)
            return None
        return sha1("\n".join(parts))

    def _skip(self, name, key, context, kwargs) -> bool:
        """Skip a page whose key is the one the last build recorded, if its file is still there."""
        path = sanitised_join(self.output_path, name)
        self.keys[name] = key
        recorded = self.previous.get(name)
        if not isinstance(recorded, list) or recorded[0] != key or self.is_written(path):
            return False
        source = os.path.join(self.previous_output, name) if self.previous_output else path
        try:
            stat = os.stat(source)
        except OSError:
            return False
        if [stat.st_size, stat.st_mtime_ns] != recorded[1:]:
            return False  # not the file the key was recorded for (e.g. an output thrown away since)
        if source != path:
            try:
                reuse(source, path)
            except OSError:
                return False
        self.mark_written(path)
        self.skipped += 1
        self.skipped_names.append(name)
        signals.content_written.send(path, context={**context, "output_file": name, **kwargs})
        return True

    def skip_page(self, name, template, context, kwargs) -> bool:
        key = self.page_key(name, template, context, kwargs) if self.options["enabled"] else None
        if key is not None and self._skip(name, key, context, kwargs):
            return True
        self.rendered += 1
        return False

    def skip_listing_page(self, save_as, template, context, kwargs) -> bool:
        if not (self.options["enabled"] and self.options["listings"]):
            return False
        key = self.listing_key(save_as, template, context, kwargs)
        if key is not None and self._skip(save_as, key, context, kwargs):
            return True
        self.rendered += 1
        return False

    def save(self) -> None:
        """Record the keys of this build (the pages written or skipped by it)."""
        if not self.cache_file:
            return
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        recorded = {}
        for name, key in self.keys.items():
            path = sanitised_join(self.output_path, name)
            if not self.is_written(path):
                continue  # not written yet: its file on disk is an older one
            try:
                stat = os.stat(path)
            except OSError:
                continue
            recorded[name] = [key, stat.st_size, stat.st_mtime_ns]
        atomic_write(self.cache_file, json.dumps(recorded))
        logger.info("cdd_incremental: หน้าที่ไม่เปลี่ยน %d หน้าไม่ต้องสร้างใหม่, สร้าง %d หน้า / "
                    "%d unchanged pages skipped, %d rendered", self.skipped, self.rendered,
                    self.skipped, self.rendered)


def reuse(source: str, target: str) -> None:
    """Put the previous build's file at ``target``: a hard link (the writers replace or truncate
    only files they render, which are never linked ones), or a copy across file systems."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.lexists(target):
        os.unlink(target)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def get_writer(pelican_object):
    """Our writer, unless turned off."""
    return IncrementalWriter if settings_of(pelican_object.settings)["enabled"] else None


def save_keys(generator, writer):
    """Every article page is written or skipped by now: record the keys."""
    if isinstance(writer, IncrementalWriter):
        STATE.writer = writer
        writer.save()


def save_all_keys(pelican_object):
    """The listing pages plugins write at article_writer_finalized are done by now: record again."""
    if isinstance(STATE.writer, IncrementalWriter):
        STATE.writer.save()


class State:
    writer: IncrementalWriter | None = None


STATE = State()


class Finisher:
    """A generator of ours: Pelican runs plugin generators after its own (every page and feed is
    written) and before the StaticGenerator copies files and ``finalized`` (whose handlers run in
    no fixed order, one of them raising for a strict validation error). Here the static files are
    checked, the keys saved and the stale files of the previous build removed."""

    def __init__(self, *, context, settings, output_path, **_kwargs):
        self.context, self.settings, self.output_path = context, settings, output_path

    def generate_output(self, writer) -> None:
        output_guard.check_static_files(self.context, self.settings)
        if isinstance(writer, IncrementalWriter):
            STATE.writer = writer
            writer.save()
        output_state.record(self.settings, self.output_path, written_files(writer),
                            self.context.get("staticfiles") or ())


def finisher(pelican_object):
    return Finisher


def register():
    """get_writer installs the writer; the keys are recorded at article_writer_finalized, by the
    Finisher and again at finalized (a strict validation failure raises at finalized; the pages
    written until then are right, the invalid articles were never written, so those keys are
    worth keeping). The guards run once every file is read (pretaxonomy for articles: before
    cdd_archive groups them)."""
    install_fast_content_cache()  # Pelican's content cache saved in 1.2 s, not 6.5 s (cdd_patches/content_cache.py)
    signals.get_writer.connect(get_writer)
    signals.article_generator_pretaxonomy.connect(output_guard.check_contents)
    signals.page_generator_finalized.connect(output_guard.check_pages)
    signals.get_generators.connect(finisher)
    signals.article_writer_finalized.connect(save_keys)
    signals.finalized.connect(save_all_keys)
