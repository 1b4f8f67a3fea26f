"""make serve's quick phase: the edited article's page (and the listing pages it is on) within a second.

scripts/serve.py's build worker keeps what its last full build made (``Session``: the
ArticlesGenerator with its articles, context and readers, and a snapshot of the watched files). When
a save changed only existing articles under the content folder's ARTICLE_PATHS (no file added or
deleted, no theme, settings, page or image change), ``quick_update`` re-reads just those files
through the generator's readers (cdd_validate's checks and the sanitiser run as in a full build),
applies the per-article steps the plugins apply (cdd_autotags: tags and their spelling; cdd_archive:
tag slugs, provinces and missions, listing fields; cdd_images: the photos), puts each new article in
place of the old one (keeping the old one's neighbours and, unless its tags changed, its related
articles) and writes, atomically, its page and the page of each listing it is on (home, province,
mission, year, month, fiscal year). The worker then runs the full build as before, which brings
everything else up to date (neighbours' and related pages, tags, the index, feeds, the sitemap).

Whenever something is not as expected (no previous build, a file added or deleted, an article whose
URL, date, status, language, template, provinces or missions changed, any exception) it answers
None: the full build alone, as before. An article that now has a validation error is taken out of
the output (as the full build does) and its problems are returned.

Plain functions; tests/test_quick_preview.py calls them directly.
"""
from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass, field
from functools import partial

logger = logging.getLogger(__name__)

SKIP_SUFFIXES = (".swp", ".swx", ".tmp", "~", ".part", ".crdownload")  # editors' temporary files
MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")
MAX_FILES = 20  # more files changed at once (a script, a git checkout): the full build only
ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                 "drafts_translations")


# --- watching ----------------------------------------------------------------------------------------

def scan(paths) -> dict[str, tuple[int, int]]:
    """path -> (mtime_ns, size) of every file under ``paths`` (a folder or a file each); dot files
    and editors' temporary files left out, symlinked folders not followed (as os.walk)."""
    state: dict[str, tuple[int, int]] = {}

    def walk(folder: str) -> None:
        try:
            entries = os.scandir(folder)
        except OSError:
            return  # gone meanwhile
        with entries:
            for entry in entries:
                name = entry.name
                try:
                    if entry.is_dir():
                        if not entry.is_symlink():
                            walk(entry.path)
                        continue
                    if name.startswith(".") or name.endswith(SKIP_SUFFIXES):
                        continue
                    stat = entry.stat()
                except OSError:
                    continue  # deleted meanwhile: the next look sees it gone
                state[entry.path] = (stat.st_mtime_ns, stat.st_size)

    for base in paths:
        base = str(base)
        if os.path.isdir(base):
            walk(base)
        elif os.path.isfile(base):
            try:
                stat = os.stat(base)
            except OSError:
                continue
            state[base] = (stat.st_mtime_ns, stat.st_size)
    return state


def changes(before: dict, after: dict) -> tuple[list[str], list[str], list[str]]:
    """(modified, added, removed) paths between two scans."""
    modified = [p for p, v in after.items() if p in before and before[p] != v]
    added = [p for p in after if p not in before]
    removed = [p for p in before if p not in after]
    return sorted(modified), sorted(added), sorted(removed)


# --- what the worker keeps of its last full build ---------------------------------------------------

@dataclass
class Session:
    generator: object  # the ArticlesGenerator of the last successful full build
    snapshot: dict  # scan() of the watched paths taken just before that build read anything
    problems: list = field(default_factory=list)  # that build's problems ({"level", "message"})


class Capture:
    """Connected to article_writer_finalized in the worker: the build's ArticlesGenerator."""

    def __init__(self):
        self.generator = None

    def __call__(self, generator, writer=None):
        self.generator = generator


# --- the quick phase ---------------------------------------------------------------------------------

@dataclass
class Quick:
    problems: list  # the previous build's problems of other files + those of the re-read files
    written: list  # output paths written (or removed: withdrawn articles)


def quick_files(session: Session, snapshot: dict) -> list[str] | None:
    """The article files to re-read, or None when the quick phase cannot be used for these changes."""
    modified, added, removed = changes(session.snapshot, snapshot)
    if added or removed or not modified or len(modified) > MAX_FILES:
        return None
    generator = session.generator
    settings = generator.settings
    content = os.path.realpath(settings["PATH"])
    roots = [os.path.join(content, p) for p in settings.get("ARTICLE_PATHS", ())]
    pages = [os.path.join(content, p) for p in settings.get("PAGE_PATHS", ())]
    known = {a.source_path for a in generator.articles}  # absolute, as Pelican joins PATH and the file
    for path in modified:
        real = os.path.realpath(path)
        if (not real.endswith(MARKDOWN) or os.path.abspath(path) not in known or os.path.islink(path)
                or not any(_below(real, r) for r in roots) or any(_below(real, p) for p in pages)):
            return None
    return modified


def _below(path: str, folder: str) -> bool:
    folder = os.path.realpath(folder)
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _slugs(items) -> list:
    return [getattr(i, "slug", str(i)) for i in items or ()]


