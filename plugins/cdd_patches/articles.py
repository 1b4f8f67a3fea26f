"""Pelican's article-page loop as a list of writes, and that loop replaced on one generator.

Pelican 4.12 (``ArticlesGenerator.generate_articles``, generators.py) writes the article pages as

    for article in chain(self.translations, self.articles, self.hidden_translations, self.hidden_articles):
        signals.article_generator_write_article.send(self, content=article)
        write(article.save_as, self.get_template(article.template), self.context, article=article,
              category=getattr(article, "category", None),
              override_output=hasattr(article, "override_save_as"), url=article.url, blog=True)

``article_writes`` gives those calls' arguments, in that order; ``install_article_writer`` makes the
generator call ``write_articles(generator, write, writes)`` in place of its loop (cdd_incremental.parallel
renders them on every core). The writer Pelican passes as ``write`` is
``partial(writer.write_file, relative_urls=...)`` (``generate_pages``): ``writer_of`` unwraps it, and
Writer's bookkeeping of written and overridden files (``_written_files``, ``_overridden_files``,
used by ``_open_w`` to refuse a second write) is read and extended by ``written_state`` and
``add_written``. tests/test_pelican_patches.py pins all of it against the stock loop.
"""
from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from types import MethodType

from pelican import signals


def article_writes(generator) -> list[tuple[object, str, object, dict]]:
    """(article, save_as, template, keyword arguments) of every ``write`` the stock loop makes."""
    found = []
    for article in chain(generator.translations, generator.articles, generator.hidden_translations,
                         generator.hidden_articles):
        found.append((article, article.save_as, generator.get_template(article.template),
                      {"article": article, "category": getattr(article, "category", None),
                       "override_output": hasattr(article, "override_save_as"), "url": article.url,
                       "blog": True}))
    return found


def announce(generator, article) -> None:
    """The signal the stock loop sends before writing an article."""
    signals.article_generator_write_article.send(generator, content=article)


def install_article_writer(generator, write_articles: Callable) -> None:
    """``generator.generate_articles(write)`` becomes ``write_articles(generator, write)``."""
    generator.generate_articles = MethodType(write_articles, generator)


def writer_of(write):
    """The Writer behind the ``write`` Pelican's generate_pages passes (a partial of its
    write_file), and that partial's keyword arguments; (None, {}) for anything else."""
    func = getattr(write, "func", None)
    return getattr(func, "__self__", None), dict(getattr(write, "keywords", None) or {})


def written_state(writer) -> tuple[set, set]:
    """The writer's (written, overridden) file sets, as ``_open_w`` keeps them."""
    return writer._written_files, writer._overridden_files


def add_written(writer, path: str, overridden: bool) -> None:
    """Record ``path`` as written (and overridden) by ``writer``, as ``_open_w`` does."""
    writer._written_files.add(path)
    if overridden:
        writer._overridden_files.add(path)
