"""Every core for reading and for the pages: source files read in forked workers before Pelican's
own loop; the article pages, and the listing pages put aside by cdd_patches.writer.listing_batch
(tags, the index, provinces, missions, periods), rendered in forked workers (see "rendering" below).

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
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial

from pelican import signals

from cdd_patches import articles, reader_cache

logger = logging.getLogger(__name__)

PARALLEL_MIN = 64  # files to read: below this, forking costs more than it saves
CHUNKS_PER_WORKER = 8  # a worker takes the files in this many pieces (a slow file delays one piece)
RENDER_MIN = PARALLEL_MIN  # pages to write (article or listing pages): below this, they are written in this process


# A worker that dies (killed for memory) breaks a concurrent.futures pool, which says so
# (BrokenProcessPool), where a multiprocessing.Pool would wait for its task for ever.
WORKER_DIED = ("โปรเซสย่อยหยุดกลางคัน (หน่วยความจำไม่พอ?) ส่วนที่เหลือทำในโปรเซสเดียว — ลอง -j 1 / "
               "a worker process died (out of memory?); the rest is done in one process (try -j 1)")


def fork_pool(processes: int, initializer=None) -> ProcessPoolExecutor:
    """Forked workers (they inherit the build's state) that report a dead worker instead of hanging."""
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"), initializer=initializer)


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


class _Seen(logging.Handler):
    """Records that something at ``level`` or above was logged during the current read or page
    (a worker's only handler)."""

    def __init__(self, level):
        super().__init__(level=level)
        self.seen = False

    def emit(self, record):
        self.seen = True


_LOGGED = _Seen(logging.NOTSET)  # reading: anything logged sends the file to the parent


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
    global _READERS
    started = time.perf_counter()
    stored = 0
    _READERS = readers
    pool = fork_pool(processes, _init_worker)
    try:
        chunk = max(1, len(pending) // (processes * CHUNKS_PER_WORKER))
        for path, pair in pool.map(_read, pending, chunksize=chunk):
            if pair is not None:
                reader_cache.store(readers, path, reader_cache.attach(readers, pair))
                stored += 1
    except BrokenProcessPool:  # a worker was killed (out of memory?): the parent reads the rest
        logger.warning(WORKER_DIED)
    except Exception as exc:  # a result that cannot travel (pickling): the parent reads the rest
        logger.debug("cdd_incremental.parallel: reading in workers stopped: %r", exc)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _READERS = None
    logger.info("cdd_incremental: อ่าน %d ไฟล์ด้วย %d โปรเซส ใน %.2f วินาที / read %d of %d files in %d "
                "processes in %.2f s", stored, processes, time.perf_counter() - started, stored, len(pending),
                processes, time.perf_counter() - started)
    return stored


def read_articles_ahead(generator) -> None:
    read_ahead(generator, generator.settings["ARTICLE_PATHS"], generator.settings["ARTICLE_EXCLUDES"])


def read_pages_ahead(generator) -> None:
    read_ahead(generator, generator.settings["PAGE_PATHS"], generator.settings["PAGE_EXCLUDES"])


# --- rendering ---------------------------------------------------------------------------------
# The article pages, once the context is complete, rendered in forked workers (and so each batch of
# listing pages, write_on_workers being the same for both): each takes a contiguous range of the
# write order and sends back, per page, what the parent's writer
# would have recorded (the incremental key, the file written or kept, the counts, the
# ``content_written`` signals with the page's SITEURL and output file, the context's
# ``localsiteurl`` afterwards) and the articles' fingerprints; the parent records it all in
# Pelican's order and sends the signals itself (the sitemap), so keys, sitemap and the context
# are those of a one-process build. A page whose writing logs a warning or raises, and every page
# after it in that range, is written again by the parent, in order, where a one-process build
# writes it (its messages and its error as that build gives them). ``article_generator_write_article``
# is sent for every article, in Pelican's order, before the first page is written (Pelican sends it
# just before each page; no plugin of ours listens to it). Pelican's INFO line per page written
# ("Writing ...") is not repeated by the parent for the workers' pages.

_RENDER = None  # (generator, write, writes): inherited through fork
_SENT: list = []
_CONTEXT_KEYS = ("SITEURL", "localsiteurl", "output_file")
_MISSING = object()


_WARNED = _Seen(logging.WARNING)  # rendering: a warning or an error sends the page to the parent


def _capture(sender, **kwargs):
    """A worker's ``content_written.send``: kept for the parent to send, not sent here."""
    context = kwargs.get("context") or {}
    _SENT.append((sender, {key: context[key] for key in _CONTEXT_KEYS if key in context}))
    return []


def _init_render_worker():
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_WARNED)
    for name in list(logging.root.manager.loggerDict):
        other = logging.getLogger(name)
        if not other.propagate or other.handlers:
            other.handlers = [_WARNED]
            other.propagate = False
    signals.content_written.send = _capture  # this process's signal object only


def _render(task):
    """Write pages start..stop-1 in a worker: (start, the first page not done, records, fingerprints)."""
    from cdd_patches.writer import page_path

    start, stop = task
    context, write, writes = _RENDER
    writer, _ = articles.writer_of(write)
    written, overridden = articles.written_state(writer)
    known = writer.fingerprints.shallow_ids()
    records = []
    done = start
    for i in range(start, stop):
        _article, name, template, kwargs = writes[i]
        counts = (writer.skipped, writer.rendered)
        _SENT.clear()
        _WARNED.seen = False
        try:
            write(name, template, context, **kwargs)
        except Exception:
            break
        if _WARNED.seen:
            break
        path = page_path(writer, name) if name else None
        local = context.get("localsiteurl", _MISSING)
        records.append((writer.keys.get(name) if name else None,
                        path is not None and path in written, path is not None and path in overridden,
                        writer.skipped - counts[0], writer.rendered - counts[1], list(_SENT),
                        (local is not _MISSING, None if local is _MISSING else local)))
        done = i + 1
    shallow = writer.fingerprints.shallow_since(known)
    return start, done, records, shallow


# write()'s keyword arguments that are not the page's variables (not in the context it is rendered with)
_NOT_VARIABLES = ("override_output", "url", "relative_urls")


def _record(context, writer, entry, record) -> None:
    """What the parent's writer and signals would have done for one page written in a worker."""
    from cdd_patches.writer import page_path

    _article, name, _template, kwargs = entry
    key, is_written, is_overridden, skipped, rendered, sent, (has_local, local) = record
    if key is not None:
        writer.keys[name] = key
    if is_written:
        articles.add_written(writer, page_path(writer, name), is_overridden)
    writer.skipped += skipped
    writer.rendered += rendered
    if skipped:
        writer.skipped_names.append(name)
    variables = {k: v for k, v in kwargs.items() if k not in _NOT_VARIABLES}
    for path, shown in sent:
        signals.content_written.send(path, context={**context, **shown, **variables})
    if has_local:
        context["localsiteurl"] = local


def write_articles(generator, write) -> None:
    """ArticlesGenerator.generate_articles: the same writes, in forked workers when it pays."""
    writes = articles.article_writes(generator)
    writer, keywords = articles.writer_of(write)
    if not _worth_forking(generator.settings, writer, [name for _, name, _, _ in writes if name]) \
            or set(keywords) != {"relative_urls"}:
        for article, name, template, kwargs in writes:  # the stock loop
            articles.announce(generator, article)
            write(name, template, generator.context, **kwargs)
        return
    for article, *_ in writes:
        articles.announce(generator, article)
    started, processes = time.perf_counter(), jobs(generator.settings)
    by_workers = write_on_workers(generator.context, writer, write, writes, processes)
    logger.info("cdd_incremental: เขียนหน้าข่าว %d หน้าด้วย %d โปรเซส ใน %.2f วินาที / wrote %d of %d article "
                "pages in %d processes in %.2f s", by_workers, processes, time.perf_counter() - started,
                by_workers, len(writes), processes, time.perf_counter() - started)


def render_listings(writer, batch) -> bool:
    """cdd_patches.writer.listing_batch's ``render``: the listing pages put aside, on every core when
    it pays (False: not here, the writer writes them itself)."""
    if not _worth_forking(writer.settings, writer, [save_as for save_as, *_ in batch]):
        return False
    writes = [(None, save_as, template, kwargs) for save_as, template, _context, kwargs in batch]
    contexts = {id(context) for _, _, context, _ in batch}
    if len(contexts) != 1:
        return False
    started, processes = time.perf_counter(), jobs(writer.settings)
    by_workers = write_on_workers(batch[0][2], writer, partial(writer.write_listing_page), writes, processes)
    logger.info("cdd_incremental: เขียนหน้ารายการ %d หน้าด้วย %d โปรเซส ใน %.2f วินาที / wrote %d of %d listing "
                "pages in %d processes in %.2f s", by_workers, processes, time.perf_counter() - started,
                by_workers, len(writes), processes, time.perf_counter() - started)
    return True


def _worth_forking(settings, writer, names: list[str]) -> bool:
    """Whether pages ``names`` are written on workers: several cores, enough pages, our writer
    (whose bookkeeping the parent repeats), and no page written twice (the second write is refused)."""
    from .cdd_incremental import IncrementalWriter

    return (jobs(settings) >= 2 and len(names) >= RENDER_MIN and isinstance(writer, IncrementalWriter)
            and len(set(names)) == len(names))


def write_on_workers(context, writer, write, writes, processes: int) -> int:
    """``write(name, template, context, **kwargs)`` for every (_, name, template, kwargs) of ``writes``,
    in contiguous ranges on forked workers, recorded in the parent in order (see "rendering" above);
    the number of pages the workers wrote."""
    import gc

    global _RENDER
    pieces = max(1, min(len(writes), processes * CHUNKS_PER_WORKER))
    bounds = [len(writes) * k // pieces for k in range(pieces + 1)]
    tasks = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
    by_workers = 0
    _RENDER = (context, write, writes)
    gc.freeze()  # the forked workers share the heap's pages instead of copying them as gc walks
    pool = None
    try:
        pool = fork_pool(processes, _init_render_worker)
        results = pool.map(_render, tasks)
        for a, b in tasks:
            try:
                start, done, records, shallow = next(results)
            except Exception as exc:  # a dead worker, a result that cannot travel: the parent writes the rest
                if isinstance(exc, BrokenProcessPool):
                    logger.warning(WORKER_DIED)
                else:
                    logger.debug("cdd_incremental.parallel: rendering in workers stopped: %r", exc)
                pool.shutdown(wait=True, cancel_futures=True)  # no worker still writing a page the parent writes
                results, start, done, records, shallow = None, a, a, [], {}
            writer.fingerprints.adopt(shallow)
            for i, record in zip(range(start, done), records):
                _record(context, writer, writes[i], record)
            by_workers += done - start
            for _item, name, template, kwargs in writes[done:b]:
                write(name, template, context, **kwargs)
            if results is None:
                for c, d in tasks[tasks.index((a, b)) + 1:]:
                    for _item, name, template, kwargs in writes[c:d]:
                        write(name, template, context, **kwargs)
                break
    finally:
        _RENDER = None
        gc.unfreeze()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return by_workers


def render_in_workers(generator) -> None:
    articles.install_article_writer(generator, write_articles)
    generator.render_listings = render_listings  # cdd_patches.lists and cdd_archive batch their listings


def register():
    signals.article_generator_init.connect(read_articles_ahead)
    signals.page_generator_init.connect(read_pages_ahead)
    signals.article_generator_init.connect(render_in_workers)
