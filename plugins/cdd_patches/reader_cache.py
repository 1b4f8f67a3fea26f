"""Pelican's reader cache filled before the generator's own reading loop (cdd_incremental.parallel).

Pelican 4.12 (``Readers.read_file``, readers.py) reads a source file as: ``path`` made absolute
(``os.path.abspath(os.path.join(generator.path, f))`` for every ``f`` of ``generator.get_files``),
the reader chosen by the file's suffix (``self.readers[fmt]``), then

    content, reader_metadata = self.get_cached_data(path, (None, None))
    if content is None:
        content, reader_metadata = reader.read(path)
        reader_metadata = _filter_discardable_metadata(reader_metadata)
        self.cache_data(path, (content, reader_metadata))

and builds the content object from that pair (plus the default, path and file-name metadata, the
signals ``*_preread``, ``content_object_init``, ``*_context``: all after the cache). A pair stored
here with ``store`` for a file is therefore exactly what ``read_file`` would have computed and
stored itself; its own loop then only hits the cache. The cache exists at this level only when
``CONTENT_CACHING_LAYER`` is ``"reader"`` (the default) and ``CACHE_CONTENT`` is on
(``_cache_data_policy``); ``LOAD_CONTENT_CACHE`` off only means the cache starts empty.
"""
from __future__ import annotations

import os

from pelican.readers import _filter_discardable_metadata
from pelican.urlwrappers import URLWrapper
from pelican.utils import file_suffix


def caching(readers) -> bool:
    """Whether ``readers`` keeps what it reads (a stored pair is then used by read_file)."""
    return bool(getattr(readers, "_cache_data_policy", False))


def unread_sources(generator, paths: list[str], exclude: list[str]) -> list[tuple[str, str]]:
    """(absolute path, format) of every source file ``generator`` will read under ``paths``
    whose reader-cache entry is missing or stale, in a stable order (the sorted paths)."""
    readers = generator.readers
    found = []
    for name in sorted(generator.get_files(paths, exclude=exclude)):
        path = os.path.abspath(os.path.join(generator.path, name))
        fmt = file_suffix(path)
        if fmt not in readers.readers:
            continue
        content, _ = readers.get_cached_data(path, (None, None))
        if content is None:
            found.append((path, fmt))
    return found


def read_source(readers, path: str, fmt: str) -> tuple[str, dict]:
    """The (content, reader metadata) pair read_file computes for ``path`` on a cache miss."""
    content, metadata = readers.readers[fmt].read(path)
    return content, _filter_discardable_metadata(metadata)


def _wrappers(metadata: dict):
    for value in metadata.values():
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(item, URLWrapper):
                yield item


def detach(pair: tuple[str, dict]) -> tuple[str, dict]:
    """The pair without the settings its tags (categories, authors) carry, for sending to the
    parent process: ``attach`` puts the reader's settings back."""
    for wrapper in _wrappers(pair[1]):
        wrapper.settings = None
    return pair


def attach(readers, pair: tuple[str, dict]) -> tuple[str, dict]:
    """The pair's tags given the very settings object a read in this process gives them."""
    for wrapper in _wrappers(pair[1]):
        wrapper.settings = readers.settings
    return pair


def store(readers, path: str, pair: tuple[str, dict]) -> None:
    """Keep ``pair`` as the reader cache's entry of ``path``, stamped now, as read_file does."""
    content, metadata = pair
    if content is None:
        raise ValueError(f"{path}: a None content would be read again")
    readers.cache_data(path, (content, metadata))
