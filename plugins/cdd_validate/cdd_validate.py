"""Run the front-matter validation (cdd_thai.validation) inside the Pelican build.

- Markdown files are checked when Pelican reads them; their problems travel with the reader's
  cached metadata, so an unchanged broken file is reported again on every build, not only once.
- An article with an error is logged as ERROR (file:line, Thai and English) and is not published
  (its status becomes ``skip``), so the rest of the site still builds.
- Dates are normalised: ``2563-10-30`` and ``30 ตุลาคม 2563`` become 2020-10-30 (BE or CE accepted).
- A file with an error is not even rendered, so fields that make Pelican act (Template, Save_as,
  URL, ...; see validation.ACTING_FIELDS, allowed by ``CDD_VALIDATE = {"allow_fields": [...]}``)
  and references to files outside content/ do nothing. A file that cannot be read (binary, not
  UTF-8) or that is a symlink leaving content/ is such an error, so it fails a strict build.
- The HTML of every article and page (body and Summary) is reduced to cdd_thai.safe_html's
  allow-list after Markdown rendering, in the reader (cached with it) and again at
  ``content_object_init`` for content that no validating reader produced; feeds carry that HTML.
- Hidden articles (``Status: hidden``) are not written at all; drafts are not written either
  (``DRAFT_SAVE_AS = ""`` in pelicanconf.py).
- In strict mode (``CDD_VALIDATE = {"strict": True}``, the default) the build ends with an exception
  once everything else is written (its finalized handler is moved after every other plugin's, so
  the search index and the sitemap are complete), so ``pelican``/``make site`` exits with status 1. In
  a live preview (the setting ``CDD_LIVE_PREVIEW = True``: ``make serve`` sets it, so does
  ``pelican --autoreload -e CDD_LIVE_PREVIEW=true``) the errors are logged and the preview keeps
  serving (under ``--autoreload`` an exception makes Pelican rebuild in a loop); the summary line
  is marked ``cdd_summary`` (the preview shows the errors themselves).
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime

from cdd_patches.contents import rewrite_html
from cdd_patches.readers import keep_reader_name, read_markdown_text
from cdd_thai import dates, safe_html, validation

logger = logging.getLogger(__name__)

DEFAULTS = {"strict": True, "allow_fields": ()}
PROBLEMS_KEY = "cdd_problems"  # reader metadata: tuple of (severity, "path:line: message")
SLUG_AT_KEY = "cdd_slug_at"  # reader metadata: "path:line" of the Slug field
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")


class InvalidContent(Exception):
    """Raised at the end of a strict build that found invalid articles."""

    exitcode = 1


def settings_of(settings) -> dict:
    return {**DEFAULTS, **(settings.get("CDD_VALIDATE") or {})}


def shown_path(path: str) -> str:
    """The file as the officer knows it: relative to the current folder when inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def is_page_path(path: str, settings) -> bool:
    """Whether a source file lies under one of PAGE_PATHS (pages only need a Title)."""
    content = Path(settings.get("PATH", "."))
    try:
        relative = Path(path).resolve().relative_to(content.resolve())
    except ValueError:
        return False
    return any(relative.parts[: len(Path(p).parts)] == Path(p).parts for p in settings.get("PAGE_PATHS", ()))


def normalise_date(value, original):
    """A front-matter date in BE or CE as Pelican's datetime (the time kept when Pelican reads it)."""
    day = dates.parse_date_value(value)
    try:
        parsed = original(value)
    except Exception:
        parsed = None
    if parsed is not None and parsed.date() == day:
        return parsed
    return SafeDatetime.combine(day, dt.time())


def refused(shown: str, problems) -> tuple[str, dict]:
    """What the reader returns for a file it will not render: its problems (errors), no content."""
    return "", {PROBLEMS_KEY: tuple((p.severity, str(p)) for p in problems), SLUG_AT_KEY: f"{shown}:1"}


