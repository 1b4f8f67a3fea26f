"""An article's or page's HTML as the reader made it, rewritten, and a content that gets no file.

Pelican keeps the reader's HTML in ``Content._content`` and the Summary in ``Content._summary``
(``content`` and ``summary`` are properties that rewrite ``{filename}`` links for one SITEURL, memoised:
a change made after the first read of ``content`` does not show), and
``Content.save_as`` returns ``override_save_as`` when that attribute exists (the ``Save_as`` field).
Every content also carries the settings and the site-wide context (``_context``) as attributes.
"""
from __future__ import annotations

from collections.abc import Callable

# Not the content's own: the settings and the site-wide context every content carries, and the
# metadata dict, whose fields Pelican also sets as attributes.
SHARED_ATTRIBUTES = frozenset({"settings", "_context", "metadata"})


def own_attributes(content) -> dict:
    """Every attribute of the article or page that its page may show: its fields, its HTML, what
    plugins set on it; not the settings, the site-wide context or the metadata dict."""
    return {k: v for k, v in vars(content).items() if k not in SHARED_ATTRIBUTES}


def source_html(content) -> str | None:
    """The HTML the reader produced (links not yet rewritten for a SITEURL); None without one."""
    return getattr(content, "_content", None)


def replace_html(content, html: str) -> None:
    """The article's or page's HTML in place of the reader's (before any page or feed is made)."""
    content._content = html


def rewrite_html(content, rewrite: Callable[[str], str]) -> None:
    """The reader's HTML and Summary (where they are text) passed through ``rewrite``, in place,
    before any page or feed is made from them; the metadata's summary follows."""
    if isinstance(source_html(content), str):
        replace_html(content, rewrite(source_html(content)))
    if isinstance(getattr(content, "_summary", None), str):
        content._summary = content.metadata["summary"] = rewrite(content._summary)


def no_output_file(content) -> None:
    """The content gets no page: its ``save_as`` is empty, and Pelican's writer skips an empty path."""
    content.override_save_as = ""
