"""Every use of Pelican's internals, in one place: private methods replaced, private attributes read
or set, Pelican code copied. The plugins call the functions here and touch nothing private
themselves, so a Pelican upgrade is reviewed in this package and in tests/test_pelican_patches.py
(one test per patch, pinning the stock behaviour it relies on or replaces).

- lists.py: the tag, category, author and period-archive lists in linear time (cdd_autotags).
- content_cache.py: Pelican's content cache saved fast, and only when it changed (cdd_incremental).
- reader_cache.py: the reader cache filled ahead of Pelican's reading loop (cdd_incremental.parallel).
- writer.py: a Writer that may skip a page (cdd_incremental), the files a writer wrote, opening an
  output file the way Pelican does (cdd_archive's group feeds).
- articles.py: the article-page loop as a list of writes, replaced on a generator, the writer's
  written-file bookkeeping (cdd_incremental.parallel renders the pages in forked workers).
- contents.py: an article's HTML as read, replacing it, a page that is not written.
- readers.py: a Markdown reader's read on text already decoded, a reader subclass keeping the name.

Written against one Pelican version, checked on import: with another one every build stops at
the plugins' import until this package is reviewed.
"""
from __future__ import annotations

import pelican

PELICAN_VERSION = "4.12.0"


class PelicanVersionError(RuntimeError):
    """Not an ImportError: Pelican logs a plugin's ImportError and builds on without the plugin."""


if pelican.__version__ != PELICAN_VERSION:
    raise PelicanVersionError(
        f"cdd_patches เขียนไว้สำหรับ Pelican {PELICAN_VERSION} แต่ติดตั้ง {pelican.__version__}: ตรวจ "
        f"plugins/cdd_patches/ แล้วรัน tests/test_pelican_patches.py ก่อนเปลี่ยนเลขนี้ / cdd_patches was "
        f"written against Pelican {PELICAN_VERSION}, {pelican.__version__} is installed: review "
        f"plugins/cdd_patches/ (every patch of Pelican internals), run tests/test_pelican_patches.py, "
        f"then update PELICAN_VERSION in plugins/cdd_patches/__init__.py")
