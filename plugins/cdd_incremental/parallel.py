"""Every core for reading: the source files read in forked workers before Pelican's own loop.

At ``article_generator_init`` and ``page_generator_init`` (the generator's readers are made, the
validating reader of cdd_validate installed, nothing read yet) every source file whose entry in
Pelican's reader cache is missing or stale is read (Markdown, cdd_validate's checks and dates, the
HTML sanitiser: the reader's whole ``read``) in a pool of forked worker processes, and each result
is stored in the reader cache (cdd_patches.reader_cache). Pelican's single-process loop then finds
every file in the cache and does the rest as always, in the same order: the content objects,
``content_object_init``, ``*_generator_context`` (where cdd_validate reports each file's problems,
so they are logged exactly as in a one-process build, on a cache hit as on a read), the auto-tagger.

A worker's read that logged anything (a warning of Markdown or of a reader) or failed is not kept:
the parent reads that file again itself, so its messages and its error appear exactly where and
as a one-process build gives them. The site is the same byte for byte (tests/test_parallel_build.py).

Settings: ``CDD_JOBS`` (processes; None or 0: every core this process may use; 1: no workers);
below ``PARALLEL_MIN`` files to read nothing is forked. Without the reader cache
(``CACHE_CONTENT = False`` or ``CONTENT_CACHING_LAYER = "generator"``) there is nowhere to put a
result for Pelican to find, and the build reads in one process.
"""
from __future__ import annotations

import logging
import os
import time

from pelican import signals

from cdd_patches import reader_cache

logger = logging.getLogger(__name__)

PARALLEL_MIN = 64  # files to read: below this, forking costs more than it saves
CHUNKS_PER_WORKER = 8  # a worker takes the files in this many pieces (a slow file delays one piece)


def jobs(settings) -> int:
    """The number of processes the build may use: ``CDD_JOBS``, or every core available."""
    value = settings.get("CDD_JOBS")
    if value:
        return max(1, int(value))
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# The worker's state: the generator's readers, inherited through fork.
_READERS = None


class _Logged(logging.Handler):
    """Records that something was logged during the current read (the worker's only handler)."""

    def __init__(self):
        super().__init__(level=logging.NOTSET)
        self.seen = False

    def emit(self, record):
        self.seen = True


_LOGGED = _Logged()


def _init_worker():
    """Nothing a worker logs is printed: a read that logs is done again by the parent."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_LOGGED)
    for name in list(logging.root.manager.loggerDict):  # loggers that do not propagate to the root
        other = logging.getLogger(name)
        if not other.propagate or other.handlers:
            other.handlers = [_LOGGED]
            other.propagate = False


def _read(job):
    """(path, pair) read in a worker; pair None when the parent must read the file itself."""
    path, fmt = job
    _LOGGED.seen = False
    try:
        pair = reader_cache.read_source(_READERS, path, fmt)
    except Exception:
        return path, None
    if _LOGGED.seen or pair[0] is None:
        return path, None
    return path, reader_cache.detach(pair)


def read_ahead(generator, paths: list[str], exclude: list[str]) -> int:
    """Read the generator's unread files in workers into its reader cache; the number stored."""
    readers = generator.readers
    processes = jobs(generator.settings)
    if processes < 2 or not reader_cache.caching(readers):
        return 0
    pending = reader_cache.unread_sources(generator, paths, exclude)
    if len(pending) < PARALLEL_MIN:
        return 0
    import multiprocessing

    global _READERS
    started = time.perf_counter()
    stored = 0
    _READERS = readers
    try:
        chunk = max(1, len(pending) // (processes * CHUNKS_PER_WORKER))
        with multiprocessing.get_context("fork").Pool(processes, initializer=_init_worker) as pool:
            for path, pair in pool.imap_unordered(_read, pending, chunksize=chunk):
                if pair is not None:
                    reader_cache.store(readers, path, reader_cache.attach(readers, pair))
                    stored += 1
    except Exception as exc:  # a result that cannot travel (pickling): the parent reads the rest
        logger.debug("cdd_incremental.parallel: reading in workers stopped: %r", exc)
    finally:
        _READERS = None
    logger.info("cdd_incremental: อ่าน %d ไฟล์ด้วย %d โปรเซส ใน %.2f วินาที / read %d of %d files in %d "
                "processes in %.2f s", stored, processes, time.perf_counter() - started, stored, len(pending),
                processes, time.perf_counter() - started)
    return stored


def read_articles_ahead(generator) -> None:
    read_ahead(generator, generator.settings["ARTICLE_PATHS"], generator.settings["ARTICLE_EXCLUDES"])


def read_pages_ahead(generator) -> None:
    read_ahead(generator, generator.settings["PAGE_PATHS"], generator.settings["PAGE_EXCLUDES"])


def register():
    signals.article_generator_init.connect(read_articles_ahead)
    signals.page_generator_init.connect(read_pages_ahead)