def reread(generator, path: str):
    """The article at ``path`` read as the generator reads a file (readers' hooks and signals)."""
    from pelican import signals
    from pelican.contents import Article

    return generator.readers.read_file(
        base_path=generator.path, path=os.path.relpath(os.path.realpath(path), os.path.realpath(generator.path)),
        content_class=Article, context=generator.context,
        preread_signal=signals.article_generator_preread, preread_sender=generator,
        context_signal=signals.article_generator_context, context_sender=generator)


def prepare(generator, new, old) -> bool:
    """The plugins' per-article steps on ``new`` (read after the build that made ``old``); False when
    what changed moves the article (URL, date, status...): the full build only."""
    from cdd_archive import groups
    from cdd_autotags import cdd_autotags
    from cdd_images import plugin as images

    settings = generator.settings
    same = (new.status == old.status == "published" and new.save_as == old.save_as and new.url == old.url
            and new.date == old.date and getattr(new, "lang", None) == getattr(old, "lang", None)
            and new.template == old.template and not getattr(old, "translations", None)
            and hasattr(new, "override_save_as") == hasattr(old, "override_save_as")
            and new.metadata.get("translation") == old.metadata.get("translation"))
    if not same:
        return False
    new.translations = []
    # article_generator_pretaxonomy: cdd_autotags, then cdd_archive's tag slugs
    if not getattr(new, "tags", None):
        cdd_autotags.tag_one(new, settings)
    cdd_autotags.clean_one(new, settings)
    groups.fix_tag_slugs([new])
    # article_generator_finalized: cdd_archive's grouping fields, then cdd_images
    if hasattr(old, "category") and not hasattr(new, "category"):
        new.category = old.category
    groups.cache_listing_fields([new])
    groups.attach([new])
    if (_slugs(new.province_list) != _slugs(old.province_list)
            or _slugs(new.mission_list) != _slugs(old.mission_list)):
        return False  # its listings move
    new.older_article = getattr(old, "older_article", None)
    new.newer_article = getattr(old, "newer_article", None)
    new.related = getattr(old, "related", [])
    images.rewrite_one(new, settings)
    return True


def _in_list(items, old, new) -> None:
    if isinstance(items, list):
        for i, item in enumerate(items):
            if item is old:
                items[i] = new
            elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], list):
                _in_list(item[1], old, new)  # [(tag, articles)]


def _in_value(value, old, new, depth: int = 0) -> None:
    """``old`` replaced by ``new`` in a context value: lists, dicts of them, cdd_archive's groups."""
    if isinstance(value, list):
        _in_list(value, old, new)
        children = [] if depth >= 2 else [v for v in value if not isinstance(v, (tuple, str)) and v is not new]
    elif isinstance(value, dict):
        children = [] if depth >= 2 else list(value.values())
    else:
        children = []
        if isinstance(getattr(value, "articles", None), list):
            _in_list(value.articles, old, new)  # an Archive group
    for child in children:
        _in_value(child, old, new, depth + 1)


def swap(generator, old, new) -> None:
    """``new`` wherever the build put ``old``: the generator's lists, the shared context (articles,
    dates, tags, the archive groups), the neighbours' links, other articles' related lists."""
    for name in (*ARTICLE_LISTS, "dates"):
        _in_list(getattr(generator, name, None), old, new)
    for tag_articles in dict(getattr(generator, "tags", {}) or {}).values():
        _in_list(tag_articles, old, new)
    for key, value in generator.context.items():
        if key not in ("generated_content", "static_content", "static_links"):
            _in_value(value, old, new)
    for neighbour, attribute in ((getattr(new, "older_article", None), "newer_article"),
                                 (getattr(new, "newer_article", None), "older_article")):
        if neighbour is not None and getattr(neighbour, attribute, None) is old:
            setattr(neighbour, attribute, new)
    for article in generator.articles:
        related = getattr(article, "related", None)
        if related and any(r is old for r in related):
            article.related = [new if r is old else r for r in related]
    generator.add_source_path(new)
    from cdd_archive import cdd_archive

    cdd_archive.forget_listing_entry(old)  # its listing entry, rendered once per build (news_item)


def related_now(generator, article) -> list:
    """cdd_archive's related articles of ``article`` over the archive as it is now (its tags changed)."""
    from cdd_archive import cdd_archive, related

    context = generator.context
    k = cdd_archive.settings_of(generator.settings)["related"]
    if not k:
        return []
    articles = [a for year in context["year_archives"] for a in year.articles]  # newest first, as built
    lists = ([g.articles for g in context["province_archives"].values()]
             + [g.articles for g in context["mission_archives"].values()])
    return related.related_articles(articles, lists, k=k).get(id(article), [])


