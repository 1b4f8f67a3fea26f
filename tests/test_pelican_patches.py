"""Every patch of Pelican internals (plugins/cdd_patches) against stock Pelican's behaviour.

Each test pins what one patch relies on or replaces: the stock function it stands in for gives the
same result, the private attribute or method it uses is there and means what it meant. A Pelican
upgrade that changes any of it fails here, in one file, instead of changing the site silently; the
build test at the end compares a whole site with the patches and without them.
"""
from __future__ import annotations

import datetime as dt
import gzip
import importlib
import inspect
import os
import pickle
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pelican
import pytest
from jinja2 import Template
from pelican.cache import FileDataCacher
from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.readers import MarkdownReader, Readers
from pelican.settings import read_settings
from pelican.urlwrappers import Author, Category, Tag
from pelican.writers import FileOverwriteFailedError, Writer

import cdd_patches
from cdd_patches import articles, content_cache, contents, lists, reader_cache, readers, writer

ROOT = Path(__file__).resolve().parent.parent


def settings(**extra) -> dict:
    return read_settings(None, override={"TIMEZONE": "Asia/Bangkok", "DEFAULT_LANG": "th", **extra})


def article(n: int, day: dt.datetime, config: dict, **metadata) -> Article:
    fields = {"title": f"ข่าว {n}", "date": day, "slug": f"news-{n}", **metadata}
    return Article(f"<p>เนื้อข่าว {n}</p>", metadata=fields, settings=config, source_path=f"/c/news-{n}.md")


# --- the version --------------------------------------------------------------------------------

def test_the_patches_are_written_for_the_installed_pelican():
    assert cdd_patches.PELICAN_VERSION == pelican.__version__


def test_another_pelican_stops_the_import_naming_the_files_to_review(monkeypatch):
    monkeypatch.setattr(pelican, "__version__", "4.13.0")
    with pytest.raises(RuntimeError, match=r"plugins/cdd_patches/__init__\.py") as failure:
        importlib.reload(cdd_patches)
    assert "tests/test_pelican_patches.py" in str(failure.value)
    monkeypatch.undo()
    importlib.reload(cdd_patches)