def validating(reader_class):
    """A subclass of ``reader_class`` that checks the file, normalises its dates and sanitises its HTML.

    A file with an error is not rendered at all (its fields could make Pelican act, its references
    could copy files from outside content/); a file that cannot be read, or that is a link to a file
    outside content/, is an error too, so the build fails with the file named instead of skipping it."""

    class ValidatingReader(reader_class):
        def read(self, source_path):
            shown = shown_path(source_path)
            root = Path(self.settings.get("PATH", "."))
            located = validation.check_location(Path(source_path), root, shown)
            if located:
                return refused(shown, located)  # the target is not even read
            try:
                with open(source_path, "rb") as handle:
                    text = validation.decode_source(handle.read())
            except validation.SourceError as exc:
                return refused(shown, [validation.Problem(shown, 1, exc.th, exc.en)])
            header = validation.parse_header(text, shown)
            problems = validation.check_header(header, shown, page=is_page_path(source_path, self.settings),
                                               allow_fields=settings_of(self.settings)["allow_fields"])
            if header.fields:
                problems += validation.check_body(text, header, shown, source=Path(source_path), root=root)
            problems.sort(key=lambda p: p.line)
            if validation.errors(problems):
                content, metadata = refused(shown, problems)
                metadata[SLUG_AT_KEY] = f"{shown}:{header.line('slug')}"
                return content, metadata
            content, metadata = read_markdown_text(self, source_path, text)
            content, metadata = sanitised(content, metadata)
            if "slug" not in metadata and not is_page_path(source_path, self.settings):
                # no Slug: the stable one the validator names (Pelican's own, from the title, strips
                # the Thai vowels and tone marks: /news/2024/ขาวม-html/)
                stable = validation.stable_slug(header)
                if stable:
                    metadata["slug"] = stable
            metadata[PROBLEMS_KEY] = tuple((p.severity, str(p)) for p in problems)
            metadata[SLUG_AT_KEY] = f"{shown}:{header.line('slug')}"
            return content, metadata

        def process_metadata(self, name, value):
            if name in ("date", "modified"):
                original = super().process_metadata
                return normalise_date(value, lambda v: original(name, v))
            return super().process_metadata(name, value)

    return keep_reader_name(ValidatingReader, reader_class)  # metadata["reader"] stays "markdown"


SAFE_KEY = "cdd_safe"  # metadata: the sanitiser's policy the content was cleaned with


def sanitised(content, metadata) -> tuple[str, dict]:
    """Content and Summary (Pelican renders it as Markdown too) reduced to safe_html's allow-list."""
    metadata = dict(metadata)
    if metadata.get("summary"):
        metadata["summary"] = safe_html.clean_html(metadata["summary"])
    metadata[SAFE_KEY] = safe_html.POLICY
    return safe_html.clean_html(content), metadata


def sanitise_content(instance) -> None:
    """content_object_init: clean what no validating reader has cleaned (an HTML file, an old cache)."""
    if getattr(instance, "metadata", {}).get(SAFE_KEY) == safe_html.POLICY:
        return
    rewrite_html(instance, safe_html.clean_html)
    if getattr(instance, "metadata", None) is not None:
        instance.metadata[SAFE_KEY] = safe_html.POLICY


