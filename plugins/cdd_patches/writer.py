"""A Writer that may skip a page, the files a writer wrote, an output file opened as Pelican does.

Pelican's ``Writer.write_file`` renders every page it is given, the pages of a paginated listing in
one loop; ``Writer._open_w`` opens an output file, refusing a second write of one path, and records
it in ``_written_files``. ``SkippingWriter`` is that Writer with a question before each page:
``skip_page`` for a page of its own, ``skip_listing_page`` for each page of a paginated listing
(Pelican's pagination loop, copied from writers.py, then renders each page alone with the same
variables). A page hard-linked from a previous build is marked ``mark_written``; an output file
that may be such a link is unlinked before it is opened (writing through the link would change
the previous build's file).

``listing_batch`` puts the listing pages asked for in a block aside and writes them together at its
end, in the same order, through the generator's ``render_listings`` when it has one (cdd_incremental.
parallel: on every core) — a page of its own asked for in the block first writes those put aside, so
every file is written, and every signal sent, in the order of a build without the block.
"""
from __future__ import annotations

import os
from contextlib import contextmanager

from pelican.paginator import Paginator
from pelican.utils import sanitised_join
from pelican.writers import Writer


def written_files(writer) -> set[str]:
    """The absolute paths ``writer`` has written (or, for a SkippingWriter, kept) in this build."""
    return writer._written_files


def page_path(writer, name: str) -> str:
    """The file Pelican's write_file writes for the page ``name`` (``sanitised_join`` of the output)."""
    return sanitised_join(writer.output_path, name)


def open_output(writer, path: str, override: bool = False):
    """``path`` open for writing (UTF-8) as the writer opens pages and feeds: recorded as written,
    a second write of it refused (FileOverwriteFailedError) unless ``override``."""
    return writer._open_w(path, "utf-8", override=override)


def listing_pages(name, url, paginated: dict, settings, per_page, kwargs):
    """(save_as, variables) of every page of a paginated listing, as Pelican's write_file loop
    makes them: ``kwargs`` and each list's ``*_paginator``/``*_page``/``*_previous_page``/``*_next_page``."""
    paginators = {key: Paginator(name, url, val, settings, per_page) for key, val in paginated.items()}
    for page_num in range(next(iter(paginators.values())).num_pages):
        paginated_kwargs = kwargs.copy()
        for key, paginator in paginators.items():
            previous_page = paginator.page(page_num) if page_num > 0 else None
            page = paginator.page(page_num + 1)
            next_page = paginator.page(page_num + 2) if page_num + 1 < paginator.num_pages else None
            paginated_kwargs.update({f"{key}_paginator": paginator, f"{key}_page": page,
                                     f"{key}_previous_page": previous_page, f"{key}_next_page": next_page})
        yield page.save_as, paginated_kwargs


class SkippingWriter(Writer):
    """Pelican's Writer, asking before each page whether it must be rendered (see the module)."""

    _batch: list | None = None  # the listing pages put aside (listing_batch), in order
    _render_batch = None  # how they are written: render(writer, batch) -> True, or False to write them here

    def skip_page(self, name, template, context, kwargs) -> bool:
        """Whether the page ``name`` (not paginated) is already there and need not be rendered."""
        return False

    def skip_listing_page(self, save_as, template, context, kwargs) -> bool:
        """Whether one page of a paginated listing need not be rendered (``kwargs``: its variables)."""
        return False

    def is_written(self, path: str) -> bool:
        return path in self._written_files

    def mark_written(self, path: str) -> None:
        """A page kept from a previous build counts as written by this one."""
        self._written_files.add(path)

    def _open_w(self, filename, encoding, override=False):
        """Pelican's open-for-writing, first breaking a hard link to the previous output (a page
        reused and then overwritten must not change the previous site through the link)."""
        will_write = filename not in self._overridden_files and (override or filename not in self._written_files)
        try:
            if will_write and os.stat(filename).st_nlink > 1:
                os.unlink(filename)
        except OSError:
            pass
        return super()._open_w(filename, encoding, override)

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if not name:
            return None  # Pelican writes nothing for an empty path
        if paginated is None:  # Pelican's default: the lists a listing template paginates
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
            for save_as, page_kwargs in listing_pages(name, url, paginated, self.settings, per_page, kwargs):
                entry = (save_as, template, context, {**page_kwargs, "relative_urls": relative_urls,
                                                      "override_output": override_output, "url": url})
                if self._batch is not None:
                    self._batch.append(entry)
                else:
                    self.write_listing_page(entry[0], entry[1], entry[2], **entry[3])
            return None
        self.flush_listings()  # the listing pages asked for before this page are written before it
        if self.skip_page(name, template, context, kwargs):
            return None
        return super().write_file(name, template, context, relative_urls, {}, template_name, override_output,
                                  url, **kwargs)

    def write_listing_page(self, save_as, template, context, relative_urls=False, override_output=False,
                           url=None, **page_kwargs):
        """One page of a paginated listing (``page_kwargs``: its variables, from listing_pages)."""
        if not self.skip_listing_page(save_as, template, context, page_kwargs):
            # An empty ``paginated`` makes Pelican render exactly this one page with these kwargs.
            super().write_file(save_as, template, context, relative_urls, {}, None, override_output,
                               url, **page_kwargs)

    def flush_listings(self) -> None:
        """Write the listing pages put aside so far, in order (see listing_batch)."""
        batch = self._batch
        if not batch:
            return
        self._batch = []
        if self._render_batch is None or not self._render_batch(self, batch):
            for save_as, template, context, kwargs in batch:
                self.write_listing_page(save_as, template, context, **kwargs)


@contextmanager
def listing_batch(write, render=None):
    """Inside the block, the listing pages written through ``write`` (a SkippingWriter's write_file,
    or a partial of it) are put aside and written at its end by ``render(writer, batch)`` (False: it
    did not, they are written here). Without ``render`` or such a writer, or inside another batch,
    nothing changes. A block left by an exception writes nothing more."""
    writer = getattr(getattr(write, "func", write), "__self__", None)
    if render is None or not isinstance(writer, SkippingWriter) or writer._batch is not None:
        yield
        return
    writer._batch, writer._render_batch = [], render
    try:
        yield
        writer.flush_listings()
    finally:
        writer._batch, writer._render_batch = None, None