def writer_class():
    from cdd_patches.writer import SkippingWriter
    from cdd_thai.text import atomic_write

    class AtomicText(io.StringIO):
        def __init__(self, path):
            super().__init__()
            self.path = path

        def __exit__(self, kind, value, trace):
            if kind is None:
                atomic_write(self.path, self.getvalue(), durable=False)
            return super().__exit__(kind, value, trace)

    class QuickWriter(SkippingWriter):
        """Writes only the pages named in ``names``, of a paginated listing only the pages holding one
        of ``articles``; each page through a temporary file renamed over the old one."""

        def __init__(self, output_path, settings, names, articles):
            super().__init__(output_path, settings=settings)
            self.names, self.articles, self.paths = set(names), articles, []

        def write_file(self, name, *args, **kwargs):
            if name not in self.names:
                return None
            return super().write_file(name, *args, **kwargs)

        def skip_listing_page(self, save_as, template, context, kwargs) -> bool:
            page = kwargs.get("articles_page")
            return page is None or not any(a is b for a in page.object_list for b in self.articles)

        def write_feed(self, *args, **kwargs):
            return None

        def _open_w(self, filename, encoding, override=False):
            self.paths.append(filename)
            return AtomicText(filename)

    return QuickWriter


def digests(paths) -> dict[str, str]:
    """path -> SHA-1 of the file, for the paths that are files."""
    import hashlib

    found = {}
    for path in paths:
        try:
            with open(path, "rb") as handle:
                found[path] = hashlib.sha1(handle.read()).hexdigest()
        except OSError:
            pass
    return found


def write_article(generator, write, article) -> None:
    """The article's page, as Pelican's ArticlesGenerator.generate_articles writes each article (the
    signal, then ``write`` with these arguments: cdd_patches/articles.py quotes that loop)."""
    from pelican import signals

    signals.article_generator_write_article.send(generator, content=article)
    write(article.save_as, generator.get_template(article.template), generator.context, article=article,
          category=getattr(article, "category", None), override_output=hasattr(article, "override_save_as"),
          url=article.url, blog=True)


def warm_up() -> None:
    """Load what the quick phase's first automatic tags would load (the Thai dictionaries: about a
    second), while the worker waits for the next save."""
    from cdd_thai import tags

    tags.extract_tags("ทดสอบการพัฒนาชุมชน", "ทดสอบการพัฒนาชุมชน")


def listing_names(generator, article) -> list[str]:
    """The save_as of every listing ``article`` is on: home, its provinces, missions, year, month and
    fiscal year (the first page's name; the writer finds the page that holds it)."""
    context = generator.context
    names = [generator.settings.get("INDEX_SAVE_AS", "index.html")]
    names += [g.save_as for g in context.get("province_archives", {}).values() if any(a is article for a in g.articles)]
    names += [g.save_as for g in context.get("mission_archives", {}).values() if any(a is article for a in g.articles)]
    for group in [*context.get("year_archives", []), *context.get("fiscal_archives", []),
                  *(m for ms in context.get("month_archives", {}).values() for m in ms)]:
        if any(a is article for a in group.articles):
            names.append(group.save_as)
    return names


def problems_of_others(problems: list, paths: list[str]) -> list:
    """The previous build's problems, without those of ``paths`` (they are read again)."""
    from cdd_validate.cdd_validate import shown_path

    marks = [m for p in paths for m in {shown_path(p), os.path.realpath(p), p}]
    return [p for p in problems if not any(m in p["message"] for m in marks)]


def quick_update(session: Session, snapshot: dict, collected: list) -> Quick | None:
    """The quick phase (see the module doc); ``collected``: the list the worker's log handler fills
    (the re-read files' problems land there). None: use the full build only."""
    from pelican.contents import SkipStub

    paths = quick_files(session, snapshot)
    if paths is None:
        return None
    generator = session.generator
    wanted = {os.path.abspath(p) for p in paths}
    by_source = {a.source_path: a for a in generator.articles if a.source_path in wanted}
    pairs, withdrawn = [], []
    for path in paths:
        old = by_source[os.path.abspath(path)]
        new = reread(generator, path)
        if isinstance(new, SkipStub):  # a validation error: not published, as the full build does
            withdrawn.append(old)
            continue
        if new is None or not hasattr(new, "status") or not new.is_valid():
            return None
        if not prepare(generator, new, old):
            return None
        pairs.append((old, new))
    for old, new in pairs:
        tags_changed = [str(t) for t in getattr(new, "tags", None) or ()] != [str(t) for t in getattr(old, "tags", None) or ()]
        swap(generator, old, new)
        if tags_changed:
            new.related = related_now(generator, new)
    settings = generator.settings
    output = settings["OUTPUT_PATH"]
    written = []
    if withdrawn:
        from cdd_incremental import output_state

        # as the full build removes a withdrawn article's page: the file and the folders it leaves
        # empty (serve.py would list an empty folder instead of sending the 404 page that waits)
        removed = output_state.remove_stale(output, {old.save_as for old in withdrawn}, set())
        written += [os.path.join(output, rel) for rel in removed]
    if pairs:
        news = [new for _, new in pairs]
        names = {new.save_as for new in news} | {n for new in news for n in listing_names(generator, new)}
        writer = writer_class()(output, settings, names, news)
        write = partial(writer.write_file, relative_urls=settings["RELATIVE_URLS"])
        for new in news:
            write_article(generator, write, new)
        generator.generate_direct_templates(write)
        from cdd_archive import cdd_archive

        cdd_archive.write_archives(generator, writer)
        written += writer.paths
    return Quick(problems_of_others(session.problems, paths) + list(collected), written)