class Validator:
    """The state of one build: slugs seen and errors found."""

    def __init__(self):
        self.reset()

    def reset(self, *_args, **_kwargs):
        self.errors: list[str] = []

    def drop_duplicate_slugs(self, generator):
        """Keep one article per slug (the oldest file); the others are errors and are not published.

        Pelican reads files in no fixed order and its cache skips unchanged ones, so this is decided
        once everything is read (article_generator_pretaxonomy), from the articles in memory."""
        lists = ("articles", "translations", "hidden_articles", "hidden_translations")
        by_slug: dict[str, list] = {}
        for name in lists:
            for article in getattr(generator, name):
                by_slug.setdefault(getattr(article, "slug", None), []).append(article)
        losers = set()
        for slug, articles in by_slug.items():
            if slug is None or len(articles) < 2:
                continue
            articles.sort(key=lambda a: validation.precedence(Path(a.source_path)))
            owner = articles[0].metadata.get(SLUG_AT_KEY, articles[0].source_path)
            for article in articles[1:]:
                where = article.metadata.get(SLUG_AT_KEY, article.source_path)
                message = f"{where}: " + " / ".join(validation.duplicate_message(slug, owner))
                logger.error("%s", message)
                logger.error("%s: ไม่เผยแพร่ข่าวนี้จนกว่าจะแก้ไข / not published until fixed", where.rsplit(":", 1)[0])
                self.errors.append(message)
                losers.add(id(article))
        if losers:
            for name in lists:
                setattr(generator, name, [a for a in getattr(generator, name) if id(a) not in losers])
            for article in generator.articles:
                article.translations = [t for t in getattr(article, "translations", []) if id(t) not in losers]

    def drop_hidden(self, generator):
        """Status: hidden articles are not written at all: unpublished means unpublished (Pelican
        would write them, unlisted, where anyone who guesses the URL reads them)."""
        generator.hidden_articles, generator.hidden_translations = [], []

    def connect_finish_last(self, *_args):
        """Move ``finish`` to the end of ``finalized``: a strict build's exception must come after
        every other plugin's finalized handler (search index, sitemap, caches) has run."""
        signals.finalized.disconnect(self.finish)
        signals.finalized.connect(self.finish)

    def install_reader(self, readers):
        """Swap the Markdown readers for validating subclasses of whatever is installed."""
        for ext in MARKDOWN_EXTENSIONS:
            cls = readers.reader_classes.get(ext)
            if cls and issubclass(cls, MarkdownReader) and not getattr(cls, "_cdd_validating", False):
                new = validating(cls)
                new._cdd_validating = True
                readers.reader_classes[ext] = new

    def check_metadata(self, generator, metadata):
        """Report a file's problems on every build and keep an invalid file out of the site."""
        problems = list(metadata.get(PROBLEMS_KEY, ()))
        errors = [message for severity, message in problems if severity == validation.ERROR]
        for severity, message in problems:
            if severity == validation.WARNING:
                logger.warning("%s", message)
        for message in errors:
            logger.error("%s", message)
        if errors:
            self.errors += errors
            metadata["status"] = "skip"
            logger.error("%s: ไม่เผยแพร่ข่าวนี้จนกว่าจะแก้ไข / not published until fixed",
                         errors[0].split(":", 1)[0])

    def report_stray_files(self, pelican):
        """Files of content/ the build skips without a word (an article saved as .txt): warned about."""
        for problem in validation.stray_files(Path(pelican.settings["PATH"]), shown_path):
            logger.warning("%s", problem)

    def finish(self, pelican):
        """Fail a strict build once the rest of the site is written."""
        if not self.errors:
            return
        files = len({message.split(":", 1)[0] for message in self.errors})
        message = (f"ข่าว {files} ไฟล์มีข้อผิดพลาด {len(self.errors)} รายการและไม่ได้เผยแพร่ (ดูข้อความ ERROR ด้านบน) / "
                   f"{len(self.errors)} error(s) in {files} file(s): not published (see the ERROR lines above)")
        if settings_of(pelican.settings)["strict"] and not pelican.settings.get("CDD_LIVE_PREVIEW"):
            error = InvalidContent(message)
            # pelican's main exits with the exception's exitcode; scripts/build.py asks for its own
            # status (CDD_INVALID_EXIT_STATUS) to tell "all written but these" from a crash
            error.exitcode = int(pelican.settings.get("CDD_INVALID_EXIT_STATUS") or InvalidContent.exitcode)
            raise error
        logger.error("%s", message, extra={"cdd_summary": True})


VALIDATOR = Validator()


def register():
    """Wire the validation in: readers_init swaps the reader, *_context sees every file each build."""
    # readers_init: our subclass wraps whatever Markdown reader is installed. *_generator_context
    # fires for every file on every build, even when Pelican's reader cache skipped reading it.
    signals.readers_init.connect(VALIDATOR.install_reader)
    signals.article_generator_init.connect(VALIDATOR.reset)
    signals.article_generator_pretaxonomy.connect(VALIDATOR.drop_duplicate_slugs)
    signals.article_generator_context.connect(VALIDATOR.check_metadata)
    signals.page_generator_context.connect(VALIDATOR.check_metadata)
    signals.article_generator_pretaxonomy.connect(VALIDATOR.drop_hidden)
    # connected here and moved last once every plugin is registered (all_generators_finalized)
    signals.finalized.connect(VALIDATOR.report_stray_files)
    signals.finalized.connect(VALIDATOR.finish)
    signals.all_generators_finalized.connect(VALIDATOR.connect_finish_last)
    signals.content_object_init.connect(sanitise_content)
