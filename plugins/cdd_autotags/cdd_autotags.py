"""Tags filled in automatically when an officer leaves ``Tags`` empty.

At ``article_generator_pretaxonomy`` (after every article is read, before Pelican groups them by
tag) each article without tags gets ``cdd_thai.tags.extract_tags(title, body)``. The result is cached
in ``CACHE_PATH/cdd_autotags.json`` keyed by a hash of the title and body, so a rebuild never
tokenises an unchanged article again. The cache also records the Thai module's one fingerprint
(cdd_thai.fingerprint: every file of it, code and data, and pythainlp's version): when any of that
changes, every tag is recomputed.

Cold builds with many untagged articles tag them in forked worker processes (``processes``).

Then every article's tags (an officer's, the normaliser's or ours) are made meaningful
(``cdd_thai.tags.meaningful``: no places, no everyday words, no pieces of its people's names, one per
idea) and near-duplicates across the archive take one spelling (``merge_variants``), so the tag
index is topics a reader can follow.

The plugin also installs cdd_patches.lists on the ArticlesGenerator: Pelican's tag, category, author
and period-archive lists are quadratic in the number of articles, and automatic tags make the tag
step grow; the replacements give the same lists in linear time.

Settings: ``CDD_AUTOTAGS = {"k": 8, "processes": 2, "linear_lists": True, ...}`` (see DEFAULTS; without
``processes``, as many as the build's ``CDD_JOBS``: cdd_incremental.parallel.jobs).
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path
from types import SimpleNamespace

from pelican import signals
from pelican.urlwrappers import Tag

from cdd_patches.contents import source_html
from cdd_patches.lists import install_linear_lists

logger = logging.getLogger(__name__)

DEFAULTS = {
    "k": 8,
    "cache_name": "cdd_autotags.json",
    "enabled": True,
    "processes": None,  # forked workers when many articles need tags; None: the build's CDD_JOBS (every core)
    "clean": True,  # every article's tags: meaningful ones, one spelling per tag (clean_tags)
    "linear_lists": True,  # replace Pelican's quadratic tag/category/author/period lists (cdd_patches/lists.py)
}
PARALLEL_MIN = 200  # below this, forking costs more than it saves


def settings_of(settings) -> dict:
    options = {**DEFAULTS, **(settings.get("CDD_AUTOTAGS") or {})}
    if not options["processes"]:
        from cdd_incremental.parallel import jobs

        options["processes"] = jobs(settings)
    return options


def plain_text(content_html: str) -> str:
    """The article body as text: one line per block, entities decoded (cdd_thai.text.html_to_text)."""
    from cdd_thai.text import html_to_text

    return html_to_text(content_html or "")


def content_key(title: str, body: str, k: int) -> str:
    """The cache key of one article's tags."""
    digest = hashlib.sha1(f"{k}\0{title}\0{body}".encode("utf-8"))
    return digest.hexdigest()


def model_fingerprint(thai_dir: Path | None = None) -> str:
    """What extract_tags' answer depends on besides the article: the whole Thai module."""
    from cdd_thai import fingerprint

    return fingerprint.fingerprint(thai_dir or fingerprint.MODULE_DIR)


class TagCache:
    """A JSON file of content hash -> tags; only the entries used by the last build are kept."""

    def __init__(self, path: Path | None, fingerprint: str):
        self.path = path
        self.fingerprint = fingerprint
        self.entries: dict[str, list[str]] = {}
        self.used: dict[str, list[str]] = {}
        self.dirty = False
        if path and path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if data.get("fingerprint") == fingerprint:
                self.entries = data.get("tags", {})

    def get(self, key: str) -> list[str] | None:
        tags = self.entries.get(key)
        if tags is not None:
            self.used[key] = tags
        return tags

    def put(self, key: str, tags: list[str]) -> None:
        self.entries[key] = self.used[key] = tags
        self.dirty = True

    def save(self) -> None:
        if not self.path or (not self.dirty and len(self.used) == len(self.entries)):
            return
        from cdd_thai.text import atomic_write

        atomic_write(self.path, json.dumps({"fingerprint": self.fingerprint, "tags": self.used}, ensure_ascii=False))


def _extract_one(job):
    extract, title, body, k = job
    return extract(title, body, k=k)


