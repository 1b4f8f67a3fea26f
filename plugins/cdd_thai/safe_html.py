"""The one HTML sanitiser of the project: what of an article's HTML may reach a reader's browser.

Officers' Markdown may contain raw HTML, and Pelican renders it as it is. After Markdown rendering,
``clean_html`` keeps an allow-list of the markup Markdown produces for news (paragraphs, headings
h2-h6, lists, quotes, emphasis, links, images, figures, tables, code, footnotes) and removes the
rest: script, style, iframe, object, embed, form, svg, math, meta, every event handler and style
attribute, and links or images whose URL is not http(s), mailto or relative (``javascript:``,
``data:``, ``vbscript:``, also written with entities, tabs, newlines or capitals). nh3 (ammonia,
an HTML5 parser) does the work; the lists below are the policy.

``url_allowed`` and ``removed_markup`` apply the same policy to source text, so that the validator
can tell the officer what will be removed (file and line) without a second policy.
"""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = frozenset({
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
    "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "abbr", "cite", "q",
    "a", "img", "figure", "figcaption",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "br", "hr", "code", "pre", "kbd", "samp", "var", "sup", "sub", "div", "span",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "col": {"span"},
    "code": {"class"},
    "pre": {"class"},
    "div": {"class"},
    "span": {"class"},
    "sup": {"id"},
    "li": {"id", "class"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "srcdoc", "data", "poster", "xlink:href",
                            "background", "cite", "lowsrc", "dynsrc", "content"})
# Removed together with what they contain (the rest of the disallowed tags keep their text).
DROP_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "noembed",
    "noframes", "template", "svg", "math", "textarea", "select", "title", "xmp", "head", "meta", "link",
    "base",
})
# Footnote anchors of Python-Markdown's footnotes extension; any other id could clobber the page's own.
FOOTNOTE_ID = re.compile(r"fn(?:ref)?:\d+(?:-\d+)?")
# C0 controls but tab, newline and carriage return; DEL and C1 controls. XML (the Atom feeds) refuses
# most of them and no text needs them.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Names the policy: content cleaned under another policy (an older cache) is cleaned again.
POLICY = hashlib.sha256(repr((sorted(ALLOWED_TAGS), sorted((k, sorted(v)) for k, v in ALLOWED_ATTRIBUTES.items()),
                              sorted(URL_SCHEMES), sorted(DROP_WITH_CONTENT), nh3.__version__
                              if hasattr(nh3, "__version__") else "")).encode()).hexdigest()[:16]
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_SPACE_AND_C0 = "".join(chr(c) for c in range(0x21))  # what a browser skips before a URL


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and not FOOTNOTE_ID.fullmatch(value):
        return None
    if attribute in ("href", "src") and not url_allowed(value):
        return None  # nh3 checks schemes too; this is the same rule the validator reports
    return value


_CLEANER = nh3.Cleaner(  # built once: the policy is fixed
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROP_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_attribute_filter,
    url_schemes=set(URL_SCHEMES),
    strip_comments=True,
    link_rel=None,  # no target attribute is kept, so no window.opener to guard
)


def clean_html(text: str | None) -> str:
    """``text`` (HTML, e.g. Markdown's output) reduced to the allow-list; plain text is escaped."""
    if not text:
        return text or ""
    return _CLEANER.clean(CONTROL_CHARS.sub("", str(text)))


def url_allowed(url: str) -> bool:
    """Whether a link or image URL may stay: http(s), mailto or relative.

    The URL is read the way a browser reads it: entities decoded, tabs and newlines inside removed,
    leading spaces and control characters skipped, the scheme case-insensitive."""
    value = re.sub(r"[\t\n\r]", "", html.unescape(url or "")).lstrip(_SPACE_AND_C0).lower()
    scheme = _SCHEME.match(value)
    if scheme is None:
        # no scheme before the first / ? #: relative (a colon there would be a scheme to a browser)
        head = re.split(r"[/?#]", value, maxsplit=1)[0]
        return ":" not in head
    return scheme[1] in URL_SCHEMES


class _Collector(HTMLParser):
    """What ``clean_html`` removes from a source text, with line numbers (1-based, in the text given)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[Removed] = []

    def _report(self, kind: str, tag: str, detail: str = "") -> None:
        self.found.append(Removed(self.getpos()[0], kind, tag, detail))

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self._report("tag", tag)
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self._report("attribute", tag, name)
            elif name in ("href", "src") and not url_allowed(value or ""):
                self._report("url", tag, scheme_of(value or ""))

    handle_startendtag = handle_starttag

    # HTML comments are removed too, but that is what an officer writing one means: no warning.

    def handle_decl(self, decl):
        self._report("tag", "!" + (decl.split()[0] if decl.split() else ""))

    def handle_pi(self, data):
        self._report("tag", "?")


@dataclass(frozen=True)
class Removed:
    """One piece of raw HTML that the sanitiser removes: a tag, an attribute of a tag or a URL."""

    line: int
    kind: str  # "tag" | "attribute" | "url"
    tag: str
    detail: str = ""  # the attribute's name, or the URL's scheme

    def describe(self) -> tuple[str, str]:
        """(Thai, English)"""
        if self.kind == "attribute":
            return f"แอตทริบิวต์ {self.detail} ในแท็ก <{self.tag}>", f"the {self.detail} attribute of <{self.tag}>"
        if self.kind == "url":
            return (f"ลิงก์ {self.detail} ในแท็ก <{self.tag}>", f"the {self.detail} link of <{self.tag}>")
        return f"แท็ก <{self.tag}>", f"the <{self.tag}> tag"


def scheme_of(url: str) -> str:
    """The scheme a browser reads in ``url`` ("javascript:"), or the URL's start when it has none."""
    value = re.sub(r"[\t\n\r]", "", html.unescape(url)).lstrip(_SPACE_AND_C0).lower()
    scheme = _SCHEME.match(value)
    return f"{scheme[1]}:" if scheme else value[:20]


def removed_markup(text: str) -> list[Removed]:
    """Each piece of raw HTML in ``text`` (Markdown source) that ``clean_html`` will remove:
    disallowed tags, attributes (event handlers, style) and URLs. Lines count from 1."""
    parser = _Collector()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # html.parser is lenient; never let a report crash the validator
        pass
    return parser.found
