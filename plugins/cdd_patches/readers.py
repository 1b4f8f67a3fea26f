"""A Markdown reader's ``read`` on text already decoded, and a reader subclass that keeps its name.

Pelican's ``MarkdownReader.read`` opens the file itself (``pelican_open``: UTF-8 only); cdd_validate
decodes the file first (UTF-16 and a BOM accepted) and checks it, so it needs the same steps on a
string: a fresh ``Markdown`` in ``self._md``, ``self._source_path`` set for the reader's warnings,
the metadata parsed by ``_parse_metadata``. Pelican names the reader in ``metadata["reader"]`` after
the reader's class (``MarkdownReader`` -> ``markdown``).
"""
from __future__ import annotations


def read_markdown_text(reader, source_path: str, text: str) -> tuple[str, dict]:
    """``MarkdownReader.read(source_path)`` with ``text`` as the file's contents."""
    from markdown import Markdown

    reader._source_path = source_path
    reader._md = Markdown(**reader.settings["MARKDOWN"])
    content = reader._md.convert(text)
    metadata = reader._parse_metadata(reader._md.Meta) if hasattr(reader._md, "Meta") else {}
    return content, metadata


def keep_reader_name(subclass: type, reader_class: type) -> type:
    """``subclass`` named as ``reader_class``, so that ``metadata["reader"]`` stays the same."""
    subclass.__name__ = reader_class.__name__
    subclass.__qualname__ = reader_class.__qualname__
    return subclass
