"""A Markdown reader's ``read`` on text already decoded, and a reader subclass that keeps its name.

Pelican's ``MarkdownReader.read`` opens the file itself (``pelican_open``: UTF-8 only); cdd_validate
decodes the file first (UTF-16 and a BOM accepted) and checks it, so it needs the same steps on a
string: a fresh ``Markdown`` in ``self._md``, ``self._source_path`` set for the reader's warnings,
the metadata parsed by ``_parse_metadata``. Pelican names the reader in ``metadata["reader"]`` after
the reader's class (``MarkdownReader`` -> ``markdown``).

Making that ``Markdown`` (its extensions, their patterns) is a fifth of a file's reading time, so one
instance per reader is kept and ``reset()`` between files, as Markdown's documentation says an
instance is reused and as ``_parse_metadata`` itself does before rendering the Summary. But
``_parse_metadata`` also deregisters the meta extension's preprocessor (``meta``, so that a Summary
keeps its colons): it is registered again, at its own priority (read from the registry's
``_priority`` list), before the next file. tests/test_pelican_patches.py compares the reused
instance's output with a fresh one's on every embedded, synthetic and hostile file.
"""
from __future__ import annotations


def fresh_markdown(reader):
    """A new ``Markdown`` with the reader's settings, as ``MarkdownReader.read`` makes one per file."""
    from markdown import Markdown

    return Markdown(**reader.settings["MARKDOWN"])


def _reusable_markdown(reader):
    """The reader's own ``Markdown``, reset, with the preprocessors it was made with."""
    kept = getattr(reader, "_cdd_markdown", None)
    if kept is None:
        md = fresh_markdown(reader)
        preprocessors = [(item.name, item.priority, md.preprocessors[item.name])
                         for item in md.preprocessors._priority]
        reader._cdd_markdown = md, preprocessors
        return md
    md, preprocessors = kept
    for name, priority, processor in preprocessors:
        if name not in md.preprocessors:
            md.preprocessors.register(processor, name, priority)
    md.reset()
    return md


def read_markdown_text(reader, source_path: str, text: str, reuse: bool = True) -> tuple[str, dict]:
    """``MarkdownReader.read(source_path)`` with ``text`` as the file's contents (the same
    ``Markdown`` reused from file to file, or, with ``reuse`` False, a fresh one as Pelican does)."""
    reader._source_path = source_path
    reader._md = _reusable_markdown(reader) if reuse else fresh_markdown(reader)
    content = reader._md.convert(text)
    metadata = reader._parse_metadata(reader._md.Meta) if hasattr(reader._md, "Meta") else {}
    return content, metadata


def keep_reader_name(subclass: type, reader_class: type) -> type:
    """``subclass`` named as ``reader_class``, so that ``metadata["reader"]`` stays the same."""
    subclass.__name__ = reader_class.__name__
    subclass.__qualname__ = reader_class.__qualname__
    return subclass