def compute(pending: list[tuple[str, str]], extract, k: int = 8, processes: int = 1) -> list[list[str]]:
    """extract(title, body) for every pending article, in ``processes`` forked workers when many."""
    if processes > 1 and len(pending) >= PARALLEL_MIN:
        from concurrent.futures.process import BrokenProcessPool

        from cdd_incremental.parallel import WORKER_DIED, fork_pool

        extract("ทดสอบ", "ทดสอบ", k=k)  # load the dictionaries once, before forking: workers inherit them
        jobs = [(extract, title, body, k) for title, body in pending]
        with fork_pool(processes) as pool:
            try:
                return list(pool.map(_extract_one, jobs, chunksize=max(1, len(jobs) // (processes * 8))))
            except BrokenProcessPool:  # a worker was killed (out of memory?): tagged here instead
                logger.warning(WORKER_DIED)
    return [extract(title, body, k=k) for title, body in pending]


def fill_tags(items, cache: TagCache, extract, k: int = 8, processes: int = 1) -> tuple[int, int]:
    """Give every (title, body, set_tags) item its tags; return (from the cache, computed)."""
    pending = []
    hits = 0
    for title, body, set_tags in items:
        key = content_key(title, body, k)
        tags = cache.get(key)
        if tags is None:
            pending.append((key, title, body, set_tags))
        else:
            hits += 1
            set_tags(tags)
    results = compute([(title, body) for _, title, body, _ in pending], extract, k, processes)
    for (key, _, _, set_tags), tags in zip(pending, results):
        cache.put(key, tags)
        set_tags(tags)
    return hits, len(pending)


def _all_articles(generator):
    seen = set()
    for name in ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                 "drafts_translations"):
        for article in getattr(generator, name, ()):
            if id(article) not in seen:
                seen.add(id(article))
                yield article


def _people(article) -> list[str]:
    value = article.metadata.get("people") or ""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [v.strip() for v in str(value).replace(";", ",").split(",") if v.strip()]


def clean_tags(generator) -> None:
    """Keep the tags that mean something, one spelling per tag across the archive."""
    articles = [a for a in _all_articles(generator) if getattr(a, "tags", None)]
    if not settings_of(generator.settings)["clean"] or not articles:
        return
    from cdd_thai import tags as thai_tags

    kept = [thai_tags.meaningful([t.name for t in a.tags], _people(a)) for a in articles]
    spelling = thai_tags.merge_variants(kept)
    LAST_CLEAN["kept"] = {getattr(a, "source_path", None) or id(a): names for a, names in zip(articles, kept)}
    LAST_CLEAN["spelling"] = spelling
    tag_named = shared_tags(generator)
    for article, names in zip(articles, kept):
        _set_spelling(article, names, spelling, generator.settings, tag_named)


# The last clean_tags of this process: each article's meaningful tags (by source path, in the build's
# order) and the archive's spelling of them, so that make serve's quick phase cleans one re-read
# article as the full build would (clean_one).
LAST_CLEAN: dict = {"kept": {}, "spelling": {}}


def shared_tags(generator):
    """``Tag(name, settings)`` made once per name for the generator's build: the articles naming a tag
    share it, so Pelican slugifies each tag once (its ``slug`` is computed on first use and kept),
    not once per article (~50,000 slugify calls at 10,000 articles, ~0.4 s). A Tag is a name, its
    slug and the settings: equal ones are interchangeable (Pelican groups articles by them)."""
    made = generator.__dict__.setdefault("_cdd_tags", {})
    settings = generator.settings

    def tag_named(name: str) -> Tag:
        tag = made.get(name)
        if tag is None:
            tag = made[name] = Tag(name, settings)
        return tag

    return tag_named


def _set_spelling(article, names, spelling, settings, tag_named=None) -> None:
    names = list(dict.fromkeys(spelling[n] for n in names))
    if names != [t.name for t in article.tags]:
        article.tags = [tag_named(name) if tag_named else Tag(name, settings) for name in names]
        article.metadata["tags"] = article.tags


def clean_one(article, settings) -> None:
    """clean_tags for one article re-read after the last build (scripts/quick_preview.py): its tags
    made meaningful, spelt as merge_variants spells them across the archive with this article's
    tags in place of the ones it had."""
    if not settings_of(settings)["clean"] or not getattr(article, "tags", None):
        return
    from cdd_thai import tags as thai_tags

    key = getattr(article, "source_path", None) or id(article)
    names = thai_tags.meaningful([t.name for t in article.tags], _people(article))
    spelling = LAST_CLEAN["spelling"]
    if LAST_CLEAN["kept"].get(key) != names:
        lists = {**LAST_CLEAN["kept"]}
        lists[key] = names
        spelling = thai_tags.merge_variants(list(lists.values()))
    _set_spelling(article, names, spelling, settings)


def tag_one(article, settings) -> None:
    """autotag for one article re-read after the last build (scripts/quick_preview.py): the tag
    cache is read, not written (the full build that follows records the new entry)."""
    autotag(SimpleNamespace(articles=[article], settings=settings), save_cache=False)


def _untagged(generator):
    return (a for a in _all_articles(generator) if not getattr(a, "tags", None))


def tag_articles(generator) -> None:
    autotag(generator)
    clean_tags(generator)


def autotag(generator, save_cache: bool = True) -> None:
    """Fill the tags of the generator's articles that have none."""
    options = settings_of(generator.settings)
    articles = list(_untagged(generator))
    if not options["enabled"] or not articles:
        return
    from cdd_thai import tags as thai_tags  # imported only when there is work: pythainlp is slow to load

    cache_dir = generator.settings.get("CACHE_PATH")
    cache = TagCache(Path(cache_dir) / options["cache_name"] if cache_dir else None, model_fingerprint())
    tag_named = shared_tags(generator)

    def setter(article):
        def set_tags(tags):
            article.tags = [tag_named(tag) for tag in tags]
            article.metadata["tags"] = article.tags
        return set_tags

    started = time.perf_counter()
    items = ((a.title, plain_text(source_html(a)), setter(a)) for a in articles)
    hits, computed = fill_tags(items, cache, thai_tags.extract_tags, k=options["k"],
                               processes=options["processes"])
    if save_cache:
        cache.save()
    logger.info("cdd_autotags: ติดแท็กอัตโนมัติ %d ข่าว (แคช %d, คำนวณใหม่ %d) ใน %.2f วินาที / "
                "auto-tagged %d articles (%d cached, %d computed) in %.2f s",
                hits + computed, hits, computed, time.perf_counter() - started,
                hits + computed, hits, computed, time.perf_counter() - started)


def linear_lists(generator) -> None:
    if settings_of(generator.settings)["linear_lists"]:
        install_linear_lists(generator)


def register():
    """Tag at article_generator_pretaxonomy: all articles are read, tag pages not yet grouped."""
    signals.article_generator_init.connect(linear_lists)
    signals.article_generator_pretaxonomy.connect(tag_articles)