def test_another_pelican_stops_the_build_not_only_the_plugin(monkeypatch):
    """Pelican's plugin loader logs an ImportError and builds on without the plugin: the version
    check raises something else, so the build stops."""
    from pelican.plugins._utils import load_plugins

    for name in [n for n in sys.modules if n.split(".")[0] in ("cdd_patches", "cdd_autotags")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(pelican, "__version__", "4.13.0")
    with pytest.raises(RuntimeError, match="Pelican 4.12.0, 4.13.0 is installed"):  # a fresh PelicanVersionError
        load_plugins({"PLUGINS": ["cdd_autotags"]})


# --- lists.py: the tag, category, author and period lists ---------------------------------------

def test_pelican_still_builds_its_lists_with_the_methods_lists_py_replaces():
    """lists.py replaces four methods on the generator: Pelican must still call them by name."""
    assert "self.generate_tags(write)" in inspect.getsource(ArticlesGenerator.generate_pages)
    assert "self.generate_categories(write)" in inspect.getsource(ArticlesGenerator.generate_pages)
    assert "self.generate_authors(write)" in inspect.getsource(ArticlesGenerator.generate_pages)
    assert "self._build_period_archives(" in inspect.getsource(ArticlesGenerator.generate_context)
    for name, replacement in (("generate_tags", lists.generate_tags), ("generate_categories", lists.generate_categories),
                              ("generate_authors", lists.generate_authors),
                              ("_build_period_archives", lists.build_period_archives)):
        assert inspect.signature(getattr(ArticlesGenerator, name)) == inspect.signature(replacement), name


def fake_generator(config: dict) -> SimpleNamespace:
    """What the list methods read from an ArticlesGenerator: articles, dates, tags, categories..."""
    day = dt.datetime(2024, 1, 1)
    items = [article(n, day + dt.timedelta(days=n * 11), config) for n in range(12)]
    tags = {Tag(name, config): [a for i, a in enumerate(items) if i % k == 0] for name, k in (("ประชุม", 2), ("otop", 3))}
    categories = [(Category("ข่าว", config), items[::-1]), (Category("misc", config), items[1::4])]
    authors = [(Author("พช.", config), items[::2])]
    generator = SimpleNamespace(settings=config, context={"SITENAME": "x"}, articles=items[::-1],
                                dates=sorted(items, key=lambda a: a.date), tags=tags, categories=categories,
                                authors=authors, get_template=lambda name: f"<template {name}>")
    return generator


def recorded(method, generator) -> list:
    calls = []
    method(generator, lambda *args, **kwargs: calls.append((args, kwargs)))
    return calls


@pytest.mark.parametrize("name", ["generate_tags", "generate_categories", "generate_authors"])
def test_the_linear_lists_write_what_pelicans_methods_write(name):
    generator = fake_generator(settings(CATEGORY_SAVE_AS="category/{slug}.html", AUTHOR_SAVE_AS="author/{slug}.html"))
    stock = recorded(getattr(ArticlesGenerator, name), generator)
    assert stock and recorded(getattr(lists, name), generator) == stock


def test_an_empty_save_as_writes_no_page_in_pelican_either():
    """lists.py skips categories and authors whose *_SAVE_AS is empty; Pelican writes them to the
    path "", which its writer skips."""
    generator = fake_generator(settings(CATEGORY_SAVE_AS="", AUTHOR_SAVE_AS=""))
    stock = recorded(ArticlesGenerator.generate_categories, generator)
    assert {args[0] for args, _ in stock} == {""}
    assert recorded(lists.generate_categories, generator) == []
    assert Writer("/nonexistent", settings=generator.settings).write_file("", None, {}) is None


def test_the_linear_period_archives_are_pelicans():
    config = settings(YEAR_ARCHIVE_SAVE_AS="{date:%Y}/index.html", YEAR_ARCHIVE_URL="{date:%Y}/",
                      MONTH_ARCHIVE_SAVE_AS="{date:%Y}/{date:%m}/index.html", MONTH_ARCHIVE_URL="{date:%Y}/{date:%m}/",
                      DAY_ARCHIVE_SAVE_AS="{date:%Y}/{date:%m}/{date:%d}/index.html", DAY_ARCHIVE_URL="{date:%Y}/")
    generator = fake_generator(config)
    newest_first = generator.articles
    stock = ArticlesGenerator._build_period_archives(generator, generator.dates, newest_first, config)
    assert set(stock) == {"year", "month", "day"}
    assert lists.build_period_archives(generator, generator.dates, newest_first, config) == stock


@pytest.mark.build
@pytest.mark.parametrize("theme_settings", [{}, "pelicanconf"])
def test_linear_lists_write_exactly_what_pelican_writes(tmp_path, theme_settings):
    """Same files, same bytes, with Pelican's quadratic lists and with lists.py (tags, categories,
    authors, years and months, paginated)."""
    import filecmp

    from pelican import Pelican

    from scripts import make_synthetic

    make_synthetic.write_archive(60, tmp_path / "content", seed=3)
    outputs = []
    for linear in (False, True):
        out = tmp_path / f"out-{linear}"
        override = {
            "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(out), "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False, "PLUGINS": ["cdd_autotags"], "DEFAULT_LANG": "th", "TIMEZONE": "Asia/Bangkok",
            "CDD_AUTOTAGS": {"linear_lists": linear, "processes": 1},
            "YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/index.html", "MONTH_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/index.html",
            "DEFAULT_PAGINATION": 5, "PAGINATED_TEMPLATES": {"index": None, "tag": None, "category": None,
                                                              "author": None, "period_archives": None},
            "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None,
        }
        conf = None
        if theme_settings == "pelicanconf":
            conf = str(ROOT / "pelicanconf.py")
            override = {key: override[key] for key in ("PATH", "OUTPUT_PATH", "CACHE_CONTENT", "LOAD_CONTENT_CACHE",
                                                        "CDD_AUTOTAGS")}
            override["PLUGINS"] = read_settings(conf)["PLUGINS"]  # the theme needs cdd_archive's filters
            override["CACHE_PATH"] = str(tmp_path / f"cache-{linear}")
        Pelican(read_settings(conf, override=override)).run()
        outputs.append(out)
    files = sorted(p.relative_to(outputs[0]) for p in outputs[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(outputs[1]) for p in outputs[1].rglob("*") if p.is_file())
    assert len([f for f in files if f.parts[0] in ("tag", "category", "author", "2020")]) > 10
    assert all(not f.name.startswith("cdd_") for f in files)
    _, mismatch, errors = filecmp.cmpfiles(outputs[0], outputs[1], [str(f) for f in files], shallow=False)
    assert mismatch == [] and errors == []


# --- articles.py: the article-page loop as a list of writes -------------------------------------

def test_article_writes_are_the_writes_of_pelicans_article_loop():
    from functools import partial

    from pelican import signals

    generator = fake_generator(settings())
    hidden = article(40, dt.datetime(2024, 9, 1), generator.settings)
    hidden.override_save_as = ""
    for item in generator.articles[:3]:
        item.template = "special"
    generator.translations, generator.hidden_translations = [generator.articles[5]], []
    generator.hidden_articles = [hidden]
    announced = []

    def listen(sender, content):
        announced.append(content)

    signals.article_generator_write_article.connect(listen)
    try:
        stock = recorded(ArticlesGenerator.generate_articles, generator)
        stock_announced, announced[:] = announced[:], []
        ours = []
        for item, save_as, template, kwargs in articles.article_writes(generator):
            articles.announce(generator, item)
            ours.append(((save_as, template, generator.context), kwargs))
    finally:
        signals.article_generator_write_article.disconnect(listen)
    assert len(stock) == 14 and ours == stock and announced == stock_announced
    assert "<template special>" in {args[1] for args, _ in stock}

    out = Writer("/nonexistent", settings=generator.settings)
    assert articles.writer_of(partial(out.write_file, relative_urls=True)) == (out, {"relative_urls": True})
    assert articles.writer_of(lambda *a, **k: None) == (None, {})
    install_target = SimpleNamespace()
    articles.install_article_writer(install_target, lambda self, write: (self, write))
    assert install_target.generate_articles("w") == (install_target, "w")
    # Pelican's generate_pages still calls the method by name, with a partial of write_file
    assert "self.generate_articles(write)" in inspect.getsource(ArticlesGenerator.generate_pages)
    assert "partial(writer.write_file" in inspect.getsource(ArticlesGenerator.generate_pages)


def test_written_state_is_what_open_w_records(tmp_path):
    out = Writer(str(tmp_path), settings=settings())
    out.write_file("a.html", Template("a"), {})
    out.write_file("b.html", Template("b"), {}, override_output=True)
    written, overridden = articles.written_state(out)
    assert written == {str(tmp_path / "a.html"), str(tmp_path / "b.html")}
    assert overridden == {str(tmp_path / "b.html")}
    assert writer.page_path(out, "x/index.html") == str(tmp_path / "x" / "index.html")
    other = Writer(str(tmp_path / "other"), settings=settings())
    articles.add_written(other, str(tmp_path / "other" / "a.html"), False)
    articles.add_written(other, str(tmp_path / "other" / "b.html"), True)
    with pytest.raises(FileOverwriteFailedError):
        other.write_file("a.html", Template("again"), {})  # refused, as after a write of its own
    other.write_file("b.html", Template("again"), {})  # an overridden file: skipped, not written
    assert not (tmp_path / "other" / "b.html").exists()


# --- content_cache.py: the reader cache, saved fast ---------------------------------------------

def stock_cacher_method(name):
    return content_cache._original.get(name, getattr(FileDataCacher, name))  # before install, if installed


@pytest.mark.parametrize("gzip_cache", [True, False])
def test_the_content_cache_file_is_the_one_pelican_writes_and_loads(tmp_path, gzip_cache):
    config = settings(CACHE_PATH=str(tmp_path), GZIP_CACHE=gzip_cache)
    cacher = FileDataCacher(config, "reader", caching_policy=True, load_policy=False)
    for attribute in ("_cache", "_cache_path", "_cache_data_policy", "settings"):
        assert hasattr(cacher, attribute), attribute  # what content_cache.save_cache reads
    stock_cacher_method("cache_data")(cacher, "a.md", ("<p>ก</p>", {"title": "ข่าว"}))
    stock_cacher_method("save_cache")(cacher)
    path = Path(cacher._cache_path)
    opened = gzip.open if gzip_cache else open
    with opened(path, "rb") as handle:
        stock = pickle.load(handle)
    path.unlink()
    cacher._cdd_changed = True  # content_cache.cache_data's mark: something was stored
    content_cache.save_cache(cacher)
    with opened(path, "rb") as handle:
        assert pickle.load(handle) == stock == {"a.md": ("<p>ก</p>", {"title": "ข่าว"})}
    loaded = FileDataCacher(config, "reader", caching_policy=True, load_policy=True)
    assert loaded.get_cached_data("a.md") == ("<p>ก</p>", {"title": "ข่าว"})


def test_pelican_saves_its_reader_cache_through_save_cache():
    assert "self.readers.save_cache()" in inspect.getsource(ArticlesGenerator.generate_context)


@pytest.mark.parametrize("gzip_cache", [True, False])
def test_content_cache_is_saved_only_when_changed_and_pelican_loads_it(tmp_path, gzip_cache):
    from pelican.cache import FileStampDataCacher

    content_cache.install_fast_content_cache()
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "GZIP_CACHE": gzip_cache,
                "CHECK_MODIFIED_METHOD": "mtime"}
    source = tmp_path / "a.md"
    source.write_text("Title: ก\n\nข่าว", encoding="utf-8")
    first = FileStampDataCacher(settings, "ArticlesGenerator-Readers", True, True)
    first.cache_data(str(source), ("<p>ข่าว</p>", {"title": "ก"}))
    first.save_cache()
    path = tmp_path / "cache" / "ArticlesGenerator-Readers"
    written = path.stat().st_mtime_ns
    time.sleep(0.01)
    again = FileStampDataCacher(settings, "ArticlesGenerator-Readers", True, True)  # Pelican's loader
    assert again.get_cached_data(str(source)) == ("<p>ข่าว</p>", {"title": "ก"})
    again.save_cache()  # nothing stored since loading: the file is left alone
    assert path.stat().st_mtime_ns == written
    other = tmp_path / "b.md"
    other.write_text("Title: ค\n\nข่าว", encoding="utf-8")
    again.cache_data(str(other), ("<p>ค</p>", {"title": "ค"}))
    again.save_cache()
    assert path.stat().st_mtime_ns != written
    third = FileStampDataCacher(settings, "ArticlesGenerator-Readers", True, True)
    assert third.get_cached_data(str(other)) == ("<p>ค</p>", {"title": "ค"})
    assert third.get_cached_data(str(source)) == ("<p>ข่าว</p>", {"title": "ก"})
    assert not [p for p in os.listdir(tmp_path / "cache") if p.startswith(".")]  # no temporary files left


# --- writer.py: the skipping writer, written files, opening an output file ----------------------

LISTING = Template("{{ output_file }} {{ SITEURL }} {{ extra }} {{ articles|join(',') }}{% if articles_page %} page "
                   "{{ articles_page.number }} of {{ articles_paginator.num_pages }}: "
                   "{{ articles_page.object_list|join(',') }} {{ articles_page.url }} "
                   "prev {{ articles_previous_page.number if articles_previous_page }} "
                   "next {{ articles_next_page.number if articles_next_page }}{% endif %}"
                   "{% if dates_page %} dates {{ dates_page.object_list|join(',') }}{% endif %}")


def write_listing(writer_class, output: Path, relative_urls: bool) -> dict[str, str]:
    config = settings(PAGINATED_TEMPLATES={"index": 2, "tag": None}, DEFAULT_PAGINATION=3, RELATIVE_URLS=relative_urls)
    out = writer_class(str(output), settings=config)
    items = list(range(7))
    out.write_file("index.html", LISTING, {"SITEURL": "https://x"}, relative_urls, template_name="index",
                   url="", articles=items, dates=items[::-1], extra="e")
    out.write_file("tag/a.html", LISTING, {"SITEURL": "https://x"}, relative_urls, template_name="tag",
                   url="tag/a.html", paginated={"articles": items}, extra="t")
    out.write_file("one.html", LISTING, {"SITEURL": "https://x"}, relative_urls, template_name="article",
                   articles=items, extra="o")
    return {p.relative_to(output).as_posix(): p.read_text(encoding="utf-8") for p in output.rglob("*") if p.is_file()}


@pytest.mark.parametrize("relative_urls", [False, True])
def test_the_skipping_writer_paginates_as_pelicans_writer(tmp_path, relative_urls):
    stock = write_listing(Writer, tmp_path / "stock", relative_urls)
    assert {"index.html", "index2.html", "index4.html", "tag/a.html", "tag/a3.html", "one.html"} <= set(stock)
    assert write_listing(writer.SkippingWriter, tmp_path / "ours", relative_urls) == stock


@pytest.mark.parametrize("renders", [False, True])
def test_a_listing_batch_writes_the_same_files_in_the_same_order(tmp_path, renders):
    stock = write_listing(Writer, tmp_path / "stock", True)
    batches, opened = [], []

    class Recording(writer.SkippingWriter):
        def _open_w(self, filename, encoding, override=False):
            opened.append(os.path.relpath(filename, self.output_path))
            return super()._open_w(filename, encoding, override)

    def render(out, batch):  # what cdd_incremental.parallel does on workers, here in order
        batches.append([save_as for save_as, *_ in batch])
        if not renders:
            return False
        for save_as, template, context, kwargs in batch:
            out.write_listing_page(save_as, template, context, **kwargs)
        return True

    class Batched(Recording):
        def write_file(self, name, *args, **kwargs):
            if self._batch is None and name == "index.html":  # the block opens with the first page
                self._batched = writer.listing_batch(self.write_file, render)
                self._batched.__enter__()
            result = super().write_file(name, *args, **kwargs)
            if name == "one.html":
                self._batched.__exit__(None, None, None)
            return result

    alone = write_listing(Recording, tmp_path / "alone", True)
    in_order = list(opened)
    opened.clear()
    assert write_listing(Batched, tmp_path / "batched", True) == alone == stock
    assert opened == in_order  # the listing pages were written before the page of its own that followed
    assert batches == [["index.html", "index2.html", "index3.html", "index4.html", "tag/a.html", "tag/a2.html",
                        "tag/a3.html"]]


def test_a_listing_batch_without_a_renderer_or_a_skipping_writer_changes_nothing(tmp_path):
    out = Writer(str(tmp_path), settings=settings())
    with writer.listing_batch(out.write_file, lambda *_: True):
        out.write_file("page.html", Template("p"), {})  # Pelican's own writer: written at once
        assert (tmp_path / "page.html").exists()
    ours = writer.SkippingWriter(str(tmp_path / "o"), settings=settings(PAGINATED_TEMPLATES={"index": 2}))
    with writer.listing_batch(ours.write_file, None):
        ours.write_file("index.html", LISTING, {}, template_name="index", url="", articles=list(range(3)))
        assert (tmp_path / "o" / "index2.html").exists()  # no renderer: nothing put aside


def test_a_skipped_page_is_not_rendered_and_counts_as_written(tmp_path):
    class SkipSecond(writer.SkippingWriter):
        def skip_listing_page(self, save_as, template, context, kwargs):
            if kwargs["articles_page"].number == 2:
                self.mark_written(os.path.join(self.output_path, save_as))
                return True
            return False

    out = SkipSecond(str(tmp_path), settings=settings(PAGINATED_TEMPLATES={"index": 2}))
    out.write_file("index.html", LISTING, {}, template_name="index", url="", articles=list(range(5)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "index3.html"]
    assert out.is_written(str(tmp_path / "index2.html"))


def test_written_files_and_open_output_are_pelicans_bookkeeping(tmp_path):
    out = Writer(str(tmp_path), settings=settings())
    path = str(tmp_path / "feed.xml")
    with writer.open_output(out, path) as handle:
        handle.write("x")
    assert path in writer.written_files(out)
    with pytest.raises(FileOverwriteFailedError):
        writer.open_output(out, path)
    out.write_file("page.html", Template("p"), {})
    assert str(tmp_path / "page.html") in writer.written_files(out)  # Pelican's pages are recorded too


def test_a_page_hard_linked_from_the_previous_build_is_replaced_not_written_through(tmp_path):
    previous = tmp_path / "previous.html"
    previous.write_text("old", encoding="utf-8")
    os.link(previous, tmp_path / "page.html")
    writer.SkippingWriter(str(tmp_path), settings=settings()).write_file("page.html", Template("new"), {})
    assert previous.read_text(encoding="utf-8") == "old"
    assert (tmp_path / "page.html").read_text(encoding="utf-8") == "new"


# --- contents.py: the reader's HTML, rewritten; no output file ----------------------------------

def test_the_readers_html_is_content_underscore_content_and_rewriting_it_changes_the_page():
    config = settings()
    news = article(1, dt.datetime(2024, 5, 1), config, summary="<p>สรุป</p>")
    assert contents.source_html(news) == "<p>เนื้อข่าว 1</p>"
    contents.rewrite_html(news, lambda html: html.replace("<p>", '<p class="x">'))
    assert news.content == '<p class="x">เนื้อข่าว 1</p>'
    assert news.summary == '<p class="x">สรุป</p>' == news.metadata["summary"]
    contents.replace_html(news, "<p>ใหม่</p>")  # the summary stays
    assert contents.source_html(news) == "<p>ใหม่</p>" and news.summary == '<p class="x">สรุป</p>'
    assert news.content == '<p class="x">เนื้อข่าว 1</p>'  # Pelican memoises content: rewrite before it is read
    assert contents.source_html(SimpleNamespace()) is None


def test_own_attributes_are_the_fields_and_html_without_what_every_content_shares():
    config = settings()
    news = Article("<p>ก</p>", metadata={"title": "ข่าว", "date": dt.datetime(2024, 5, 1)}, settings=config,
                   context={"SITENAME": "x"})
    assert news._context == {"SITENAME": "x"} and news.settings is config  # what Pelican puts on every content
    assert {"settings", "_context", "metadata"} <= set(vars(news))
    own = contents.own_attributes(news)
    assert own["title"] == "ข่าว" and own["_content"] == "<p>ก</p>"
    assert not {"settings", "_context", "metadata"} & set(own)


def test_no_output_file_gives_the_content_an_empty_save_as():
    news = article(2, dt.datetime(2024, 5, 1), settings(ARTICLE_SAVE_AS="news/{slug}/index.html"))
    assert news.save_as == "news/news-2/index.html"
    contents.no_output_file(news)
    assert news.save_as == ""


# --- readers.py: Markdown read on decoded text, the reader's name -------------------------------

MARKDOWN = "Title: ข่าว\nDate: 2024-05-01\nTags: ก, ข\nSummary: **สรุป**\nSlug: x\n\nเนื้อ *ข่าว*\n"


def test_read_markdown_text_is_markdownreaders_read(tmp_path):
    source = tmp_path / "x.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    config = settings()
    stock = MarkdownReader(config).read(str(source))
    assert stock[1]["summary"] == "<p><strong>สรุป</strong></p>" and len(stock[1]["tags"]) == 2
    assert readers.read_markdown_text(MarkdownReader(config), str(source), MARKDOWN) == stock


# Files read one after another by one reader: what one defines (a reference, an abbreviation, a
# footnote, a Summary with a colon) must not show in the next, as with a fresh Markdown per file.
MARKDOWN_SEQUENCE = [
    "Title: ก\nSummary: สรุป *หนึ่ง*[^1]: ต่อ\n\nมีเชิงอรรถ[^1] และ HTML และ [ลิงก์][ref]\n\n[^1]: หมายเหตุ\n\n"
    "*[HTML]: Hyper Text\n\n[ref]: https://example.com/a\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    "```python\nx = 1\n```\n\n<div markdown=\"1\">*ใน html*</div>\n\nคำ\n:   ความหมาย\n\nย่อหน้า {: #id-1 }\n",
    "Title: ข\nSummary: อีก: ครั้ง\n\nใช้ [ลิงก์][ref] และ HTML และ[^1] อีก\n\n<div>raw</div>\n\n[^2]: อื่น\n",
    "Title: ค\nTags: x\n\n# หัวข้อ\n\nธรรมดา\n",
    "ไม่มีส่วนหัว\n\nTitle: ไม่ใช่ส่วนหัว\n",
]


def test_one_markdown_reused_from_file_to_file_reads_as_a_fresh_one_per_file(tmp_path):
    from scripts import make_synthetic

    make_synthetic.write_archive(20, tmp_path / "synthetic", seed=5)
    texts = list(MARKDOWN_SEQUENCE) * 2
    for folder in (ROOT / "content", tmp_path / "synthetic", ROOT / "tests" / "eval_constructed"):
        texts += [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.suffix in (".md", ".txt")][:25]
    config = settings()
    fresh, reused = MarkdownReader(config), MarkdownReader(config)
    stock = [MarkdownReader(config) for _ in range(2)]
    for i, text in enumerate(texts):
        source = tmp_path / f"{i}.md"
        source.write_text(text, encoding="utf-8")
        expected = readers.read_markdown_text(fresh, str(source), text, reuse=False)
        assert readers.read_markdown_text(reused, str(source), text) == expected, text[:200]
        if i < len(MARKDOWN_SEQUENCE) * 2:
            assert stock[i % 2].read(str(source)) == expected  # Pelican's own read, a fresh Markdown each time
    assert len(texts) > 50
    md, kept = reused._cdd_markdown
    assert "meta" in [name for name, _, _ in kept]  # _parse_metadata deregisters it; it is put back
    assert [item.name for item in md.preprocessors._priority]  # markdown's registry keeps (name, priority)


def test_pelican_names_the_reader_after_its_class(tmp_path):
    (tmp_path / "x.md").write_text(MARKDOWN, encoding="utf-8")
    subclass = type("ValidatingReader", (MarkdownReader,), {})
    names = []
    for reader_class in (subclass, readers.keep_reader_name(type("ValidatingReader", (MarkdownReader,), {}),
                                                            MarkdownReader)):
        config = settings(READERS={"md": reader_class})
        names.append(Readers(config).read_file(str(tmp_path), "x.md").metadata["reader"])
    assert names == ["validating", "markdown"]


# --- reader_cache.py: the reader cache filled before Pelican's reading loop ----------------------

def reading_generator(tmp_path, names=("a", "b"), **extra):
    content = tmp_path / "content"
    for name in names:
        path = content / "articles" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(MARKDOWN.replace("Slug: x", f"Slug: {name}"), encoding="utf-8")
    config = settings(**{"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache"), "CACHE_CONTENT": True,
                         "LOAD_CONTENT_CACHE": True, **extra})
    return ArticlesGenerator(context={"generated_content": {}, "static_content": {}, "static_links": set()},
                             settings=config, path=str(content), theme=config["THEME"],
                             output_path=str(tmp_path / "out"))


def test_pelicans_read_file_uses_the_reader_cache_as_reader_cache_py_says():
    source = inspect.getsource(Readers.read_file)
    assert "path = os.path.abspath(os.path.join(base_path, path))" in source
    assert "fmt = file_suffix(path)" in source and "reader = self.readers[fmt]" in source
    assert "content, reader_metadata = self.get_cached_data(path, (None, None))" in source
    assert "if content is None:" in source
    assert "reader_metadata = _filter_discardable_metadata(reader_metadata)" in source
    assert "self.cache_data(path, (content, reader_metadata))" in source
    loop = inspect.getsource(ArticlesGenerator.generate_context)
    assert 'self.get_files(\n            self.settings["ARTICLE_PATHS"], exclude=self.settings["ARTICLE_EXCLUDES"]' in loop
    assert "self.readers.read_file(\n                        base_path=self.path,\n                        path=f," in loop


def test_a_stored_pair_is_what_read_file_reads_stores_and_makes_the_article_of(tmp_path):
    stock, ahead = reading_generator(tmp_path / "stock"), reading_generator(tmp_path / "ahead")
    assert reader_cache.caching(stock.readers)
    pending = reader_cache.unread_sources(ahead, ["articles"], [])
    assert [Path(p).name for p, _ in pending] == ["a.md", "b.md"] and {f for _, f in pending} == {"md"}
    for path, fmt in pending:  # read as a worker does, sent through a pickle, stored
        pair = pickle.loads(pickle.dumps(reader_cache.detach(reader_cache.read_source(ahead.readers, path, fmt))))
        reader_cache.store(ahead.readers, path, reader_cache.attach(ahead.readers, pair))
    assert reader_cache.unread_sources(ahead, ["articles"], []) == []

    def not_again(path):
        raise AssertionError(f"{path} read again")

    ahead.readers.readers["md"].read = not_again
    for name in ("a", "b"):
        made = [g.readers.read_file(base_path=g.path, path=f"articles/{name}.md", content_class=Article)
                for g in (stock, ahead)]
        entries = [g.readers._cache[os.path.join(g.path, "articles", f"{name}.md")][1] for g in (stock, ahead)]
        assert entries[0] == entries[1]  # the cache entries: the same (content, metadata)
        assert made[0].content == made[1].content and made[0].metadata == made[1].metadata
        assert [t.name for t in made[1].tags] == ["ก", "ข"]
        assert all(t.settings is ahead.settings for t in made[1].tags)  # as a read in this process gives
    with pytest.raises(ValueError):
        reader_cache.store(ahead.readers, "x.md", (None, {}))


def test_a_changed_file_is_unread_again_and_no_reader_cache_means_nothing_to_fill(tmp_path):
    ahead = reading_generator(tmp_path / "one")
    for path, fmt in reader_cache.unread_sources(ahead, ["articles"], []):
        reader_cache.store(ahead.readers, path, reader_cache.read_source(ahead.readers, path, fmt))
    changed = Path(ahead.path) / "articles" / "b.md"
    os.utime(changed, (time.time() + 10, time.time() + 10))
    assert [Path(p).name for p, _ in reader_cache.unread_sources(ahead, ["articles"], [])] == ["b.md"]
    assert not reader_cache.caching(reading_generator(tmp_path / "two", CACHE_CONTENT=False).readers)
    assert not reader_cache.caching(reading_generator(tmp_path / "three", CONTENT_CACHING_LAYER="generator").readers)
    assert reader_cache.caching(reading_generator(tmp_path / "four", LOAD_CONTENT_CACHE=False).readers)


# --- cdd_archive's group feeds, written with feedgenerator --------------------------------------

def test_a_group_feed_is_pelicans_feed_with_the_groups_own_page(tmp_path):
    """feeds.write_group_feed writes what Pelican's Writer.write_feed writes for the same articles,
    but for the feed's link and id (the group's page, not the home page)."""
    from cdd_archive import feeds

    config = settings(FEED_MAX_ITEMS=3, ARTICLE_URL="news/{slug}/", ARTICLE_SAVE_AS="news/{slug}/index.html")
    items = [article(n, dt.datetime(2024, 5, n + 1, 9), config, summary=f"<p>สรุป {n}</p>" if n % 2 else None,
                     modified=dt.datetime(2024, 6, 1), tags=[Tag("ประชุม", config)]) for n in range(5)][::-1]
    context = {"SITEURL": "https://news.example", "SITENAME": "คลังข่าว", "SITESUBTITLE": "ข่าว <b>พช.</b>",
               "FEED_DOMAIN": "https://news.example"}
    group = SimpleNamespace(name="ขอนแก่น", articles=items, url="province/khon-kaen/",
                            feed_save_as="feeds/province/khon-kaen.atom.xml", feed_url="feeds/province/khon-kaen.atom.xml")
    page = "https://news.example/province/khon-kaen/"
    stock = Writer(str(tmp_path / "stock"), settings=config).write_feed(
        items, context, group.feed_save_as, group.feed_url, feed_title=group.name)
    assert stock.feed["link"] == stock.feed["id"] == "https://news.example/"
    stock.feed["link"] = stock.feed["id"] = page
    out = Writer(str(tmp_path / "ours"), settings=config)
    feeds.write_group_feed(out, group, context, page)
    path = tmp_path / "ours" / group.feed_save_as
    assert str(path) in writer.written_files(out)  # recorded as written, like Pelican's feeds
    assert path.read_text(encoding="utf-8") == stock.writeString("utf-8")
    assert len(stock.items) == 3


# --- a whole site, with the patches and without ------------------------------------------------

def build_site(tmp_path: Path, name: str, **options) -> dict[str, bytes]:
    from pelican import Pelican

    output = tmp_path / name
    config = read_settings(str(ROOT / "publishconf.py"), override={
        "PATH": str(ROOT / "content"), "OUTPUT_PATH": str(output), "CACHE_PATH": str(tmp_path / f"cache-{name}"),
        **options})
    Pelican(config).run()
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


@pytest.mark.build
def test_the_site_with_the_patches_is_the_site_without_them(tmp_path, monkeypatch):
    """Linear lists and the skipping writer on (the defaults) or off (Pelican's own methods and
    Writer): the same files, byte for byte, feeds included."""
    monkeypatch.chdir(ROOT)
    stock_options = read_settings(str(ROOT / "publishconf.py"))
    patched = build_site(tmp_path, "patched")
    stock = build_site(tmp_path, "stock",
                       CDD_AUTOTAGS={**(stock_options.get("CDD_AUTOTAGS") or {}), "linear_lists": False},
                       CDD_INCREMENTAL={**(stock_options.get("CDD_INCREMENTAL") or {}), "enabled": False})
    assert any(name.startswith("feeds/province/") for name in patched)
    assert patched.keys() == stock.keys()
    assert [name for name in patched if patched[name] != stock[name]] == []
